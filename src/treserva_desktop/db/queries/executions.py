"""The execution window's read side: one intervention's rows at a unit, the avslutsorsaker
and the message to the handläggare once the person's interventions have ended."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Assignment,
    Case,
    Decision,
    EndReason,
    Execution,
    Intervention,
    InterventionType,
    OrgUnit,
)
from treserva_desktop.db.queries.inbox import recipient_choice_map
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, execution_phase, require
from treserva_desktop.domain.views.executions import (
    EndedMessageDraft,
    EndReasonOption,
    ExecutionWindowView,
    WindowRow,
)

ENDED_SUBJECT = "Insatser avslutade"


def end_reasons(session: Session) -> list[EndReasonOption]:
    """The active avslutsorsaker, in the order the dialog offers them."""
    return _end_reasons(session)[1]


def _end_reasons(session: Session) -> tuple[dict[str, str], list[EndReasonOption]]:
    """Every avslutsorsak's name by code (a row keeps a reason that is no longer offered)
    and the active ones in the dialog's order: one read of the small table."""
    rows = session.execute(
        select(EndReason.code, EndReason.name, EndReason.active).order_by(
            EndReason.sort_order, EndReason.code
        )
    ).all()
    names = {row.code: row.name for row in rows}
    return names, [EndReasonOption(row.code, row.name) for row in rows if row.active]


def _reason_names(session: Session) -> dict[str, str]:
    return _end_reasons(session)[0]


def execution_window(
    session: Session,
    actor: Actor,
    person_id: int,
    *,
    unit_id: int | None = None,
) -> ExecutionWindowView:
    """Välj in Insats GF: the person's rows at the unit (at every unit where the actor may end
    rows when none is given), every intervention and history included, with what
    Rätta/Avsluta checks."""
    require(actor, Permission.END_EXECUTION, unit_id)
    person = require_person_access(session, actor, person_id)
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person_id,
        person_id=person_id,
        unit_id=unit_id,
        details={"view": "execution_window"},
    )
    today = clock_of(session).today()
    reasons, offered = _end_reasons(session)
    # The person's rows of every intervention they have a row of at the unit, at any unit:
    # the overlap rule spans units. One query, whatever the number of rows.
    shown = select(Execution.intervention_id).where(Execution.person_id == person_id)
    if unit_id is not None:
        shown = shown.where(Execution.unit_id == unit_id)
    everything = session.execute(
        select(Execution, OrgUnit.name, InterventionType, Decision)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(Decision, Decision.id == Intervention.decision_id)
        .where(Execution.person_id == person_id, Execution.intervention_id.in_(shown))
        .order_by(InterventionType.name, Execution.start_date, Execution.id)
    ).all()
    ends = {row.id: row.end_date for row, *_rest in everything}
    rows = tuple(
        WindowRow(
            id=row.id,
            assignment_id=row.assignment_id,
            intervention_id=row.intervention_id,
            intervention_name=kind.name,
            requires_time=kind.requires_time,
            decision_start=decision.period_start,
            decision_end=decision.period_end,
            unit_id=row.unit_id,
            unit_name=unit_name,
            start_date=row.start_date,
            end_date=row.end_date,
            minutes=row.minutes,
            per=row.per,
            status=row.status,
            phase=execution_phase(row.start_date, row.end_date, today),
            version=row.version,
            end_reason=reasons.get(row.end_reason, row.end_reason),
            replaces_execution_id=row.replaces_execution_id,
        )
        for row, unit_name, kind, decision in everything
        if (
            row.unit_id == unit_id
            if unit_id is not None
            else actor.can(Permission.END_EXECUTION, row.unit_id)
        )
    )
    # The unit's name from its rows above; asked for only when none of them is there.
    shown_unit = next((name for row, name, *_rest in everything if row.unit_id == unit_id), None)
    if unit_id is not None and shown_unit is None:
        shown_unit = session.scalar(select(OrgUnit.name).where(OrgUnit.id == unit_id))
    number = from_stored(person.identity_number, person.identity_kind).display()
    return ExecutionWindowView(
        person_id=person_id,
        person_text=f"{person.full_name}, {number}",
        unit_id=unit_id,
        unit_name=shown_unit or "alla enheter",
        rows=rows,
        reasons=tuple(offered),
        overlap_rows=tuple(
            (
                row.id,
                row.intervention_id,
                ExistingRow(row.start_date, row.end_date, row.status, unit_name),
            )
            for row, unit_name, _kind, _decision in everything
        ),
        replaced_ends=tuple(
            (row.id, ends.get(row.replaces_execution_id))
            for row, *_rest in everything
            if row.replaces_execution_id is not None
        ),
    )


def ended_message_draft(
    session: Session,
    actor: Actor,
    person_id: int,
    unit_id: int,
    execution_ids: Sequence[int],
) -> EndedMessageDraft:
    """The message offered when the person has nothing left at the unit: to the case's
    responsible handläggare (and whoever sent the assignments), naming the person, each
    ended intervention with its T.o.m. and avslutsorsak."""
    require(actor, Permission.END_EXECUTION, unit_id)
    person = require_person_access(session, actor, person_id)
    found = session.execute(
        select(Execution, InterventionType.name, Case.responsible_user_id, Assignment)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(Decision, Decision.id == Intervention.decision_id)
        .join(Case, Case.id == Decision.case_id)
        .join(Assignment, Assignment.id == Execution.assignment_id)
        .where(Execution.id.in_(list(execution_ids)), Execution.person_id == person_id)
        .order_by(InterventionType.name, Execution.start_date)
    ).all()
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person_id,
        person_id=person_id,
        unit_id=unit_id,
        details={"view": "ended_message", "execution_ids": sorted(execution_ids)},
    )
    reasons = _reason_names(session)
    handlaggare: set[int] = set()
    lines: list[str] = []
    for row, type_name, responsible, assignment in found:
        for user_id in (responsible, assignment.sender_user_id):
            if user_id is not None and user_id != actor.user_id:
                handlaggare.add(user_id)
        end = f"{row.end_date:%Y-%m-%d}" if row.end_date else "tills vidare"
        reason = reasons.get(row.end_reason, row.end_reason)
        lines.append(f"- {type_name}: t.o.m. {end}" + (f" ({reason})" if reason else ""))
    unit = session.get(OrgUnit, unit_id)
    number = from_stored(person.identity_number, person.identity_kind).display()
    regarding = f"{person.full_name}, {number}"
    body = "\n".join(
        [
            f"Insatserna för {regarding} hos {unit.name if unit else 'enheten'} är avslutade:",
            "",
            *lines,
            "",
            "Personen har inga pågående eller planerade insatser kvar hos oss.",
            "",
            "Hälsningar",
            actor.display_name,
        ]
    )
    recipients = recipient_choice_map(session, handlaggare)
    return EndedMessageDraft(
        recipients=tuple(recipients),
        preselected=tuple(sorted(handlaggare)),
        subject=ENDED_SUBJECT,
        body=body,
        person_id=person_id,
        regarding=regarding,
        assignment_id=max(((a.sent_at, a.id) for _r, _t, _resp, a in found), default=(None, None))[
            1
        ],
    )
