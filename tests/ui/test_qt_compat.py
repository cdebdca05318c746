"""The PySide6 reference-count defect cannot crash the application (see ui/qt_compat.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal

import treserva_desktop.ui
from treserva_desktop.ui import qt_compat
from treserva_desktop.ui.qt_compat import emit


class Emitter(QObject):
    fired = Signal(object)


def test_singletons_survive_many_calls_into_pyside(qapp) -> None:
    emitter = Emitter()
    received: list[object] = []
    emitter.fired.connect(received.append)
    # Far more calls than None's natural reference count on a fresh interpreter.
    for value in range(30_000):
        emitter.setObjectName("x")
        emit(emitter.fired, value)
    assert len(received) == 30_000
    if qt_compat.GUARDED:
        assert sys.getrefcount(None) > 1 << 39
        assert sys.getrefcount(True) > 1 << 39
    else:
        # Either Python >= 3.12 (immortal singletons) or a PySide6 without the defect.
        assert sys.version_info >= (3, 12) or not qt_compat.defect_present()


def test_guard_is_idempotent() -> None:
    before = sys.getrefcount(None)
    qt_compat.guard_singletons()
    assert abs(sys.getrefcount(None) - before) < 1 << 30


def test_ui_code_emits_only_through_the_helper() -> None:
    root = Path(treserva_desktop.ui.__file__).parent
    direct = re.compile(r"\.emit\(")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "qt_compat.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if direct.search(line)
    ]
    assert offenders == []
