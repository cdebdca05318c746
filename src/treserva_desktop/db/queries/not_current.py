"""Ej aktuella – att avsluta: persons whose rows at the actor's units have all ended.

The folder comes in pages, like a unit's persons: keyset paging on the Swedish name order,
each page one query that reads the persons ended in the look-back at the actor's units
(ix_executions_unit_end) and works out the shown columns for the page's rows alone. Only the
persons shown are audited. How many the folder lists in all is counted in SQL
(not_current_tally), without reading anyone's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, select, tuple_
from sqlalchemy.orm import Session, aliased

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import Execution, NotCurrentRemoval, Person
from treserva_desktop.db.queries._access import PERSON_ITEM_COLUMNS, person_item_of
from treserva_desktop.db.queries.reach import reach_of, visible_persons
from treserva_desktop.db.queries.tree import LIVE_ROW, PERSON_PAGE_ORDER, PersonKey, current_row
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.not_current_rules import removal_hides
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.not_current import NotCurrentPerson, NotCurrentTally

# Persons per page of the folder; the tree asks for the next page as its last row scrolls
# into view.
NOT_CURRENT_PAGE_SIZE = 250
DEFAULT_LOOKBACK_DAYS = 90


@dataclass(frozen=True, slots=True)
class NotCurrentPage:
    """Some of the folder's persons in name order, and the key to go on after them (None:
    the end)."""

    items: list[NotCurrentPerson]
    after: PersonKey | None


@dataclass(frozen=True, slots=True)
class _Folder:
    """The folder's query parts for one actor and day."""

    listed: Select[*tuple[Any, ...]]
    last_unit: ColumnElement[Any]
    readable: ColumnElement[bool]
    # Whether the actor took the person out of the folder for the engagement that ended.
    hidden: ColumnElement[bool]


