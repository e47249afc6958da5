from gridapp import db
from gridapp.services import drafts


def test_a_draft_survives_closing_the_database(street_db, passphrase):
    drafts.save(drafts.ENTRY, {"card_no": "0101", "members": [{"name": "张三"}]})
    db.close_database()
    db.open_database(street_db, passphrase)
    assert drafts.load(drafts.ENTRY)["members"][0]["name"] == "张三"
    drafts.discard(drafts.ENTRY)
    assert drafts.load(drafts.ENTRY) is None


def test_parked_cards_are_listed_newest_first(street_db):
    drafts.save("card:0102", {"card_no": "0102"})
    drafts.save("card:0103", {"card_no": "0103"})
    assert [k for k, _, _ in drafts.parked()] == ["0103", "0102"]
