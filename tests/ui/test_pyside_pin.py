"""PySide6 6.12.0 drops references to None/True on Python 3.11; the pin keeps it out."""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QObject, Signal


class Probe(QObject):
    ping = Signal()


def test_python_3_11_runs_a_pyside6_before_6_12() -> None:
    major, minor = (int(part) for part in PySide6.__version__.split(".")[:2])
    assert sys.version_info >= (3, 12) or (major, minor) < (6, 12)


def test_calls_into_pyside6_keep_the_singletons_referenced(qapp) -> None:
    probe = Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1_000):
        probe.setObjectName("probe")
        probe.ping.emit()
    # Immortal objects (3.12+) report a constant count; 3.11 must not have lost any.
    assert sys.getrefcount(None) >= none_before - 10
    assert sys.getrefcount(True) >= true_before - 10
