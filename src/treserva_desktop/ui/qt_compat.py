"""Work-around for a Qt for Python defect that would crash the application on Python 3.11.

PySide6 6.12.0 (as installed here) hands Python the results None (from every void method) and
True (from SignalInstance.emit) without taking a reference to them. On Python 3.12+ these
singletons are immortal and nothing happens; on Python 3.11 every such call lowers their
reference count by one, and after a few thousand calls the interpreter aborts with
"none_dealloc: deallocating None". `guard_singletons()`, run when treserva_desktop.ui is first
imported, detects the defect once and then gives None, True and False a reference count so
large it never reaches zero, which is what Python 3.12 does by design. The singletons are never
freed in any case, so nothing else changes.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

log = logging.getLogger(__name__)

# About a trillion: at a million dropped references per second, thirty years of use.
_RESERVE = 1 << 40
_SINGLETONS = (None, True, False)


class _Probe(QObject):
    ping = Signal()


def defect_present() -> bool:
    """True when calling into PySide6 drops references to None or True."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(16):
        probe.setObjectName("probe")
        probe.ping.emit()
    return sys.getrefcount(None) < none_before or sys.getrefcount(True) < true_before


def _refcount_field(obj: object) -> ctypes.c_ssize_t | None:
    """ob_refcnt of a CPython object, if the layout is the usual one (it is verified)."""
    field = ctypes.c_ssize_t.from_address(id(obj))
    before = sys.getrefcount(obj)
    field.value += 1
    moved = sys.getrefcount(obj) == before + 1
    field.value -= 1
    return field if moved else None


def guard_singletons() -> bool:
    """Pin None, True and False where the defect would otherwise crash; True if pinned."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not defect_present():
        return False
    for obj in _SINGLETONS:
        field = _refcount_field(obj)
        if field is None:
            log.warning("PySide6 reference defect present, but the object layout is unexpected")
            return False
        if field.value < _RESERVE:
            field.value += _RESERVE
    log.info("PySide6 reference defect detected on Python 3.11; None/True/False pinned")
    return True


GUARDED = guard_singletons()
_COMPENSATE_EMIT = not GUARDED and sys.version_info < (3, 12) and defect_present()


def emit(signal: SignalInstance, *args: Any) -> None:
    """signal.emit(*args). UI code emits through here (a test checks it), so that if pinning
    was impossible the reference emit() drops on True is at least given back."""
    # Typed as returning None, but PySide6 returns a bool; that bool is the point here.
    result: object = signal.emit(*args)  # type: ignore[func-returns-value]
    if _COMPENSATE_EMIT and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
