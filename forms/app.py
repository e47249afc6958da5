"""The composition root: ``python main.py [--db PATH] [--demo]``.

Opens (or on first start creates) the encrypted database, then shows the main window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.accounts import offer_first_admin
from forms.accounts.backups import check_at_start
from forms.mainwindow import MainWindow
from forms.opening import create_new, open_demo, open_existing, open_server
from forms.tasks import wait_for_tasks
from gridapp import db, engines, paths
from gridapp.errors import UserError

EXIT_USER_ERROR = 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gridapp", description="gridapp 社区网格化管理")
    parser.add_argument("--db", metavar="PATH", help=f"数据库文件（默认：{paths.default_db_path()}），"
                        "或街道的 PostgreSQL 服务器 postgresql://用户@主机/库名")
    parser.add_argument("--demo", action="store_true",
                        help=f"打开演示数据库（默认：{paths.demo_db_path()}），没有时先生成")
    return parser.parse_args(argv)


def application() -> QApplication:
    """The running QApplication, made (with Chinese for Qt's own texts) if there is none."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


def start(argv: list[str] | None = None) -> MainWindow | None:
    """Open the database the arguments name and show the main window; None if the user gave up."""
    args = parse_args(argv)
    application()
    if engines.is_url(args.db):  # a street hub on a PostgreSQL server
        path = args.db
        opened = open_server(path)
    elif args.demo:
        path = Path(args.db) if args.db else paths.demo_db_path()
        opened = open_demo(path)
    else:
        path = Path(args.db) if args.db else paths.default_db_path()
        created = not path.exists()
        opened = create_new(path) if created else open_existing(path)
        if opened and created:
            offer_first_admin()  # or later, from 帐户 → 用户管理
    if not opened:
        return None
    check_at_start(None)
    window = MainWindow(path)
    window.show()
    return window


def main(argv: list[str] | None = None) -> int:
    app = application()
    try:
        window = start(argv)
    except UserError as exc:
        QMessageBox.critical(None, "gridapp", str(exc))
        return EXIT_USER_ERROR
    if window is None:
        return 0
    try:
        return app.exec()
    finally:
        wait_for_tasks()
        db.close_database()
