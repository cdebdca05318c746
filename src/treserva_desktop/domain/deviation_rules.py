"""Deviation rules (avvikelser, W18): the state machine, what each step needs and the checks
of registering, analysing, escalating and closing, as pure functions over plain values.

REGISTERED → UNDER_ANALYSIS (orsak, konsekvens, risk) → ACTIONS_DECIDED → FEEDBACK_GIVEN (to
the reporter) → CLOSED. A manager may revise an earlier step while the deviation is open; the
state never moves back. From analysis on, a deviation may be escalated to a lex Sarah
investigation (social care) or a MAS assessment (health care, lex Maria), with dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from treserva_desktop.domain.errors import Conflict, ValidationError
from treserva_desktop.domain.field_lengths import check_fits


class DeviationCategory(StrEnum):
    """Which law the deviation falls under: SoL (social care), HSL (health care) or övrigt."""

    SOL = "sol"
    HSL = "hsl"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            DeviationCategory.SOL: "SoL",
            DeviationCategory.HSL: "HSL",
            DeviationCategory.OTHER: "Övrigt",
        }[self]


# The category a type usually falls under, proposed when the type is chosen (the reporter may
# change it): medication errors and pressure ulcers are health care (HSL, to the MAS); falls,
# missed interventions, conduct and abuse are social care (SoL, lex Sarah). Types not named
# here (nutrition, safety alarm, documentation, other) propose nothing.
SUGGESTED_CATEGORY: dict[str, DeviationCategory] = {
    "medication": DeviationCategory.HSL,
    "pressure_ulcer": DeviationCategory.HSL,
    "fall": DeviationCategory.SOL,
    "missed_intervention": DeviationCategory.SOL,
    "conduct": DeviationCategory.SOL,
    "abuse": DeviationCategory.SOL,
}


class DeviationState(StrEnum):
    REGISTERED = "registered"
    UNDER_ANALYSIS = "under_analysis"
    ACTIONS_DECIDED = "actions_decided"
    FEEDBACK_GIVEN = "feedback_given"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            DeviationState.REGISTERED: "Registrerad",
            DeviationState.UNDER_ANALYSIS: "Under analys",
            DeviationState.ACTIONS_DECIDED: "Åtgärder beslutade",
            DeviationState.FEEDBACK_GIVEN: "Återkoppling given",
            DeviationState.CLOSED: "Avslutad",
        }[self]

    @property
    def rank(self) -> int:
        return _ORDER.index(self)


_ORDER = (
    DeviationState.REGISTERED,
    DeviationState.UNDER_ANALYSIS,
    DeviationState.ACTIONS_DECIDED,
    DeviationState.FEEDBACK_GIVEN,
    DeviationState.CLOSED,
)
OPEN_STATES: tuple[DeviationState, ...] = _ORDER[:-1]


class RiskLevel(StrEnum):
    """The manager's assessment of the risk that it happens again and harms someone."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def label(self) -> str:
        return {
            RiskLevel.LOW: "Låg",
            RiskLevel.MODERATE: "Måttlig",
            RiskLevel.HIGH: "Hög",
            RiskLevel.VERY_HIGH: "Mycket hög",
        }[self]


class Escalation(StrEnum):
    """Lex Sarah-utredning (SoL) or MAS-bedömning (HSL, lex Maria)."""

    LEX_SARAH = "lex_sarah"
    MAS = "mas"

    @property
    def label(self) -> str:
        return {Escalation.LEX_SARAH: "Lex Sarah-utredning", Escalation.MAS: "MAS-bedömning"}[self]


class DeviationStep(StrEnum):
    """What a manager does to an open deviation; each needs a state and leads to one."""

    ANALYSE = "analyse"
    DECIDE_ACTIONS = "decide_actions"
    GIVE_FEEDBACK = "give_feedback"
    ESCALATE = "escalate"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return {
            DeviationStep.ANALYSE: "Analys",
            DeviationStep.DECIDE_ACTIONS: "Beslutade åtgärder",
            DeviationStep.GIVE_FEEDBACK: "Återkoppling",
            DeviationStep.ESCALATE: "Eskalering",
            DeviationStep.CLOSE: "Avsluta",
        }[self]


