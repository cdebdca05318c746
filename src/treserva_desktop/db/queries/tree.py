"""Queries behind the main tree: Inkorg, Mina personer and Mina enheter (Nya uppdrag:
db/queries/new_assignments.py; Ej aktuella: db/queries/not_current.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    func,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Execution,
    Message,
    MessageRecipient,
    MyPerson,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.db.queries._access import (
    PERSON_ITEM_COLUMNS,
    PERSON_ORDER,
    person_item,
    person_item_of,
    require_person_access,
)
from treserva_desktop.db.queries.reach import reach_of, visible_persons
from treserva_desktop.domain.enums import (
    ExecutionStatus,
    Permission,
)
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import (
    MessageListItem,
    PersonListItem,
    UnitView,
)

LIVE_ROW = Execution.status != ExecutionStatus.REVOKED


def current_row(today: date) -> ColumnElement[bool]:
    """A live row that is ongoing or planned on `today`."""
    return and_(LIVE_ROW, or_(Execution.end_date.is_(None), Execution.end_date >= today))


# The inbox shows the newest messages; older ones stay reachable through the person and
# the assignment they concern.
INBOX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class InboxPage:
    """The newest `limit` messages, newest first, and whether there are older ones."""

    items: list[MessageListItem]
    more: bool


def inbox(session: Session, actor: Actor, *, limit: int = INBOX_LIMIT) -> list[MessageListItem]:
    """The actor's newest messages (at most `limit`), newest first."""
    return inbox_page(session, actor, limit=limit).items


# A protected identity in a list people glance at: neither name nor number.
PROTECTED_IN_LIST = "Skyddad identitet"


def inbox_page(session: Session, actor: Actor, *, limit: int = INBOX_LIMIT) -> InboxPage:
    """Like inbox, plus every unread message older than those (an unread message is never
    out of reach, so the unread count can always reach zero), newest first; says whether
    older read messages were left out ("visar alla olästa och de 500 senaste")."""
    # Newest first from ix_message_recipients_user_sent, stopping at the limit: the user's
    # older messages are never read.
    newest_first = (MessageRecipient.sent_at.desc(), MessageRecipient.message_id.desc())
    newest = session.execute(_inbox_rows(actor).order_by(*newest_first).limit(limit + 1)).all()
    rows = list(newest[:limit])
    more = False
    if len(newest) > limit and rows:
        last = rows[-1]
        older = tuple_(MessageRecipient.sent_at, MessageRecipient.message_id) < tuple_(
            last.sent_at, last.id
        )
        # The user's unread messages older than the last one listed are listed too.
        rows += session.execute(
            _inbox_rows(actor)
            .where(MessageRecipient.read_at.is_(None), older)
            .order_by(*newest_first)
        ).all()
        more = bool(
            session.scalar(
                select(
                    _inbox_rows(actor).where(MessageRecipient.read_at.is_not(None), older).exists()
                )
            )
        )
    persons = _message_persons(session, actor, {row.person_id for row in rows} - {None})
    items = [
        MessageListItem(
            id=row.id,
            subject=row.subject,
            sender_name=row.display_name or "Systemet",
            sent_at=row.sent_at,
            read=row.read_at is not None,
            person=persons.get(row.person_id, "") if row.person_id is not None else "",
        )
        for row in rows
    ]
    return InboxPage(items, more=more)


def _message_persons(session: Session, actor: Actor, person_ids: set[int]) -> dict[int, str]:
    """Inkorg's Person column: name and number of each person the messages are about that
    the actor may see (masked for a protected identity), each read audited; one query for
    the page whatever its size."""
    visible = visible_persons(
        reach_of(session, actor), sqlite=session.get_bind().dialect.name == "sqlite"
    )
    if not person_ids or visible is None:
        return {}
    rows = session.execute(
        select(*PERSON_ITEM_COLUMNS).where(Person.id.in_(person_ids), visible)
    ).all()
    audit.record_reads(session, actor, (audit.PersonRead(row.id) for row in rows), view="inbox")
    shown: dict[int, str] = {}
    for row in rows:
        item = person_item_of(row)
        shown[row.id] = (
            PROTECTED_IN_LIST
            if item.protected_identity
            else f"{item.name}, {item.identity_display}"
        )
    return shown


