"""Pure rules for decisions, assignments and their distribution into execution rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Permission,
    TimePer,
)
from treserva_desktop.domain.errors import Conflict, DomainError, PermissionDenied, ValidationError
from treserva_desktop.domain.field_lengths import check_fits
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import period_text

# Upper bounds for allotted or granted time: every hour of a month (31 × 24) or a week (7 × 24).
MAX_HOURS: dict[TimePer, int] = {TimePer.WEEK: 168, TimePer.MONTH: 744}

_PER_TEXT = {TimePer.WEEK: "vecka", TimePer.MONTH: "månad"}

DEFAULT_LEGAL_BASIS = "4 kap. 1 § SoL"

BILLING_AREA_MISSING = (
    "Personen saknar debiteringsområde. Ange debiteringsområde under Inställningar innan "
    "insatsen skickas till genomförande."
)

DISTRIBUTED_BY_SOMEONE_ELSE = (
    "Uppdraget har just fördelats av någon annan. Stäng dialogen och öppna "
    "Acceptera och fördela igen för att se det senaste läget."
)


@dataclass(frozen=True, slots=True)
class Fields:
    """Field names to report errors against (they differ between dialogs and the import)."""

    hours: str = "hours"
    per: str = "per"
    start: str = "start_date"
    end: str = "end_date"


DEFAULT_FIELDS = Fields()


def hours_to_minutes(
    hours: Decimal | None,
    per: TimePer | None,
    *,
    requires_time: bool,
    type_name: str,
    what: str = "Tidsåtgång",
    fields: Fields = DEFAULT_FIELDS,
) -> tuple[int | None, TimePer | None]:
    """Validate a time (hours per week or month) and turn it into whole minutes.

    Interventions that allot time (home care) need a time above zero and at most every hour of
    the week or month; the others (housing, alarms) take no time at all.
    """
    if not requires_time:
        if hours is not None:
            raise ValidationError(
                f"{what} anges inte för insatsen {type_name}. Lämna fältet tomt.",
                field=fields.hours,
            )
        return None, None
    if hours is None:
        raise ValidationError(
            f"Ange {what.lower()} i timmar för insatsen {type_name}.", field=fields.hours
        )
    if per is None:
        raise ValidationError(
            f"Ange om {what.lower()}en gäller per vecka eller per månad.", field=fields.per
        )
    try:
        finite = hours.is_finite()
    except (AttributeError, InvalidOperation):  # pragma: no cover - Decimal always has it
        finite = False
    if not finite:
        raise ValidationError(f"{what} ska vara ett tal, t.ex. 12,5.", field=fields.hours)
    if hours <= 0:
        raise ValidationError(f"{what} måste vara större än 0 timmar.", field=fields.hours)
    limit = MAX_HOURS[per]
    if hours > limit:
        raise ValidationError(
            f"{what} kan inte vara mer än {limit} timmar per {_PER_TEXT[per]}.",
            field=fields.hours,
        )
    minutes = int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if minutes <= 0:
        raise ValidationError(f"{what} måste vara minst en minut.", field=fields.hours)
    return minutes, per


def minutes_to_hours(minutes: int | None) -> Decimal | None:
    """Stored minutes as hours with at most two decimals (for prefilled dialog fields)."""
    if minutes is None:
        return None
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = hours.to_integral_value()
    return whole if hours == whole else hours.normalize()


# Plausible decision dates: nothing decided before the authority system of any municipality
# still in use, and no period reaching beyond what a decision can sensibly plan for. A date
# outside is a typo ("1800-01-01", "9999-12-31") or a number taken for a date.
EARLIEST_DECISION_DATE = date(1990, 1, 1)
PERIOD_START_HORIZON_YEARS = 2
PERIOD_END_HORIZON_YEARS = 10


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without it
        return day.replace(year=day.year + years, day=28)


def decision_problems(
    decided_on: date,
    period_start: date,
    period_end: date | None,
    today: date,
    *,
    field_decided: str = "decided_on",
    field_start: str = "period_start",
    field_end: str = "period_end",
) -> list[ValidationError]:
    """Every problem with a decision's dates: dated today or earlier but not before 1990, a
    period that starts within two years and ends within ten, and does not end before it starts.
    """
    problems: list[ValidationError] = []
    earliest = f"{EARLIEST_DECISION_DATE:%Y-%m-%d}"
    if decided_on > today:
        problems.append(
            ValidationError("Beslutsdatum kan inte vara i framtiden.", field=field_decided)
        )
    elif decided_on < EARLIEST_DECISION_DATE:
        problems.append(
            ValidationError(f"Beslutsdatum kan inte vara före {earliest}.", field=field_decided)
        )
    latest_start = _years_after(today, PERIOD_START_HORIZON_YEARS)
    if period_start < EARLIEST_DECISION_DATE:
        problems.append(
            ValidationError(
                f"Beslutsperiodens Fr.o.m. kan inte vara före {earliest}.", field=field_start
            )
        )
    elif period_start > latest_start:
        problems.append(
            ValidationError(
                f"Beslutsperiodens Fr.o.m. kan inte vara senare än {latest_start:%Y-%m-%d} "
                f"({PERIOD_START_HORIZON_YEARS} år fram).",
                field=field_start,
            )
        )
    if period_end is not None:
        latest_end = _years_after(today, PERIOD_END_HORIZON_YEARS)
        if period_end < period_start:
            problems.append(
                ValidationError(
                    "Beslutsperiodens T.o.m. kan inte vara före dess Fr.o.m.", field=field_end
                )
            )
        elif period_end > latest_end:
            problems.append(
                ValidationError(
                    f"Beslutsperiodens T.o.m. kan inte vara senare än {latest_end:%Y-%m-%d} "
                    f"({PERIOD_END_HORIZON_YEARS} år fram). Lämna T.o.m. tomt för ett beslut "
                    "som gäller tills vidare.",
                    field=field_end,
                )
            )
    return problems


def check_decision(
    decided_on: date,
    period_start: date,
    period_end: date | None,
    today: date,
    *,
    field_decided: str = "decided_on",
    field_end: str = "period_end",
) -> None:
    """The first of decision_problems, raised."""
    problems = decision_problems(
        decided_on,
        period_start,
        period_end,
        today,
        field_decided=field_decided,
        field_end=field_end,
    )
    if problems:
        raise problems[0]


def check_period(start: date, end: date | None, *, fields: Fields = DEFAULT_FIELDS) -> None:
    """Fr.o.m. must not come after T.o.m."""
    if end is not None and end < start:
        raise ValidationError(
            f"T.o.m. ({end:%Y-%m-%d}) kan inte vara före Fr.o.m. ({start:%Y-%m-%d}).",
            field=fields.end,
        )


def check_inside_decision(
    start: date,
    end: date | None,
    decision_start: date,
    decision_end: date | None,
    *,
    fields: Fields = DEFAULT_FIELDS,
) -> None:
    """The row's period lies inside the decision period (an open decision has no end)."""
    if start < decision_start:
        raise ValidationError(
            f"Fr.o.m. kan inte vara före beslutsperiodens början ({decision_start:%Y-%m-%d}).",
            field=fields.start,
        )
    if decision_end is None:
        return
    if start > decision_end:
        raise ValidationError(
            f"Fr.o.m. ligger efter beslutsperiodens slut ({decision_end:%Y-%m-%d}).",
            field=fields.start,
        )
    if end is None:
        raise ValidationError(
            f"Ange T.o.m. – beslutet gäller till och med {decision_end:%Y-%m-%d}.",
            field=fields.end,
        )
    if end > decision_end:
        raise ValidationError(
            f"T.o.m. kan inte vara efter beslutsperiodens slut ({decision_end:%Y-%m-%d}).",
            field=fields.end,
        )


