"""The single choke point for user actions: one transaction, error mapping, change events."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from pydantic import BaseModel
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.db import live
from treserva_desktop.db.database import Database, is_busy, is_disconnected
from treserva_desktop.domain.changes import change_set_of
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import auth
from treserva_desktop.ui import incidents, messages
from treserva_desktop.ui.context import AppContext

log = logging.getLogger(__name__)

T = TypeVar("T")
C = TypeVar("C")
R = TypeVar("R")
A = TypeVar("A", bound=Actor | None)

GENERIC_ERROR = (
    "Ett oväntat fel inträffade och åtgärden kunde inte slutföras. Inga ändringar har sparats. "
    "Försök igen, och kontakta Användarstöd om felet kvarstår."
)
GENERIC_READ_ERROR = (
    "Uppgifterna kunde inte hämtas på grund av ett oväntat fel. "
    "Försök igen, och kontakta Användarstöd om felet kvarstår."
)


def action_name(fn: Callable[..., Any]) -> str:
    module = getattr(fn, "__module__", "") or ""
    return f"{module.rsplit('.', 1)[-1]}.{getattr(fn, '__qualname__', repr(fn))}"


def _ids(command: object) -> dict[str, object]:
    """Only the id fields of a command go to the log, never names or free text."""
    if isinstance(command, BaseModel):
        values = command.model_dump()
        return {k: v for k, v in values.items() if k == "id" or k.endswith(("_id", "_ids"))}
    return {}


BUSY_WRITE = (
    "Databasen är upptagen just nu, så åtgärden kunde inte sparas. Inga ändringar har sparats. "
    "Välj Försök igen om en liten stund, eller Avbryt."
)
BUSY_READ = (
    "Databasen är upptagen just nu, så uppgifterna kunde inte hämtas. Försök igen om en liten "
    "stund."
)
BUSY_TITLE = "Databasen är upptagen"
DISCONNECTED_WRITE = (
    "Anslutningen till databasen är bruten, så åtgärden kunde inte sparas. Inga ändringar har "
    "sparats och det du har skrivit finns kvar. Programmet försöker ansluta igen; välj Försök "
    "igen om en liten stund, eller Avbryt."
)
DISCONNECTED_READ = (
    "Anslutningen till databasen är bruten, så uppgifterna kunde inte hämtas. Programmet "
    "försöker ansluta igen; försök igen om en liten stund."
)
DISCONNECTED_TITLE = "Ingen anslutning till databasen"


def log_unexpected(what: str, actor: Actor | None, exc: BaseException, **ids: object) -> str:
    """Traceback frames and the exception type, not its message (it may hold personal data),
    under a new incident id, which is returned for the message to the user."""
    return incidents.log_incident(what, actor.user_id if actor else None, exc, **ids)


def unexpected_error(incident_id: str | None) -> str:
    """The generic Swedish text after an unexpected error, with its incident id."""
    return incidents.with_incident(GENERIC_ERROR, incident_id) if incident_id else GENERIC_ERROR


def unexpected_read_error(incident_id: str | None) -> str:
    if incident_id:
        return incidents.with_incident(GENERIC_READ_ERROR, incident_id)
    return GENERIC_READ_ERROR


@dataclass(frozen=True, slots=True)
class Attempt(Generic[T]):
    """The outcome of one call through the core: the result, or the refusal for a dialog to
    show at its field. `failed` is True after an unexpected error (already logged under
    `incident`); `busy` when another connection held a lock too long or the connection to
    the database was lost (`disconnected`): rolled back, may be tried again."""

    value: T | None
    refused: DomainError | None = None
    failed: bool = False
    incident: str | None = None
    busy: bool = False
    disconnected: bool = False

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.failed and not self.busy


def call(
    database: Database,
    actor: A,
    service_fn: Callable[[Session, A, C], T],
    command: C,
    *,
    write: bool = True,
    name: str | None = None,
    read_in_transaction: bool = False,
) -> Attempt[T]:
    """The core every user action goes through: one session (a transaction, or a read-only
    session when `write` is False: in autocommit on PostgreSQL unless `read_in_transaction`,
    for work that streams its rows, see Database.read), DomainError handed back, anything
    else logged with ids only. Shows nothing and emits nothing, so it also serves login and
    worker threads.

    A write publishes its declared change set in its own transaction (db/live.py), so the
    other workstations learn of it exactly when it commits."""
    name = name or action_name(service_fn)
    who = actor.user_id if actor is not None else None
    try:
        scope = (
            database.transaction() if write else database.read(autocommit=not read_in_transaction)
        )
        with scope as session:
            result = service_fn(session, actor, command)
            if write:
                change = change_set_of(service_fn, command, result)
                live.publish(session, change, database.client_id)
    except DomainError as exc:
        log.info("%s refused for user id %s: %s", name, who, type(exc).__name__)
        return Attempt(None, refused=exc)
    except Exception as exc:
        if is_busy(exc):
            log.warning(
                "%s: database busy for user id %s %s (%s), rolled back",
                name,
                who,
                _ids(command),
                type(exc).__name__,
            )
            return Attempt(None, busy=True)
        if is_disconnected(exc):
            log.warning(
                "%s: database connection lost for user id %s %s (%s), not saved",
                name,
                who,
                _ids(command),
                type(exc).__name__,
            )
            return Attempt(None, busy=True, disconnected=True)
        incident = log_unexpected(name, actor, exc, **_ids(command))
        return Attempt(None, failed=True, incident=incident)
    if write:
        log.info("%s done for user id %s %s", name, who, _ids(command))
    return Attempt(result)


def emit_changes(ctx: AppContext, service_fn: object, command: object, result: object) -> None:
    """After commit: what the service declares it changed (narrowed for this call), with the
    ids this call touched when the service says, as one ChangeSet."""
    change = change_set_of(service_fn, command, result)
    if change:
        ctx.events.data_changed.emit(change)


def busy_message(done: Attempt[Any], *, write: bool) -> tuple[str, str]:
    """The text and title for an action or read that was rolled back and may be tried again:
    a held lock, or a lost connection."""
    if done.disconnected:
        return (DISCONNECTED_WRITE if write else DISCONNECTED_READ), DISCONNECTED_TITLE
    return (BUSY_WRITE if write else BUSY_READ), BUSY_TITLE


def attempt(
    ctx: AppContext,
    parent: QWidget | None,
    service_fn: Callable[[Session, Actor, C], T],
    command: C,
) -> Attempt[T]:
    """Run one service call in one transaction for a dialog that stays open: a DomainError is
    handed back (with its `field`) instead of shown, an unexpected error is shown generically
    with its incident id, and after commit the service's declared changes are emitted.

    When the database is busy (a lock held past the timeout) the transaction has been rolled
    back whole; the user is asked Försök igen / Avbryt, and Försök igen runs the action again
    from the start, in a new transaction."""
    while True:
        done = call(ctx.database, ctx.actor, service_fn, command)
        text, title = busy_message(done, write=True)
        if not done.busy or not messages.ask_retry(parent, text, title=title):
            break
        log.info("%s tried again by user id %s", action_name(service_fn), ctx.actor.user_id)
    if done.failed:
        messages.error(parent, unexpected_error(done.incident))
    elif done.ok:
        emit_changes(ctx, service_fn, command, done.value)
    return done


def run(
    ctx: AppContext,
    parent: QWidget | None,
    service_fn: Callable[[Session, Actor, C], T],
    command: C,
    *,
    on_refused: Callable[[DomainError], bool] | None = None,
) -> T | None:
    """attempt() and show a refusal; None when it was refused or failed.

    `on_refused` sees a DomainError after the rollback and returns True when it has shown the
    message itself (inline at the offending field); otherwise it goes to messages.error.
    """
    done = attempt(ctx, parent, service_fn, command)
    if done.refused is not None and (on_refused is None or not on_refused(done.refused)):
        messages.error(parent, done.refused.message)
    return done.value


def log_in(database: Database, command: Login) -> Attempt[auth.LoginOutcome]:
    """Login through the same core: one transaction whether it succeeds or not (failures are
    counted and audited); there is no actor yet."""
    return call(database, None, auth.login, command)


# -- dialogs that submit while open --------------------------------------------------------

# The one contract of a dialog that runs its command before it closes: called with the dialog
# (the parent of any message) and the command, it hands back how the call went.
Submit: TypeAlias = Callable[[QWidget, C], Attempt[R]]


@dataclass(frozen=True, slots=True)
class Submitted(Generic[C, R]):
    """What such a dialog's ask() returns when it closed after submitting: the command and
    the outcome (ok, or a refusal/failure the dialog has already shown)."""

    command: C
    outcome: Attempt[R]

    @property
    def value(self) -> R | None:
        return self.outcome.value if self.outcome.ok else None


# Whether a command would be refused now: the refusal, or None (see rehearse).
Rehearse: TypeAlias = Callable[[C], DomainError | None]


class _Rehearsed(Exception):
    """Ends a rehearsal once the service has run, so its transaction rolls back."""


def rehearse(
    database: Database, actor: Actor, service_fn: Callable[[Session, Actor, C], Any], command: C
) -> DomainError | None:
    """What the service would refuse the command with now, found by running it in a
    transaction that is always rolled back: nothing is saved, published or audited. A dialog
    asks this before its Ja/Nej on an irreversible step, so the user is not asked to confirm
    what is then refused. None when it would go through; a busy database or any other
    failure is left to the real call, which reports it."""
    try:
        with database.transaction() as session:
            service_fn(session, actor, command)
            raise _Rehearsed
    except _Rehearsed:
        return None
    except DomainError as exc:
        log.info("%s would be refused for user id %s", action_name(service_fn), actor.user_id)
        return exc
    except Exception as exc:  # reported by the real call, if it fails the same way
        log.info("%s rehearsal did not finish (%s)", action_name(service_fn), type(exc).__name__)
        return None


def rehearser(ctx: AppContext, service_fn: Callable[[Session, Actor, C], Any]) -> Rehearse[C]:
    """A dialog's Rehearse for one service."""
    return lambda command: rehearse(ctx.database, ctx.actor, service_fn, command)