def _inbox_rows(actor: Actor) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Message.id,
            Message.subject,
            MessageRecipient.sent_at,
            MessageRecipient.read_at,
            User.display_name,
            Message.person_id,
        )
        .join(MessageRecipient, MessageRecipient.message_id == Message.id)
        .outerjoin(User, User.id == Message.sender_user_id)
        .where(MessageRecipient.user_id == actor.user_id)
    )


def unread_count(session: Session, actor: Actor) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(MessageRecipient)
            .where(MessageRecipient.user_id == actor.user_id, MessageRecipient.read_at.is_(None))
        )
        or 0
    )


def my_persons(session: Session, actor: Actor) -> list[PersonListItem]:
    """Mina personer: the persons on the actor's own list that the actor may still see (the
    same SQL predicate as Sök person, so a list entry is no way around unit scope); each
    person shown is audited."""
    visible = visible_persons(
        reach_of(session, actor), sqlite=session.get_bind().dialect.name == "sqlite"
    )
    if visible is None:
        return []
    rows = session.execute(
        select(*PERSON_ITEM_COLUMNS)
        .join(MyPerson, MyPerson.person_id == Person.id)
        .where(MyPerson.user_id == actor.user_id, visible)
        .order_by(*PERSON_ORDER)
    ).all()
    audit.record_reads(
        session, actor, (audit.PersonRead(row.id) for row in rows), view="my_persons"
    )
    return [person_item_of(row) for row in rows]


def _unit_view(unit: OrgUnit, has_children: bool) -> UnitView:
    return UnitView(
        id=unit.id,
        name=unit.name,
        kind=unit.kind,
        business_area=unit.business_area,
        parent_id=unit.parent_id,
        has_children=has_children,
    )


def _units_with_children(session: Session) -> set[int]:
    parents = session.scalars(select(OrgUnit.parent_id).where(OrgUnit.parent_id.is_not(None)))
    return {parent for parent in parents if parent is not None}


def root_units(session: Session, actor: Actor) -> list[UnitView]:
    """Mina enheter: the topmost provider units in the actor's reach."""
    units = actor.units_with(Permission.VIEW_PERSONS)
    if not units:
        return []
    rows = session.scalars(
        select(OrgUnit).where(OrgUnit.id.in_(units), OrgUnit.is_provider.is_(True))
    ).all()
    parents = _units_with_children(session)
    roots = [unit for unit in rows if unit.parent_id not in units]
    roots.sort(key=lambda unit: (unit.sort_order, unit.name))
    return [_unit_view(unit, unit.id in parents) for unit in roots]


def child_units(session: Session, actor: Actor, unit_id: int) -> list[UnitView]:
    units = actor.units_with(Permission.VIEW_PERSONS)
    rows = session.scalars(
        select(OrgUnit)
        .where(OrgUnit.parent_id == unit_id, OrgUnit.id.in_(units))
        .order_by(OrgUnit.sort_order, OrgUnit.name)
    ).all()
    parents = _units_with_children(session)
    return [_unit_view(unit, unit.id in parents) for unit in rows]


# A big unit's persons come in pages of this many rows (Swedish name order); the tree asks
# for the next page when its last loaded row scrolls into view.
UNIT_PAGE_SIZE = 250

# Where a page of a unit's persons starts: the sort key (PERSON_ORDER) of the row before it.
PersonKey = tuple[str, str, int]

# PERSON_ORDER as expressions no index hands out in order. With a LIMIT, PostgreSQL would
# otherwise walk ix_persons_name_key from the start and test every person against the unit's
# rows (10,000 persons read for the first page of a 3,000-person unit, the whole table for a
# small unit) instead of reading the unit's rows and sorting those few. The same values and
# the same order (the columns' collation carries over), on every backend.
PERSON_PAGE_ORDER = (Person.last_name_key + "", Person.first_name_key + "", Person.id + 0)