def periods_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Whether two periods share a day; a missing end means open-ended."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


@dataclass(frozen=True, slots=True)
class ExistingRow:
    """A row already registered for the same intervention, as the overlap rule sees it."""

    start: date
    end: date | None
    status: ExecutionStatus
    unit_name: str


def check_no_overlap(
    start: date,
    end: date | None,
    existing: Iterable[ExistingRow],
    *,
    fields: Fields = DEFAULT_FIELDS,
) -> None:
    """Two live rows of the same intervention may not share a day."""
    for row in existing:
        if row.status is ExecutionStatus.REVOKED:
            continue
        if periods_overlap(start, end, row.start, row.end):
            raise ValidationError(
                "Perioden överlappar en annan verkställighet av samma insats "
                f"({row.unit_name}, {period_text(row.start, row.end)}).",
                field=fields.start,
            )


def awaits_distribution(status: AssignmentStatus, *, has_undistributed_item: bool) -> bool:
    """Whether the assignment is in Nya uppdrag: received, or accepted with an intervention
    that has no execution row yet. Stopped and ended assignments never are."""
    if status is AssignmentStatus.RECEIVED:
        return True
    return status is AssignmentStatus.ACCEPTED and has_undistributed_item


def check_can_distribute(status: AssignmentStatus) -> None:
    """Only a received or accepted assignment can be distributed."""
    if status is AssignmentStatus.STOPPED:
        raise Conflict("Uppdraget är stoppat och kan inte fördelas.")
    if status is AssignmentStatus.ENDED:
        raise Conflict("Uppdraget är avslutat och kan inte fördelas.")


def check_can_stop(
    status: AssignmentStatus, kind: AssignmentKind, misdirected: bool, reason: str
) -> None:
    """Stoppa: only a received assignment, only a provider change or a misdirected one."""
    if status is not AssignmentStatus.RECEIVED:
        raise Conflict(
            f"Uppdraget är {status.label.lower()} och kan inte stoppas. "
            "Bara ett mottaget uppdrag som ännu inte har accepterats kan stoppas."
        )
    if kind is AssignmentKind.NEW and not misdirected:
        raise ValidationError(
            "Ett nytt uppdrag kan bara stoppas om det har skickats till fel enhet. "
            "Markera att uppdraget är felskickat, eller acceptera och fördela det.",
            field="misdirected",
        )
    if not reason.strip():
        raise ValidationError("Ange orsak till att uppdraget stoppas.", field="reason")
    check_fits("stop_reason", reason.strip(), "Orsaken", error_field="reason")


