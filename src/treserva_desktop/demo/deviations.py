"""Demo avvikelser: a deviation drawn as plain values with its history, shared by the small
demo (`write_deviations`) and the scale demo (municipal/deviations.py).

A drawn deviation has gone as far through the state machine as its age makes likely: the
recent ones are registered or under analysis, most older ones closed; a few serious ones were
escalated to lex Sarah (SoL) or a MAS assessment (HSL), some of them reported to IVO.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from treserva_desktop.db.models import Deviation, DeviationEvent
from treserva_desktop.demo.builder import DemoBuilder
from treserva_desktop.demo.organisation import (
    GRUPPCHEF,
    HT_NORR,
    NORR_1,
    PERSONAL,
    SAMORDNARE,
    SJUKSKOTERSKA,
    VERKSAMHETSCHEF,
)
from treserva_desktop.demo.plan import PersonPlan
from treserva_desktop.demo.spread import Fate
from treserva_desktop.domain.deviation_rules import (
    DeviationCategory,
    DeviationState,
    Escalation,
    RiskLevel,
)

# (type code, weight, category, what happened, immediate action, place)
_KINDS: tuple[tuple[str, int, DeviationCategory, str, str, str], ...] = (
    (
        "fall",
        40,
        DeviationCategory.SOL,
        "Hittades sittande på golvet vid sängen, kunde inte resa sig själv.",
        "Hjälpte upp med lyft, kontrollerade smärta, kontaktade sjuksköterska.",
        "Sovrummet",
    ),
    (
        "medication",
        18,
        DeviationCategory.HSL,
        "Kvällsdosen av läkemedel var inte given, dosetten var orörd vid nattbesöket.",
        "Kontaktade sjuksköterska som gav ordination.",
        "Köket",
    ),
    (
        "missed_intervention",
        15,
        DeviationCategory.SOL,
        "Planerat besök för dusch blev inte av, besöket saknades i planeringen.",
        "Nytt besök bokades samma eftermiddag.",
        "Hemmet",
    ),
    (
        "conduct",
        6,
        DeviationCategory.SOL,
        "Den enskilde upplevde att personalen var stressad och inte lyssnade.",
        "Pratade med den enskilde och bad om ursäkt.",
        "Hallen",
    ),
    (
        "pressure_ulcer",
        5,
        DeviationCategory.HSL,
        "Rodnad på hälen som inte bleknar vid tryck upptäcktes vid morgonhygien.",
        "Avlastade hälen, meddelade sjuksköterska.",
        "Sovrummet",
    ),
    (
        "nutrition",
        4,
        DeviationCategory.HSL,
        "Maten från lunchen stod orörd två dagar i rad.",
        "Erbjöd näringsdryck, dokumenterade intag.",
        "Köket",
    ),
    (
        "safety_alarm",
        6,
        DeviationCategory.SOL,
        "Trygghetslarmet fungerade inte vid provlarmning.",
        "Larmleverantören kontaktades, tillfälliga tillsynsbesök.",
        "Hemmet",
    ),
    (
        "documentation",
        4,
        DeviationCategory.OTHER,
        "Nyckeln saknades i nyckelskåpet vid passets början.",
        "Reservnyckel hämtades, kvitteringslistan gicks igenom.",
        "Kontoret",
    ),
    (
        "other",
        2,
        DeviationCategory.OTHER,
        "Bilen startade inte och kvällens besök blev sena.",
        "Besöken fördelades om inom gruppen.",
        "Garaget",
    ),
)
_WEIGHTS = [kind[1] for kind in _KINDS]
_RISKS = (RiskLevel.LOW, RiskLevel.MODERATE, RiskLevel.HIGH, RiskLevel.VERY_HIGH)


def _state_for(rng: random.Random, age_days: int) -> DeviationState:
    """How far a deviation of this age has come: a month or more is mostly closed."""
    states = list(DeviationState)
    if age_days < 3:
        return states[rng.choice((0, 0, 0, 1))]
    if age_days < 30:
        return states[rng.choice((0, 1, 1, 2, 2, 3, 4))]
    return states[rng.choice((1, 2, 3, 4, 4, 4, 4, 4, 4, 4))]


def draw_deviation(
    rng: random.Random,
    *,
    deviation_id: int,
    first_event_id: int,
    unit_id: int,
    person_id: int | None,
    reporter: int,
    manager: int,
    occurred_at: datetime,
    now: datetime,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One deviation row and its history rows (ids from `first_event_id` on), as dicts."""
    kind = rng.choices(_KINDS, weights=_WEIGHTS)[0] if person_id is not None else _KINDS[-1]
    code, _weight, category, what, action, place = kind
    age = (now - occurred_at).days
    state = _state_for(rng, age)
    reported_at = min(occurred_at + timedelta(minutes=rng.randint(10, 240)), now)
    row: dict[str, Any] = {
        "id": deviation_id,
        "unit_id": unit_id,
        "person_id": person_id,
        "category": category.value,
        "type_code": code,
        "reported_by_user_id": reporter,
        "reported_at": reported_at,
        "occurred_at": occurred_at,
        "occurred_month": occurred_at.date().replace(day=1),
        "place": place,
        "description": what,
        "immediate_action": action,
        "state": state.value,
        "cause": "",
        "consequence": "",
        "risk": None,
        "decided_actions": "",
        "feedback": "",
        "escalation": None,
        "investigation_started_on": None,
        "investigation_ended_on": None,
        "mas_assessed_on": None,
        "ivo_reported_on": None,
        "closed_at": None,
        "updated_at": reported_at,
        "version": 1,
    }
    events = [
        _event(
            first_event_id,
            deviation_id,
            reporter,
            reported_at,
            "register",
            DeviationState.REGISTERED,
            {"description": [None, what]},
        )
    ]
    moment = reported_at
    steps: list[tuple[str, DeviationState, dict[str, Any]]] = []
    rank = state.rank
    if rank >= 1:
        risk = rng.choices(_RISKS, weights=(5, 4, 2, 1))[0]
        steps.append(
            (
                "analyse",
                DeviationState.UNDER_ANALYSIS,
                {
                    "cause": "Rutinen följdes inte fullt ut.",
                    "consequence": "Ingen bestående skada.",
                    "risk": risk.value,
                },
            )
        )
        if risk is RiskLevel.VERY_HIGH and category is not DeviationCategory.OTHER:
            steps.append(("escalate", DeviationState.UNDER_ANALYSIS, {}))
    if rank >= 2:
        steps.append(
            (
                "decide_actions",
                DeviationState.ACTIONS_DECIDED,
                {"decided_actions": "Rutinen gås igenom på nästa arbetsplatsträff."},
            )
        )
    if rank >= 3:
        steps.append(
            (
                "give_feedback",
                DeviationState.FEEDBACK_GIVEN,
                {"feedback": "Tack för din rapport. Rutinen har setts över."},
            )
        )
    if rank >= 4:
        steps.append(("close", DeviationState.CLOSED, {}))
    span = max(1, (now - moment).total_seconds() / (len(steps) + 1))
    for number, (step, step_state, values) in enumerate(steps, start=1):
        moment = min(moment + timedelta(seconds=rng.uniform(0.3, 1.0) * span), now)
        if step == "escalate":
            values = _escalation(rng, category, moment.date(), now.date())
        if step == "close":
            row["closed_at"] = moment
        row.update(values)
        changes = {
            key: [None, str(value) if value is not None else None] for key, value in values.items()
        }
        events.append(
            _event(
                first_event_id + number,
                deviation_id,
                manager,
                moment,
                step,
                step_state if step != "escalate" else DeviationState.UNDER_ANALYSIS,
                changes,
            )
        )
    row["updated_at"] = moment
    row["version"] = len(events)
    return row, events


