"""Two charts drawn with QPainter: a bar per grid and a population pyramid.

Qt's chart module ships in PySide6-Addons (a second large wheel); these two charts
need a hundred lines, not another package. Each chart also gives its numbers as text
(tooltip and accessible description) for anyone who cannot see the bars.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#4a7bd0")
MEN = QColor("#4a7bd0")
WOMEN = QColor("#d46a6a")
ROW = 22  # pixels per bar


def _nice_max(value: int) -> int:
    """A round number at or above ``value`` for the scale: 1, 2, 5 × 10^n."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


class _Chart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _describe(self, lines: list[str]) -> None:
        text = f"{self.title}\n" + "\n".join(lines)
        self.setToolTip(text)
        self.setAccessibleName(self.title)
        self.setAccessibleDescription(text)

    def _text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)


class BarChart(_Chart):
    """Horizontal bars, one per item (grid), the value at the end of each."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[tuple[str, int]] = []

    def set_data(self, title: str, items: list[tuple[str, int]]) -> None:
        self.title, self.items = title, list(items)
        self._describe([f"{label}：{value}" for label, value in self.items])
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 40 + ROW * max(len(self.items), 1))

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = p.fontMetrics()
        p.setPen(self._text_colour())
        p.drawText(QRectF(0, 0, self.width(), 24), Qt.AlignmentFlag.AlignLeft, self.title)
        label_w = max((metrics.horizontalAdvance(label) for label, _ in self.items), default=0) + 12
        value_w = metrics.horizontalAdvance("000000") + 8
        top, width = 30, max(self.width() - label_w - value_w, 10)
        scale = _nice_max(max((v for _, v in self.items), default=0))
        for i, (label, value) in enumerate(self.items):
            y = top + i * ROW
            p.setPen(self._text_colour())
            p.drawText(QRectF(0, y, label_w - 8, ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       label)
            length = width * value / scale
            p.fillRect(QRectF(label_w, y + 4, length, ROW - 8), BAR)
            p.drawText(QRectF(label_w + length + 4, y, value_w, ROW), Qt.AlignmentFlag.AlignVCenter, str(value))
        p.end()


class Pyramid(_Chart):
    """Men to the left, women to the right, youngest at the bottom."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, int, int]] = []

    def set_data(self, title: str, rows: list[tuple[str, int, int]]) -> None:
        self.title, self.rows = title, list(rows)
        self._describe([f"{band} 岁：男 {m}，女 {f}" for band, m, f in reversed(self.rows)])
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 56 + ROW * max(len(self.rows), 1))

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        metrics = p.fontMetrics()
        ink = self._text_colour()
        p.setPen(ink)
        p.drawText(QRectF(0, 0, self.width(), 24), Qt.AlignmentFlag.AlignLeft, self.title)
        band_w = metrics.horizontalAdvance("100-104") + 12
        value_w = metrics.horizontalAdvance("00000") + 6
        half = max((self.width() - band_w) / 2 - value_w, 10)
        middle = self.width() / 2
        scale = _nice_max(max((max(m, f) for _, m, f in self.rows), default=0))
        top = 30
        for i, (band, men, women) in enumerate(reversed(self.rows)):
            y = top + i * ROW
            p.setPen(ink)
            p.drawText(QRectF(middle - band_w / 2, y, band_w, ROW), Qt.AlignmentFlag.AlignCenter, band)
            left = half * men / scale
            right = half * women / scale
            p.fillRect(QRectF(middle - band_w / 2 - left, y + 4, left, ROW - 8), MEN)
            p.fillRect(QRectF(middle + band_w / 2, y + 4, right, ROW - 8), WOMEN)
            p.drawText(QRectF(middle - band_w / 2 - left - value_w, y, value_w - 4, ROW),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(men))
            p.drawText(QRectF(middle + band_w / 2 + right + 4, y, value_w, ROW), Qt.AlignmentFlag.AlignVCenter,
                       str(women))
        y = top + len(self.rows) * ROW + 4
        p.fillRect(QRectF(middle - 80, y + 6, 12, 12), MEN)
        p.drawText(QRectF(middle - 64, y, 40, ROW), Qt.AlignmentFlag.AlignVCenter, "男")
        p.fillRect(QRectF(middle + 30, y + 6, 12, 12), WOMEN)
        p.drawText(QRectF(middle + 46, y, 40, ROW), Qt.AlignmentFlag.AlignVCenter, "女")
        p.end()
