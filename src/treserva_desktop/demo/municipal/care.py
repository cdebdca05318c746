"""What the care of a scale-demo person looks like over the years: earlier decisions, time
changes, the current or last decision and its rows, or a new assignment still waiting in Nya
uppdrag. The rows themselves are written by care_records.CareRecords."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from treserva_desktop.db.models import Assignment, Case, Decision
from treserva_desktop.demo import names
from treserva_desktop.demo.municipal.care_records import GRANTED_TIME, CareRecords
from treserva_desktop.demo.municipal.context import (
    ACKNOWLEDGED,
    ACTIVE,
    FORMER,
    WAITING,
    Context,
    WeightedPicker,
)
from treserva_desktop.demo.plan import HOME_CARE_WEIGHTS, OVERDUE_WORKING_DAYS, years_before
from treserva_desktop.domain.calendar import add_working_days, latest_working_day
from treserva_desktop.domain.enums import AssignmentStatus, BusinessArea, ExecutionStatus

_A = BusinessArea
_ES = ExecutionStatus

_TIMED_FIRST = ("personal_care", "service")
# Rows of the last decision of a former person (about 1.7 on average) count as history too.
_FORMER_LAST_ROWS = 1.7
# The share of the drawn history rows that fit their periods (measured at full scale).
_REALISED = 0.85
_RENEWED_REASON = "Beslut upphört"


@dataclass(slots=True)
class _Period:
    """One decision: where, what, and its dates; rows follow from it."""

    leaf: int
    codes: list[str]
    decided_on: date
    start: date
    end: date | None
    revocations: list[int]


class CareHistory:
    """Draws and writes a person's decisions and rows (history) or waiting assignment."""

    def __init__(
        self,
        ctx: Context,
        active: int,
        former: int,
        leaves_in: dict[BusinessArea, WeightedPicker],
    ) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.w = ctx.writer
        self.records = CareRecords(ctx)
        self.leaves_in = leaves_in
        with_history = max(1, active + former)
        extra = ctx.spec.historical_rows - former * _FORMER_LAST_ROWS
        # Some drawn changes do not fit their period and are dropped: draw a little more.
        self.extra_mean = max(0.0, extra / with_history / _REALISED)
        self.notice_since = ctx.now - timedelta(days=ctx.spec.history_days)

    def _codes(self, area: BusinessArea) -> list[str]:
        rng = self.rng
        if area is _A.NURSING_HOME:
            return ["special_housing"]
        if area is _A.SHORT_TERM:
            return ["short_term_stay" if rng.random() < 0.75 else "respite_care"]
        picked = {rng.choice(_TIMED_FIRST)}
        for _ in range(rng.choices((0, 1, 2), weights=(35, 40, 25))[0]):
            code = rng.choices(
                [c for c, _ in HOME_CARE_WEIGHTS], [w for _, w in HOME_CARE_WEIGHTS]
            )[0]
            picked.add(code)
        return [code for code, _ in HOME_CARE_WEIGHTS if code in picked]

    def history(self, person_id: int, leaf: int, *, former: bool) -> None:
        """A person with rows: past decisions (ended), then the current or last decision."""
        ctx, rng, today = self.ctx, self.rng, self.today
        area = ctx.units[leaf].area
        short = area is _A.SHORT_TERM
        phase = "ended" if former else "ongoing"
        end_reason = ""
        end: date | None = None
        if former:
            end = today - timedelta(days=rng.randint(1, 5 * 365))
            start = end - timedelta(days=rng.randint(7, 40) if short else rng.randint(30, 900))
            end_reason = rng.choice(names.END_REASONS)
            decided_on = start - timedelta(days=rng.randint(1, 5))
        else:
            draw = rng.random()
            phase = "planned" if draw < 0.03 else "distributing" if draw < 0.05 else "ongoing"
            if phase == "planned":
                decided_on = today - timedelta(days=rng.randint(1, 10))
                start = today + timedelta(days=rng.randint(3, 21))
            elif phase == "distributing":
                decided_on = today - timedelta(days=rng.randint(2, 6))
                start = decided_on + timedelta(days=rng.randint(0, 2))
            elif short:
                start = today - timedelta(days=rng.randint(3, 40))
                decided_on = start - timedelta(days=rng.randint(1, 5))
            else:
                decided_on = today - timedelta(days=int(rng.triangular(5, 1500, 200)))
                start = decided_on + timedelta(days=rng.randint(0, 2))
            if short:
                end = max(start, today) + timedelta(days=rng.randint(3, 30))
            elif rng.random() < 0.4:
                one_year = years_before(start, -1) - timedelta(days=1)
                end = one_year if one_year >= today + timedelta(days=7) else None
        last = _Period(leaf, self._codes(area), decided_on, start, end, [])

        # History: earlier decisions (home care before a nursing home or short stays, or
        # renewals), then time changes spread over the timed interventions.
        budget = rng.randint(0, round(2 * self.extra_mean))
        periods = [last]
        for _ in range(rng.randint(0, min(3, budget // 3))):
            past_leaf = leaf if area is _A.HOME_CARE and rng.random() < 0.85 else -1
            if past_leaf < 0:
                past_leaf = self.leaves_in[_A.HOME_CARE].pick(rng)
            codes = self._codes(_A.HOME_CARE)[: max(1, budget)]
            budget -= len(codes)
            past_end = periods[0].start - timedelta(days=1)
            past_start = past_end - timedelta(days=rng.randint(120, 720))
            decided = past_start - timedelta(days=rng.randint(1, 5))
            periods.insert(0, _Period(past_leaf, codes, decided, past_start, past_end, []))
            if budget <= 0:
                break
        slots = [(p, i) for p in periods for i, code in enumerate(p.codes) if code in GRANTED_TIME]
        for p in periods:
            p.revocations = [0] * len(p.codes)
        if slots:
            for _ in range(max(0, budget)):
                period, i = rng.choice(slots)
                period.revocations[i] += 1

        case_id = self.w.next_id(Case)
        opened = periods[0].decided_on - timedelta(days=rng.randint(7, 35))
        self.records.case(case_id, person_id, opened, end if former else None, end_reason)
        assignment_id = execution_id = 0
        for p in periods:
            final = p is last
            current = final and not former
            status = AssignmentStatus.ACCEPTED if current else AssignmentStatus.ENDED
            reason = end_reason if final else _RENEWED_REASON
            assignment_id, execution_id, acknowledged = self._decision(
                person_id, case_id, p, status, phase if final else "ended", reason
            )
        state = FORMER if former else ACKNOWLEDGED if acknowledged else ACTIVE
        if not former:
            counts = ctx.tally.current_by_leaf
            counts[leaf] = counts.get(leaf, 0) + 1
        ctx.registry.add(person_id, leaf, assignment_id, execution_id, state)

    def _decision(
        self,
        person_id: int,
        case_id: int,
        p: _Period,
        status: AssignmentStatus,
        phase: str,
        end_reason: str,
    ) -> tuple[int, int, bool]:
        """Decision, assignment, interventions and rows; returns the assignment id, the id of
        its last row and whether its rows were acknowledged."""
        ctx, rng, w = self.ctx, self.rng, self.w
        receiver = ctx.units[ctx.units[p.leaf].receiver]
        assessor = rng.choice(ctx.assessors)
        decision_id, assignment_id = w.next_id(Decision), w.next_id(Assignment)
        self.records.decision(decision_id, case_id, p.decided_on, p.start, p.end, assessor)
        sent_at = ctx.at(p.decided_on)
        accept_day = min(p.decided_on + timedelta(days=rng.randint(0, 2)), self.today, p.start)
        accepted_at = max(ctx.at(accept_day), sent_at + timedelta(minutes=15))
        # Whoever in the unit's team took it; spreads the notices over the team's inboxes.
        manager = rng.choice(receiver.team)
        self.records.assignment(
            assignment_id,
            person_id,
            decision_id,
            receiver.id,
            assessor,
            status,
            sent_at,
            first_read=(sent_at + (accepted_at - sent_at) / 2, manager),
            accepted=(accepted_at, manager),
        )
        if phase == "distributing":
            row_status = _ES.UNDER_DISTRIBUTION
        elif phase == "planned":
            row_status = _ES.SENT_TO_EXECUTION
        elif phase == "ongoing":
            recently = (ctx.now - accepted_at) < timedelta(days=10)
            acked = rng.random() < (0.3 if recently else 0.97)
            row_status = _ES.ACKNOWLEDGED if acked else _ES.SENT_TO_EXECUTION
        else:
            row_status = _ES.ACKNOWLEDGED
        acknowledged = row_status is _ES.ACKNOWLEDGED
        staff = ctx.units[p.leaf].staff
        acker = rng.choice(staff) if acknowledged else None
        acked_at = ctx.later(accepted_at, 48) if acknowledged else None
        row_start = max(p.start, accepted_at.date())
        last_row = 0
        for code, revocations in zip(p.codes, p.revocations, strict=True):
            intervention_id = self.records.intervention(decision_id, assignment_id, code)
            last_row = self.records.rows(
                assignment_id=assignment_id,
                intervention_id=intervention_id,
                person_id=person_id,
                unit_id=ctx.units[p.leaf].id,
                code=code,
                start=row_start,
                end=p.end,
                revocations=revocations,
                status=row_status,
                end_reason=end_reason if p.end is not None and p.end < self.today else "",
                created=(accepted_at, manager),
                acknowledged=(acked_at, acker),
            )
        if sent_at >= self.notice_since:
            self.records.notice(assignment_id, person_id, p.codes, sent_at, {manager: accepted_at})
        return assignment_id, last_row, acknowledged

    def waiting(self, person_id: int, receiver_index: int, leaf: int) -> None:
        """A new person whose assignment waits: received, or accepted with an intervention
        not yet distributed."""
        ctx, rng, today = self.ctx, self.rng, self.today
        receiver = ctx.units[receiver_index]
        area = receiver.area
        overdue = rng.random() < 0.35
        waited = rng.randint(OVERDUE_WORKING_DAYS, 10) if overdue else rng.randint(0, 1)
        sent_day = add_working_days(latest_working_day(today), -waited)
        decided_on = sent_day - timedelta(days=rng.randint(0, 3))
        start = sent_day + timedelta(days=rng.randint(0, 5))
        end: date | None = None
        if area is _A.SHORT_TERM:
            end = start + timedelta(days=rng.randint(7, 28))
        elif rng.random() < 0.4:
            end = years_before(start, -1) - timedelta(days=1)
        codes = self._codes(area)
        case_id, decision_id = self.w.next_id(Case), self.w.next_id(Decision)
        assignment_id = self.w.next_id(Assignment)
        assessor = rng.choice(ctx.assessors)
        self.records.case(
            case_id, person_id, decided_on - timedelta(days=rng.randint(7, 35)), None, ""
        )
        self.records.decision(decision_id, case_id, decided_on, start, end, assessor)
        sent_at = ctx.at(sent_day)
        manager = receiver.manager
        partial = len(codes) > 1 and rng.random() < 0.3
        read_at: datetime | None = None
        accepted_at: datetime | None = None
        if partial:
            read_at = ctx.later(sent_at, 4)
            accepted_at = ctx.later(read_at, 4)
        elif rng.random() < 0.25:
            read_at = ctx.later(sent_at, 4)
        self.records.assignment(
            assignment_id,
            person_id,
            decision_id,
            receiver.id,
            assessor,
            AssignmentStatus.ACCEPTED if partial else AssignmentStatus.RECEIVED,
            sent_at,
            first_read=(read_at, manager if read_at else None),
            accepted=(accepted_at, manager if accepted_at else None),
            undistributed=partial,
        )
        execution_id = 0
        for n, code in enumerate(codes):
            intervention_id = self.records.intervention(decision_id, assignment_id, code)
            if partial and accepted_at is not None and n == 0:
                execution_id = self.records.rows(
                    assignment_id=assignment_id,
                    intervention_id=intervention_id,
                    person_id=person_id,
                    unit_id=ctx.units[leaf].id,
                    code=code,
                    start=max(start, accepted_at.date()),
                    end=end,
                    revocations=0,
                    status=rng.choice((_ES.UNDER_DISTRIBUTION, _ES.SENT_TO_EXECUTION)),
                    end_reason="",
                    created=(accepted_at, manager),
                    acknowledged=(None, None),
                )
        recipients: dict[int, datetime | None] = {manager: read_at}
        if receiver.team[1:] and rng.random() < 0.5:
            other = rng.choice(receiver.team[1:])
            recipients[other] = ctx.later(sent_at, 24) if overdue and rng.random() < 0.5 else None
        self.records.notice(assignment_id, person_id, codes, sent_at, recipients)
        if partial:
            ctx.tally.accepted_waiting += 1
        else:
            ctx.tally.received += 1
            ctx.tally.overdue += overdue
        ctx.registry.add(person_id, leaf, assignment_id, execution_id, WAITING)
