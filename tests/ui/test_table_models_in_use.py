"""Every real use of RowTableModel runs under Qt's model tester while its widget loads rows.

Each use builds the real widget on the demo database, hands back the models it shows and a
`load` that makes the widget fill them again and again (show a node, reload, change a filter),
so the tester sees real resets with real rows, not a hand-made list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QWidget
from tests.helpers.distribution import home_care_view, new_assignment_views
from tests.helpers.persons import change_phone_elsewhere, person_at
from tests.helpers.windows import open_main_window

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.follow_up import waiting_assignments
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.accept_distribute_dialog import AcceptDistributeDialog
from treserva_desktop.ui.dialogs.user_admin_dialog import UserAdminDialog
from treserva_desktop.ui.dialogs.waiting_assignments_dialog import WaitingAssignmentsDialog
from treserva_desktop.ui.handlers import persons as person_handlers
from treserva_desktop.ui.handlers.accounts import UserAdministration
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.widgets.table_model import RowTableModel

MakeCtx = Callable[[str], AppContext]


@dataclass
class InUse:
    """The models a widget shows, and how to make the widget (re)load them."""

    models: list[RowTableModel[Any]]
    load: Callable[[], None]
    owner: object = None  # keeps a parent widget alive while the test runs


def persons_in_my_units(window: MainWindow, count: int) -> list[Node]:
    found: list[Node] = []

    def collect(node: Node) -> bool:
        if node.kind is NodeKind.PERSON:
            found.append(node)
        return len(found) >= count

    window.model.find(collect, window.model.folder_node(Folder.MY_UNITS))
    assert found
    return found


def select_all(window: MainWindow, nodes: list[Node]) -> Callable[[], None]:
    def load() -> None:
        for node in nodes:
            window.tree.select_node(node)

    return load


def folder_summary(qtbot, make_ctx: MakeCtx, _db: Database) -> InUse:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    folders = [window.model.folder_node(f) for f in (Folder.NEW_ASSIGNMENTS, Folder.INBOX)]
    return InUse([window.summary_pane.model], select_all(window, [*folders, *folders]))


def assignment_view(qtbot, make_ctx: MakeCtx, _db: Database) -> InUse:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    window.model.ensure_loaded(folder)
    assignments = [a for person in folder.children for a in person.children][:3]
    assert assignments
    return InUse([window.assignment_pane.interventions], select_all(window, assignments))


def person_overview(qtbot, make_ctx: MakeCtx, _db: Database) -> InUse:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    pane = window.person_pane
    persons = persons_in_my_units(window, 6)
    return InUse([pane.relations.model, pane.ongoing.model], select_all(window, persons))


def execution_table(qtbot, make_ctx: MakeCtx, _db: Database) -> InUse:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    insatser: list[Node] = []
    for person in persons_in_my_units(window, 3):
        window.model.ensure_loaded(person)
        insatser += [c for c in person.children if c.kind is NodeKind.INSATS_GF]
    assert insatser
    return InUse([window.execution_pane.model], select_all(window, insatser))


def accept_distribute_dialog(qtbot, make_ctx: MakeCtx, _db: Database) -> InUse:
    ctx = make_ctx("verksamhetschef")
    views = [home_care_view(ctx), *new_assignment_views(ctx)[:2]]
    dialog = AcceptDistributeDialog(views[0], lambda _parent, _item: None)
    qtbot.addWidget(dialog)

    def load() -> None:
        for view in views:
            dialog.set_view(view)
        dialog.set_view(views[0], keep=views[0].interventions[0].intervention_id)

    return InUse([dialog.model], load)


def waiting_assignments_dialog(qtbot, make_ctx: MakeCtx, _db: Database) -> InUse:
    ctx = make_ctx("verksamhetschef")
    rows = fetch(ctx, waiting_assignments).value
    assert rows
    dialog = WaitingAssignmentsDialog(rows, overdue_working_days=ctx.settings.overdue_working_days)
    qtbot.addWidget(dialog)
    assert dialog.unit.count() > 2  # "all units" and at least two units to filter by

    def load() -> None:
        for position in [*range(1, dialog.unit.count()), 0]:
            dialog.unit.setCurrentIndex(position)

    return InUse([dialog.model], load)


def user_admin_dialog(qtbot, make_ctx: MakeCtx, _db: Database) -> InUse:
    dialog = UserAdminDialog(UserAdministration(make_ctx("admin")))
    qtbot.addWidget(dialog)

    def load() -> None:
        for text in ("a", "sam", "ingen sådan", ""):
            dialog.filter.setText(text)
            dialog.reload()

    return InUse([dialog.model], load)


def person_window(qtbot, make_ctx: MakeCtx, demo_db: Database) -> tuple[PersonWindow, QWidget]:
    host = QWidget()
    qtbot.addWidget(host)
    window = person_handlers.open_person_window(make_ctx("samordnare"), host, person_at(demo_db))
    assert window is not None
    return window, host


def history_tab(qtbot, make_ctx: MakeCtx, demo_db: Database) -> InUse:
    window, host = person_window(qtbot, make_ctx, demo_db)

    def load() -> None:
        window.tabs.setCurrentWidget(window.history_tab)  # shown: read the (empty) history
        change_phone_elsewhere(demo_db, window.ctx.actor, window.person_id, "070-111 22 33")
        assert window.reload()  # reloaded while shown: read it again, now with the change

    return InUse([window.history_tab.model], load, host)


def relations_tab(qtbot, make_ctx: MakeCtx, demo_db: Database) -> InUse:
    window, host = person_window(qtbot, make_ctx, demo_db)

    def load() -> None:
        window.tabs.setCurrentWidget(window.relations_tab)
        assert window.reload()
        assert window.reload()

    return InUse([window.relations_tab.model], load, host)


USES = [
    folder_summary,
    assignment_view,
    person_overview,
    execution_table,
    accept_distribute_dialog,
    waiting_assignments_dialog,
    user_admin_dialog,
    history_tab,
    relations_tab,
]


@pytest.mark.parametrize("use", USES, ids=[use.__name__ for use in USES])
def test_the_model_passes_the_model_tester_while_the_widget_loads_rows(
    qtbot,
    make_ctx: MakeCtx,
    demo_db: Database,
    use: Callable[[Any, MakeCtx, Database], InUse],
) -> None:
    in_use = use(qtbot, make_ctx, demo_db)
    testers = [
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for model in in_use.models
    ]
    shown: list[list[int]] = [[] for _ in in_use.models]
    for model, counts in zip(in_use.models, shown, strict=True):
        model.modelReset.connect(lambda m=model, c=counts: c.append(m.rowCount()))
    in_use.load()
    for counts in shown:
        assert len(counts) >= 2, "the widget should have loaded its rows more than once"
        assert max(counts) > 0, "the widget should have shown rows"
    del testers


def test_insats_gf_never_cuts_a_status_and_keeps_a_one_row_table_readable(qtbot) -> None:
    """Issue 12: 'Skickad till genomföra…' no more; a horizontal scroll bar never covers the
    only row."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHeaderView, QTableView

    from treserva_desktop.ui.widgets.common import (
        LONG_TEXT_CAP,
        fit_columns_sharing,
        fit_height_with_scroll_bar,
    )
    from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

    rows = [("Personlig omvårdnad " * 6, "Norr grupp 1", "Skickad till genomförande")]
    model: RowTableModel[tuple[str, str, str]] = RowTableModel(
        [
            Column("Insats", lambda r: r[0]),
            Column("Enhet", lambda r: r[1]),
            Column("Status", lambda r: r[2]),
        ]
    )
    model.set_rows(rows)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(300, 120)
    table.show()
    fit_columns_sharing(table, (0,))
    fit_height_with_scroll_bar(table, 1)
    header = table.horizontalHeader()
    assert header.sectionSize(0) == LONG_TEXT_CAP  # capped, elided, tool tip has it all
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == rows[0][0]
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.ResizeToContents
    status_width = table.fontMetrics().horizontalAdvance(rows[0][2])
    assert header.sectionSize(2) >= status_width
    scroll = table.horizontalScrollBar().sizeHint().height()
    assert table.maximumHeight() >= header.sizeHint().height() + scroll