# (the state a step needs at least, the state it leads to at least)
_STEPS: dict[DeviationStep, tuple[DeviationState, DeviationState]] = {
    DeviationStep.ANALYSE: (DeviationState.REGISTERED, DeviationState.UNDER_ANALYSIS),
    DeviationStep.DECIDE_ACTIONS: (DeviationState.UNDER_ANALYSIS, DeviationState.ACTIONS_DECIDED),
    DeviationStep.GIVE_FEEDBACK: (DeviationState.ACTIONS_DECIDED, DeviationState.FEEDBACK_GIVEN),
    DeviationStep.ESCALATE: (DeviationState.UNDER_ANALYSIS, DeviationState.UNDER_ANALYSIS),
    DeviationStep.CLOSE: (DeviationState.FEEDBACK_GIVEN, DeviationState.CLOSED),
}
_TOO_EARLY: dict[DeviationStep, str] = {
    DeviationStep.ANALYSE: "Avvikelsen kan inte analyseras.",
    DeviationStep.DECIDE_ACTIONS: "Analysera avvikelsen (orsak, konsekvens, risk) innan "
    "åtgärder beslutas.",
    DeviationStep.GIVE_FEEDBACK: "Besluta åtgärder innan återkoppling ges till rapportören.",
    DeviationStep.ESCALATE: "En avvikelse kan eskaleras först när analysen har påbörjats.",
    DeviationStep.CLOSE: "Ge återkoppling till rapportören innan avvikelsen avslutas.",
}
CLOSED_TEXT = "Avvikelsen är avslutad och kan inte ändras."


def allowed(step: DeviationStep, state: DeviationState) -> bool:
    """Whether a manager may take `step` on a deviation in `state` (the buttons' enabling)."""
    needs, _leads_to = _STEPS[step]
    return state is not DeviationState.CLOSED and state.rank >= needs.rank


def next_state(step: DeviationStep, state: DeviationState) -> DeviationState:
    """The state after `step`, or Conflict with the reason when the step is not allowed."""
    if state is DeviationState.CLOSED:
        raise Conflict(CLOSED_TEXT)
    if not allowed(step, state):
        raise Conflict(_TOO_EARLY[step])
    _needs, leads_to = _STEPS[step]
    return leads_to if leads_to.rank > state.rank else state


def _required_text(value: str, field: str, what: str, missing: str) -> str:
    check_fits("deviation_text", value, what, error_field=field)
    if not value.strip():
        raise ValidationError(missing, field=field)
    return value


def check_registration(
    *, description: str, occurred_at: datetime, now: datetime, place: str, immediate_action: str
) -> None:
    """Vad hände is required and the time may not lie in the future."""
    _required_text(description, "description", "Vad hände", "Beskriv vad som hände.")
    check_fits("deviation_text", immediate_action, "Omedelbar åtgärd", error_field="action")
    check_fits("deviation_place", place, "Plats", error_field="place")
    if occurred_at > now:
        raise ValidationError(
            "Tidpunkten för händelsen kan inte ligga i framtiden.", field="occurred_at"
        )


def check_analysis(cause: str, consequence: str) -> None:
    _required_text(cause, "cause", "Orsak", "Ange orsaken till avvikelsen.")
    _required_text(consequence, "consequence", "Konsekvens", "Ange vilken konsekvens det fick.")


def check_actions(actions: str) -> None:
    _required_text(actions, "actions", "Beslutade åtgärder", "Ange vilka åtgärder som beslutas.")


def check_feedback(feedback: str) -> None:
    _required_text(
        feedback, "feedback", "Återkoppling", "Skriv återkopplingen till den som rapporterade."
    )


@dataclass(frozen=True, slots=True)
class EscalationDates:
    """Lex Sarah: utredning påbörjad / avslutad; MAS: bedömd; either: anmäld till IVO."""

    investigation_started_on: date | None = None
    investigation_ended_on: date | None = None
    mas_assessed_on: date | None = None
    ivo_reported_on: date | None = None


# The one escalation a category allows (social care: lex Sarah; health care: MAS, lex
# Maria); övrigt may take either.
ESCALATION_OF: dict[DeviationCategory, Escalation] = {
    DeviationCategory.SOL: Escalation.LEX_SARAH,
    DeviationCategory.HSL: Escalation.MAS,
}


