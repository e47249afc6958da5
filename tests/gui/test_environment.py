"""The Qt binding underneath: PySide6 6.12.0 on Python < 3.12 miscounts references.

Every call of a method returning nothing (``setText``, ``beginResetModel``, …) drops a
reference to None, and ``Signal.emit`` one to True or False; a few thousand calls later
Python aborts with "deallocating None" (``python main.py --demo`` does, while generating).
PySide6-Essentials 6.11.3 is sound; on Python 3.12+ these objects are immortal.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    ping = Signal()


def test_void_calls_keep_none_alive():
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(1000):
        obj.setObjectName("x")
    assert sys.getrefcount(None) > before - 100, __doc__


def test_signal_emits_keep_booleans_alive():
    sender = _Sender()
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for _ in range(100):
        sender.ping.emit()
    assert sys.getrefcount(True) + sys.getrefcount(False) > before - 50, __doc__
