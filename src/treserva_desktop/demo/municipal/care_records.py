"""The records of one decision in a scale demo, row by row: case, decision, assignment,
interventions with their assignment items, execution rows (with time changes) and the Inkorg
notice. What to write is decided in care.py; this module only shapes and adds the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Case,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    Message,
    MessageRecipient,
)
from treserva_desktop.demo import names
from treserva_desktop.demo.municipal.context import Context
from treserva_desktop.demo.organisation import BISTAND
from treserva_desktop.demo.write import LEGAL_BASIS
from treserva_desktop.domain.assignment_rules import awaits_distribution
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    TimePer,
)

_A = BusinessArea
_ES = ExecutionStatus

# Granted time in 30-minute steps: (lowest steps, highest steps, per), as in the small demo.
GRANTED_TIME: dict[str, tuple[int, int, TimePer]] = {
    "personal_care": (4, 50, TimePer.WEEK),
    "service": (4, 20, TimePer.MONTH),
    "escort": (4, 16, TimePer.MONTH),
    "relief": (4, 16, TimePer.WEEK),
}
_REVOKED_REASON = "Ändrad tidsåtgång"


class CareRecords:
    """Adds the rows of cases, decisions and what follows from them to the bulk writer."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.w = ctx.writer
        self.type_names: dict[str, str] = dict(
            ctx.session.execute(select(InterventionType.code, InterventionType.name)).all()
        )

    def case(
        self, case_id: int, person_id: int, opened: date, closed: date | None, reason: str
    ) -> None:
        self.w.add(
            Case,
            {
                "id": case_id,
                "person_id": person_id,
                "kind": CaseKind.SOL_DECISION,
                "opened_on": opened,
                "closed_on": closed,
                "close_reason": reason,
                "responsible_user_id": self.rng.choice(self.ctx.assessors),
                "authority_unit_id": self.ctx.unit_ids[BISTAND],
            },
        )

    def decision(
        self,
        decision_id: int,
        case_id: int,
        decided_on: date,
        start: date,
        end: date | None,
        assessor: int,
    ) -> None:
        self.w.add(
            Decision,
            {
                "id": decision_id,
                "case_id": case_id,
                "decided_on": decided_on,
                "period_start": start,
                "period_end": end,
                "legal_basis": LEGAL_BASIS,
                "decided_by_user_id": assessor,
            },
        )

    def assignment(
        self,
        assignment_id: int,
        person_id: int,
        decision_id: int,
        receiver_id: int,
        assessor: int,
        status: AssignmentStatus,
        sent_at: datetime,
        *,
        first_read: tuple[datetime | None, int | None],
        accepted: tuple[datetime | None, int | None],
        undistributed: bool = False,
    ) -> None:
        self.w.add(
            Assignment,
            {
                "id": assignment_id,
                "person_id": person_id,
                "decision_id": decision_id,
                "receiver_unit_id": receiver_id,
                "sender_user_id": assessor,
                "kind": AssignmentKind.NEW,
                "status": status,
                "sent_at": sent_at,
                "goals": self.rng.choice(names.GOALS[_A.HOME_CARE]),
                "first_read_at": first_read[0],
                "first_read_by_user_id": first_read[1],
                "accepted_at": accepted[0],
                "accepted_by_user_id": accepted[1],
                "awaiting_distribution": awaits_distribution(
                    status, has_undistributed_item=undistributed
                ),
            },
        )

    def intervention(self, decision_id: int, assignment_id: int, code: str) -> int:
        rng, w = self.rng, self.w
        minutes: int | None = None
        per: TimePer | None = None
        if code in GRANTED_TIME:
            low, high, per = GRANTED_TIME[code]
            minutes = rng.randint(low, high) * 30
        intervention_id = w.next_id(Intervention)
        w.add(
            Intervention,
            {
                "id": intervention_id,
                "decision_id": decision_id,
                "type_code": code,
                "granted_minutes": minutes,
                "granted_per": per,
                "description": rng.choice(names.INTERVENTION_DESCRIPTIONS[code]),
            },
        )
        w.add(
            AssignmentItem,
            {
                "id": w.next_id(AssignmentItem),
                "assignment_id": assignment_id,
                "intervention_id": intervention_id,
            },
        )
        return intervention_id

    def rows(
        self,
        *,
        assignment_id: int,
        intervention_id: int,
        person_id: int,
        unit_id: int,
        code: str,
        start: date,
        end: date | None,
        revocations: int,
        status: ExecutionStatus,
        end_reason: str,
        created: tuple[datetime, int],
        acknowledged: tuple[datetime | None, int | None],
    ) -> int:
        """An intervention's rows: `revocations` revoked rows (time changed), then the row
        that runs (or ran) to `end`. Returns the id of the last row."""
        rng, w, ctx = self.rng, self.w, self.ctx
        timed = GRANTED_TIME.get(code)
        until = min(end, self.today - timedelta(days=3)) if end else self.today - timedelta(days=3)
        span = (until - start).days
        count = min(revocations, max(0, span // 20))
        changes = sorted(rng.sample(range(1, span), count)) if count else []
        row_start = start
        previous = 0
        created_at, creator = created
        acked_at, acker = acknowledged
        for n in range(count + 1):
            final = n == count
            row_end = end if final else start + timedelta(days=changes[n])
            row_id = w.next_id(Execution)
            minutes = rng.randint(timed[0], timed[1]) * 30 if timed else None
            if n:
                created_at = min(
                    datetime.combine(row_start - timedelta(days=1), time(13), UTC), ctx.now
                )
                if acked_at is not None:
                    acked_at = created_at + timedelta(hours=3)
            w.add(
                Execution,
                {
                    "id": row_id,
                    "assignment_id": assignment_id,
                    "intervention_id": intervention_id,
                    "person_id": person_id,
                    "unit_id": unit_id,
                    "start_date": row_start,
                    "end_date": row_end,
                    "minutes": minutes,
                    "per": timed[2] if timed else None,
                    "status": status if final else _ES.REVOKED,
                    "end_reason": end_reason if final else _REVOKED_REASON,
                    "replaces_execution_id": previous or None,
                    "created_at": created_at,
                    "created_by_user_id": creator,
                    "acknowledged_at": acked_at,
                    "acknowledged_by_user_id": acker if acked_at is not None else None,
                },
            )
            previous = row_id
            if row_end is not None:
                row_start = row_end + timedelta(days=1)
        return previous

    def notice(
        self,
        assignment_id: int,
        person_id: int,
        codes: list[str],
        sent_at: datetime,
        recipients: dict[int, datetime | None],
    ) -> None:
        """The Inkorg message about a new assignment, from the sending assessor's unit."""
        w = self.w
        message_id = w.next_id(Message)
        type_names = ", ".join(self.type_names[code] for code in codes)
        w.add(
            Message,
            {
                "id": message_id,
                "sender_user_id": self.rng.choice(self.ctx.assessors),
                "subject": f"Nytt uppdrag: {type_names}",
                "body": "Ett nytt uppdrag har skickats till er enhet. Du hittar det under Nya "
                "uppdrag. Läs uppdraget och acceptera och fördela det så snart som möjligt.",
                "sent_at": sent_at,
                "person_id": person_id,
                "assignment_id": assignment_id,
            },
        )
        for user_id, read_at in recipients.items():
            w.add(
                MessageRecipient,
                {
                    "id": w.next_id(MessageRecipient),
                    "message_id": message_id,
                    "user_id": user_id,
                    "sent_at": sent_at,
                    "read_at": read_at,
                },
            )