@dataclass(frozen=True, slots=True)
class PersonPage:
    """Some of a list's persons in order, and the key to continue after them (None: the end)."""

    items: list[PersonListItem]
    after: PersonKey | None


def _unit_person_ids(unit_id: int, today: date) -> CompoundSelect[tuple[int]]:
    """The persons with an ongoing or planned row performed by exactly this unit, read from
    ix_executions_unit_end alone: open-ended rows and rows ending today or later as two index
    ranges (an OR of the two makes both dialects read every row the unit ever had)."""
    live = select(Execution.person_id).where(Execution.unit_id == unit_id, LIVE_ROW)
    return union_all(
        live.where(Execution.end_date.is_(None)), live.where(Execution.end_date >= today)
    )


def unit_persons(
    session: Session, actor: Actor, unit_id: int, *, today: date | None = None
) -> list[PersonListItem]:
    """Persons with an ongoing or planned row performed by exactly this unit (all of them;
    the tree pages with unit_persons_page)."""
    today = today or clock_of(session).today()
    if unit_id not in actor.units_with(Permission.VIEW_PERSONS):
        return []
    rows = session.execute(
        select(*PERSON_ITEM_COLUMNS)
        .where(Person.id.in_(_unit_person_ids(unit_id, today)))
        .order_by(*PERSON_ORDER)
    ).all()
    audit.record_reads(
        session,
        actor,
        (audit.PersonRead(row.id, unit_id=unit_id) for row in rows),
        view="unit_persons",
    )
    return [person_item_of(row) for row in rows]


def unit_persons_page(
    session: Session,
    actor: Actor,
    unit_id: int,
    *,
    after: PersonKey | None = None,
    limit: int = UNIT_PAGE_SIZE,
    today: date | None = None,
) -> PersonPage:
    """The next `limit` persons of unit_persons after the key `after` (from the first without
    it): keyset paging on (last_name_key, first_name_key, id), so each page is one query that
    returns at most limit + 1 rows, however far into the list it starts."""
    today = today or clock_of(session).today()
    if unit_id not in actor.units_with(Permission.VIEW_PERSONS):
        return PersonPage([], None)
    query = select(*PERSON_ITEM_COLUMNS, *PERSON_ORDER[:2]).where(
        Person.id.in_(_unit_person_ids(unit_id, today))
    )
    if after is not None:
        query = query.where(tuple_(*PERSON_PAGE_ORDER) > tuple_(*after))
    # Core through the session's connection: the ORM layer adds nothing to a column query.
    rows = session.connection().execute(query.order_by(*PERSON_PAGE_ORDER).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    audit.record_reads(
        session,
        actor,
        (audit.PersonRead(row.id, unit_id=unit_id) for row in rows),
        view="unit_persons",
    )
    last = rows[-1] if more else None
    return PersonPage(
        [person_item_of(row) for row in rows],
        (last.last_name_key, last.first_name_key, last.id) if last is not None else None,
    )


def unit_person_count(
    session: Session, actor: Actor, unit_id: int, *, today: date | None = None
) -> int:
    """How many persons unit_persons lists, counted in SQL over the unit's rows."""
    today = today or clock_of(session).today()
    if unit_id not in actor.units_with(Permission.VIEW_PERSONS):
        return 0
    ids = _unit_person_ids(unit_id, today).subquery()
    return session.scalar(select(func.count(func.distinct(ids.c.person_id)))) or 0


def person_list_item(session: Session, actor: Actor, person_id: int) -> PersonListItem:
    """One person's name and number, as a list shows them; audited."""
    person = require_person_access(session, actor, person_id)
    audit.record_reads(session, actor, [audit.PersonRead(person.id)], view="list_item")
    return person_item(person)
