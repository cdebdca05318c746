"""The main window: panes follow the selection, F5 reloads, status bar, remembered geometry."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from sqlalchemy import update
from tests.helpers.windows import open_main_window

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.models import MessageRecipient
from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui import actions, main_window
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.kinds import PaneKey
from treserva_desktop.ui.tree.nodes import Node, NodeKind


def test_panes_follow_the_selection(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"), remember_geometry=True)
    model, tree = window.model, window.tree
    assert tree.current_node() is model.desktop
    assert window.panes.currentWidget() is window.summary_pane
    assert "Välkommen" in window.summary_pane.text.text()

    inbox = model.folder_node(Folder.INBOX)
    tree.select_node(inbox)
    assert window.summary_pane.title.text() == "Inkorg"
    assert "meddelanden" in window.summary_pane.text.text()
    message = inbox.children[0]
    tree.select_node(message)
    assert window.panes.currentWidget() is window.message_pane
    assert window.message_pane.subject.text() == message.title
    assert window.message_pane.body.toPlainText()

    new = model.folder_node(Folder.NEW_ASSIGNMENTS)
    tree.select_node(new)
    assert window.summary_pane.model.rowCount() == len(new.children)
    assignment = new.children[0].children[0]
    tree.select_node(assignment)
    assert window.panes.currentWidget() is window.assignment_pane
    assert window.assignment_pane.interventions.rowCount() > 0

    person = model.find(lambda n: n.kind is NodeKind.PERSON, model.folder_node(Folder.MY_UNITS))
    assert person is not None
    tree.select_node(person)
    assert window.panes.currentWidget() is window.person_pane
    tree.expand_node(person)
    insats, documents, checklists = person.children
    tree.select_node(insats)
    assert window.panes.currentWidget() is window.execution_pane
    all_rows = window.execution_pane.rows()
    model.ensure_loaded(insats)
    tree.select_node(insats.children[0])
    one = window.execution_pane.rows()
    assert one
    assert {r.intervention_id for r in one} == {insats.children[0].intervention_id}
    assert len(one) <= len(all_rows)
    tree.select_node(documents)
    assert window.panes.currentWidget() is window.summary_pane
    assert "genomförandejournaler" in window.summary_pane.text.text()
    tree.select_node(checklists)
    assert window.panes.currentWidget() is window.checklist_pane


def test_enter_on_a_person_opens_the_person_window(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("samordnare"), remember_geometry=True)
    model, tree = window.model, window.tree
    person = model.find(lambda n: n.kind is NodeKind.PERSON, model.folder_node(Folder.MY_UNITS))
    assert person is not None
    tree.select_node(person)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.person_windows()))
    [person_window] = window.person_windows()
    assert person_window.person_id == person.person_id
    assert not tree.isExpanded(model.index_for(person))
    # Enter again brings the same window forward instead of opening a second one.
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.person_windows() == [person_window]
    # Enter on a unit still opens it in the tree.
    unit = person.parent
    assert unit is not None
    assert unit.kind is NodeKind.UNIT
    tree.setExpanded(model.index_for(unit), False)
    tree.select_node(unit)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert tree.isExpanded(model.index_for(unit))
    person_window.done(0)


def test_enter_on_a_person_under_new_assignments_selects_the_assignment(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"), remember_geometry=True)
    model, tree = window.model, window.tree
    new = model.folder_node(Folder.NEW_ASSIGNMENTS)
    model.ensure_loaded(new)
    person = new.children[0]
    assert person.kind is NodeKind.PERSON
    tree.select_node(new, expand=True)
    tree.setExpanded(model.index_for(person), False)
    tree.select_node(person)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert tree.isExpanded(model.index_for(person))
    assert tree.current_node() is person.children[0]
    assert person.children[0].kind is NodeKind.ASSIGNMENT
    assert window.panes.currentWidget() is window.assignment_pane
    assert not window.person_windows()


def test_accept_and_distribute_is_not_in_the_menu_of_other_persons(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("gruppchef"), remember_geometry=True)
    model = window.model
    new = model.folder_node(Folder.NEW_ASSIGNMENTS)
    model.ensure_loaded(new)

    def texts(node: Node) -> list[str]:
        menu = actions.build_context_menu(window, node, window)
        assert menu is not None
        return [a.text() for a in menu.actions() if not a.isSeparator()]

    assert "Acceptera och fördela…" in texts(new.children[0])
    persons = [
        person
        for folder in (Folder.MY_UNITS, Folder.MY_PERSONS, Folder.NOT_CURRENT)
        if (person := model.find(lambda n: n.kind is NodeKind.PERSON, model.folder_node(folder)))
    ]
    assert persons
    for person in persons:
        shown = texts(person)
        assert "Acceptera och fördela…" not in shown, person.path()
        assert shown[0] == "Öppna personuppgifter…", person.path()


def test_double_click_in_a_summary_goes_to_the_node(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"), remember_geometry=True)
    units = window.model.folder_node(Folder.MY_UNITS)
    window.tree.select_node(units)
    first = window.summary_pane.model.rows[0]
    window.summary_pane.node_activated.emit(first)
    assert window.tree.current_node() is first
    assert window.tree.isExpanded(window.model.index_for(first))


def test_f5_reloads_the_selected_branch_and_the_status_bar(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("verksamhetschef")
    window = open_main_window(qtbot, ctx, remember_geometry=True)
    inbox = window.model.folder_node(Folder.INBOX)
    window.tree.select_node(inbox, expand=True)
    assert (inbox.count or 0) > 0
    with ctx.database.transaction() as session:
        session.execute(
            update(MessageRecipient)
            .where(MessageRecipient.user_id == ctx.actor.user_id)
            .values(read_at=SYSTEM_CLOCK.now())
        )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tree, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: inbox.count == 0)
    assert window.model.data(window.model.index_for(inbox)) == "Inkorg"
    assert all(not n.unread for n in inbox.children)
    assert window.tree.current_node() is inbox
    assert window.tree.isExpanded(window.model.index_for(inbox))
    assert "Olästa meddelanden: 0" in window.counts_label.text()


def test_data_changed_keeps_expansion_and_selection(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("gruppchef")
    window = open_main_window(qtbot, ctx, remember_geometry=True)
    person = window.model.find(
        lambda n: n.kind is NodeKind.PERSON, window.model.folder_node(Folder.MY_UNITS)
    )
    assert person is not None
    window.tree.select_node(person, expand=True)
    path = person.path()
    ctx.events.changed(ChangeKind.EXECUTIONS)
    current = window.tree.current_node()
    assert current is not None
    assert current is not person  # the branch was rebuilt
    assert current.path() == path
    assert window.tree.isExpanded(window.model.index_for(current))
    assert window.panes.currentWidget() is window.person_pane


def test_window_geometry_is_remembered(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    ctx = make_ctx("samordnare")
    first = open_main_window(qtbot, ctx, remember_geometry=True)
    first.resize(760, 560)
    first.splitter.setSizes([300, 460])
    first.close()
    second = open_main_window(qtbot, ctx, remember_geometry=True)
    assert (second.width(), second.height()) == (760, 560)
    assert second.splitter.sizes()[0] == first.splitter.sizes()[0]


def test_title_status_bar_and_window_actions(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    window = open_main_window(qtbot, make_ctx("personal"), remember_geometry=True)
    assert window.windowTitle() == "Treserva Desktop – Amina Hassan (Omvårdnadspersonal)"
    assert window.user_label.text() == "Amina Hassan (Omvårdnadspersonal)"
    assert window.database_label.text().startswith("SQLite: ")
    assert ActionId.GO_NEW_ASSIGNMENTS not in window.window_actions.actions
    assert ActionId.REFRESH in window.window_actions.actions
    assert [a.text() for a in window.toolbar.actions()] == [
        "Uppdatera",
        "Genomförande",
        "Användarstöd…",
    ]


def test_handlaggare_sees_only_their_folders_and_where_to_send_an_assignment(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("handlaggare"), remember_geometry=True)
    # No Mina personer: the services refuse a handläggare adding anyone to it.
    assert [n.title for n in window.model.desktop.children] == [
        "Inkorg",
        "Skickade uppdrag",
        "Avvikelser",
    ]
    text = window.summary_pane.text.text()
    assert "Myndighet › Nytt uppdrag…" in text
    assert "Ctrl+N" in text
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Myndighet" in titles
    assert "&Uppföljning" not in titles
    assert ActionId.GENOMFORANDE not in window.window_actions.actions


def test_the_administrator_has_no_mina_personer(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    """A systemadministratör reads no person records, so Mina personer (and its Genväg) could
    never hold anyone: it is not offered (domain/folder_rules.py)."""
    window = open_main_window(qtbot, make_ctx("admin"))
    assert [n.title for n in window.model.desktop.children] == ["Inkorg"]
    assert ActionId.GO_MY_PERSONS not in window.window_actions.actions
    staff = open_main_window(qtbot, make_ctx("personal"))
    assert "Mina personer" in [n.title for n in staff.model.desktop.children]
    assert ActionId.GO_MY_PERSONS in staff.window_actions.actions


def test_genomforande_button_counts_what_waits_to_be_kvitterat(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch
) -> None:
    ctx = make_ctx("personal")
    window = open_main_window(qtbot, ctx, remember_geometry=True)
    action = window.window_actions.actions[ActionId.GENOMFORANDE]
    waiting: list[object] = ["a"]
    monkeypatch.setattr(main_window, "genomforande_count", lambda _s, _a: len(waiting))
    ctx.events.changed(ChangeKind.EXECUTIONS)
    assert action.iconText() == "Genomförande (1)"
    assert action.text() == "Genomförande"
    # It says what it counts, and that the tree's Nya uppdrag counts something else.
    assert "1 nytt uppdrag att kvittera" in action.toolTip()
    assert "accepteras och fördelas" in action.toolTip()
    waiting.clear()
    ctx.events.changed(ChangeKind.EXECUTIONS)
    assert action.iconText() == "Genomförande"


def test_every_pane_key_has_a_pane(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"), remember_geometry=True)
    assert set(window.pane_of) == set(PaneKey)
    for pane, _show in window.pane_of.values():
        assert window.panes.indexOf(pane) >= 0


def test_the_title_says_when_the_database_is_a_demo_database(
    qtbot, make_ctx: Callable[[str], AppContext], sqlite_db
) -> None:
    """run_gui asks the database (app.is_demo_database_at); the title then says so."""
    from dataclasses import replace

    from treserva_desktop.app import is_demo_database_at

    ctx = make_ctx("personal")
    assert is_demo_database_at(ctx.database)
    assert not is_demo_database_at(sqlite_db)
    window = open_main_window(qtbot, replace(ctx, is_demo=True), remember_geometry=False)
    assert window.windowTitle() == (
        "Treserva Desktop – demodatabas – Amina Hassan (Omvårdnadspersonal)"
    )


def test_a_summary_without_a_list_never_shows_the_previous_nodes_rows(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    """A journal (and a single deviation) have no list of their own: after a unit's persons,
    the pane shows no rows rather than the unit's (whose double-click would go elsewhere)."""
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    model, tree, pane = window.model, window.tree, window.summary_pane
    journal = model.find(lambda n: n.kind is NodeKind.JOURNAL, model.folder_node(Folder.MY_UNITS))
    assert journal is not None
    unit = journal.ancestor_of_kind(NodeKind.UNIT)
    assert unit is not None
    tree.select_node(unit)
    assert pane.model.rowCount() > 0
    assert pane.table.isVisibleTo(pane)
    tree.select_node(journal)
    assert window.panes.currentWidget() is pane
    assert pane.title.text() == journal.title
    assert pane.model.rowCount() == 0
    assert not pane.table.isVisibleTo(pane)


def test_boende_has_its_own_pane(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    """Boende lists the person's contracts (ui/panes/housing_pane.py, tests/ui/
    test_housing_pane.py), not a folder summary."""
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    model = window.model
    boende = model.find(lambda n: n.kind is NodeKind.BOENDE, model.folder_node(Folder.MY_UNITS))
    assert boende is not None
    window.tree.select_node(boende)
    assert window.panes.currentWidget() is window.housing_pane
