"""Read side of avvikelser: the deviation types, the units a user registers at, the rows and
count of Mitt skrivbord › Avvikelser and one deviation with its history.

Who reads a deviation: the managers of its unit (Permission.ANALYSE_DEVIATION there) and the
user who reported it. A read naming a person is audited (ids only)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Deviation,
    DeviationEvent,
    DeviationType,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.domain.deviation_rules import OPEN_STATES, DeviationState
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.deviations import (
    DeviationHistoryItem,
    DeviationListItem,
    DeviationTypeView,
    DeviationView,
    RegistrationUnit,
)

ENTITY = "deviation"
# Rows of the folder at most (the open ones at the user's units first come by time).
FOLDER_LIMIT = 300
# How long a reporter keeps seeing their own deviations in the folder, closed ones included.
OWN_DAYS = 180
# How long a closed deviation at the units a manager handles stays in the folder (greyed), to
# be read again after closing (lex Sarah and IVO follow-up, workplace meetings).
CLOSED_DAYS = 90
DENIED = "Du har inte behörighet att se den här avvikelsen."


def deviation_types(session: Session) -> list[DeviationTypeView]:
    """The active deviation types in the order the dialog offers them."""
    rows = session.execute(
        select(DeviationType.code, DeviationType.name)
        .where(DeviationType.active.is_(True))
        .order_by(DeviationType.sort_order, DeviationType.code)
    ).all()
    return [DeviationTypeView(code, name) for code, name in rows]


def registration_units(session: Session, actor: Actor) -> list[RegistrationUnit]:
    """The units the actor may register a deviation at, by name."""
    unit_ids = actor.units_with(Permission.REGISTER_DEVIATION)
    if not unit_ids:
        return []
    rows = session.execute(
        select(OrgUnit.id, OrgUnit.name)
        .where(OrgUnit.id.in_(sorted(unit_ids)))
        .order_by(OrgUnit.name, OrgUnit.id)
    ).all()
    return [RegistrationUnit(unit_id, name) for unit_id, name in rows]


def _closed_at_units(actor: Actor, since: datetime) -> Any:
    units = actor.units_with(Permission.ANALYSE_DEVIATION)
    if not units:
        return None
    return select(Deviation.id, Deviation.occurred_at).where(
        in_ids(Deviation.unit_id, sorted(units)),
        Deviation.state == DeviationState.CLOSED,
        Deviation.occurred_at >= since,
    )


def _open_at_units(actor: Actor) -> Any:
    units = actor.units_with(Permission.ANALYSE_DEVIATION)
    if not units:
        return None
    return select(Deviation.id, Deviation.occurred_at).where(
        in_ids(Deviation.unit_id, sorted(units)), Deviation.state.in_(OPEN_STATES)
    )


def _own(actor: Actor) -> Any:
    return select(Deviation.id, Deviation.occurred_at).where(
        Deviation.reported_by_user_id == actor.user_id
    )


def open_deviation_count(session: Session, actor: Actor) -> int:
    """The folder's count: open deviations at the actor's units (as their manager) and the
    actor's own open ones, each once: the units' count plus the own ones elsewhere, two
    index counts added rather than a union of ids to deduplicate (on PostgreSQL the union
    read a verksamhetschef's every deviation and hashed the open ones)."""
    own = (
        select(func.count())
        .select_from(Deviation)
        .where(Deviation.reported_by_user_id == actor.user_id, Deviation.state.in_(OPEN_STATES))
    )
    units = actor.units_with(Permission.ANALYSE_DEVIATION)
    if not units:
        return int(session.scalar(own) or 0)
    unit_list = sorted(units)
    managed = (
        select(func.count())
        .select_from(Deviation)
        .where(in_ids(Deviation.unit_id, unit_list), Deviation.state.in_(OPEN_STATES))
    )
    own_elsewhere = own.where(Deviation.unit_id.not_in(unit_list))
    total = select(managed.scalar_subquery() + own_elsewhere.scalar_subquery())
    return int(session.scalar(total) or 0)


def deviation_folder(
    session: Session, actor: Actor, *, limit: int = FOLDER_LIMIT
) -> list[DeviationListItem]:
    """Mitt skrivbord › Avvikelser: the open deviations at the units the actor manages, the
    closed ones there of the last CLOSED_DAYS days, and the actor's own of the last OWN_DAYS
    days, newest first, at most `limit`."""
    now = clock_of(session).now()
    parts = [_own(actor).where(Deviation.occurred_at >= now - timedelta(days=OWN_DAYS))]
    for managed in (
        _open_at_units(actor),
        _closed_at_units(actor, now - timedelta(days=CLOSED_DAYS)),
    ):
        if managed is not None:
            parts.append(managed)
    # Each part newest first and limited on its own index, then merged.
    limited = [part.order_by(Deviation.occurred_at.desc()).limit(limit) for part in parts]
    found: dict[int, Any] = {}
    for part in limited:
        for row in session.execute(part):
            found[row.id] = row.occurred_at
    ids = sorted(found, key=lambda key: (found[key], key), reverse=True)[:limit]
    if not ids:
        return []
    rows = session.execute(
        select(
            Deviation.id,
            Deviation.occurred_at,
            Deviation.unit_id,
            Deviation.person_id,
            Deviation.category,
            Deviation.state,
            Deviation.reported_by_user_id,
            OrgUnit.name.label("unit_name"),
            DeviationType.name.label("type_name"),
            Person.first_name,
            Person.last_name,
        )
        .join(OrgUnit, OrgUnit.id == Deviation.unit_id)
        .join(DeviationType, DeviationType.code == Deviation.type_code)
        .outerjoin(Person, Person.id == Deviation.person_id)
        .where(Deviation.id.in_(ids))
        .order_by(Deviation.occurred_at.desc(), Deviation.id.desc())
    ).all()
    # Each avvikelse shown that names a person is a read of that person, at its unit.
    audit.record_entity_reads(
        session, actor, Deviation.__table__, ENTITY, (row.id for row in rows), view="deviations"
    )
    return [
        DeviationListItem(
            id=row.id,
            occurred_at=row.occurred_at,
            unit_name=row.unit_name,
            person_name=f"{row.last_name}, {row.first_name}" if row.person_id else "",
            type_name=row.type_name,
            category=row.category,
            state=row.state,
            own=row.reported_by_user_id == actor.user_id,
        )
        for row in rows
    ]


def may_handle(actor: Actor, deviation: Deviation) -> bool:
    """Whether the actor analyses and closes this deviation (a manager of its unit)."""
    return actor.can(Permission.ANALYSE_DEVIATION, deviation.unit_id)


def require_deviation_access(session: Session, actor: Actor, deviation_id: int) -> Deviation:
    """The deviation, if the actor manages its unit or reported it; else PermissionDenied."""
    deviation = session.get(Deviation, deviation_id)
    if deviation is None:
        raise NotFound("Avvikelsen finns inte.")
    if may_handle(actor, deviation) or deviation.reported_by_user_id == actor.user_id:
        return deviation
    raise PermissionDenied(DENIED)


def _name(session: Session, model: Any, row_id: int | None, *columns: Any) -> str:
    if row_id is None:
        return ""
    row = session.execute(select(*columns).where(model.id == row_id)).one_or_none()
    if row is None:
        return ""
    return ", ".join(str(part) for part in row)


def deviation_detail(session: Session, actor: Actor, deviation_id: int) -> DeviationView:
    """One deviation with its history, for the deviation window (audited)."""
    deviation = require_deviation_access(session, actor, deviation_id)
    type_name = session.scalar(
        select(DeviationType.name).where(DeviationType.code == deviation.type_code)
    )
    events = session.execute(
        select(
            DeviationEvent.occurred_at,
            DeviationEvent.step,
            DeviationEvent.state,
            DeviationEvent.changes,
            User.display_name,
        )
        .outerjoin(User, User.id == DeviationEvent.user_id)
        .where(DeviationEvent.deviation_id == deviation.id)
        .order_by(DeviationEvent.id)
    ).all()
    if deviation.person_id is not None:
        # A deviation on a person is a read of the person's data; one on a unit names none.
        audit.record(
            session,
            actor,
            AuditAction.READ_PERSON,
            ENTITY,
            deviation.id,
            person_id=deviation.person_id,
            unit_id=deviation.unit_id,
            details={"view": "deviation"},
        )
    return DeviationView(
        id=deviation.id,
        unit_id=deviation.unit_id,
        unit_name=_name(session, OrgUnit, deviation.unit_id, OrgUnit.name),
        person_id=deviation.person_id,
        person_name=_name(
            session, Person, deviation.person_id, Person.last_name, Person.first_name
        ),
        category=deviation.category,
        type_code=deviation.type_code,
        type_name=type_name or deviation.type_code,
        reporter_name=_name(session, User, deviation.reported_by_user_id, User.display_name),
        reported_at=deviation.reported_at,
        occurred_at=deviation.occurred_at,
        place=deviation.place,
        description=deviation.description,
        immediate_action=deviation.immediate_action,
        state=deviation.state,
        cause=deviation.cause,
        consequence=deviation.consequence,
        risk=deviation.risk,
        decided_actions=deviation.decided_actions,
        feedback=deviation.feedback,
        escalation=deviation.escalation,
        investigation_started_on=deviation.investigation_started_on,
        investigation_ended_on=deviation.investigation_ended_on,
        mas_assessed_on=deviation.mas_assessed_on,
        ivo_reported_on=deviation.ivo_reported_on,
        version=deviation.version,
        may_handle=may_handle(actor, deviation),
        history=tuple(
            DeviationHistoryItem(
                at=row.occurred_at,
                user_name=row.display_name or "",
                step=row.step,
                state=row.state,
                changes=dict(row.changes or {}),
            )
            for row in events
        ),
    )