def _folder(
    session: Session, actor: Actor, units: frozenset[int], today: date, lookback_days: int
) -> _Folder:
    """The persons listed (id, name keys, last end and the actor's newest removal entry) and,
    per person, the unit of the last row and whether they can still be read."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    since = today - timedelta(days=lookback_days)
    # Starts from the units' rows that ended in the look-back (ix_executions_unit_end), not
    # from every person.
    recently_ended = select(Execution.person_id).where(
        in_ids(Execution.unit_id, units),
        LIVE_ROW,
        Execution.end_date < today,
        Execution.end_date >= since,
    )
    # Per candidate: their rows at the units, sought by person (ix_executions_person_reach).
    # On SQLite "+ 0" keeps the unit list out of the index search, which would otherwise be
    # one seek per unit and candidate (125 for a verksamhetschef); a person has few rows.
    at_units = (Execution.unit_id + 0).in_(units) if sqlite else in_ids(Execution.unit_id, units)
    still_current = exists().where(Execution.person_id == Person.id, at_units, current_row(today))
    last_end = (
        select(func.max(Execution.end_date))
        .where(Execution.person_id == Person.id, at_units, LIVE_ROW)
        .scalar_subquery()
    )
    # The actor's newest removal entry (ix_not_current_removals_user_person).
    newest = aliased(NotCurrentRemoval)
    newest_id = (
        select(func.max(newest.id))
        .where(newest.user_id == actor.user_id, newest.person_id == Person.id)
        .scalar_subquery()
    )
    removal = aliased(NotCurrentRemoval)
    listed = (
        select(
            Person.id,
            Person.last_name_key,
            Person.first_name_key,
            last_end.label("last_end"),
            removal.removed.label("removed"),
            removal.ended_on.label("ended_on"),
        )
        .outerjoin(removal, removal.id == newest_id)
        .where(Person.id.in_(recently_ended), ~still_current)
    )
    # No removal entry: `removed IS TRUE` is false, so the whole test is false (not NULL).
    hidden = and_(removal.removed.is_(True), removal.ended_on >= last_end)
    # The unit of the person's latest ended row at the units: where their plans and
    # checklists are (same index, newest end first).
    last_unit = (
        select(Execution.unit_id)
        .where(Execution.person_id == Person.id, at_units, LIVE_ROW)
        .order_by(Execution.end_date.desc(), Execution.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    # Whether the person can still be read: the reach rule itself (db/queries/reach.py), so
    # the folder marks exactly those every read would refuse (the follow-up time has run out).
    readable = visible_persons(reach_of(session, actor), sqlite=sqlite)
    return _Folder(listed, last_unit, readable if readable is not None else false(), hidden)


def not_current_page(
    session: Session,
    actor: Actor,
    *,
    after: PersonKey | None = None,
    limit: int | None = NOT_CURRENT_PAGE_SIZE,
    today: date | None = None,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    show_removed: bool = False,
) -> NotCurrentPage:
    """Ej aktuella – att avsluta: persons whose rows at the actor's units all ended within
    the look-back, without those the actor took out of the folder (Ta bort ur mapp) for the
    engagement that ended; with `show_removed` those too, marked. The next `limit` after the
    key `after` (all of them with limit None); each person shown is audited."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.END_EXECUTION)
    if not units:
        return NotCurrentPage([], None)
    folder = _folder(session, actor, units, today, lookback_days)
    listed = folder.listed
    if not show_removed:
        listed = listed.where(~folder.hidden)
    if after is not None:
        listed = listed.where(tuple_(*PERSON_PAGE_ORDER) > tuple_(*after))
    listed = listed.order_by(*PERSON_PAGE_ORDER)
    if limit is not None:
        listed = listed.limit(limit + 1)
    page = listed.subquery()
    # The shown columns for the page's persons alone, not for every candidate.
    rows = (
        session.connection()
        .execute(
            select(
                *PERSON_ITEM_COLUMNS,
                page.c.last_name_key,
                page.c.first_name_key,
                page.c.last_end,
                page.c.removed,
                page.c.ended_on,
                folder.last_unit.label("last_unit"),
                folder.readable.label("readable"),
            )
            .join_from(page, Person, Person.id == page.c.id)
            .order_by(page.c.last_name_key, page.c.first_name_key, page.c.id)
        )
        .all()
    )
    more = limit is not None and len(rows) > limit
    if limit is not None:
        rows = rows[:limit]
    audit.record_reads(
        session, actor, (audit.PersonRead(row.id) for row in rows), view="not_current"
    )
    last = rows[-1] if more else None
    return NotCurrentPage(
        [
            NotCurrentPerson(
                person_item_of(row),
                row.last_end,
                removed=removal_hides(row.removed, row.ended_on, row.last_end),
                unit_id=row.last_unit,
                in_follow_up=bool(row.readable),
            )
            for row in rows
        ],
        (last.last_name_key, last.first_name_key, last.id) if last is not None else None,
    )


def not_current_persons(
    session: Session,
    actor: Actor,
    *,
    today: date | None = None,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    show_removed: bool = False,
) -> list[NotCurrentPerson]:
    """Every person of the folder (not_current_page without paging)."""
    return not_current_page(
        session,
        actor,
        limit=None,
        today=today,
        lookback_days=lookback_days,
        show_removed=show_removed,
    ).items


def not_current_tally(
    session: Session,
    actor: Actor,
    *,
    today: date | None = None,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
    show_removed: bool = False,
) -> NotCurrentTally:
    """How many persons not_current_page lists in all, counted in SQL: numbers only, so
    nobody's data is read (and nothing is audited)."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.END_EXECUTION)
    if not units:
        return NotCurrentTally(0)
    folder = _folder(session, actor, units, today, lookback_days)
    listed = folder.listed.add_columns(
        folder.hidden.label("hidden"), folder.readable.label("readable")
    )
    if not show_removed:
        listed = listed.where(~folder.hidden)
    counted = listed.subquery()
    totals = (
        session.connection()
        .execute(
            select(
                func.count(),
                func.count().filter(counted.c.hidden),
                func.count().filter(~counted.c.hidden, ~counted.c.readable),
            ).select_from(counted)
        )
        .one()
    )
    return NotCurrentTally(int(totals[0]), int(totals[1]), int(totals[2]))
