"""The summary pane's lists read as a user expects at the window's default size: what each
row is about is shown, short columns are narrow and the main text takes the room left."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from tests.helpers.columns import assert_fits
from tests.helpers.windows import open_main_window

from treserva_desktop.domain.enums import Folder
from treserva_desktop.domain.views import MessageListItem
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.tree.nodes import NodeKind

DEFAULT_SIZE = (1400, 860)


def shown_window(qtbot, ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = open_main_window(qtbot, ctx)
    window.resize(*DEFAULT_SIZE)
    qtbot.waitUntil(lambda: window.width() == DEFAULT_SIZE[0])
    return window


def headers(window: MainWindow) -> list[str]:
    model = window.summary_pane.model
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def test_inbox_names_the_person_and_the_subject_takes_the_room(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = shown_window(qtbot, make_ctx("verksamhetschef"))
    inbox = window.model.folder_node(Folder.INBOX)
    window.tree.select_node(inbox)
    pane = window.summary_pane
    assert headers(window) == ["Ämne", "Person", "Från", "Skickat", "Läst"]
    about = [
        (row, node.payload)
        for row, node in enumerate(pane.model.rows)
        if isinstance(node.payload, MessageListItem) and node.payload.person
    ]
    assert about, "the demo inbox has messages about persons"
    row, item = about[0]
    # The name and number the folder read (and audited, tree.inbox_page) are shown.
    assert pane.model.index(row, 1).data() == item.person

    table, header = pane.table, pane.table.horizontalHeader()
    assert not header.stretchLastSection()
    assert header.sectionResizeMode(0) is QHeaderView.ResizeMode.Stretch
    # Läst (Ja/Nej) and Skickat are as narrow as their contents, Ämne the widest.
    for column in (3, 4):
        assert header.sectionSize(column) <= 1.5 * max(
            table.sizeHintForColumn(column), header.sectionSizeHint(column)
        )
    assert header.sectionSize(0) > max(header.sectionSize(c) for c in range(1, 5))
    assert header.length() <= table.viewport().width()
    # The person's name and number are never cut.
    assert header.sectionSize(1) >= table.sizeHintForColumn(1)


def test_sent_assignments_keep_dates_and_row_states_whole(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    """Skickade uppdrag: Fördelade rader ("2 Skickad till genomförande") was cut at the
    pane's edge; now the dates and row states are whole and Accepterat / stoppat takes the
    room left."""
    window = shown_window(qtbot, make_ctx("handlaggare"))
    window.tree.select_node(window.model.folder_node(Folder.SENT_ASSIGNMENTS))
    pane = window.summary_pane
    assert headers(window)[-1] == "Fördelade rader"
    assert pane.model.rowCount() > 0
    header = pane.table.horizontalHeader()
    assert header.sectionResizeMode(4) is QHeaderView.ResizeMode.Stretch
    assert_fits(pane.table, whole=(0, 3, 5))


def test_a_units_sub_units_show_a_dash_for_personnummer(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    """Selecting a unit with sub-units (Hemtjänst Norr): the sub-units' Personnummer was an
    empty cell, read as a missing number; it says "–", the persons keep their numbers."""
    window = shown_window(qtbot, make_ctx("verksamhetschef"))
    unit = window.model.find_by_path(
        ["Mitt skrivbord", "Mina enheter", "ÄO Hemtjänst", "Hemtjänst Norr"]
    )
    assert unit is not None
    window.tree.select_node(unit)
    pane = window.summary_pane
    assert headers(window) == ["Namn", "Typ", "Personnummer"]
    for row, node in enumerate(pane.model.rows):
        number = pane.model.index(row, 2).data()
        if node.kind is NodeKind.UNIT:
            assert number == "–"
        else:
            assert number
            assert number != "–"
    assert any(node.kind is NodeKind.UNIT for node in pane.model.rows)
