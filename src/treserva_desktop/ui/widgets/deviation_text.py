"""A deviation's report and history as rich text (the deviation window shows both)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime

from treserva_desktop.domain.deviation_rules import (
    DeviationCategory,
    DeviationState,
    DeviationStep,
    Escalation,
    RiskLevel,
)
from treserva_desktop.domain.views.deviations import DeviationView
from treserva_desktop.ui.formatting import date_time_text, local_time

_CELL = "padding:2px 10px 2px 0; vertical-align:top;"
# The fields of the history's changes, in Swedish.
FIELD_LABELS = {
    "category": "Kategori",
    "type_code": "Typ",
    "occurred_at": "Tidpunkt",
    "place": "Plats",
    "description": "Vad hände",
    "immediate_action": "Omedelbar åtgärd",
    "cause": "Orsak",
    "consequence": "Konsekvens",
    "risk": "Risk",
    "decided_actions": "Beslutade åtgärder",
    "feedback": "Återkoppling",
    "escalation": "Eskalering",
    "investigation_started_on": "Utredning påbörjad",
    "investigation_ended_on": "Utredning avslutad",
    "mas_assessed_on": "MAS-bedömning",
    "ivo_reported_on": "IVO-anmälan",
    "state": "Status",
    "closed_at": "Avslutad",
}
STEP_LABELS = {"register": "Registrerad", **{step.value: step.label for step in DeviationStep}}


_CODED: dict[str, type[DeviationCategory | RiskLevel | Escalation | DeviationState]] = {
    "category": DeviationCategory,
    "risk": RiskLevel,
    "escalation": Escalation,
    "state": DeviationState,
}


# Moments stored as ISO text in the history; shown as the report shows them.
_MOMENTS = frozenset({"occurred_at", "closed_at"})


def _value(field: str, value: str | None, type_names: Mapping[str, str]) -> str:
    """A stored value as shown: coded ones by their Swedish label, types by name, moments in
    local time as YYYY-MM-DD HH:MM."""
    if value is None or value == "":
        return "–"
    if field == "type_code":
        return type_names.get(value, value)
    if field in _MOMENTS:
        try:
            return date_time_text(datetime.fromisoformat(value))
        except ValueError:
            return value
    coded = _CODED.get(field)
    if coded is not None:
        try:
            return coded(value).label
        except ValueError:
            return value
    return value


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def report_html(view: DeviationView) -> str:
    """What the reporter registered."""
    who = view.person_name or f"{view.unit_name} (ingen person)"
    facts = [
        ("Gäller", who),
        ("Enhet", view.unit_name),
        ("Kategori", view.category.label),
        ("Typ", view.type_name),
        ("Tidpunkt", date_time_text(view.occurred_at)),
        ("Plats", view.place or "–"),
        ("Rapporterad", f"{date_time_text(view.reported_at)} av {view.reporter_name}"),
        ("Vad hände", view.description),
        ("Omedelbar åtgärd", view.immediate_action or "–"),
    ]
    rows = "".join(
        f"<tr><td style='{_CELL}'><b>{html.escape(key)}:</b></td>"
        f"<td style='{_CELL}'>{_esc(value)}</td></tr>"
        for key, value in facts
    )
    return f"<table cellspacing='0'>{rows}</table>"


def history_text(view: DeviationView, type_names: Mapping[str, str] | None = None) -> str:
    """Every step, oldest first, with each value it replaced (the official record). Types
    are named from `type_names` (the deviation's own type at least)."""
    names = {view.type_code: view.type_name, **(type_names or {})}
    lines: list[str] = []
    for item in view.history:
        step = STEP_LABELS.get(item.step, item.step)
        moment = f"{local_time(item.at):%Y-%m-%d %H:%M}"
        lines.append(f"{moment}  {step} – {item.user_name} ({item.state.label})")
        for field, (before, after) in item.changes.items():
            label = FIELD_LABELS.get(field, field)
            if before is None or before == "":
                lines.append(f"    {label}: {_value(field, after, names)}")
            else:
                was, now = _value(field, before, names), _value(field, after, names)
                lines.append(f"    {label}: {was} → {now}")
    return "\n".join(lines)
