"""Reading PDFs back as a user's tools do: poppler's pdftotext and pdffonts."""

from __future__ import annotations

import subprocess


def text(path, layout: bool = False) -> str:
    """The text (``layout``: as placed on the page, columns side by side)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def fonts(path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type…] encoding emb sub uni object-id generation
        rows.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
    return rows


def pages(path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def words(path) -> list[tuple[str, float, float]]:
    """Each word poppler reads, with its left and right edge in points."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [(m.group(3), float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)]
