"""Ej aktuella – att avsluta: persons whose rows at the actor's units have all ended."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Execution, NotCurrentRemoval, Person
from treserva_desktop.db.queries._access import PERSON_ITEM_COLUMNS, PERSON_ORDER, person_item_of
from treserva_desktop.db.queries.reach import reach_of, visible_persons
from treserva_desktop.db.queries.tree import LIVE_ROW, current_row
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.not_current_rules import removal_hides
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.not_current import NotCurrentPerson


def not_current_persons(
    session: Session,
    actor: Actor,
    *,
    today: date | None = None,
    lookback_days: int = 90,
    show_removed: bool = False,
) -> list[NotCurrentPerson]:
    """Ej aktuella – att avsluta: persons whose rows at the actor's units all ended within the
    look-back, without those the actor took out of the folder (Ta bort ur mapp) for the
    engagement that ended; with `show_removed` those too, marked."""
    today = today or clock_of(session).today()
    units = actor.units_with(Permission.END_EXECUTION)
    if not units:
        return []
    since = today - timedelta(days=lookback_days)
    # Starts from the units' rows that ended in the look-back (ix_executions_unit_end),
    # not from every person.
    recently_ended = select(Execution.person_id).where(
        Execution.unit_id.in_(units),
        LIVE_ROW,
        Execution.end_date < today,
        Execution.end_date >= since,
    )
    still_current = exists().where(
        Execution.person_id == Person.id, Execution.unit_id.in_(units), current_row(today)
    )
    # Per listed person: their last end at the units (ix_executions_person_reach) and the
    # actor's newest removal entry (ix_not_current_removals_user_person).
    last_end = (
        select(func.max(Execution.end_date))
        .where(Execution.person_id == Person.id, Execution.unit_id.in_(units), LIVE_ROW)
        .scalar_subquery()
    )
    newest = aliased(NotCurrentRemoval)
    newest_id = (
        select(func.max(newest.id))
        .where(newest.user_id == actor.user_id, newest.person_id == Person.id)
        .scalar_subquery()
    )
    # The unit of the person's latest ended row at the actor's units: where their plans and
    # checklists are (same index, newest end first).
    last_unit = (
        select(Execution.unit_id)
        .where(Execution.person_id == Person.id, Execution.unit_id.in_(units), LIVE_ROW)
        .order_by(Execution.end_date.desc(), Execution.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    # Whether the person can still be read: the reach rule itself (db/queries/reach.py), so
    # the folder marks exactly those every read would refuse (the follow-up time has run out).
    readable = visible_persons(
        reach_of(session, actor), sqlite=session.get_bind().dialect.name == "sqlite"
    )
    removal = aliased(NotCurrentRemoval)
    hidden = and_(removal.removed.is_(True), removal.ended_on >= last_end)
    query = (
        select(
            *PERSON_ITEM_COLUMNS,
            last_end.label("last_end"),
            last_unit.label("last_unit"),
            (readable if readable is not None else false()).label("readable"),
            removal.removed,
            removal.ended_on,
        )
        .outerjoin(removal, removal.id == newest_id)
        .where(Person.id.in_(recently_ended), ~still_current)
        .order_by(*PERSON_ORDER)
    )
    if not show_removed:
        query = query.where(or_(removal.id.is_(None), ~hidden))
    rows = session.execute(query).all()
    audit.record_reads(
        session, actor, (audit.PersonRead(row.id) for row in rows), view="not_current"
    )
    return [
        NotCurrentPerson(
            person_item_of(row),
            row.last_end,
            removed=removal_hides(row.removed, row.ended_on, row.last_end),
            unit_id=row.last_unit,
            in_follow_up=bool(row.readable),
        )
        for row in rows
    ]
