"""Printed reports say how many pages they have, on every page (第 N 页，共 M 页), so a missing
sheet is seen when the stack is filed."""

from __future__ import annotations

import subprocess

from reportlab.lib.pagesizes import A4

from reports.sheets import PAGE_OF, new_canvas
from tests import changes_data


def pages_text(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_every_page_says_its_number_and_the_total(tmp_path):
    path = tmp_path / "three.pdf"
    c = new_canvas(path, A4, "三页")
    for n in range(3):
        if n:
            c.showPage()
        c.drawString(100, 700, f"page {n + 1}")
        c.page_number(500, 30, PAGE_OF, 8)
    c.save()  # the last page is finished by save
    pages = pages_text(path)
    assert len(pages) == 3
    for n, page in enumerate(pages, 1):
        assert f"page {n}" in page and f"第 {n} 页，共 3 页" in page


def test_the_change_report_numbers_its_pages_of_the_total(hub_db, tmp_path):
    from gridapp.services import changes
    from reports import changes_report

    changes_data.build_week()
    data = changes.report(*changes.month_of("2026-11"))
    data["people"] = data["people"] * 40  # enough lines for several pages
    path = tmp_path / "changes.pdf"
    count = changes_report.write_pdf(data, "全部社区", path)
    pages = pages_text(path)
    assert count == len(pages) > 1
    assert all(f"第 {n} 页，共 {count} 页" in page for n, page in enumerate(pages, 1))
