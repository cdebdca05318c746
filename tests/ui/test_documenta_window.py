"""Documenta's list: Typ ("Genomförandejournal", "Genomförandeplan") and the dates are never
cut at the window's default size; the document's name takes the room left."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QHeaderView
from tests.helpers.columns import assert_fits

from treserva_desktop.domain.enums import JournalKind
from treserva_desktop.domain.views.journals import DocumentItem, JournalListItem, PersonDocuments
from treserva_desktop.ui.journal.documenta_window import TITLE_COLUMN, DocumentaWindow

DOCUMENTS = PersonDocuments(
    person_id=7,
    unit_id=2,
    person_name="Rolf Hedlund",
    unit_name="Norr grupp 1",
    business_area=None,
    journals=(
        JournalListItem(
            id=1,
            person_id=7,
            unit_id=2,
            kind=JournalKind.SOCIAL,
            title="Genomförandejournal hemtjänst",
            template_code="home_care",
            created_at=datetime(2025, 11, 18, 12, 1),
            closed_at=None,
            note_count=5,
            last_event_at=None,
        ),
    ),
    documents=(
        DocumentItem(
            "Genomförandeplan", "Genomförandeplan 2025-11-29", date(2025, 11, 29), "Aktuell"
        ),
    ),
)


def test_typ_and_dates_are_never_cut(qtbot) -> None:
    window = DocumentaWindow(
        DOCUMENTS,
        load=lambda: DOCUMENTS,
        open_journal=lambda _id: None,
        new_journal=lambda: None,
        can_create=True,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    header = window.table.horizontalHeader()
    assert header.sectionResizeMode(TITLE_COLUMN) is QHeaderView.ResizeMode.Stretch
    assert_fits(window.table, whole=(0, 2, 3, 4))
