"""A page-by-page preview of a PDF file, as it will print.

PySide6-Essentials has no QtPdf (it comes with the 40 MB PySide6-Addons), and poppler's
tools are not on Windows; pypdfium2 (PDFium, the engine of Chrome's viewer, a 4 MB wheel
for Windows and Linux) renders the very file that is saved or printed.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

_FORMATS = {"RGB": QImage.Format.Format_RGB888, "RGBA": QImage.Format.Format_RGBA8888,
            "RGBX": QImage.Format.Format_RGBX8888}


class PdfPreview(QWidget):
    """Shows one page at a time, fitted to the width; PgUp/PgDn or the buttons turn pages."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc: pdfium.PdfDocument | None = None
        self.page = 0
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.image)
        self.scroll.setWidgetResizable(True)
        self.scroll.setMinimumSize(480, 360)
        self.previous = QPushButton("上一页(&U)")
        self.next = QPushButton("下一页(&N)")
        self.label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.previous)
        bar.addWidget(self.label, 1, Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        self.previous.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        for key, step in ((QKeySequence.StandardKey.MoveToNextPage, 1),
                          (QKeySequence.StandardKey.MoveToPreviousPage, -1)):
            shortcut = QShortcut(key, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.show_page(self.page + step))
        self._resized = QTimer(self, singleShot=True, interval=120)
        self._resized.timeout.connect(lambda: self.show_page(self.page))
        self.clear("")

    @property
    def pages(self) -> int:
        return len(self._doc) if self._doc is not None else 0

    def load(self, path: Path) -> None:
        self.close_document()
        self._doc = pdfium.PdfDocument(str(path))
        self.show_page(0)

    def clear(self, message: str) -> None:
        self.close_document()
        self.image.setPixmap(QPixmap())
        self.image.setText(message)
        self.label.setText("")
        self.previous.setEnabled(False)
        self.next.setEnabled(False)

    def close_document(self) -> None:
        """Let go of the file (Windows will not replace or delete a file that is open)."""
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def show_page(self, index: int) -> None:
        if self._doc is None:
            return
        self.page = max(0, min(index, self.pages - 1))
        page = self._doc[self.page]
        width_pt = page.get_size()[0]
        room = max(200, self.scroll.viewport().width() - 16)
        bitmap = page.render(scale=max(0.2, min(room / width_pt, 3.0)), rev_byteorder=True)
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       _FORMATS[bitmap.mode]).copy()
        page.close()
        self.image.setPixmap(QPixmap.fromImage(image))
        self.label.setText(f"第 {self.page + 1} / {self.pages} 页")
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(self.page < self.pages - 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._doc is not None:
            self._resized.start()
