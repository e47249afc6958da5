"""A matter's photo, scaled to fit, in a dialog: ← → (or PgUp PgDn) for the others, Esc to close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from gridapp.services.matters import Photo

MAX_SIZE = (1000, 750)
STEPS = {Qt.Key.Key_Right: 1, Qt.Key.Key_PageDown: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: -1}


class PhotoDialog(QDialog):
    def __init__(self, number: str, photos: list[Photo], index: int = 0, parent=None):
        super().__init__(parent)
        self.number, self.photos, self.index = number, photos, index
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.caption)
        self.show_photo(index)

    def keyPressEvent(self, event) -> None:
        step = STEPS.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
        else:
            self.show_photo(self.index + step)

    def fit(self) -> tuple[int, int]:
        width, height = MAX_SIZE
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 80), min(height, room.height() - 120)
        return max(width, 200), max(height, 150)

    def show_photo(self, index: int) -> None:
        if not self.photos:
            return
        self.index = index % len(self.photos)
        photo = self.photos[self.index]
        self.setWindowTitle(f"事项 {self.number}：{photo.name}")
        pixmap = QPixmap()
        self.pixmap = pixmap if pixmap.loadFromData(photo.data) else None
        if self.pixmap is None:
            self.image.setPixmap(QPixmap())
            self.image.setText(f"无法显示{photo.name}：照片文件已损坏或格式不受支持。")
        else:
            width, height = self.fit()
            if pixmap.width() > width or pixmap.height() > height:
                pixmap = pixmap.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            self.image.setPixmap(pixmap)
        more = "　← → 看其他照片" if len(self.photos) > 1 else ""
        self.caption.setText(f"{photo.name}（{self.index + 1}/{len(self.photos)}）{more}　Esc 关闭")
        self.adjustSize()