def check_legal_basis(legal_basis: str) -> str:
    """The decision's lagrum: given and within its column."""
    text = legal_basis.strip()
    if not text:
        raise ValidationError("Ange lagrum för beslutet.", field="legal_basis")
    return check_fits("legal_basis", text, "Lagrummet")


def check_goals(goals: str) -> str:
    """Mål och beskrivning of an assignment: given and at most 10 000 characters."""
    text = goals.strip()
    if not text:
        raise ValidationError("Ange mål och beskrivning för uppdraget.", field="goals")
    return check_fits("goals", text, "Målbeskrivningen")


def check_billing_area(
    has_billing_area: bool, business_area: BusinessArea, to_execution: bool
) -> None:
    """Home care is billed per area, so the person needs one before the row goes to execution."""
    if to_execution and business_area is BusinessArea.HOME_CARE and not has_billing_area:
        raise ValidationError(BILLING_AREA_MISSING, field="billing_area")


def check_expected_version(current: int, expected: int) -> None:
    """The dialog was opened on an older state of the assignment."""
    if current != expected:
        raise Conflict(DISTRIBUTED_BY_SOMEONE_ELSE)


# Interventions are performed by units and their sub-units, never by a branch or above.
PERFORMING_KINDS = frozenset({OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})

CHOOSE_PERFORMING_UNIT = "Välj utförarenhet."


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """A unit as the distribution rule sees it."""

    id: int
    name: str
    kind: OrgUnitKind
    is_provider: bool
    sub_unit_names: tuple[str, ...] = ()


def distribution_refusal(actor: Actor, unit: UnitFacts) -> DomainError | None:
    """Why an intervention cannot be distributed to the unit (None when it can): the unit must
    be in the actor's scope, a performing unit, and have no sub-units (the manual: "Fördela ut
    uppdraget till underenhet" – never to the unit above them). The list of unit choices and
    the distribution service both use this, so the list offers exactly what the service takes."""
    if unit.id not in actor.units_with(Permission.DISTRIBUTE_ASSIGNMENT):
        return PermissionDenied(
            f"Du kan inte fördela till {unit.name}: enheten ingår inte i dina enheter.",
            field="unit_id",
        )
    if not unit.is_provider or unit.kind not in PERFORMING_KINDS:
        return ValidationError(
            f"{unit.name} är ingen utförarenhet. Välj en annan enhet.", field="unit_id"
        )
    if unit.sub_unit_names:
        return ValidationError(
            f"{unit.name} har underenheter ({', '.join(sorted(unit.sub_unit_names))}). "
            "Fördela insatsen till en av underenheterna.",
            field="unit_id",
        )
    return None


def can_distribute_to(actor: Actor, unit: UnitFacts) -> bool:
    return distribution_refusal(actor, unit) is None


def effective_business_area(areas: Iterable[BusinessArea | None]) -> BusinessArea | None:
    """A unit's business area: its own, else the nearest ancestor's (`areas` runs from the
    unit upwards). None when no unit on the way says."""
    return next((area for area in areas if area is not None), None)


def business_area_refusal(
    intervention_name: str,
    intervention_area: BusinessArea,
    unit_name: str,
    unit_area: BusinessArea | None,
) -> ValidationError | None:
    """Why a unit cannot perform an intervention of `intervention_area` (None when it can):
    the unit's business area must be the intervention's. Home care is not given by a nursing
    home or a short-term unit, nor special housing by home care. A unit whose business area is
    not stated anywhere up its branch is not refused on this ground."""
    if unit_area is None or unit_area is intervention_area:
        return None
    return ValidationError(
        f"Insatsen {intervention_name} hör till {intervention_area.label.lower()} och kan inte "
        f"utföras av {unit_name} ({unit_area.label.lower()}). Välj en utförarenhet inom "
        f"{intervention_area.label.lower()}.",
        field="unit_id",
    )


def fits_business_area(intervention_area: BusinessArea, unit_area: BusinessArea | None) -> bool:
    return business_area_refusal("", intervention_area, "", unit_area) is None


def unit_preference(intervention_area: BusinessArea, unit_area: BusinessArea | None) -> int:
    """Sort key for performing units: same business area first, unspecified next, others last."""
    if unit_area is intervention_area:
        return 0
    if unit_area is None:
        return 1
    return 2


def reply_subject(subject: str) -> str:
    """'Sv: ' once, however long the thread."""
    stripped = subject.strip()
    if stripped.lower().startswith("sv:"):
        return stripped
    return f"Sv: {stripped}"
