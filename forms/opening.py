"""Getting a database open before (or instead of) the one in the main window.

Each function returns True when a database is open and initialised, False when the
user gave up; other problems are ``UserError`` with a Chinese message.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from forms.accounts.dialogs import LoginDialog
from forms.dialogs import FirstStartDialog, PassphraseDialog
from forms.tasks import Cancelled, run_with_progress
from gridapp import db, keyring
from gridapp.errors import NotInitialised, UserError, WrongPassphrase
from gridapp.models import database
from gridapp.models.base import Site, set_current_site
from gridapp.services import site


def _open(path: Path | str, passphrase: str | None, user: str | None = None,
          password: str | None = None) -> None:
    db.open_database(path, passphrase, user=user, password=password)
    if not site.is_initialised():
        db.close_database()
        raise NotInitialised(str(path))


def _discard(path: Path) -> None:
    db.close_database()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def open_existing(path: Path, parent: QWidget | None = None, passphrase: str | None = None) -> bool:
    """Open with ``passphrase`` or GRIDAPP_PASSPHRASE if either is given and right, else ask.

    A database with accounts asks for a user and password instead (GRIDAPP_USER and
    GRIDAPP_PASSWORD, when both are set, answer for it).
    """
    if keyring.has_keys(path):
        return log_in(path, parent)
    passphrase = passphrase or db.passphrase_from_env()
    error = ""
    if passphrase:
        try:
            _open(path, passphrase)
            return True
        except (WrongPassphrase, keyring.TooManyTries) as exc:
            error = str(exc)
    dialog = PassphraseDialog(path, lambda p: _open(path, p), error, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def log_in(path: Path, parent: QWidget | None = None) -> bool:
    user, password = os.environ.get("GRIDAPP_USER"), os.environ.get("GRIDAPP_PASSWORD")
    if user and password:
        try:
            _open(path, None, user, password)
            return True
        except UserError:
            pass

    def opener(name: str, secret: str) -> None:
        _open(path, None, name, secret) if name else _open(path, secret)

    dialog = LoginDialog(path, opener, parent, user or "")
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_server(url: str, parent: QWidget | None = None) -> bool:
    """A street hub on a PostgreSQL server: with the environment's password (or none needed),
    else asked for."""
    try:
        _open(url, None)
        return True
    except UserError as exc:
        if "password" not in str(exc):
            raise
        error = "" if "no password supplied" in str(exc) else str(exc)
    dialog = PassphraseDialog(db.server_label(url), lambda p: _open(url, p), error, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def switch_to(path: Path, parent: QWidget | None = None) -> bool:
    """Open another database; if the user gives up, the current one stays open."""
    current = database.obj
    if open_existing(path, parent):
        return True
    if current is not None:
        current.connect(reuse_if_open=True)
        set_current_site(Site.load())
    return False


def create_site(path: Path, site_type: str, name: str, passphrase: str,
                enrolment: tuple[str, str] | None = None) -> None:
    """Make a new encrypted database for a community or street office; with ``enrolment``
    (the street's enrolment file and its code) the community comes from that file."""
    if enrolment is not None:
        from gridapp.sync import enrol

        db.check_passphrase(passphrase)
        data = enrol.read(*enrolment)  # a wrong file or code makes no database
    db.open_database(path, passphrase, create=True)
    try:
        if enrolment is not None:
            enrol.initialise_from(data)
        else:
            site.initialise(site_type, name)
    except BaseException:
        _discard(path)
        raise


def create_new(path: Path, parent: QWidget | None = None) -> bool:
    """First start: ask who this office is and a passphrase, then create the database."""
    dialog = FirstStartDialog(path, lambda t, n, p, enrolment=None: create_site(path, t, n, p, enrolment), parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def open_demo(path: Path, parent: QWidget | None = None) -> bool:
    """Open the demo database, generating it first (off the GUI thread) if it is not there."""
    passphrase = db.passphrase_from_env() or db.DEMO_PASSPHRASE
    if not path.exists():
        from gridapp.demo import build_demo

        db.open_database(path, passphrase, create=True)
        try:
            run_with_progress(parent, "正在生成演示数据…",
                              lambda progress: build_demo("community", progress=progress))
        except Cancelled:
            _discard(path)
            return False
        except BaseException:
            _discard(path)
            raise
    return open_existing(path, parent, passphrase)