def _escalation(
    rng: random.Random, category: DeviationCategory, day: date, today: date
) -> dict[str, Any]:
    if category is DeviationCategory.HSL:
        return {
            "escalation": Escalation.MAS.value,
            "mas_assessed_on": day,
            "ivo_reported_on": day if rng.random() < 0.3 else None,
        }
    ended = min(day + timedelta(days=rng.randint(5, 20)), today)
    return {
        "escalation": Escalation.LEX_SARAH.value,
        "investigation_started_on": day,
        "investigation_ended_on": ended,
        "ivo_reported_on": ended if rng.random() < 0.3 else None,
    }


def _event(
    event_id: int,
    deviation_id: int,
    user_id: int,
    at: datetime,
    step: str,
    state: DeviationState,
    changes: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": event_id,
        "deviation_id": deviation_id,
        "user_id": user_id,
        "occurred_at": at,
        "step": step,
        "state": state.value,
        "changes": {
            key: [None if v is None else str(v) for v in pair] for key, pair in changes.items()
        },
    }


# -- the small demo ------------------------------------------------------------------------


def _reporter_and_manager(plan: PersonPlan) -> tuple[str, str]:
    """The demo users who work at the person's unit: the care staff at Norr grupp 1 (the
    nurse for some), the coordinator at Norr and Söder, the verksamhetschef elsewhere; the
    gruppchef handles Norr's, the verksamhetschef the others."""
    if plan.performer == NORR_1:
        return PERSONAL, GRUPPCHEF
    if plan.receiver == HT_NORR:
        return SAMORDNARE, GRUPPCHEF
    if plan.receiver.startswith("Hemtjänst Söder"):
        return SAMORDNARE, VERKSAMHETSCHEF
    return VERKSAMHETSCHEF, VERKSAMHETSCHEF


def write_deviations(b: DemoBuilder, plans: list[PersonPlan]) -> None:
    """A deviation on every third person with acknowledged, running rows (in every state as
    their age falls), one HSL deviation by the nurse and one on Norr grupp 1 without a
    person."""
    rng = b.rng
    running = [
        plan
        for plan in plans
        if plan.fate in (Fate.ONGOING, Fate.REVISED) and plan.acknowledged_at is not None
    ]
    for number, plan in enumerate(running):
        if number % 3:
            continue
        reporter, manager = _reporter_and_manager(plan)
        if plan.performer == NORR_1 and number % 2:
            reporter = SJUKSKOTERSKA
        acknowledged = plan.acknowledged_at
        assert acknowledged is not None
        days = max(0, min(90, (b.today - acknowledged.date()).days - 1))
        day = b.today - timedelta(days=rng.randint(0, days))
        _keep(b, plan.performer, plan.person.id, reporter, manager, b.at(day))
    _keep(b, NORR_1, None, PERSONAL, GRUPPCHEF, b.at(b.today - timedelta(days=12)))


def _keep(
    b: DemoBuilder,
    unit: str,
    person_id: int | None,
    reporter: str,
    manager: str,
    occurred_at: datetime,
) -> None:
    deviation_id = b.next_id(Deviation)
    first_event = b.last_id[DeviationEvent] + 1
    row, events = draw_deviation(
        b.rng,
        deviation_id=deviation_id,
        first_event_id=first_event,
        unit_id=b.units[unit].id,
        person_id=person_id,
        reporter=b.users[reporter].id,
        manager=b.users[manager].id,
        occurred_at=occurred_at,
        now=b.now - timedelta(minutes=5),
    )
    b.last_id[DeviationEvent] += len(events)
    b.keep(Deviation(**row))
    for event in events:
        b.keep(DeviationEvent(**event))
