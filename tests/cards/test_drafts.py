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
    assert [u.card_no for u in drafts.unfinished()] == ["0103", "0102"]


def test_keeping_a_typing_never_overwrites_another_one_of_the_same_card(street_db):
    first = drafts.keep({"card_no": "0104", "members": [{"name": "张三"}]})
    second = drafts.keep({"card_no": "0104", "members": [{"name": "李四"}]})
    assert first == "card:0104" and second.startswith(drafts.UNNUMBERED)
    assert drafts.keep({"card_no": "0104", "members": [{"name": "李四", "phone": "1"}]}, current=second) == second
    unnumbered = drafts.keep({"card_no": "", "members": [{"name": "王五"}]})
    assert drafts.keep({"card_no": "0105", "members": [{"name": "王五"}]}, current=unnumbered) == "card:0105"
    assert sorted(u.head for u in drafts.unfinished()) == ["张三", "李四", "王五"]
