"""A genomförandeplan as rich text: facts, goals, activities and follow-ups (the plan pane and
the Öppna window show the same)."""

from __future__ import annotations

import html

from treserva_desktop.domain.plan_rules import PlanState
from treserva_desktop.domain.views.plans import PlanView

_CELL = "padding:3px 10px 3px 0; vertical-align:top;"


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], empty: str) -> str:
    if not rows:
        return f"<p><i>{html.escape(empty)}</i></p>"
    head = "".join(f"<th align='left' style='{_CELL}'>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td style='{_CELL}'>{_esc(cell)}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table cellspacing='0'><tr>{head}</tr>{body}</table>"


def status_text(view: PlanView) -> str:
    if view.ended_on is not None:
        by = f" av {view.ended_by_name}" if view.ended_by_name else ""
        return f"Avslutad{by}, stoppdatum {view.ended_on:%Y-%m-%d} ({view.end_reason})"
    if view.next_follow_up_on is None:
        return "Aktuell · ingen uppföljning planerad"
    if view.state is PlanState.FOLLOW_UP_OVERDUE:
        return f"Aktuell · uppföljning försenad sedan {view.next_follow_up_on:%Y-%m-%d}"
    return f"Aktuell · nästa uppföljning {view.next_follow_up_on:%Y-%m-%d}"


def plan_html(view: PlanView) -> str:
    """The plan as rich text, for the pane and the Öppna window."""
    took_part = "Ja" if view.person_took_part else "Nej"
    facts = [
        ("Person", f"{view.person_name}, {view.identity_display}"),
        ("Enhet", view.unit_name),
        ("Upprättad", f"{view.established_on:%Y-%m-%d} av {view.established_by_name}"),
        ("Deltagare", view.participants),
        ("Personen deltog", took_part),
        ("Status", status_text(view)),
    ]
    fact_rows = "".join(
        f"<tr><td style='{_CELL}'><b>{html.escape(key)}:</b></td>"
        f"<td style='{_CELL}'>{_esc(value)}</td></tr>"
        for key, value in facts
    )
    goals = "".join(f"<li>{_esc(goal)}</li>" for goal in view.goals)
    activities = _table(
        ("Vad", "Vem", "När/hur"),
        [(a.what, a.who, a.when_how) for a in view.activities],
        "Inga aktiviteter.",
    )
    follow_ups = _table(
        ("Datum", "Av", "Resultat", "Nästa"),
        [
            (
                f"{f.followed_up_on:%Y-%m-%d}",
                f.by_name,
                f.comment,
                f"{f.next_follow_up_on:%Y-%m-%d}" if f.next_follow_up_on else "–",
            )
            for f in view.follow_ups
        ],
        "Planen har inte följts upp ännu.",
    )
    return (
        f"<table cellspacing='0'>{fact_rows}</table>"
        f"<h3>Mål</h3><ol>{goals}</ol>"
        f"<h3>Aktiviteter</h3>{activities}"
        f"<h3>Uppföljningar</h3>{follow_ups}"
    )
