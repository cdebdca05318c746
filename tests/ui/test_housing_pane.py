"""Boende selected in the tree: the person's contracts at the unit in the right-hand pane,
read through person_housing (the contract window's read: the unit's housing managers, the
person engaged there) and audited as a read of the person; or the refusal and nothing else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from sqlalchemy import func, select
from tests.helpers.windows import open_main_window

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.housing import person_housing
from treserva_desktop.domain.enums import AuditAction, Folder
from treserva_desktop.domain.views.housing import PersonHousing
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.contract_window import NOT_EXECUTED
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.panes.housing_pane import NO_CONTRACTS, OPEN_HINT, HousingPane
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import BOENDE_LABEL, Node, NodeKind, PersonRef


def boende_nodes(window: MainWindow) -> list[Node]:
    found: list[Node] = []

    def collect(node: Node) -> bool:
        if node.kind is NodeKind.BOENDE:
            found.append(node)
        return False

    window.model.find(collect, window.model.folder_node(Folder.MY_UNITS))
    return found


def contract_count(window: MainWindow, node: Node) -> int:
    assert node.person_id is not None
    assert node.unit_id is not None
    housing = fetch(window.ctx, person_housing, node.person_id, node.unit_id).value
    assert housing is not None
    return len(housing.contracts)


def housing_reads(database: Database, person_id: int) -> int:
    with database.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.action == AuditAction.READ_PERSON,
                    AuditEvent.person_id == person_id,
                    AuditEvent.details["view"].as_string() == "housing",
                )
            )
            or 0
        )


def cells(pane: HousingPane) -> list[list[str]]:
    model = pane.model
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_boende_lists_the_contracts_and_the_read_is_audited(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    node = next(n for n in boende_nodes(window) if contract_count(window, n) > 0)
    assert node.person_id is not None
    assert node.unit_id is not None
    housing = fetch(window.ctx, person_housing, node.person_id, node.unit_id).value
    assert housing is not None
    before = housing_reads(demo_db, node.person_id)

    window.tree.select_node(node)
    pane = window.housing_pane
    assert window.panes.currentWidget() is pane
    assert housing_reads(demo_db, node.person_id) == before + 1
    assert pane.title.text() == BOENDE_LABEL
    assert pane.subtitle.text() == f"{housing.person_name} · {housing.unit_name}"
    header = [
        pane.model.headerData(c, Qt.Orientation.Horizontal) for c in range(pane.model.columnCount())
    ]
    assert header == ["Objekt", "Typ", "Fr.o.m.", "T.o.m.", "Status", "Orsak"]
    assert cells(pane) == [
        [
            contract.object_label,
            contract.object_kind.label,
            f"{contract.start_date:%Y-%m-%d}",
            f"{contract.move_out_on:%Y-%m-%d}" if contract.move_out_on else "",
            contract.status,
            contract.end_reason,
        ]
        for contract in housing.contracts
    ]
    assert pane.table.isVisibleTo(pane)
    live = housing.live
    assert live is not None
    assert f"Aktuellt kontrakt: {live.object_label}" in pane.text.text()
    assert pane.hint.text() == OPEN_HINT
    assert pane.hint.isVisibleTo(pane)
    assert not pane.error.isVisibleTo(pane)


def test_enter_on_a_contract_asks_for_the_contract_window_once(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    node = next(n for n in boende_nodes(window) if contract_count(window, n) > 0)
    window.tree.select_node(node)
    pane = window.housing_pane
    asked: list[Node] = []
    pane.open_requested.disconnect()
    pane.open_requested.connect(asked.append)
    table = pane.table
    table.setFocus()
    table.setCurrentIndex(pane.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert asked == [node]
    point = table.visualRect(pane.model.index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert asked == [node, node]


def test_boende_without_contracts_says_so(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    node = next(n for n in boende_nodes(window) if contract_count(window, n) == 0)
    window.tree.select_node(node)
    pane = window.housing_pane
    assert window.panes.currentWidget() is pane
    assert NO_CONTRACTS in pane.text.text()
    assert pane.model.rowCount() == 0
    assert not pane.table.isVisibleTo(pane)
    assert pane.hint.isVisibleTo(pane)


def test_without_permission_the_pane_shows_the_refusal_and_nothing_else(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    """Omvårdnadspersonal do not manage housing (no Boende node for them): a Boende node
    shown all the same (say the grant was withdrawn) gives the refusal, unaudited."""
    manager = open_main_window(qtbot, make_ctx("verksamhetschef"))
    shown = next(n for n in boende_nodes(manager) if contract_count(manager, n) > 0)
    manager.tree.select_node(shown)
    assert manager.housing_pane.model.rowCount() > 0
    assert shown.person_id is not None
    assert shown.unit_id is not None
    before = housing_reads(demo_db, shown.person_id)

    ctx = make_ctx("personal")
    pane = HousingPane(ctx)
    qtbot.addWidget(pane)
    pane.show()
    # The manager's pane first, so no row or name is left over from it.
    pane.show_node(shown)
    node = Node(
        kind=NodeKind.BOENDE,
        label=BOENDE_LABEL,
        ref=PersonRef(shown.person_id, shown.unit_id),
        loaded=True,
    )
    pane.show_node(node)
    refusal = fetch(ctx, person_housing, shown.person_id, shown.unit_id).error
    assert refusal
    assert pane.error.text() == refusal
    assert pane.error.isVisible()
    assert pane.title.text() == BOENDE_LABEL
    for widget in (pane.subtitle, pane.text, pane.table, pane.hint):
        assert not widget.isVisible()
    assert pane.model.rowCount() == 0
    assert housing_reads(demo_db, shown.person_id) == before


def test_a_person_not_engaged_at_the_unit_is_refused(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    """The reach check of the contract window: a person at one of the manager's housing
    units is not shown through another of them."""
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    nodes = boende_nodes(window)
    first = nodes[0]
    other = next(n for n in nodes if n.unit_id != first.unit_id)
    assert first.person_id is not None
    assert other.unit_id is not None
    node = Node(
        kind=NodeKind.BOENDE,
        label=BOENDE_LABEL,
        ref=PersonRef(first.person_id, other.unit_id),
        loaded=True,
    )
    pane = window.housing_pane
    pane.show_node(node)
    assert pane.error.isVisibleTo(pane)
    assert (
        pane.error.text() == fetch(window.ctx, person_housing, first.person_id, other.unit_id).error
    )
    assert not pane.table.isVisibleTo(pane)
    assert not pane.subtitle.isVisibleTo(pane)


def test_before_the_housing_intervention_is_executed_the_pane_says_why_none_can_be_made(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    pane = HousingPane(make_ctx("verksamhetschef"))
    qtbot.addWidget(pane)
    pane.show()
    pane._show(
        PersonHousing(
            person_id=1,
            person_name="Öberg, Märta",
            unit_id=2,
            unit_name="Lindgården",
            contracts=(),
            executed=False,
        )
    )
    assert NO_CONTRACTS in pane.text.text()
    assert NOT_EXECUTED in pane.text.text()
    assert pane.subtitle.text() == "Öberg, Märta · Lindgården"
    assert not pane.table.isVisible()
