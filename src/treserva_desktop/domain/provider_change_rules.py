"""Byt utförare: which units may take over, which dates are allowed, and what happens to the
old rows when the new unit distributes. Pure functions over plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from treserva_desktop.domain.enums import BusinessArea, ExecutionStatus, OrgUnitKind
from treserva_desktop.domain.errors import ValidationError

# The end reason stored on the old rows (Execution.end_reason). The code list of end reasons
# arrives with Rätta/Avsluta; this code is to be one of its entries.
PROVIDER_CHANGE_END_REASON = "provider_change"

# How many days before today a takeover may be dated (installation setting, app_settings).
# A week: the change is often registered a few days after the new provider started, but a
# takeover further back rewrites weeks of the old provider's documented work.
DEFAULT_MAX_BACKDATE_DAYS = 7
MAX_BACKDATE_DAYS = 90

# A provider change goes to a unit or one of its sub-units (the new unit then distributes
# further down, as with any assignment).
TARGET_KINDS = frozenset({OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})

CHOOSE_UNIT = "Välj den enhet som ska ta över insatserna."
CHOOSE_INTERVENTION = "Bocka för minst en insats som ska byta utförare."


@dataclass(frozen=True, slots=True)
class TargetFacts:
    """A unit as the provider-change rule sees it. `provider_unit_id`: the nearest unit of
    kind UNIT at or above it (the provider a sub-unit belongs to)."""

    id: int
    name: str
    kind: OrgUnitKind
    is_provider: bool
    business_area: BusinessArea | None
    provider_unit_id: int | None


def target_refusal(
    target: TargetFacts,
    area: BusinessArea,
    current: Iterable[TargetFacts],
) -> ValidationError | None:
    """Why `target` cannot take over interventions of `area` now performed at the units
    `current` (None when it can): a provider unit of the same business area, and another
    provider than the one performing them now (a move inside one provider is a new
    distribution there, not a change of provider)."""
    if not target.is_provider or target.kind not in TARGET_KINDS:
        return ValidationError(
            f"{target.name} är ingen utförarenhet. Välj en enhet under utförarna.",
            field="to_unit_id",
        )
    if target.business_area is not None and target.business_area is not area:
        return ValidationError(
            f"{target.name} hör till {target.business_area.label.lower()} och kan inte ta över "
            f"insatser inom {area.label.lower()}.",
            field="to_unit_id",
        )
    for unit in current:
        same_provider = (
            unit.provider_unit_id is not None and unit.provider_unit_id == target.provider_unit_id
        )
        if unit.id == target.id or same_provider:
            return ValidationError(
                f"Insatserna utförs redan av {unit.name}. Välj en annan utförare.",
                field="to_unit_id",
            )
    return None


def earliest_change_date(today: date, max_backdate_days: int) -> date:
    return today - timedelta(days=max_backdate_days)


def check_change_date(
    change_date: date,
    *,
    today: date,
    max_backdate_days: int,
    decision_start: date,
    decision_end: date | None,
    rows_end: date | None,
) -> None:
    """The takeover date: not further back than the setting allows, inside the decision
    period, and not after the old rows end (there would be nothing to take over)."""
    earliest = earliest_change_date(today, max_backdate_days)
    if change_date < earliest:
        allowed = (
            "Datum för övertagandet kan inte vara före dagens datum."
            if max_backdate_days == 0
            else f"Datum för övertagandet kan vara högst {max_backdate_days} dagar bakåt i "
            f"tiden (tidigast {earliest:%Y-%m-%d})."
        )
        raise ValidationError(allowed, field="change_date")
    if change_date < decision_start:
        raise ValidationError(
            f"Datum för övertagandet ligger före beslutsperiodens början "
            f"({decision_start:%Y-%m-%d}).",
            field="change_date",
        )
    if decision_end is not None and change_date > decision_end:
        raise ValidationError(
            f"Datum för övertagandet ligger efter beslutsperiodens slut ({decision_end:%Y-%m-%d}).",
            field="change_date",
        )
    if rows_end is not None and change_date > rows_end:
        raise ValidationError(
            f"Insatsen avslutas {rows_end:%Y-%m-%d} hos nuvarande utförare. Datum för "
            "övertagandet måste vara senast den dagen.",
            field="change_date",
        )


@dataclass(frozen=True, slots=True)
class OldRow:
    id: int
    start: date
    end: date | None
    status: ExecutionStatus


@dataclass(frozen=True, slots=True)
class RowEnding:
    """What happens to one old row: ended on `end` (the day before the takeover), or
    revoked (a row planned to start on or after the takeover never begins)."""

    execution_id: int
    end: date | None
    revoke: bool


def old_row_endings(rows: Iterable[OldRow], change_date: date) -> list[RowEnding]:
    """The old provider's rows once the new one takes over on `change_date`: a live row
    still running on that day ends the day before; a live row starting that day or later is
    revoked with its dates kept (a T.o.m. before its Fr.o.m. would make no period). Rows
    already ended before the date, and revoked rows, stay as they are."""
    day_before = change_date - timedelta(days=1)
    endings: list[RowEnding] = []
    for row in rows:
        if row.status is ExecutionStatus.REVOKED:
            continue
        if row.end is not None and row.end < change_date:
            continue
        if row.start >= change_date:
            endings.append(RowEnding(row.id, row.end, revoke=True))
        else:
            endings.append(RowEnding(row.id, day_before, revoke=False))
    return endings


def rows_end(ends: Iterable[date | None]) -> date | None:
    """The last day of a set of rows (None: one of them is open-ended)."""
    last: date | None = None
    for end in ends:
        if end is None:
            return None
        last = end if last is None or end > last else last
    return last