def submitter(
    ctx: AppContext, service_fn: Callable[[Session, Actor, C], R]
) -> Callable[[QWidget, C], Attempt[R]]:
    """The usual Submit: attempt() the service with the dialog as parent."""

    def submit(parent: QWidget, command: C) -> Attempt[R]:
        return attempt(ctx, parent, service_fn, command)

    return submit


# -- read side -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fetched(Generic[T]):
    """A read-side result, or the Swedish text to show inline instead of a message box."""

    value: T | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def fetched(done: Attempt[T]) -> Fetched[T]:
    """A read's Attempt as a Fetched: the refusal verbatim, a busy database as such, anything
    else generically with its incident id."""
    if done.refused is not None:
        return Fetched(None, done.refused.message)
    if done.busy:
        return Fetched(None, busy_message(done, write=False)[0])
    if done.failed:
        return Fetched(None, unexpected_read_error(done.incident))
    return Fetched(done.value)


def fetch(ctx: AppContext, query_fn: Callable[..., T], *args: Any, **kwargs: Any) -> Fetched[T]:
    """Run `query_fn(session, actor, *args, **kwargs)` in a read session; errors as text.

    Panes and the tree loader use this to show a failure inline rather than interrupting the
    user with a modal box while they move through the tree.
    """

    def query(session: Session, actor: Actor, _command: None) -> T:
        return query_fn(session, actor, *args, **kwargs)

    return fetched(
        call(ctx.database, ctx.actor, query, None, write=False, name=action_name(query_fn))
    )


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
    result = fetch(ctx, query_fn, *args, **kwargs)
    if result.error is not None:
        messages.error(parent, result.error)
        return None
    return result.value
