"""Database work off the GUI thread (after Anki's ``aqt/taskman.py`` and Picard's ``util/thread.py``).

Tasks run one at a time on a single worker thread (SQLite wants one writer). A task is a
callable taking a ``progress(done, total, what="") -> bool`` function; progress, the result
and any error come back to the GUI thread through queued signals. peewee gives the worker
its own connection; it is closed when the task ends.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from gridapp.models import database

Progress = Callable[..., bool]

_pool: QThreadPool | None = None
_running: set["Task"] = set()


class Cancelled(Exception):
    """The user pressed 取消 while a task was running."""


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """One callable on the worker thread; connect to ``signals`` before ``start()``."""

    def __init__(self, fn: Callable[[Progress], Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.cancelled = False
        self._fn = fn

    def start(self) -> None:
        global _pool
        if _pool is None:
            _pool = QThreadPool()
            _pool.setMaxThreadCount(1)
        _running.add(self)
        self.signals.finished.connect(lambda _: _running.discard(self))
        self.signals.failed.connect(lambda _: _running.discard(self))
        _pool.start(self)

    def cancel(self) -> None:
        self.cancelled = True

    def report(self, done: int, total: int, what: str = "") -> bool:
        """The progress callback the task's function receives; False once cancelled."""
        if not self.cancelled:
            self.signals.progress.emit(done, total, what)
        return not self.cancelled

    def run(self) -> None:
        try:
            outcome, value = self.signals.finished, self._fn(self.report)
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome, value = self.signals.failed, exc
        if database.obj is not None and not database.is_closed():
            database.close()  # this thread's connection, before the GUI thread hears of the end
        outcome.emit(value)


def run_in_background(fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> Task:
    """Start ``fn`` on the worker; ``on_done`` or ``on_error`` is called on the GUI thread."""
    task = Task(fn)
    task.signals.finished.connect(on_done)
    task.signals.failed.connect(on_error)
    task.start()
    return task


def wait_for_tasks() -> None:
    """Block until every started task has finished: call before the database is closed."""
    if _pool is not None:
        _pool.waitForDone()


def run_with_progress(parent: QWidget | None, title: str, fn: Callable[[Progress], Any]) -> Any:
    """Run ``fn`` with a modal progress dialog; return its result.

    Raises the task's error, or ``Cancelled`` when the user pressed 取消 (after the task
    has stopped, so nothing is still writing).
    """
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(360)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def finish(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    def show_progress(done: int, total: int, what: str) -> None:
        if not dialog.wasCanceled():
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total > 0 else 0)
            if what:
                dialog.setLabelText(what)

    task = Task(fn)
    task.signals.progress.connect(show_progress)
    task.signals.finished.connect(lambda result: finish("result", result))
    task.signals.failed.connect(lambda exc: finish("error", exc))
    dialog.canceled.connect(task.cancel)
    dialog.show()
    task.start()
    loop.exec()
    cancelled = task.cancelled  # closing the dialog below counts as 取消 too
    dialog.close()
    dialog.deleteLater()
    if cancelled:
        raise Cancelled()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
