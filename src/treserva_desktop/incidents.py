"""Unexpected errors: an incident id for the user, the traceback for the log, and nothing of the
person's data anywhere.

An exception's message may hold anything the failing code had at hand (SQLAlchemy puts a
statement's parameters in it: names, personnummer, addresses), so the log gets the frames and
the exception types of the whole chain, never a message. The user gets a short Swedish text
with the incident id, which support finds in the log.
"""

from __future__ import annotations

import logging
import logging.handlers
import secrets
import traceback
from pathlib import Path
from typing import Final

LOG_FILE: Final = "treserva-desktop.log"
LOG_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
# The frames nearest the failure; a RecursionError would otherwise log a thousand of them.
MAX_FRAMES: Final = 40
_MARK: Final = "_treserva_incident_log"


# Crockford's base32: no I, L, O or U, so an id read out over the phone is unambiguous.
_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_incident_id() -> str:
    """E.g. '7F3K-9QXM': 40 random bits, enough to find one incident in every log."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes and contexts, the first raised first."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        chain.append(current)
        seen.add(id(current))
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def safe_traceback(exc: BaseException) -> str:
    """The traceback of the exception chain with every message withheld."""
    parts: list[str] = []
    for index, link in enumerate(_chain(exc)):
        if index:
            parts.append("\nwhile handling it, or caused by it:\n")
        frames = traceback.extract_tb(link.__traceback__)
        parts.append("Traceback (most recent call last):\n")
        if len(frames) > MAX_FRAMES:
            parts.append(f"  ... {len(frames) - MAX_FRAMES} earlier frames left out\n")
            frames = traceback.StackSummary.from_list(frames[-MAX_FRAMES:])
        parts.extend(traceback.format_list(frames))
        kind = type(link)
        parts.append(f"{kind.__module__}.{kind.__qualname__} (message withheld)\n")
    return "".join(parts).rstrip("\n")


class WithheldMessageFormatter(logging.Formatter):
    """A formatter whose tracebacks (log.exception, exc_info=True) carry no messages."""

    def format(self, record: logging.LogRecord) -> str:
        # logging caches the first handler's traceback text on the record; another handler's
        # (with the message) must not stand in for this one's.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: object) -> str:
        exc = ei[1] if isinstance(ei, tuple) and len(ei) == 3 else None
        return safe_traceback(exc) if isinstance(exc, BaseException) else ""


def configure_file_logging(log_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Log to a rotating file in `log_dir`, tracebacks without messages.

    Idempotent for one directory; a handler this module added for another directory is
    replaced. Returns the log file, or None when the directory cannot be written: then the
    records are dropped rather than printed (Python would otherwise print them, tracebacks
    included, on stderr).
    """
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "baseFilename", None) == str(path):
            return path
        if getattr(existing, _MARK, False):
            root.removeHandler(existing)
            existing.close()
    handler: logging.Handler
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
        result = None
    else:
        result = path
    handler.setFormatter(WithheldMessageFormatter(LOG_FORMAT))
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(level)
    return result


def log_incident(logger: logging.Logger, what: str, exc: BaseException) -> str:
    """Log an unexpected exception under a new incident id (frames and types only) and return
    the id for the user."""
    incident = new_incident_id()
    logger.error(
        "incident %s: unexpected %s in %s\n%s",
        incident,
        type(exc).__name__,
        what,
        safe_traceback(exc),
    )
    return incident
