"""The assignment document: a valid A4 PDF whose text carries what Läs uppdrag must show."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from treserva_desktop.documents.assignment_document import render_assignment
from treserva_desktop.domain.enums import AssignmentKind, AssignmentStatus
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.reading import AssignmentDocumentView, DocumentIntervention

PRINTED = datetime(2026, 11, 25, 14, 30)


@pytest.fixture
def view() -> AssignmentDocumentView:
    return AssignmentDocumentView(
        assignment_id=42,
        kind=AssignmentKind.NEW,
        status=AssignmentStatus.RECEIVED,
        municipality="Åby kommun",
        receiver_unit_name="ÄO Hemtjänst › Hemtjänst Norr",
        sent_at=datetime(2026, 11, 20, 9, 15, tzinfo=UTC),
        person_id=7,
        person_name="Märta Öberg",
        identity_label="Personnummer",
        identity_display="19380412-1014",
        protected_identity=False,
        address="Storgatan 1, 123 45 Åby",
        is_test_data=True,
        decided_on=date(2026, 11, 15),
        decision_period_start=date(2026, 11, 20),
        decision_period_end=date(2027, 11, 19),
        legal_basis="4 kap. 1 § SoL",
        interventions=(
            DocumentIntervention(
                "Personlig omvårdnad",
                "22,5 tim/månad",
                date(2026, 11, 20),
                date(2027, 11, 19),
                "Morgon- och kvällshjälp",
            ),
            DocumentIntervention("Trygghetslarm", "", date(2026, 11, 20), None),
        ),
        goals="Märta ska kunna bo kvar hemma & känna sig trygg <alltid>.\n\nAndra stycket.",
        sender_name="Johan Ekström",
        sender_title="Biståndshandläggare",
        sender_unit="Biståndsenheten",
        sender_phone="0123-456 78",
        first_read_at=None,
    )


def _text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_renders_a_one_page_pdf_with_everything(view: AssignmentDocumentView) -> None:
    pdf = render_assignment(view, printed_at=PRINTED)
    assert pdf.startswith(b"%PDF")
    text, pages = _text(pdf)
    assert pages == 1
    for expected in (
        "Uppdrag",
        "Åby kommun",
        "Märta Öberg",
        "Personnummer",
        "19380412-1014",
        "Storgatan 1, 123 45 Åby",
        "2026-11-15",
        "2026-11-20 – 2027-11-19",
        "4 kap. 1 § SoL",
        "Personlig omvårdnad",
        "22,5 tim/månad",
        "Morgon- och kvällshjälp",
        "Trygghetslarm",
        "tills vidare",
        "Märta ska kunna bo kvar hemma & känna sig trygg <alltid>.",
        "Andra stycket.",
        "Johan Ekström",
        "Biståndsenheten",
        "0123-456 78",
        "ÄO Hemtjänst › Hemtjänst Norr",
        "Testdata",
        "Utskrivet 2026-11-25 14:30",
        "Sida 1 av 1",
    ):
        assert expected in text, expected
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_protected_identity_shows_skyddad(view: AssignmentDocumentView) -> None:
    protected = replace(view, protected_identity=True, address=PROTECTED_TEXT)
    text, _pages = _text(render_assignment(protected, printed_at=PRINTED))
    assert PROTECTED_TEXT in text
    assert "Storgatan" not in text
    assert "skyddad identitet" in text


def test_long_goals_run_over_pages_with_page_numbers(view: AssignmentDocumentView) -> None:
    goals = "\n\n".join(f"Stycke {n}: " + "Målet är trygghet i vardagen. " * 12 for n in range(40))
    text, pages = _text(render_assignment(replace(view, goals=goals), printed_at=PRINTED))
    assert pages >= 2
    assert f"Sida {pages} av {pages}" in text
    assert "Sida 1 av" in text
    assert "Stycke 39" in text


def test_provider_change_shows_the_date(view: AssignmentDocumentView) -> None:
    change = replace(view, kind=AssignmentKind.PROVIDER_CHANGE, change_date=date(2026, 12, 1))
    text, _pages = _text(render_assignment(change, printed_at=PRINTED))
    assert "byte av utförare" in text
    assert "2026-12-01" in text


def test_empty_goals_and_sender_contact(view: AssignmentDocumentView) -> None:
    bare = replace(view, goals="", sender_phone="", sender_title="", is_test_data=False)
    text, _pages = _text(render_assignment(bare, printed_at=PRINTED))
    assert "Inga mål angivna." in text
    assert "Testdata" not in text
    assert "Utskrivet" in text
