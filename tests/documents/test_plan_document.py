"""The genomförandeplan document: a valid A4 PDF whose text carries the plan."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from treserva_desktop.documents.plans import render_implementation_plan
from treserva_desktop.domain.plan_rules import PlanState
from treserva_desktop.domain.views.plans import PlanActivityView, PlanFollowUpView, PlanView


@pytest.fixture
def view() -> PlanView:
    return PlanView(
        id=5,
        person_id=7,
        unit_id=3,
        person_name="Märta Öberg",
        identity_label="Personnummer",
        identity_display="19380412-1014",
        unit_name="Norr grupp 1",
        municipality="Åby kommun",
        is_test_data=True,
        established_on=date(2026, 11, 3),
        established_by_name="Amina Hassan",
        person_took_part=True,
        participants="Märta, dottern Eva och kontaktman Amina",
        goals=("Klara morgonrutinen med stöd", "Komma ut på promenad varje vecka"),
        activities=(
            PlanActivityView("Stöd vid dusch", "Kontaktman", "Tisdagar och fredagar"),
            PlanActivityView("Promenad", "Personal på förmiddagen", "Onsdagar"),
        ),
        follow_ups=(
            PlanFollowUpView(date(2026, 11, 30), "Anders Holmgren", "Fungerar väl.", None),
        ),
        next_follow_up_on=None,
        ended_on=None,
        end_reason="",
        ended_by_name="",
        state=PlanState.ESTABLISHED,
        version=2,
        created_at=datetime(2026, 11, 3, 10, 0, tzinfo=UTC),
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_plan_as_pdf(view: PlanView) -> None:
    pdf = render_implementation_plan(view)
    assert pdf.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = _text(pdf)
    for expected in (
        "Genomförandeplan",
        "Märta Öberg",
        "19380412-1014",
        "Klara morgonrutinen med stöd",
        "Stöd vid dusch",
        "Tisdagar och fredagar",
        "Fungerar väl.",
        "Personen deltog",
        "Testdata",
    ):
        assert expected in text, expected


def test_an_ended_plan_says_so(view: PlanView) -> None:
    ended = replace(
        view, ended_on=date(2026, 12, 1), end_reason="Personen har flyttat", state=PlanState.ENDED
    )
    text = _text(render_implementation_plan(ended))
    assert "stoppdatum 2026-12-01" in text
    assert "Personen har flyttat" in text
