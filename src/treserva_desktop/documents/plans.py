"""The genomförandeplan document: person, who took part, goals, activities and follow-ups."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from treserva_desktop.documents._pdf import (
    CONTENT_WIDTH,
    build_pdf,
    field_table,
    grid_table,
    heading,
    text,
)
from treserva_desktop.domain.plan_rules import PlanState
from treserva_desktop.domain.views.plans import PlanView

# Uppgifter om enskildas personliga förhållanden inom socialtjänsten.
SECRECY = "Sekretess enligt 26 kap. 1 § OSL"


def _title_block(view: PlanView) -> Table:
    left = [text("Genomförandeplan", "title"), text(view.municipality, "subtitle")]
    right = [
        text(f"Upprättad {view.established_on:%Y-%m-%d}", "right"),
        text(view.unit_name, "right"),
        text(SECRECY, "right_small"),
    ]
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _status(view: PlanView) -> str:
    if view.ended_on is not None:
        return f"Avslutad, stoppdatum {view.ended_on:%Y-%m-%d} ({view.end_reason})"
    if view.next_follow_up_on is not None and view.state is PlanState.FOLLOW_UP_OVERDUE:
        return f"Aktuell, uppföljning försenad sedan {view.next_follow_up_on:%Y-%m-%d}"
    if view.next_follow_up_on is not None:
        return f"Aktuell, nästa uppföljning {view.next_follow_up_on:%Y-%m-%d}"
    return "Aktuell, ingen uppföljning planerad"


def _facts(view: PlanView) -> list[Flowable]:
    rows = [
        ("Namn", view.person_name),
        (view.identity_label, view.identity_display),
        ("Utförarenhet", view.unit_name),
        ("Upprättad", f"{view.established_on:%Y-%m-%d} av {view.established_by_name}"),
        ("Deltagare", view.participants),
        ("Personen deltog", "Ja" if view.person_took_part else "Nej"),
        ("Status", _status(view)),
    ]
    return [heading("Person och upprättande"), field_table(rows)]


def _goals(view: PlanView) -> list[Flowable]:
    rows = [[f"{number}.", goal] for number, goal in enumerate(view.goals, start=1)]
    return [heading("Mål"), grid_table(("", "Mål"), rows, [10 * mm, CONTENT_WIDTH - 10 * mm])]


def _activities(view: PlanView) -> list[Flowable]:
    rows = [[a.what, a.who, a.when_how or "–"] for a in view.activities]
    widths = [CONTENT_WIDTH * 0.38, CONTENT_WIDTH * 0.28, CONTENT_WIDTH * 0.34]
    return [heading("Aktiviteter"), grid_table(("Vad", "Vem ansvarar", "När/hur"), rows, widths)]


def _follow_ups(view: PlanView) -> list[Flowable]:
    if not view.follow_ups:
        return [heading("Uppföljningar"), text("Planen har inte följts upp ännu.", "small")]
    rows = [
        [
            f"{f.followed_up_on:%Y-%m-%d}",
            f.by_name,
            f.comment,
            f"{f.next_follow_up_on:%Y-%m-%d}" if f.next_follow_up_on else "–",
        ]
        for f in view.follow_ups
    ]
    widths = [
        CONTENT_WIDTH * 0.15,
        CONTENT_WIDTH * 0.2,
        CONTENT_WIDTH * 0.5,
        CONTENT_WIDTH * 0.15,
    ]
    return [
        heading("Uppföljningar"),
        grid_table(("Datum", "Av", "Resultat", "Nästa"), rows, widths),
    ]


def render_implementation_plan(view: PlanView, *, printed_at: datetime | None = None) -> bytes:
    """The plan as PDF bytes (A4); `printed_at` stamps the footer (the time the plan was
    saved when not given)."""
    story: list[Flowable] = [_title_block(view), Spacer(1, 4 * mm)]
    if view.is_test_data:
        story += [text("Testdata – personen är påhittad.", "banner"), Spacer(1, 2 * mm)]
    story += _facts(view)
    story += _goals(view)
    story += _activities(view)
    story += _follow_ups(view)
    return build_pdf(
        story,
        title=f"Genomförandeplan {view.established_on:%Y-%m-%d}",
        header=f"Genomförandeplan – {view.unit_name}",
        printed_at=printed_at or view.created_at,
    )
