"""Sync in the main window: the 同步 menu, the status-bar line, the timer, and the export
when the window closes. The work itself is ``gridapp.services.syncing``, run off the GUI
thread: with a progress dialog (and 取消) when the user asks, quietly on the timer."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from forms.sync.dialogs import ConflictsDialog, SyncSettingsDialog, SyncStatusDialog
from forms.tasks import Cancelled, run_in_background, run_with_progress
from gridapp import settings
from gridapp.errors import UserError
from gridapp.services import syncing
from gridapp.sync.status import status, status_line

SHORTCUT = "F9"


class SyncController(QObject):
    """Owns the sync actions of one main window."""

    def __init__(self, window: QMainWindow, on_changed: Callable[[], None] | None = None):
        super().__init__(window)
        self.window = window
        self.on_changed = on_changed
        self.busy = False
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_quietly)
        self._build_menu()
        window.installEventFilter(self)
        self.apply_settings()
        self.refresh()

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = bar.addMenu("同步(&S)")
        help_menu = next((a for a in bar.actions() if a.text().startswith("帮助")), None)
        if help_menu is not None:  # before 帮助, which stays last
            bar.insertAction(help_menu, menu.menuAction())
        self.sync_action = QAction("立即同步(&N)", self.window)
        self.sync_action.setShortcut(QKeySequence(SHORTCUT))
        self.sync_action.triggered.connect(self.sync_now)
        menu.addAction(self.sync_action)
        for text, slot in (("重新发送未确认的数据(&R)", self.resend), ("同步状态(&T)…", self.show_status),
                           ("冲突列表(&C)…", self.show_conflicts), ("同步设置(&O)…", self.show_settings)):
            action = QAction(text, self.window)
            action.triggered.connect(slot)
            menu.addAction(action)
        self.menu = menu

    # -- status -------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw the status-bar line from the database, counted off the GUI thread (the duplicate
        ID check reads every person: seconds at street scale)."""
        run_in_background(lambda progress: status_line(), self.label.setText,
                          lambda exc: self.label.setText(f"同步状态不可用：{exc}"))

    def apply_settings(self) -> None:
        minutes = settings.get("sync.interval")
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    # -- actions ------------------------------------------------------------
    def sync_now(self) -> None:
        """立即同步: import and export with a progress dialog; problems are shown."""
        if self.busy:
            return
        if not settings.get("sync.folder"):
            if not self.show_settings():
                return
        self.busy = True
        try:
            outcome = run_with_progress(self.window, "正在同步…", syncing.sync_now)
        except Cancelled:
            self.window.statusBar().showMessage("同步已取消，未做改动。", 8000)
            return
        except UserError as exc:
            QMessageBox.warning(self.window, "同步", str(exc))
            return
        finally:
            self.busy = False
            self.refresh()
        self._done(outcome, interactive=True)

    def sync_quietly(self) -> None:
        """On the timer: only when the folder is there; no dialog unless something is wrong."""
        if self.busy or not syncing.ready():
            return
        self.busy = True

        def done(outcome) -> None:
            self.busy = False
            self.refresh()
            self._done(outcome, interactive=False)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.refresh()
            self.window.statusBar().showMessage(f"自动同步未完成：{error}", 15000)

        run_in_background(syncing.sync_now, done, failed)

    def _done(self, outcome, interactive: bool) -> None:
        self.window.statusBar().showMessage(outcome.summary(), 15000)
        if outcome.changed and self.on_changed is not None:
            self.on_changed()
        problems = outcome.problems()
        if problems and interactive:
            QMessageBox.warning(self.window, "同步", "\n".join(problems))

    def resend(self) -> None:
        """Write again everything the other side has not acknowledged (a package was lost)."""
        try:
            made = run_with_progress(self.window, "正在重新生成数据包…",
                                     lambda progress: syncing.export_now(progress, resend=True))
        except Cancelled:
            return
        except UserError as exc:
            QMessageBox.warning(self.window, "同步", str(exc))
            return
        finally:
            self.refresh()
        sent = "，".join(f"给{m['peer']}第 {m['package']} 号" for m in made) or "没有未确认的数据"
        self.window.statusBar().showMessage(f"已重新发送：{sent}", 15000)

    def export_on_close(self) -> None:
        """When the window closes: write what is new, so it can travel."""
        if not syncing.ready():
            return
        try:
            run_with_progress(self.window, "正在导出同步数据包…", syncing.export_now)
        except (Cancelled, UserError) as exc:
            QMessageBox.warning(self.window, "同步", f"退出前未能导出数据包：{exc}")

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and not self.busy:
            self.timer.stop()
            self.export_on_close()
        return False

    # -- dialogs ------------------------------------------------------------
    def show_settings(self) -> bool:
        dialog = SyncSettingsDialog(self.window)
        accepted = bool(dialog.exec())
        if accepted:
            self.apply_settings()
            self.refresh()
        return accepted

    def show_conflicts(self) -> None:
        ConflictsDialog(self.window).exec()
        self.refresh()
        if self.on_changed is not None:
            self.on_changed()

    def show_status(self) -> None:
        SyncStatusDialog(status(), self.window).exec()


def install_sync(window: QMainWindow, on_changed: Callable[[], None] | None = None) -> SyncController:
    """Add sync to a main window: the 同步 menu (立即同步 F9), the status-bar line, the
    timer from the settings, and an export when the window closes."""
    return SyncController(window, on_changed)
