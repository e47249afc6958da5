"""Database work off the GUI thread (after Anki's ``aqt/taskman.py`` and Picard's ``util/thread.py``).

Tasks run one at a time (SQLite wants one writer) on plain Python threads that never
touch Qt: a task is a callable taking a ``progress(done, total, what="") -> bool``
function; progress, the result and any error are put on a queue that a timer on the
GUI thread drains, and only there are Qt signals emitted. (Emitting Qt signals from a
Python worker thread crashed the process now and then under PySide6 6.11 on Python
3.11.) peewee gives the worker its own connection; it is closed when the task ends.

While a worker runs, Python's cyclic garbage collector is switched off and runs again on
the GUI thread once the last task has been drained (the pattern of calibre and pyqtgraph):
a collection started on the worker, or on the GUI thread while the worker runs Python,
may destroy Qt objects caught in reference cycles at the wrong moment, and that crashed
the process.
"""

from __future__ import annotations

import gc
import queue
import threading
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from gridapp.errors import Cancelled  # the user pressed 取消 while a task was running
from gridapp.models import database

Progress = Callable[..., bool]
POLL_MS = 25

_one_at_a_time = threading.Lock()
_running: set["Task"] = set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class Task:
    """One callable on a worker thread; connect to ``signals`` before ``start()``."""

    def __init__(self, fn: Callable[[Progress], Any]):
        self.signals = _Signals()
        self.cancelled = False
        self._fn = fn
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self.run, name="gridapp-task", daemon=True)
        self._timer = QTimer(self.signals)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._drain)

    def start(self) -> None:
        if not _running:
            _pause_collector()
        _running.add(self)
        self._timer.start()
        self._thread.start()

    def cancel(self) -> None:
        self.cancelled = True

    def report(self, done: int, total: int, what: str = "") -> bool:
        """The progress callback the task's function receives; False once cancelled."""
        if not self.cancelled:
            self._queue.put(("progress", (done, total, what)))
        return not self.cancelled

    def run(self) -> None:
        with _one_at_a_time:
            try:
                outcome, value = "finished", self._fn(self.report)
            except BaseException as exc:  # handed to the GUI thread, raised there
                outcome, value = "failed", exc
            finally:
                if database.obj is not None and not database.is_closed():
                    database.close()  # this thread's connection, before the GUI thread hears of the end
        self._queue.put((outcome, value))

    def _drain(self) -> None:
        """On the GUI thread: pass on what the worker said."""
        while True:
            try:
                kind, value = self._queue.get_nowait()
            except queue.Empty:
                return
            if kind == "progress":
                self.signals.progress.emit(*value)
                continue
            self._timer.stop()
            self._timer.timeout.disconnect(self._drain)  # no cycle left for the collector
            _running.discard(self)
            if not _running:
                self._thread.join()  # it has said its last word; let it end before collecting
                _resume_collector()
            (self.signals.finished if kind == "finished" else self.signals.failed).emit(value)
            return


_collector_was_enabled = True


def _pause_collector() -> None:
    global _collector_was_enabled
    _collector_was_enabled = gc.isenabled()
    gc.disable()


def _resume_collector() -> None:
    """On the GUI thread, with no worker left: collect what piled up, then collect as usual."""
    if _collector_was_enabled:
        gc.collect()
        gc.enable()


def run_in_background(fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> Task:
    """Start ``fn`` on a worker; ``on_done`` or ``on_error`` is called on the GUI thread."""
    task = Task(fn)
    task.signals.finished.connect(on_done)
    task.signals.failed.connect(on_error)
    task.start()
    return task


class Latest(QObject):
    """Background work where a newer question supersedes an older one (a list asked again for
    another worker or day): only the answer to the last ``ask`` is delivered, an older one that
    has not started yet is skipped, and nothing reaches a widget that is gone (this object is
    the widget's child)."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._asked = 0
        self.busy = False  # an answer is awaited

    def ask(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None]) -> Task:
        self._asked += 1
        asked = self._asked
        self.busy = True

        def work(progress: Progress) -> Any:
            return fn(progress) if asked == self._asked else None

        def deliver(callback: Callable[[Any], None], value: Any) -> None:
            if asked == self._asked and shiboken6.isValid(self):
                self.busy = False
                callback(value)

        return run_in_background(work, lambda result: deliver(on_done, result), lambda exc: deliver(on_error, exc))


def wait_for_tasks() -> None:
    """Block until every started task has finished: call before the database is closed."""
    for task in list(_running):
        task._thread.join()
        task._drain()


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
