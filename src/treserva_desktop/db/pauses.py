"""Waiting in a worker thread by short relative sleeps: Event.wait(timeout) and
Thread.join(timeout) turn their timeout into an absolute deadline on the monotonic clock,
which a shifted clock (faketime in the tests, a clock set back or forth) makes a hang."""

from __future__ import annotations

import threading
import time

__all__ = ["join", "pause"]


def pause(stop: threading.Event, seconds: float) -> bool:
    """Sleep up to `seconds`, waking early when `stop` is set; whether it is set. Short
    relative sleeps rather than Event.wait(timeout), whose absolute deadline a shifted clock
    (faketime in the tests, a clock set back or forth) turns into a hang."""
    deadline = time.monotonic() + seconds
    while not stop.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(left, 0.05))
    return True


def join(thread: threading.Thread, seconds: float) -> None:
    """Thread.join with a timeout, by the same short sleeps as `pause`."""
    deadline = time.monotonic() + seconds
    while thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
