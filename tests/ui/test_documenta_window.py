"""Documenta's list: Typ ("Genomförandejournal", "Genomförandeplan") and the dates are never
cut at the window's default size; the document's name takes the room left."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtWidgets import QHeaderView
from tests.helpers.columns import assert_fits

from treserva_desktop.domain.enums import JournalKind
from treserva_desktop.domain.views.journals import DocumentItem, JournalListItem, PersonDocuments
from treserva_desktop.ui.journal.documenta_window import (
    EMPTY_CAN_CREATE,
    EMPTY_TEXT,
    TITLE_COLUMN,
    DocumentaWindow,
)

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
        can_create=lambda _documents: True,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    header = window.table.horizontalHeader()
    assert header.sectionResizeMode(TITLE_COLUMN) is QHeaderView.ResizeMode.Stretch
    assert_fits(window.table, whole=(0, 2, 3, 4))


def test_no_documents_shows_a_sentence_not_an_empty_grid(qtbot) -> None:
    """A person without journals or plans at the unit: the window says so (and how to start
    one) instead of showing only column headers; the list returns with the first document."""
    none = replace(DOCUMENTS, journals=(), documents=())
    loaded = [none]
    window = DocumentaWindow(
        none,
        load=lambda: loaded[-1],
        open_journal=lambda _id: None,
        new_journal=lambda: None,
        can_create=lambda _documents: True,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.table.isVisible()
    assert window.empty.isVisible()
    assert window.empty.text() == EMPTY_CAN_CREATE
    loaded.append(DOCUMENTS)
    window.reload()
    assert window.table.isVisible()
    assert not window.empty.isVisible()


def test_no_documents_without_the_right_to_create_says_only_that(qtbot) -> None:
    window = DocumentaWindow(
        replace(DOCUMENTS, journals=(), documents=()),
        load=lambda: None,
        open_journal=lambda _id: None,
        new_journal=lambda: None,
        can_create=lambda _documents: False,
    )
    qtbot.addWidget(window)
    assert window.empty.text() == EMPTY_TEXT
    assert "Ny journal" not in window.empty.text()
