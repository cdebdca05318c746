"""Drives the modal dialogs a handler opens, as a user would, while the handler is blocked in
exec(): each step waits until the active modal widget is of the expected kind, then acts."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

POLL_MS = 15


def later(fn: Callable[[], object]) -> None:
    """Run fn from the event loop: a click that opens a nested modal must not block a step."""
    QTimer.singleShot(0, fn)


@dataclass
class _Step:
    kind: type[QWidget]
    action: Callable[[Any], None]
    ready: Callable[[Any], bool] | None
    name: str


class ModalScript:
    """Steps run in order. A failing step, or one that never becomes ready, closes every
    modal dialog so the blocked handler returns; `check()` then raises what went wrong."""

    def __init__(self, timeout_s: float = 15.0) -> None:
        self.timeout_s = timeout_s
        self.steps: deque[_Step] = deque()
        self.done: list[str] = []
        self.failure: BaseException | None = None
        self._deadline = 0.0

    def on(
        self,
        kind: type[QWidget],
        action: Callable[[Any], None],
        *,
        ready: Callable[[Any], bool] | None = None,
        name: str = "",
    ) -> ModalScript:
        self.steps.append(_Step(kind, action, ready, name or getattr(action, "__name__", "")))
        return self

    def start(self) -> ModalScript:
        self._deadline = time.monotonic() + self.timeout_s
        QTimer.singleShot(0, self._poll)
        return self

    def _poll(self) -> None:
        if self.failure is not None or not self.steps:
            return
        step = self.steps[0]
        widget = QApplication.activeModalWidget()
        if (
            isinstance(widget, step.kind)
            and widget.isVisible()
            and (step.ready is None or step.ready(widget))
        ):
            self.steps.popleft()
            try:
                step.action(widget)
            except BaseException as exc:
                self._fail(exc)
                return
            self.done.append(step.name)
            self._deadline = time.monotonic() + self.timeout_s
        elif time.monotonic() > self._deadline:
            seen = type(widget).__name__ if widget is not None else "no modal dialog"
            self._fail(TimeoutError(f"step {step.name!r} never became ready (saw {seen})"))
            return
        QTimer.singleShot(POLL_MS, self._poll)

    def _fail(self, exc: BaseException) -> None:
        self.failure = exc
        self._close_modals()

    def _close_modals(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()
        QTimer.singleShot(POLL_MS, self._close_modals)

    def check(self) -> None:
        if self.failure is not None:
            raise AssertionError(f"after steps {self.done}") from self.failure
        remaining = [step.name for step in self.steps]
        assert not remaining, f"steps never ran: {remaining} (done: {self.done})"
