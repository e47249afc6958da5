"""The print dialog for building information boards and grid-worker notice boards.

Choose the kind, the community, grid or building and the paper; 生成预览 builds the PDF
off the GUI thread (progress and 取消) into a temporary file and shows its pages; then
save it, or open it in the system's PDF viewer to print. Names no font can print are
listed before anything is saved or opened.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.pdfpreview import PdfPreview
from forms.tasks import Cancelled, run_with_progress
from gridapp.errors import UserError
from gridapp.services import boards, browse

TITLE = "打印公示栏"
KINDS = (("wall", "楼栋信息栏", ("A3", "A2", "A1", "A4")), ("notice", "网格员公示牌", ("A4", "A3")))
ALL = None


def _build(kind: str, scope: tuple, paper: str, path: Path):
    """The work done on the worker thread: gather the boards, write the PDF."""
    from reports.noticeboard import build_noticeboards
    from reports.wallboard import build_wallboards

    def work(progress):
        if kind == "wall":
            return build_wallboards(boards.building_boards(boards.buildings_of(*scope)), path, paper, progress)
        return build_noticeboards(boards.notice_boards(boards.grids_of(*scope[:2])), path, paper, progress)

    return work


class BoardsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, node: dict | None = None, kind: str = "wall"):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._tmp = tempfile.TemporaryDirectory(prefix="gridapp-boards-", ignore_cleanup_errors=True)
        self._built = 0
        self._opened = False
        self.pdf: Path | None = None
        self.saved: Path | None = None
        self.result = None

        self.kind = QComboBox()
        for code, label, _ in KINDS:
            self.kind.addItem(label, code)
        self.community = QComboBox()
        self.grid = QComboBox()
        self.building = QComboBox()
        self.paper = QComboBox()
        form = QFormLayout()
        for label, widget in (("种类(&K)：", self.kind), ("社区(&C)：", self.community), ("网格(&W)：", self.grid),
                              ("楼栋(&B)：", self.building), ("纸张(&Z)：", self.paper)):
            form.addRow(label, widget)
        self.build_button = QPushButton("生成预览(&G)")
        self.build_button.setDefault(True)
        self.save_button = QPushButton("保存 PDF(&S)…  Ctrl+S")
        self.open_button = QPushButton("打开以打印(&P)  Ctrl+P")
        close = QPushButton("关闭")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.build_button)
        left.addWidget(self.status)
        left.addWidget(self.warning, 1, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        left.addLayout(buttons)
        left.addWidget(close)
        self.preview = PdfPreview()
        layout = QHBoxLayout(self)
        layout.addLayout(left, 0)
        layout.addWidget(self.preview, 1)
        self.resize(1180, 760)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.community.currentIndexChanged.connect(self._fill_grids)
        self.grid.currentIndexChanged.connect(self._fill_buildings)
        for combo in (self.building, self.paper):
            combo.currentIndexChanged.connect(self._stale)
        self.build_button.clicked.connect(self.build)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_in_viewer)
        close.clicked.connect(self.reject)
        for key, slot in ((QKeySequence.StandardKey.Save, self.save), (QKeySequence.StandardKey.Print, self.open_in_viewer)):
            QShortcut(key, self, activated=slot)

        for c in browse.communities():
            self.community.addItem(c["name"], str(c["id"]))  # ids as text: QVariant compares them
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._kind_changed()
        if node is not None:
            self._select(*boards.path_of(node.get("kind", ""), node.get("id")))
        self.kind.setFocus()

    # ------------------------------------------------------------ choices

    def _select(self, community_id, grid_id, building_id) -> None:
        for combo, value in ((self.community, community_id), (self.grid, grid_id), (self.building, building_id)):
            index = combo.findData(str(value)) if value is not None else -1
            if index >= 0:
                combo.setCurrentIndex(index)

    def _kind_changed(self) -> None:
        papers = KINDS[self.kind.currentIndex()][2]
        self.paper.blockSignals(True)
        self.paper.clear()
        self.paper.addItems(papers)
        self.paper.blockSignals(False)
        self.building.setEnabled(self.kind.currentData() == "wall" and self.grid.currentData() is not None)
        self._stale()

    def _fill_grids(self) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem("（全部网格）", ALL)
        if self.community.currentData() is not None:
            for g in browse.grids(self.community.currentData()):
                self.grid.addItem(g["name"], str(g["id"]))
        self.grid.blockSignals(False)
        self._fill_buildings()

    def _fill_buildings(self) -> None:
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItem("（全部楼栋）", ALL)
        grid_id = self.grid.currentData()
        if grid_id is not None:
            for b in sorted(browse.buildings(grid_id), key=lambda b: boards.natural_key(b["name"])):
                self.building.addItem(b["name"], str(b["id"]))
        self.building.blockSignals(False)
        self.building.setEnabled(self.kind.currentData() == "wall" and grid_id is not None)
        self._stale()

    def _scope(self) -> tuple:
        building = self.building.currentData() if self.building.isEnabled() else None
        return self.community.currentData(), self.grid.currentData(), building

    def _scope_name(self) -> str:
        for combo in (self.building, self.grid, self.community):
            if combo.isEnabled() and combo.currentData() is not None:
                return combo.currentText()
        return "全部"

    def _stale(self) -> None:
        self.pdf = self.saved = self.result = None
        self.save_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.status.setText("")
        self.warning.setText("")
        self.preview.clear("选好种类、范围和纸张后，按 Enter（生成预览）在这里查看每一页。")

    # ------------------------------------------------------------ building, saving, opening

    def build(self) -> None:
        if self.community.currentData() is None:
            QMessageBox.warning(self, TITLE, "数据库中还没有社区。")
            return
        kind, paper = self.kind.currentData(), self.paper.currentText()
        self._stale()
        self._built += 1
        path = Path(self._tmp.name) / f"board-{self._built}.pdf"
        try:
            result = run_with_progress(self, f"正在生成{self.kind.currentText()}…",
                                       _build(kind, self._scope(), paper, path))
        except Cancelled:
            self.status.setText("已取消。")
            return
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        finally:
            self.activateWindow()  # back from the progress dialog
        self.result, self.pdf = result, path
        posters = sum(1 for n in result.sheets.values() if n > 1)
        self.status.setText(f"共 {len(result.sheets)} 份，{result.pages} 页 {result.paper}"
                            + (f"；{posters} 份太大，分多张拼贴。" if posters else "。"))
        if result.missing:
            shown = "\n".join(result.missing[:12]) + (f"\n……共 {len(result.missing)} 处" if len(result.missing) > 12 else "")
            self.warning.setText("注意：以下文字含有本机字体都没有的字，PDF 中以“〓”代替，"
                                 f"打印后请手工补写，或安装含该字的字体后重新生成：\n{shown}")
        self.preview.load(path)
        self.save_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.preview.scroll.setFocus()  # PgUp/PgDn turn the pages

    def _missing_accepted(self) -> bool:
        if not (self.result and self.result.missing):
            return True
        answer = QMessageBox.question(
            self, TITLE, f"有 {len(self.result.missing)} 处文字含有字体没有的字，将印成“〓”（见窗口中的清单）。仍要继续吗？")
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> Path | None:
        if self.pdf is None or not self._missing_accepted():
            return None
        suggested = Path.home() / f"{self.kind.currentText()}-{self._scope_name()}.pdf"
        name, _ = QFileDialog.getSaveFileName(self, "保存 PDF", str(suggested), "PDF 文件 (*.pdf)")
        if not name:
            return None
        target = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        try:
            shutil.copyfile(self.pdf, target)
        except OSError as exc:
            QMessageBox.warning(self, TITLE, f"无法保存到 {target}：{exc.strerror}")
            return None
        self.saved = target
        self.status.setText(f"已保存：{target}")
        return target

    def open_in_viewer(self) -> None:
        if self.pdf is None or not self._missing_accepted():
            return
        path = self.saved or self.pdf
        self._opened = self._opened or path == self.pdf
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, TITLE, "没有找到能打开 PDF 的程序：请先保存，再用 PDF 阅读器打开打印。")

    def done(self, result: int) -> None:
        self.preview.close_document()
        super().done(result)
        if self._opened:  # the viewer may still be reading it: removed when gridapp exits
            atexit.register(self._tmp.cleanup)
        else:
            self._tmp.cleanup()


def open_boards_dialog(parent: QWidget | None = None, node: dict | None = None,
                       kind: str = "wall") -> BoardsDialog:
    """Show the boards dialog (modal).

    ``node`` is the organisation tree's current node ({"kind": "community"|"grid"|"building",
    "id": …}), to start from it; ``kind`` is "wall" (楼栋信息栏) or "notice" (网格员公示牌).
    """
    dialog = BoardsDialog(parent, node, kind)
    dialog.exec()
    return dialog
