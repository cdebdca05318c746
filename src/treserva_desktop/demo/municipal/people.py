"""Part 3 of a scale demo: the person registry and, for persons with a case, relations,
decisions, assignments, interventions, execution rows (years of history) and Inkorg notices.

Persons are drawn and written one at a time; only the compact `Registry` entry of a person
with a case is kept for the later parts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
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
    Person,
    Relation,
)
from treserva_desktop.demo import names
from treserva_desktop.demo import organisation as named
from treserva_desktop.demo.municipal.context import (
    ACKNOWLEDGED,
    ACTIVE,
    FORMER,
    WAITING,
    Context,
    WeightedPicker,
)
from treserva_desktop.demo.municipal.org import PERSON_SHARE
from treserva_desktop.demo.plan import HOME_CARE_WEIGHTS, OVERDUE_WORKING_DAYS, years_before
from treserva_desktop.demo.write import LEGAL_BASIS, make_coordination_number
from treserva_desktop.domain.assignment_rules import awaits_distribution
from treserva_desktop.domain.calendar import add_working_days, latest_working_day
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    IdentityKind,
    RelationKind,
    TimePer,
)
from treserva_desktop.domain.identity import make_personal_number

_A = BusinessArea
_ES = ExecutionStatus

# What a registry person is; drawn once per person from a shuffled sequence.
_NO_CASE, _ACTIVE, _FORMER, _WAITING = 0, 1, 2, 3

# Granted time in 30-minute steps: (lowest steps, highest steps, per), as in the small demo.
_GRANTED_TIME: dict[str, tuple[int, int, TimePer]] = {
    "personal_care": (4, 50, TimePer.WEEK),
    "service": (4, 20, TimePer.MONTH),
    "escort": (4, 16, TimePer.MONTH),
    "relief": (4, 16, TimePer.WEEK),
}
_TIMED_FIRST = ("personal_care", "service")
_FORMER_AREA = ((_A.HOME_CARE, 55), (_A.NURSING_HOME, 25), (_A.SHORT_TERM, 20))
_WAITING_AREA = ((_A.HOME_CARE, 70), (_A.NURSING_HOME, 20), (_A.SHORT_TERM, 10))
# Rows of the last decision of a former person (about 1.7 on average) count as history too.
_FORMER_LAST_ROWS = 1.7
# The share of the drawn history rows that fit their periods (measured at full scale).
_REALISED = 0.85
_REVOKED_REASON = "Ändrad tidsåtgång"
_RENEWED_REASON = "Beslut upphört"
_RELATION_KINDS = (
    RelationKind.NEXT_OF_KIN,
    RelationKind.GUARDIAN,
    RelationKind.ADMINISTRATOR,
    RelationKind.REFERENCE_PERSON,
    RelationKind.CONTACT_PERSON,
)
_RELATION_WEIGHTS = (75, 10, 2, 8, 5)


@dataclass(slots=True)
class _Period:
    """One decision: where, what, and its dates; rows follow from it."""

    leaf: int
    codes: list[str]
    decided_on: date
    start: date
    end: date | None
    revocations: list[int]


def add_people(ctx: Context) -> None:
    spec = ctx.spec
    waiting = min(spec.waiting, spec.persons)
    active = min(spec.active, spec.persons - waiting)
    former = min(spec.former, spec.persons - waiting - active)
    kinds = bytearray([_WAITING]) * waiting + bytearray([_ACTIVE]) * active
    kinds += bytearray([_FORMER]) * former
    kinds += bytearray([_NO_CASE]) * (spec.persons - len(kinds))
    ctx.rng.shuffle(kinds)
    maker = _PersonMaker(ctx, active, former)
    ctx.progress.start("Personer och uppdrag", len(kinds))
    for done, kind in enumerate(kinds, 1):
        maker.person(kind)
        if done % 500 == 0:
            ctx.progress.update(done)
    ctx.progress.finish()


def _quota_list(ctx: Context, count: int) -> list[int]:
    leaves = ctx.leaves()
    total = sum(ctx.units[i].weight for i in leaves) or 1.0
    result: list[int] = []
    for i in leaves:
        result.extend([i] * round(ctx.units[i].weight * count / total))
    picker = WeightedPicker(leaves, [ctx.units[i].weight for i in leaves])
    while len(result) < count:
        result.append(picker.pick(ctx.rng))
    del result[count:]
    ctx.rng.shuffle(result)
    return result


class _PersonMaker:
    def __init__(self, ctx: Context, active: int, former: int) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.w = ctx.writer
        self.used_numbers: set[int] = set()
        self.type_names: dict[str, str] = dict(
            ctx.session.execute(select(InterventionType.code, InterventionType.name)).all()
        )
        units = ctx.units
        # Active persons take their unit from a shuffled list holding each unit as often as
        # its planned size, so unit sizes are as planned even in a small copy.
        self.active_leaves = _quota_list(ctx, active)
        self.leaves_in = {
            area: WeightedPicker(ctx.leaves(area), [units[i].weight for i in ctx.leaves(area)])
            for area in PERSON_SHARE
        }
        # Waiting assignments spread over receivers more evenly than persons do, so a large
        # unit's Nya uppdrag shows tens, not hundreds.
        self.receivers_in = {
            area: WeightedPicker(
                ctx.receivers(area),
                [
                    math.sqrt(sum(units[leaf].weight for leaf in units[r].leaves) + 1)
                    for r in ctx.receivers(area)
                ],
            )
            for area in PERSON_SHARE
        }
        self.norr = next(i for i, u in enumerate(units) if u.id == ctx.unit_ids[named.HT_NORR])
        self.norr_waiting = 3
        with_history = max(1, active + former)
        extra = ctx.spec.historical_rows - former * _FORMER_LAST_ROWS
        # Some drawn changes do not fit their period and are dropped: draw a little more.
        self.extra_mean = max(0.0, extra / with_history / _REALISED)
        self.notice_since = ctx.now - timedelta(days=ctx.spec.history_days)

    # --- persons ----------------------------------------------------------------------------

    def person(self, kind: int) -> None:
        ctx, rng = self.ctx, self.rng
        person_id = self.w.next_id(Person)
        woman = rng.random() < 0.62
        has_case = kind != _NO_CASE
        if has_case:
            age = min(105, int(rng.triangular(65, 106, 86)))
        else:
            age = int(rng.triangular(20, 101, 68))
        leaf = -1
        receiver = -1
        if kind == _ACTIVE:
            leaf = self.active_leaves.pop()
        elif kind == _FORMER:
            area = rng.choices([a for a, _ in _FORMER_AREA], [w for _, w in _FORMER_AREA])[0]
            leaf = self.leaves_in[area].pick(rng)
        elif kind == _WAITING:
            area = rng.choices([a for a, _ in _WAITING_AREA], [w for _, w in _WAITING_AREA])[0]
            receiver = self.receivers_in[area].pick(rng)
            if self.norr_waiting > 0:
                # gruppchef's Nya uppdrag is never empty, even in a small copy.
                self.norr_waiting -= 1
                receiver = self.norr
            leaf = rng.choice(ctx.units[receiver].leaves)
        number, identity_kind = self._number(age, woman)
        self.w.add(
            Person,
            {
                "id": person_id,
                "identity_number": number,
                "identity_kind": identity_kind,
                "first_name": rng.choice(
                    names.WOMEN_FIRST_NAMES if woman else names.MEN_FIRST_NAMES
                ),
                "last_name": rng.choice(names.LAST_NAMES),
                "protected_identity": rng.random() < 0.01,
                "street": self._street(),
                "postal_code": f"{rng.choice(names.TOWN_POSTAL_PREFIXES)} {rng.randint(20, 79)}",
                "city": names.TOWN,
                "phone": self._phone() if rng.random() < 0.9 else "",
                "billing_area_code": ctx.units[leaf].billing if has_case else None,
                "is_test_data": True,
            },
        )
        if not has_case:
            return
        self._relations(person_id)
        if kind == _WAITING:
            self._waiting(person_id, receiver, leaf)
        else:
            self._history(person_id, leaf, former=kind == _FORMER)

    def _number(self, age: int, woman: bool) -> tuple[str, IdentityKind]:
        rng = self.rng
        latest = years_before(self.today, age)
        earliest = years_before(self.today, age + 1) + timedelta(days=1)
        coordination = rng.random() < 0.02
        while True:
            born = date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))
            serial = rng.randint(0, 99) * 10 + rng.choice(
                (0, 2, 4, 6, 8) if woman else (1, 3, 5, 7, 9)
            )
            key = born.toordinal() * 2000 + serial * 2 + coordination
            if key not in self.used_numbers:
                self.used_numbers.add(key)
                break
        if coordination:
            return make_coordination_number(born, serial), IdentityKind.COORDINATION
        return make_personal_number(born, serial), IdentityKind.PERSONAL

    def _phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            low, high = names.MOBILE_RANGE
            return f"{names.MOBILE_PREFIX} {rng.randint(low, high):02d}"
        return f"{rng.choice(names.LANDLINE_PREFIXES)} {rng.randint(0, 99):02d}"

    def _street(self) -> str:
        return f"{self.rng.choice(names.STREETS)} {self.rng.randint(1, 64)}"

    def _relations(self, person_id: int) -> None:
        rng = self.rng
        invoice_taken = False
        for _ in range(rng.choices((0, 1, 2), weights=(25, 45, 30))[0]):
            kind = rng.choices(_RELATION_KINDS, _RELATION_WEIGHTS)[0]
            woman = rng.random() < 0.5
            first = rng.choice(
                names.RELATION_WOMEN_FIRST_NAMES if woman else names.RELATION_MEN_FIRST_NAMES
            )
            legal = kind in (RelationKind.GUARDIAN, RelationKind.ADMINISTRATOR)
            invoice = not invoice_taken and rng.random() < (0.7 if legal else 0.15)
            invoice_taken = invoice_taken or invoice
            city, prefix = rng.choice(names.RELATION_PLACES)
            self.w.add(
                Relation,
                {
                    "id": self.w.next_id(Relation),
                    "person_id": person_id,
                    "kind": kind,
                    "name": f"{first} {rng.choice(names.LAST_NAMES)}",
                    "phone": self._phone(),
                    "street": self._street(),
                    "postal_code": f"{prefix} {rng.randint(10, 89)}",
                    "city": city,
                    "is_invoice_recipient": invoice,
                    "active": True,
                },
            )

    # --- decisions and rows -----------------------------------------------------------------

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

    def _history(self, person_id: int, leaf: int, *, former: bool) -> None:
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
        slots = [(p, i) for p in periods for i, code in enumerate(p.codes) if code in _GRANTED_TIME]
        for p in periods:
            p.revocations = [0] * len(p.codes)
        if slots:
            for _ in range(max(0, budget)):
                period, i = rng.choice(slots)
                period.revocations[i] += 1

        case_id = self.w.next_id(Case)
        opened = periods[0].decided_on - timedelta(days=rng.randint(7, 35))
        self._case(case_id, person_id, opened, end if former else None, end_reason)
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

    def _case(
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
            },
        )

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
        self._decision_row(decision_id, case_id, p.decided_on, p.start, p.end, assessor)
        sent_at = ctx.at(p.decided_on)
        accept_day = min(p.decided_on + timedelta(days=rng.randint(0, 2)), self.today, p.start)
        accepted_at = max(ctx.at(accept_day), sent_at + timedelta(minutes=15))
        # Whoever in the unit's team took it; spreads the notices over the team's inboxes.
        manager = rng.choice(receiver.team)
        self._assignment_row(
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
            intervention_id = self._intervention(decision_id, assignment_id, code)
            last_row = self._rows(
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
            self._notice(assignment_id, person_id, p.codes, sent_at, {manager: accepted_at})
        return assignment_id, last_row, acknowledged

    def _decision_row(
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

    def _assignment_row(
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

    def _intervention(self, decision_id: int, assignment_id: int, code: str) -> int:
        rng, w = self.rng, self.w
        minutes: int | None = None
        per: TimePer | None = None
        if code in _GRANTED_TIME:
            low, high, per = _GRANTED_TIME[code]
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

    def _rows(
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
        timed = _GRANTED_TIME.get(code)
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

    # --- waiting assignments (Nya uppdrag) --------------------------------------------------

    def _waiting(self, person_id: int, receiver_index: int, leaf: int) -> None:
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
        self._case(case_id, person_id, decided_on - timedelta(days=rng.randint(7, 35)), None, "")
        self._decision_row(decision_id, case_id, decided_on, start, end, assessor)
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
        self._assignment_row(
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
            intervention_id = self._intervention(decision_id, assignment_id, code)
            if partial and accepted_at is not None and n == 0:
                execution_id = self._rows(
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
        self._notice(assignment_id, person_id, codes, sent_at, recipients)
        if partial:
            ctx.tally.accepted_waiting += 1
        else:
            ctx.tally.received += 1
            ctx.tally.overdue += overdue
        ctx.registry.add(person_id, leaf, assignment_id, execution_id, WAITING)

    def _notice(
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
                    "read_at": read_at,
                },
            )
