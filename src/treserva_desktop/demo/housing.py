"""Demo housing: objects and contracts at every vårdboende and korttidsboende unit, drawn from
the housing rows the demo has already written (both the small and the scale demo).

Each executed stay (a special-housing or short-term row sent to execution, merged per person
and unit over changes of time) becomes a contract on an object of the unit: current stays an
open-ended contract, ended stays a contract with uppsägning and utflyttning, so each object
has a history. Objects are handed out as stays start and come back the day after a move-out,
so every unit ends up full but for one vacant object (places emptied by past move-outs
beyond that were retired). Some current stays are left without a contract on purpose (the
newest at each unit, and a share of the short-term stays), so Skapa kontrakt and Saknar
korttidsplats have something to show.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import (
    Base,
    Execution,
    HousingContract,
    HousingObject,
    Intervention,
    InterventionType,
    OrgUnit,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries.housing import EXECUTED, HOUSING_AREAS
from treserva_desktop.demo.builder import advance_id_sequences
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind, Permission
from treserva_desktop.domain.housing_rules import HousingKind, contract_kind_for
from treserva_desktop.domain.rules import ROLE_PERMISSIONS

# Share of current short-term stays still waiting for a place (Saknar korttidsplats).
SHORT_TERM_WITHOUT_PLACE = 0.15
# Why an ended stay's contract ended, with weights, per kind of unit.
_END_REASONS: dict[BusinessArea, tuple[tuple[str, int], ...]] = {
    BusinessArea.NURSING_HOME: (("deceased", 75), ("moved_other_housing", 15), ("own_wish", 10)),
    BusinessArea.SHORT_TERM: (("short_term_ended", 70), ("moved_home", 20), ("deceased", 10)),
}


@dataclass(slots=True)
class Stay:
    """A person's time at one housing unit: merged executed rows, `end` None while ongoing
    (a row's planned end still ahead is not a move-out yet: the contract runs until further
    notice)."""

    person_id: int
    start: date
    end: date | None


@dataclass(slots=True)
class _Object:
    id: int
    free_from: date  # the first day a new contract may start on it
    contracts: int = 0


class _Rows:
    """The new objects and contracts with ids assigned here, inserted in chunks at the end
    (a municipality's housing is a few tens of thousands of rows)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[type[HousingObject] | type[HousingContract], list[dict[str, object]]] = {
            HousingObject: [],
            HousingContract: [],
        }
        self._last = {model: session.scalar(select(func.max(model.id))) or 0 for model in self.rows}

    def next_id(self, model: type[HousingObject] | type[HousingContract]) -> int:
        self._last[model] += 1
        return self._last[model]

    def add(
        self, model: type[HousingObject] | type[HousingContract], row: dict[str, object]
    ) -> None:
        self.rows[model].append(row)

    def finish(self, chunk: int = 5_000) -> None:
        for model, rows in self.rows.items():  # objects first: contracts point at them
            for first in range(0, len(rows), chunk):
                table = Base.metadata.tables[model.__tablename__]
                self.session.execute(insert(table), rows[first : first + chunk])
        advance_id_sequences(self.session)


@dataclass(slots=True)
class HousingCounts:
    objects: int = 0
    contracts: int = 0
    without_contract: int = 0
    by_unit: dict[int, int] = field(default_factory=dict)


def housing_stays(session: Session, today: date) -> dict[int, list[Stay]]:
    """Per housing unit, its stays that have started by `today`, by start."""
    rows = session.execute(
        select(Execution.unit_id, Execution.person_id, Execution.start_date, Execution.end_date)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .where(
            OrgUnit.kind == OrgUnitKind.UNIT,
            OrgUnit.business_area.in_(HOUSING_AREAS),
            InterventionType.business_area == OrgUnit.business_area,
            Execution.status.in_(EXECUTED),
            Execution.start_date <= today,
        )
        .order_by(Execution.unit_id, Execution.person_id, Execution.start_date)
    ).all()
    stays: dict[int, list[Stay]] = defaultdict(list)
    last: tuple[int, int] | None = None
    for unit_id, person_id, start, row_end in rows:
        end = row_end if row_end is not None and row_end < today else None
        current = stays[unit_id][-1] if last == (unit_id, person_id) else None
        if current is not None and (
            current.end is None or start <= current.end + timedelta(days=1)
        ):
            current.end = None if current.end is None or end is None else max(current.end, end)
            continue
        stays[unit_id].append(Stay(person_id, start, end))
        last = (unit_id, person_id)
    for unit_stays in stays.values():
        unit_stays.sort(key=lambda stay: (stay.start, stay.person_id))
    return stays


