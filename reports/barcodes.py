"""Code 128 barcodes on printed sheets (card numbers, archive numbers), so paper can be scanned
back: a scanner types what the barcode holds into the field that has the focus."""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm

BAR = 0.33 * mm  # the widest bars a scanner likes; narrowed to fit


def code128(c, x: float, y: float, value: str, height: float = 9 * mm, width: float | None = None) -> float:
    """A Code 128 barcode of ``value`` with its lower left at (x, y), at most ``width`` wide;
    returns its width."""
    code = Code128(value, barHeight=height, barWidth=BAR, quiet=False)
    if width is not None and code.width > width:
        code = Code128(value, barHeight=height, barWidth=BAR * width / code.width, quiet=False)
    code.drawOn(c, x, y)
    return code.width
