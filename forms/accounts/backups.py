"""备份与恢复: back up now, choose a backup and restore it; the check at start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from forms.accounts.dialogs import button_row
from forms.tasks import Cancelled, run_with_progress, wait_for_tasks
from gridapp import db
from gridapp.errors import UserError
from gridapp.models import database
from gridapp.services import backup
from gridapp.store import roles, session


def back_up_now(parent: QWidget | None) -> backup.BackupInfo | None:
    try:
        made = run_with_progress(parent, "正在备份…", lambda progress: backup.backup(progress=progress))
    except (Cancelled, UserError) as exc:
        QMessageBox.warning(parent, "备份", "备份已取消。" if isinstance(exc, Cancelled) else str(exc))
        return None
    return made


def restore_into_open(file: Path, other_site: bool = False) -> dict:
    """Replace the open database by the backup ``file`` and open the result the same way."""
    roles.require("backup.restore")
    key, path = db.open_key(), db.database_path()
    user = session.current_user() if session.account() is not None else None
    backup.check_backup(file, **key)  # before anything is closed
    wait_for_tasks()
    db.close_database()
    reopen = dict(key, user=user)
    try:
        return backup.restore_and_open(file, path, key, reopen=reopen, other_site=other_site)
    except BaseException:
        if database.obj is None or database.obj.is_closed():
            db.open_database(path, **reopen)  # the current database, as it was
        raise


def restore_question(file: Path) -> tuple[str, bool] | None:
    """The question to ask before restoring ``file``, and whether it is another site's backup;
    None (after saying why) when the backup cannot be used."""
    info = backup.check_backup(file, **db.open_key())
    other = backup.other_site_label(info)
    text = f"用备份 {file.name} 替换当前数据库？\n当前数据库会先另存一份，不会删除。"
    if other:
        text = (f"备份 {file.name} 是{other}的，不是本站点的！\n恢复后，本机将成为{other}，"
                "以它的身份录入和同步。\n确实要这样做吗？当前数据库会先另存一份，不会删除。")
    return text, bool(other)


def restored_text(info: dict) -> str:
    return f"已从备份恢复。原数据库保留在：\n{info['aside']}\n\n{backup.AFTER_RESTORE}"


class BackupsDialog(QDialog):
    """The backups in the backup folder, newest first: 立即备份, 恢复所选, 选择文件."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        self.restored = False
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.list = QListWidget()
        buttons = button_row(("立即备份(&B)", self.back_up), ("恢复所选(&R)…", self.restore_chosen),
                             ("选择备份文件(&F)…", self.restore_file), ("关闭(&C)", self.accept))
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.resize(560, 380)
        self.reload()

    def reload(self) -> None:
        folder = backup.folder_setting()
        last = backup.last_backup()
        self.folder_label.setText(f"备份文件夹：{folder}\n上次备份：{last:%Y-%m-%d %H:%M}" if last
                                  else f"备份文件夹：{folder}\n还没有备份。")
        self.list.clear()
        for b in backup.backups(folder, db.database_path().stem):
            item = QListWidgetItem(f"{b.at:%Y-%m-%d %H:%M:%S}　{b.size / 1048576:.1f} MB")
            item.setData(256, str(b.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def back_up(self) -> None:
        if back_up_now(self):
            self.reload()

    def restore_chosen(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._restore(Path(item.data(256)))

    def restore_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(backup.folder_setting()),
                                              "gridapp 备份 (*.db);;所有文件 (*)")
        if name:
            self._restore(Path(name))

    def _restore(self, file: Path) -> None:
        try:
            text, other = restore_question(file)
        except UserError as exc:
            QMessageBox.warning(self, "从备份恢复", str(exc))
            return
        if QMessageBox.question(self, "从备份恢复", text) != QMessageBox.StandardButton.Yes:
            return
        try:
            info = restore_into_open(file, other_site=other)
        except UserError as exc:
            QMessageBox.warning(self, "从备份恢复", str(exc))
            return
        self.restored = True
        QMessageBox.information(self, "从备份恢复", restored_text(info))
        self.reload()


def check_at_start(parent: QWidget | None) -> None:
    """A quick integrity check of the database just opened; if damaged, say so and offer the
    latest backup that passes its own check."""
    if db.quick_check():
        return
    good = backup.latest_good(backup.folder_setting(), db.database_path().stem, **db.open_key())
    if good is None:
        QMessageBox.critical(parent, "数据库已损坏", "数据库未通过完整性检查，且没有找到可用的备份。"
                             "请勿继续录入，并联系技术支持。")
        return
    answer = QMessageBox.question(parent, "数据库已损坏", "数据库未通过完整性检查。\n"
                                  f"是否用最近的完好备份（{good.at:%Y-%m-%d %H:%M}）恢复？当前数据库会另存一份。")
    if answer == QMessageBox.StandardButton.Yes:
        try:
            info = restore_into_open(good.path)
        except UserError as exc:
            QMessageBox.warning(parent, "从备份恢复", str(exc))
            return
        QMessageBox.information(parent, "从备份恢复", restored_text(info))