def write_housing(session: Session, today: date, seed: int) -> HousingCounts:
    """Objects and contracts for every housing unit; the caller commits. Deterministic for
    a given database, seed and day."""
    rng = random.Random(seed * 7_919 + 14)
    now = datetime.combine(today, time(9, 0), UTC)
    units = session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.business_area, OrgUnit.parent_id)
    ).all()
    area_of = {unit_id: area for unit_id, _name, area, _parent in units}
    name_of = {unit_id: name for unit_id, name, _area, _parent in units}
    creators = _creators(session, {unit_id: parent for unit_id, _n, _a, parent in units})
    writer = _Rows(session)
    counts = HousingCounts()
    for unit_id, stays in sorted(housing_stays(session, today).items()):
        area = area_of[unit_id]
        if area is None:  # the query keeps housing units only
            continue
        kind = (
            HousingKind.SHORT_TERM_PLACE
            if area is BusinessArea.SHORT_TERM
            else HousingKind.APARTMENT
        )
        leave_out = _left_without(stays, area, rng)
        counts.without_contract += len(leave_out)
        user_id = creators(unit_id)
        objects: list[_Object] = []
        for index, stay in enumerate(stays):
            if index in leave_out:
                continue
            target = _free_object(objects, stay.start)
            if target is None:
                target = _Object(writer.next_id(HousingObject), stay.start)
                objects.append(target)
            _add_contract(writer, rng, target.id, kind, stay, area, user_id, now)
            target.contracts += 1
            target.free_from = date.max if stay.end is None else stay.end + timedelta(days=1)
            counts.contracts += 1
        # Nearly full: one vacant object besides the ones the residents hold. Objects left
        # empty by past move-outs beyond that were retired the day after (places closed).
        objects.append(_Object(writer.next_id(HousingObject), today))
        vacant = [obj for obj in objects if obj.free_from != date.max]
        retired = {obj.id: obj.free_from for obj in vacant[:-1] if obj.free_from <= today}
        for number, obj in enumerate(objects, start=1):
            writer.add(
                HousingObject,
                {
                    "id": obj.id,
                    "unit_id": unit_id,
                    "label": f"{'Korttidsplats' if kind.short_term else 'Lägenhet'} {number}",
                    "address": f"{name_of[unit_id]}, {'rum' if kind.short_term else 'lgh'} "
                    f"{100 * (1 + (number - 1) // 20) + number}",
                    "kind": kind.value,
                    "retired_on": retired.get(obj.id),
                    "created_at": now - timedelta(days=3_650),
                    "version": 1,
                },
            )
        counts.objects += len(objects)
        counts.by_unit[unit_id] = len(objects)
    writer.finish()
    return counts


def _left_without(stays: list[Stay], area: BusinessArea, rng: random.Random) -> set[int]:
    """The current stays (indexes) that get no contract yet: the newest at a korttidsboende
    (it has just arrived) and a share of the others; at a vårdboende the newest when there
    are others, so Skapa kontrakt has a resident to show on."""
    current = [i for i, stay in enumerate(stays) if stay.end is None]
    if area is BusinessArea.SHORT_TERM and current:
        return {current[-1]} | {i for i in current[:-1] if rng.random() < SHORT_TERM_WITHOUT_PLACE}
    return {current[-1]} if len(current) >= 2 else set()


def _free_object(objects: list[_Object], start: date) -> _Object | None:
    """The object that has been vacant longest on `start`, if any."""
    free = [obj for obj in objects if obj.free_from <= start]
    return min(free, key=lambda obj: (obj.free_from, obj.id)) if free else None


def _add_contract(
    writer: _Rows,
    rng: random.Random,
    object_id: int,
    kind: HousingKind,
    stay: Stay,
    area: BusinessArea,
    user_id: int,
    now: datetime,
) -> None:
    notice_on: date | None = None
    reason = ""
    if stay.end is not None:
        notice_on = max(stay.start, stay.end - timedelta(days=rng.randint(0, 30)))
        codes, weights = zip(*_END_REASONS[area], strict=True)
        reason = rng.choices(codes, weights=weights)[0]
    created = min(datetime.combine(stay.start, time(10, 0), UTC), now - timedelta(hours=1))
    writer.add(
        HousingContract,
        {
            "id": writer.next_id(HousingContract),
            "person_id": stay.person_id,
            "object_id": object_id,
            "kind": contract_kind_for(kind).value,
            "start_date": stay.start,
            "notice_on": notice_on,
            "move_out_on": stay.end,
            "end_reason_code": reason,
            "replaces_contract_id": None,
            "created_by_user_id": user_id,
            "created_at": created,
            "ended_by_user_id": user_id if stay.end is not None else None,
            "version": 1,
        },
    )


def _creators(session: Session, parent_of: dict[int, int | None]) -> _Creator:
    """Who wrote a unit's contracts: a manager of the unit or of the nearest unit above."""
    roles = sorted(ROLE_PERMISSIONS[Permission.MANAGE_HOUSING])
    managers: dict[int, int] = {}
    for unit_id, user_id in session.execute(
        select(RoleAssignment.unit_id, func.min(RoleAssignment.user_id))
        .where(RoleAssignment.role.in_(roles))
        .group_by(RoleAssignment.unit_id)
    ):
        managers[unit_id] = user_id
    fallback = session.scalar(select(func.min(User.id))) or 0
    return _Creator(managers, parent_of, fallback)


@dataclass(frozen=True, slots=True)
class _Creator:
    managers: dict[int, int]
    parent_of: dict[int, int | None]
    fallback: int

    def __call__(self, unit_id: int) -> int:
        current: int | None = unit_id
        while current is not None:
            if current in self.managers:
                return self.managers[current]
            current = self.parent_of.get(current)
        return self.fallback
