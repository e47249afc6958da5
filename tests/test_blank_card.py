"""The blank card printed from the card design: basic items first, then the community's fields
in the form's order, a numbered stack with each number printed and as a Code 128 barcode."""

import io
import subprocess

from PIL import Image

import cli
from gridapp.models import Community
from gridapp.services import cardfields
from tests import pdftools


def _ink(path, page: int, box) -> float:
    png = subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L").crop(box)
    pixels = image.tobytes()
    return sum(1 for p in pixels if p < 128) / len(pixels)


def test_a_numbered_stack_of_blank_cards_follows_the_design(community_db, tmp_path, capsys):
    community = Community.get()
    cardfields.add(community, "person", {"key": "check_due", "label": "孕检到期", "kind": "date",
                                         "condition": "性别=女；年龄=15-49"})
    cardfields.add(community, "household", {"key": "aid", "label": "救助类型", "kind": "multi",
                                            "choices": ["低保", "特困"]})
    cardfields.retire(community, "employment")
    out = tmp_path / "cards.pdf"
    code = cli.main(["blankcards", "--numbers", "0101-0150", "--grid", "第一网格", "--out", str(out), "--json",
                     "--db", str(community_db)])
    assert code == 0, capsys.readouterr().err
    assert pdftools.pages(out) == 50
    text = pdftools.text(out)
    first = text.split("\f")[0]
    assert "卡号 0101" in first and "卡号 0150" in text.split("\f")[49]
    order = [first.index(word) for word in ("户主姓名", "身份证号", "现住址", "联系电话", "住房面积", "救助类型",
                                            "户主·医保类型", "户主·孕检到期", "家庭成员")]
    assert order == sorted(order)  # the 4 basic items first, then the community's fields in order
    assert "就业状况" not in first and "仅当性别=女；年龄=15-49时填写" in first and "□ 低保" in first
    assert "爱和社区" in first and "设计版本 0.3" in first
    # the barcode: bars where it is drawn (top right), blank paper beside the title's left
    assert _ink(out, 1, (540, 82, 600, 110)) > 0.3 and _ink(out, 1, (400, 82, 530, 110)) < 0.02


def test_a_blank_card_without_numbers_and_bad_input(community_db, tmp_path, capsys):
    out = tmp_path / "one.pdf"
    assert cli.main(["blankcards", "--out", str(out), "--db", str(community_db)]) == 0
    assert pdftools.pages(out) == 1 and "卡号" not in pdftools.text(out).split("家庭成员")[0][:40]
    assert cli.main(["blankcards", "--numbers", "0101-0050", "--out", str(out), "--db", str(community_db)]) == 2
    assert cli.main(["blankcards", "--out", str(tmp_path / "x.txt"), "--db", str(community_db)]) == 2
    assert "须以 .pdf 结尾" in capsys.readouterr().err


def test_binder_index_and_spines_carry_archive_numbers_as_barcodes(community_db, tmp_path):
    from gridapp.models import Grid

    grid = Grid.get(Grid.number == 2)
    out = tmp_path / "index.pdf"
    assert cli.main(["filing", "index", "--grid", grid.name, "--out", str(out), "--db", str(community_db)]) == 0
    pages = pdftools.pages(out)
    assert "条码" in pdftools.text(out).split("\f")[1]
    assert _ink(out, 2, (645, 140, 760, 600)) > 0.25  # a barcode on every index row
    assert _ink(out, 1, (150, 1020, 360, 1060)) > 0.25  # the cover: the binder's first card
    assert _ink(out, pages, (70, 900, 200, 960)) > 0.25  # the spine label: its first archive number
