"""Sök person (issue 12): the confirmed person is opened in the tree, under Mina enheter ›
unit › sub-unit, expanded and selected, and the person window opens as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution
from treserva_desktop.ui.dialogs.person_search_dialog import PersonSearchDialog
from treserva_desktop.ui.handlers.persons import NOT_IN_TREE
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.tree.nodes import NodeKind


def test_sok_person_opens_the_person_in_the_tree_and_the_person_window(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "gruppchef"))
    unit = driver.node(["Mitt skrivbord", "Mina enheter", "Hemtjänst Norr", "Norr grupp 2"])
    person = next(n for n in driver.children(unit) if n.kind is NodeKind.PERSON)
    # Start from a tree where nothing of that branch is open.
    window.tree.collapseAll()
    window.tree.select_node(window.model.desktop)
    answers = driver.answers(True)  # Ja: "is this the right person?"
    seen: dict[str, object] = {}

    def search(dialog: PersonSearchDialog) -> None:
        qtbot.keyClicks(dialog.text, person.title.split(" (")[0].split(",")[0])
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)  # Sök
        ids = [r.id for r in dialog.model.rows]
        seen["found"] = person.person_id in ids
        dialog.table.selectRow(ids.index(person.person_id))
        later(lambda: qtbot.keyClick(dialog.table, Qt.Key.Key_Return))  # Öppna

    script = driver.modals().on(PersonSearchDialog, search).start()
    driver.choose_from_menu_bar("Genväg", "Sök person…")
    script.check()

    assert seen["found"] is True
    assert len(answers.questions) == 1
    assert answers.statuses == []
    current = window.tree.current_node()
    assert current is not None
    assert current.kind is NodeKind.PERSON
    assert current.person_id == person.person_id
    assert [a.title for a in reversed(current.ancestors())][-2:] == [
        "Hemtjänst Norr",
        "Norr grupp 2",
    ]
    assert window.tree.isExpanded(window.model.index_for(current))
    windows = window.findChildren(PersonWindow)
    assert len(windows) == 1
    windows[0].close()


def test_a_person_under_none_of_the_users_units_opens_in_the_window_only(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    """A new client waiting in Nya uppdrag is in reach but has no rows at any unit yet."""
    window = driver.open_window(actor_for(demo_db, "gruppchef"))
    folder = driver.node(["Mitt skrivbord", "Nya uppdrag"])
    with demo_db.read() as session:
        with_rows = set(session.scalars(select(Execution.person_id)).all())
    waiting = next(
        n
        for n in driver.children(folder)
        if n.kind is NodeKind.PERSON and n.person_id not in with_rows
    )
    before = window.tree.current_node()
    answers = driver.answers(True)

    def search(dialog: PersonSearchDialog) -> None:
        qtbot.keyClicks(dialog.text, waiting.title.split(",")[0])
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
        ids = [r.id for r in dialog.model.rows]
        dialog.table.selectRow(ids.index(waiting.person_id))
        later(lambda: qtbot.keyClick(dialog.table, Qt.Key.Key_Return))

    script = driver.modals().on(PersonSearchDialog, search).start()
    driver.choose_from_menu_bar("Genväg", "Sök person…")
    script.check()
    assert answers.statuses == [NOT_IN_TREE]
    assert window.tree.current_node() is before  # nothing else selected instead
    windows = window.findChildren(PersonWindow)
    assert len(windows) == 1
    windows[0].close()
