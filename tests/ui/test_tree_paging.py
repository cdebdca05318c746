"""A big unit's persons come in pages: the first on expanding, the next when the last loaded
row scrolls into view (scrolling, End, PageDown), never one per relayout; revealing a person,
a refresh and the unit's summary list work with the pages. Counted in rows, never timed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QAbstractItemModelTester, QTest
from sqlalchemy import update
from tests.helpers.person_world import World, actor, add_person, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, Person
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.db.queries.not_current import not_current_persons
from treserva_desktop.domain.changes import ChangeKind, ChangeSet, Touched
from treserva_desktop.domain.enums import Folder
from treserva_desktop.screenshot import show_path
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind

# More rows than the window shows (19), so the first page's last row is out of view.
PAGE = 25
# Last names in an order of their own in Swedish (å, ä, ö after z), some of them equal.
LAST_NAMES = ["Öberg", "Zorn", "Ärlig", "Åberg", "Berg", "Ek", "Andersson", "Björk", "Lind"]
PERSONS = 110  # four full pages and a short one
UNIT_PATH = ["Mitt skrivbord", "Mina enheter", "Hemtjänst Norr", "Norr grupp 1"]


@dataclass
class Setup:
    db: Database
    world: World
    window: MainWindow
    unit_id: int

    @property
    def unit(self) -> Node:
        node = self.window.model.find_by_path(UNIT_PATH)
        assert node is not None
        assert node.kind is NodeKind.UNIT
        return node

    def expected_names(self) -> list[str]:
        with self.db.read() as session:
            reader = actor(session, self.world, "gruppchef")
            return [p.name for p in tree_queries.unit_persons(session, reader, self.unit_id)]


def persons_of(node: Node) -> list[Node]:
    return [child for child in node.children if child.kind is NodeKind.PERSON]


@pytest.fixture
def setup(qtbot, sqlite_db: Database, tmp_path: Path) -> Setup:
    with sqlite_db.transaction() as session:
        world = build_world(session)
        for number in range(PERSONS):
            add_person(
                session,
                world,
                first_name=f"Förnamn{number:03d}",
                last_name=LAST_NAMES[number % len(LAST_NAMES)],
                born=date(1930, 1, 1) + timedelta(days=number),
            )
    with sqlite_db.read() as session:
        gruppchef = actor(session, world, "gruppchef")
    ctx = AppContext.create(sqlite_db, Settings(data_dir=tmp_path / "data"), gruppchef)
    window = MainWindow(ctx, remember_geometry=False)
    window.loader.page_size = PAGE
    # Fetch only when the last loaded row is in view, in a window showing a few rows.
    window.tree.prefetch_screens = 0
    window.resize(700, 400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return Setup(sqlite_db, world, window, world.units["Norr grupp 1"])


def open_unit(setup: Setup, qtbot) -> Node:
    """Expand the unit with its row at the top of the view, as a user clicks the arrow."""
    window = setup.window
    unit = setup.unit
    window.tree.select_node(unit)
    index = window.model.index_for(unit)
    window.tree.scrollTo(index, window.tree.ScrollHint.PositionAtTop)
    window.tree.expand(index)
    settle(qtbot)
    return unit


def settle(qtbot) -> None:
    for _ in range(3):
        QTest.qWait(0)


def test_expanding_loads_the_first_page_only(setup: Setup, qtbot) -> None:
    unit = open_unit(setup, qtbot)
    settle(qtbot)
    model = setup.window.model
    assert len(persons_of(unit)) == PAGE
    assert model.has_more(unit)
    assert unit in model.partial_nodes()
    assert [p.title for p in persons_of(unit)] == setup.expected_names()[:PAGE]


def test_a_relayout_does_not_fetch_a_page(setup: Setup, qtbot) -> None:
    """QTreeView fetches more of a node on every layout when canFetchMore says so: the model
    offers only the first page there, so relayouts leave the loaded rows as they are."""
    unit = open_unit(setup, qtbot)
    settle(qtbot)
    tree = setup.window.tree
    for _ in range(3):
        setup.window.model.layoutChanged.emit()
        tree.doItemsLayout()
        settle(qtbot)
    assert len(persons_of(unit)) == PAGE
    assert not setup.window.model.canFetchMore(setup.window.model.index_for(unit))


def test_scrolling_to_the_last_row_fetches_page_after_page_in_swedish_order(
    setup: Setup,
    qtbot,
) -> None:
    unit = open_unit(setup, qtbot)
    tester = QAbstractItemModelTester(
        setup.window.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    tree = setup.window.tree
    loaded = [len(persons_of(unit))]
    while setup.window.model.has_more(unit):
        tree.scrollToBottom()
        qtbot.waitUntil(lambda: len(persons_of(unit)) > loaded[-1])
        loaded.append(len(persons_of(unit)))
    assert loaded == [25, 50, 75, 100, 110]
    assert [p.title for p in persons_of(unit)] == setup.expected_names()
    assert len({p.person_id for p in persons_of(unit)}) == PERSONS
    assert [p.row() for p in unit.children] == list(range(len(unit.children)))
    del tester


def test_end_and_page_down_reach_the_next_pages(setup: Setup, qtbot) -> None:
    unit = open_unit(setup, qtbot)
    tree = setup.window.tree
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: len(persons_of(unit)) == 2 * PAGE)
    QTest.keyClick(tree, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: len(persons_of(unit)) == 3 * PAGE)
    for _ in range(PERSONS):
        QTest.keyClick(tree, Qt.Key.Key_PageDown)
        if not setup.window.model.has_more(unit):
            break
        settle(qtbot)
    assert len(persons_of(unit)) == PERSONS


def test_revealing_a_person_beyond_the_first_page_loads_pages_until_there(
    setup: Setup,
    qtbot,
) -> None:
    window = setup.window
    names = setup.expected_names()
    # The first of the last page.
    target = names[4 * PAGE]
    show_path(window, [*UNIT_PATH, target])
    current = window.tree.current_node()
    assert current is not None
    assert current.title == target
    unit = setup.unit
    assert len(persons_of(unit)) == PERSONS
    assert window.tree.isExpanded(window.model.index_for(unit))


def test_find_pages_on_until_the_predicate_holds(setup: Setup, qtbot) -> None:
    model = setup.window.model
    unit = setup.unit
    model.ensure_loaded(unit)
    last = persons_of(unit)[-1].person_id
    with setup.db.read() as session:
        reader = actor(session, setup.world, "gruppchef")
        ids = [p.id for p in tree_queries.unit_persons(session, reader, setup.unit_id)]
    wanted = ids[2 * PAGE + 3]
    found = model.find(lambda n: n.kind is NodeKind.PERSON and n.person_id == wanted, unit)
    assert found is not None
    assert found.parent is unit
    assert last != wanted
    # Only the pages up to the person were fetched.
    assert len(persons_of(unit)) == 3 * PAGE


def test_a_refresh_keeps_the_loaded_rows_the_selection_and_the_scroll(
    setup: Setup,
    qtbot,
) -> None:
    window = setup.window
    unit = open_unit(setup, qtbot)
    tree = window.tree
    for pages in (2, 3):
        tree.scrollToBottom()
        qtbot.waitUntil(lambda pages=pages: len(persons_of(unit)) == pages * PAGE)
    chosen = persons_of(unit)[2 * PAGE + 5]
    tree.select_node(chosen)
    settle(qtbot)
    scroll = tree.verticalScrollBar().value()
    assert scroll > 0
    before = persons_of(unit)

    window.ctx.events.data_changed.emit(
        ChangeSet.of({ChangeKind.EXECUTIONS}, Touched(units=[setup.unit_id]))
    )

    after = persons_of(unit)
    assert chosen not in after, "the unit was reloaded"
    assert [p.key for p in after] == [p.key for p in before]
    assert window.model.has_more(unit)
    assert tree.isExpanded(window.model.index_for(unit))
    current = tree.current_node()
    assert current is not None
    assert current.key == chosen.key
    assert tree.verticalScrollBar().value() == scroll
    settle(qtbot)
    assert len(persons_of(unit)) == 3 * PAGE


def test_a_selected_person_renamed_past_the_loaded_rows_stays_selected(
    setup: Setup,
    qtbot,
) -> None:
    window = setup.window
    unit = open_unit(setup, qtbot)
    chosen = persons_of(unit)[0]
    window.tree.select_node(chosen)
    assert chosen.person_id is not None
    # Through the ORM, so the name key follows the name: the person sorts last now.
    with setup.db.transaction() as session:
        person = session.get(Person, chosen.person_id)
        assert person is not None
        person.last_name = "Östling"

    window.ctx.events.data_changed.emit(
        ChangeSet.of({ChangeKind.PERSONS}, Touched(persons=[chosen.person_id]))
    )

    current = window.tree.current_node()
    assert current is not None
    assert current.person_id == chosen.person_id
    # The change named no units: every loaded unit was reloaded, Norr grupp 1 with its parent.
    unit = setup.unit
    assert current.parent is unit
    assert current.title.startswith("Östling")
    assert len(persons_of(unit)) > PAGE


def test_the_unit_summary_counts_every_person_and_pages_with_the_tree(
    setup: Setup,
    qtbot,
) -> None:
    window = setup.window
    unit = setup.unit
    window.tree.select_node(unit, expand=True)
    settle(qtbot)
    pane = window.summary_pane
    assert window.panes.currentWidget() is pane
    assert "110 personer med pågående" in pane.text.text()
    assert "underenhet" not in pane.text.text()
    assert [row.title for row in pane.model.rows] == setup.expected_names()[:PAGE]
    assert pane.hint.text().startswith(
        f"Listan visar {PAGE} av {PERSONS} personer – fler visas när du rullar nedåt."
    )

    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(pane.model.rows) == 2 * PAGE)
    assert pane.hint.text().startswith(f"Listan visar {2 * PAGE} av {PERSONS} personer")
    # The list fetched through the tree: the tree holds the same page.
    assert [p.key for p in persons_of(unit)] == [row.key for row in pane.model.rows]

    # A page the tree fetched first is taken by the list without another query.
    window.model.fetch_more(unit)
    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(pane.model.rows) == 3 * PAGE)
    assert len(persons_of(unit)) == 3 * PAGE
    # The model tester fetches more itself (through the tree, to the end) and checks the rows.
    tester = QAbstractItemModelTester(
        pane.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    assert [row.title for row in pane.model.rows] == setup.expected_names()
    assert [p.key for p in persons_of(unit)] == [row.key for row in pane.model.rows]
    # All shown: the hint no longer speaks of more.
    assert pane.hint.text() == "Dubbelklicka på en rad för att gå till den i trädet."
    del tester


def test_a_summary_list_shown_again_starts_at_its_top_without_fetching(setup: Setup, qtbot) -> None:
    window = setup.window
    unit = setup.unit
    window.tree.select_node(unit, expand=True)
    settle(qtbot)
    pane = window.summary_pane
    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(pane.model.rows) == 2 * PAGE)
    settle(qtbot)

    # As when another long list replaces this one (the previous scroll position is kept by
    # the view unless the pane resets it).
    pane.show_node(unit)
    settle(qtbot)
    assert pane.table.verticalScrollBar().value() == 0
    assert len(pane.model.rows) == 2 * PAGE
    assert len(persons_of(unit)) == 2 * PAGE


def test_the_summary_of_a_unit_without_persons_of_its_own_says_so_in_words(
    setup: Setup, qtbot
) -> None:
    window = setup.window
    parent = window.model.find_by_path(UNIT_PATH[:-1])
    assert parent is not None
    window.tree.select_node(parent, expand=True)
    settle(qtbot)
    text = window.summary_pane.text.text()
    assert "1 underenhet och inga personer med pågående eller planerade insatser" in text
    assert "0 " not in text


def test_the_count_of_a_unit_loaded_whole_needs_no_query(
    setup: Setup,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = setup.window
    window.loader.page_size = 2 * PERSONS
    unit = setup.unit
    window.model.ensure_loaded(unit)
    assert not window.model.has_more(unit)

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise AssertionError("counted in SQL")

    monkeypatch.setattr(tree_queries, "unit_person_count", refuse)
    assert window.model.person_count(unit) == PERSONS


def test_folders_and_persons_elsewhere_are_not_paged(setup: Setup, qtbot) -> None:
    model = setup.window.model
    for folder in model.folders.values():
        model.ensure_loaded(folder)
        assert not model.has_more(folder)
    assert model.partial_nodes() == frozenset()
    assert Folder.MY_UNITS in model.folders


def test_a_check_pending_when_the_window_closes_is_dropped(setup: Setup, qtbot) -> None:
    """The deferred fetch and column fit run with the view as their context: a view deleted
    before they run is not called (the benchmark disposes windows right after scrolling)."""
    window = MainWindow(setup.window.ctx, remember_geometry=False)
    window.loader.page_size = PAGE
    window.show()
    qtbot.waitExposed(window)
    unit = window.model.find_by_path(UNIT_PATH)
    assert unit is not None
    window.tree.select_node(unit, expand=True)
    window.tree.verticalScrollBar().setValue(window.tree.verticalScrollBar().maximum())
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settle(qtbot)
    assert len(persons_of(unit)) == PAGE


def test_ej_aktuella_comes_in_pages_and_its_summary_counts_everyone(setup: Setup, qtbot) -> None:
    """Ej aktuella – att avsluta pages like a unit: the first page on expanding, the rest as
    the list scrolls; the summary counts every person in the folder, not the loaded page."""
    today = setup.db.clock.today()
    with setup.db.transaction() as session:
        session.execute(
            update(Execution)
            .where(Execution.unit_id == setup.unit_id)
            .values(end_date=today - timedelta(days=2))
        )
    with setup.db.transaction() as session:
        reader = actor(session, setup.world, "gruppchef")
        expected = [item.person.name for item in not_current_persons(session, reader)]
    assert len(expected) == PERSONS

    window = setup.window
    folder = window.model.folder_node(Folder.NOT_CURRENT)
    window.tree.select_node(folder, expand=True)
    settle(qtbot)
    assert [p.title for p in persons_of(folder)] == expected[:PAGE]
    assert window.model.has_more(folder)
    pane = window.summary_pane
    assert f"{PERSONS} personer saknar pågående eller planerade insatser" in pane.text.text()
    assert pane.hint.text().startswith(f"Listan visar {PAGE} av {PERSONS} personer")

    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(pane.model.rows) == 2 * PAGE)
    assert [p.key for p in persons_of(folder)] == [row.key for row in pane.model.rows]
    while window.model.fetch_more(folder):
        pass
    assert [p.title for p in persons_of(folder)] == expected


def test_nya_uppdrag_comes_in_pages_and_its_summary_counts_everyone(setup: Setup, qtbot) -> None:
    """Nya uppdrag pages like a unit: the first page of persons, each with their waiting
    assignments, on expanding; the rest as the list scrolls. The summary counts every
    assignment and person, and revealing an assignment on a later page loads up to it."""
    with setup.db.transaction() as session:
        for number in range(PERSONS):
            add_person(
                session,
                setup.world,
                first_name=f"Väntande{number:03d}",
                last_name=LAST_NAMES[number % len(LAST_NAMES)],
                born=date(1931, 1, 1) + timedelta(days=number),
                unit="Hemtjänst Norr",
                via="assignment",
            )
    with setup.db.transaction() as session:
        reader = actor(session, setup.world, "gruppchef")
        entries = new_assignment_queries.new_assignments(session, reader)
    expected = [entry.person.name for entry in entries]
    assignments = sum(len(entry.assignments) for entry in entries)
    assert len(expected) >= PERSONS

    window = setup.window
    folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    window.tree.select_node(folder, expand=True)
    settle(qtbot)
    assert [p.title for p in persons_of(folder)] == expected[:PAGE]
    assert all(p.children for p in persons_of(folder))  # their assignments came along
    assert window.model.has_more(folder)
    pane = window.summary_pane
    assert (
        f"{assignments} uppdrag för {len(expected)} personer väntar på att accepteras"
        in pane.text.text()
    )
    assert pane.hint.text().startswith(f"Listan visar {PAGE} av {len(expected)} personer")

    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: len(pane.model.rows) == 2 * PAGE)
    assert [p.key for p in persons_of(folder)] == [row.key for row in pane.model.rows]

    last = entries[-1].assignments[-1].id
    assert window.reveal_assignment(last)
    current = window.tree.current_node()
    assert current is not None
    assert current.assignment_id == last
    assert [p.title for p in persons_of(folder)] == expected
    assert not window.model.has_more(folder)
