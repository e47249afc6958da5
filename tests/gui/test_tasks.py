"""Work on the worker thread: results, errors, cancelling, and its own database connection."""

import gc
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from forms.tasks import Cancelled, run_in_background, run_with_progress
from gridapp.errors import UserError
from gridapp.services import browse


def test_the_result_comes_back(qtbot):
    steps = []

    def work(progress):
        for i in range(1, 4):
            steps.append(progress(i, 3, f"第 {i} 步"))
        return threading.get_ident()

    assert run_with_progress(None, "测试", work) != threading.get_ident()
    assert steps == [True, True, True]


def test_an_error_is_raised_on_the_gui_thread(qtbot):
    def work(progress):
        raise UserError("出错了")

    with pytest.raises(UserError, match="出错了"):
        run_with_progress(None, "测试", work)


def test_cancel_stops_the_work(qtbot, when_shown):
    stopped = []

    def work(progress):
        deadline = time.monotonic() + 10
        while progress(1, 10, "进行中") and time.monotonic() < deadline:
            time.sleep(0.01)
        stopped.append(time.monotonic() < deadline)
        return "finished"

    def press_cancel(dialog):
        button = dialog.findChild(QPushButton)
        assert button.text() == "取消"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    when_shown(QProgressDialog, press_cancel)
    with pytest.raises(Cancelled):
        run_with_progress(None, "测试", work)
    assert stopped == [True]  # the worker had stopped before run_with_progress returned


def test_the_worker_reads_the_database_with_its_own_connection(opened_db, qtbot):
    results, errors = [], []
    run_in_background(lambda progress: (browse.summary(), threading.get_ident()), results.append,
                      errors.append)
    qtbot.waitUntil(lambda: bool(results or errors))
    assert not errors
    summary, worker = results[0]
    assert worker != threading.get_ident()
    assert summary == browse.summary()


def test_garbage_is_collected_on_the_gui_thread_only(qtbot):
    """While a worker runs, no collection can start (on it or beside it) and destroy Qt objects
    caught in cycles; afterwards the GUI thread collects as usual."""
    seen = []
    done = []
    run_in_background(lambda progress: seen.append(gc.isenabled()), done.append, done.append)
    run_in_background(lambda progress: seen.append(gc.isenabled()), done.append, done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert seen == [False, False]
    assert gc.isenabled()
