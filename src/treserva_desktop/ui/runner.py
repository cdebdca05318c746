"""The single choke point for user actions: one transaction, error mapping, change events."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.qt_compat import emit

log = logging.getLogger(__name__)

T = TypeVar("T")
C = TypeVar("C")

GENERIC_ERROR = (
    "Ett oväntat fel inträffade och åtgärden kunde inte slutföras. Inga ändringar har sparats. "
    "Försök igen, och kontakta Användarstöd om felet kvarstår."
)
GENERIC_READ_ERROR = (
    "Uppgifterna kunde inte hämtas på grund av ett oväntat fel. "
    "Försök igen, och kontakta Användarstöd om felet kvarstår."
)


def _name(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", "") or ""
    return f"{module.rsplit('.', 1)[-1]}.{getattr(fn, '__qualname__', repr(fn))}"


def _ids(command: object) -> dict[str, object]:
    """Only the id fields of a command go to the log, never names or free text."""
    if isinstance(command, BaseModel):
        values = command.model_dump()
        return {k: v for k, v in values.items() if k == "id" or k.endswith(("_id", "_ids"))}
    return {}


def log_unexpected(what: str, actor: Actor | None, exc: BaseException, **ids: object) -> None:
    """Traceback frames and the exception type, not its message (it may hold personal data)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error(
        "unexpected %s in %s (user id %s, %s)\n%s",
        type(exc).__name__,
        what,
        actor.user_id if actor else None,
        ids,
        frames,
    )


def run(
    ctx: AppContext,
    parent: QWidget | None,
    service_fn: Callable[[Session, Actor, C], T],
    command: C,
    *,
    changes: frozenset[ChangeKind] = frozenset(),
    on_refused: Callable[[DomainError], bool] | None = None,
) -> T | None:
    """Run one service call in one transaction; None when it was refused or failed.

    `on_refused` sees a DomainError after the rollback and returns True when it has shown the
    message itself (inline at the offending field); otherwise it goes to messages.error.
    """
    name = _name(service_fn)
    try:
        with ctx.database.transaction() as session:
            result = service_fn(session, ctx.actor, command)
    except DomainError as exc:
        log.info("%s refused for user id %s: %s", name, ctx.actor.user_id, type(exc).__name__)
        if on_refused is None or not on_refused(exc):
            messages.error(parent, exc.message)
        return None
    except Exception as exc:
        log_unexpected(name, ctx.actor, exc, **_ids(command))
        messages.error(parent, GENERIC_ERROR)
        return None
    log.info("%s done for user id %s %s", name, ctx.actor.user_id, _ids(command))
    if changes:
        emit(ctx.events.data_changed, frozenset(changes))
    return result


@dataclass(frozen=True, slots=True)
class Attempt(Generic[T]):
    """The outcome of attempt(): the result, or the refusal for a dialog to show at its field.

    `failed` is True after an unexpected error (already logged and shown generically).
    """

    value: T | None
    refused: DomainError | None = None
    failed: bool = False

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.failed


def attempt(
    ctx: AppContext,
    parent: QWidget | None,
    service_fn: Callable[[Session, Actor, C], T],
    command: C,
    *,
    changes: frozenset[ChangeKind] = frozenset(),
) -> Attempt[T]:
    """Like run(), for a dialog that stays open: a DomainError is handed back (with its
    `field`) instead of shown in a box, so the dialog can mark the offending field."""
    name = _name(service_fn)
    try:
        with ctx.database.transaction() as session:
            result = service_fn(session, ctx.actor, command)
    except DomainError as exc:
        log.info("%s refused for user id %s: %s", name, ctx.actor.user_id, type(exc).__name__)
        return Attempt(None, refused=exc)
    except Exception as exc:
        log_unexpected(name, ctx.actor, exc, **_ids(command))
        messages.error(parent, GENERIC_ERROR)
        return Attempt(None, failed=True)
    log.info("%s done for user id %s %s", name, ctx.actor.user_id, _ids(command))
    if changes:
        emit(ctx.events.data_changed, frozenset(changes))
    return Attempt(result)


@dataclass(frozen=True, slots=True)
class Fetched(Generic[T]):
    """A read-side result, or the Swedish text to show inline instead of a message box."""

    value: T | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def fetch(ctx: AppContext, query_fn: Callable[..., T], *args: Any, **kwargs: Any) -> Fetched[T]:
    """Run `query_fn(session, actor, *args, **kwargs)` in a read session; errors as text.

    Panes and the tree loader use this to show a failure inline rather than interrupting the
    user with a modal box while they move through the tree.
    """
    name = _name(query_fn)
    try:
        with ctx.database.read() as session:
            return Fetched(query_fn(session, ctx.actor, *args, **kwargs))
    except DomainError as exc:
        log.info("%s refused for user id %s: %s", name, ctx.actor.user_id, type(exc).__name__)
        return Fetched(None, exc.message)
    except Exception as exc:
        log_unexpected(name, ctx.actor, exc)
        return Fetched(None, GENERIC_READ_ERROR)


def read(
    ctx: AppContext,
    query_fn: Callable[..., T],
    *args: Any,
    parent: QWidget | None = None,
    **kwargs: Any,
) -> T | None:
    """Run a read-side query `query_fn(session, actor, *args, **kwargs)`; None on failure.

    A DomainError is shown with messages.error (text verbatim), anything else is logged and
    shown as a generic Swedish error.
    """
    fetched = fetch(ctx, query_fn, *args, **kwargs)
    if fetched.error is not None:
        messages.error(parent, fetched.error)
        return None
    return fetched.value