def allowed_escalations(category: DeviationCategory) -> frozenset[Escalation]:
    only = ESCALATION_OF.get(category)
    return frozenset({only}) if only is not None else frozenset(Escalation)


def check_escalation(
    kind: Escalation,
    category: DeviationCategory,
    dates: EscalationDates,
    *,
    occurred_on: date,
    today: date,
) -> None:
    """Lex Sarah for social care, MAS for health care; the dates present, in order, and none
    before the event or after today."""
    if kind not in allowed_escalations(category) and category is DeviationCategory.HSL:
        raise ValidationError(
            "Lex Sarah gäller socialtjänsten: en HSL-avvikelse eskaleras till MAS-bedömning.",
            field="escalation",
        )
    if kind not in allowed_escalations(category):
        raise ValidationError(
            "MAS-bedömning gäller hälso- och sjukvård: en SoL-avvikelse eskaleras till lex "
            "Sarah-utredning.",
            field="escalation",
        )
    if kind is Escalation.LEX_SARAH:
        if dates.mas_assessed_on is not None:
            raise ValidationError(
                "Datum för MAS-bedömning hör inte till en lex Sarah-utredning.",
                field="mas_assessed_on",
            )
        if dates.investigation_started_on is None:
            raise ValidationError(
                "Ange när lex Sarah-utredningen påbörjades.", field="investigation_started_on"
            )
        first = dates.investigation_started_on
    else:
        if dates.investigation_started_on or dates.investigation_ended_on:
            raise ValidationError(
                "Utredningsdatum hör till en lex Sarah-utredning, inte till en MAS-bedömning.",
                field="investigation_started_on",
            )
        if dates.mas_assessed_on is None:
            raise ValidationError("Ange datum för MAS-bedömningen.", field="mas_assessed_on")
        first = dates.mas_assessed_on
    named = (
        ("investigation_started_on", dates.investigation_started_on, "Utredningen påbörjad"),
        ("investigation_ended_on", dates.investigation_ended_on, "Utredningen avslutad"),
        ("mas_assessed_on", dates.mas_assessed_on, "MAS-bedömningen"),
        ("ivo_reported_on", dates.ivo_reported_on, "Anmälan till IVO"),
    )
    for field, day, what in named:
        if day is None:
            continue
        if day > today:
            raise ValidationError(f"{what} kan inte vara ett datum i framtiden.", field=field)
        if day < occurred_on:
            raise ValidationError(
                f"{what} kan inte vara före händelsen ({occurred_on:%Y-%m-%d}).", field=field
            )
    ended = dates.investigation_ended_on
    if ended is not None and ended < first:
        raise ValidationError(
            "Utredningen kan inte avslutas före den påbörjades.", field="investigation_ended_on"
        )
    if dates.ivo_reported_on is not None and dates.ivo_reported_on < first:
        what = "utredningen påbörjades" if kind is Escalation.LEX_SARAH else "MAS-bedömningen"
        raise ValidationError(
            f"Anmälan till IVO kan inte vara före att {what}.", field="ivo_reported_on"
        )


def check_close(escalation: Escalation | None, dates: EscalationDates) -> None:
    """An ongoing lex Sarah investigation is ended before the deviation is closed."""
    if escalation is Escalation.LEX_SARAH and dates.investigation_ended_on is None:
        raise ValidationError(
            "Lex Sarah-utredningen pågår: ange när den avslutades innan avvikelsen avslutas.",
            field="investigation_ended_on",
        )


# Avvikelsestatistik: at most three years in one table.
MAX_STATISTICS_MONTHS = 36


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from `first`'s month to `last`'s, inclusive."""
    months: list[date] = []
    current = first.replace(day=1)
    end = last.replace(day=1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def check_month_range(first: date, last: date) -> list[date]:
    """The months of a statistics interval, checked: in order and at most three years."""
    if last.replace(day=1) < first.replace(day=1):
        raise ValidationError("Sista månaden kan inte vara före den första.", field="last_month")
    months = months_between(first, last)
    if len(months) > MAX_STATISTICS_MONTHS:
        raise ValidationError(
            f"Välj högst {MAX_STATISTICS_MONTHS} månader åt gången.", field="first_month"
        )
    return months
