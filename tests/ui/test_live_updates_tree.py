"""Live updates between workstations (issue 16): another client's commit shows in this
window's tree and counts within the timeout, with the selection, expansion and scroll kept; a
burst of changes costs one refresh; a client's own changes are not applied twice. Each test
runs on one SQLite file and on one PostgreSQL database, with two Database objects (two
clients: their own engines, connections and client ids)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.helpers.live import (
    TIMEOUT_MS,
    publish_burst,
    send_assignment,
    wait_outside_qt,
)
from tests.helpers.windows import open_main_window

from treserva_desktop.db.database import Database
from treserva_desktop.domain.enums import Folder
from treserva_desktop.services import authority
from treserva_desktop.ui import runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.live_window import LiveWindow
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind

BURST = 500


def started(qtbot, window: MainWindow) -> LiveWindow:
    window.start_live_updates()
    live = window.live
    assert live is not None
    qtbot.waitUntil(lambda: live.updates.connected is True, timeout=TIMEOUT_MS)
    return live


def assignment_in(window: MainWindow, assignment_id: int) -> Node | None:
    folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    if not folder.loaded:
        return None
    for person in folder.children:
        for child in person.children:
            if child.kind is NodeKind.ASSIGNMENT and child.assignment_id == assignment_id:
                return child
    return None


def test_an_assignment_sent_elsewhere_shows_with_the_selection_kept(
    qtbot, shared_db: Database, second_db: Database, ctx_on: Callable[..., AppContext]
) -> None:
    window = open_main_window(qtbot, ctx_on(shared_db, "samordnare"))
    model, tree = window.model, window.tree
    folder = model.folder_node(Folder.NEW_ASSIGNMENTS)
    tree.expand_node(folder)
    before = folder.count or 0
    selected = folder.children[-1]
    assert selected.kind is NodeKind.PERSON
    tree.select_node(selected, expand=True)
    scroll = tree.verticalScrollBar().value()
    live = started(qtbot, window)

    sent = send_assignment(second_db, "Hemtjänst Norr", 1)

    qtbot.waitUntil(
        lambda: assignment_in(window, sent.assignment_id) is not None, timeout=TIMEOUT_MS
    )
    assert model.folder_node(Folder.NEW_ASSIGNMENTS).count == before + 1
    assert f"Nya uppdrag att fördela: {before + 1}" in window.counts_label.text()
    # The assignment, and the notice the authority sends the unit's managers with it.
    assert live.notices == ["Nytt uppdrag till Hemtjänst Norr, Nytt meddelande"]
    assert window.statusBar().currentMessage() == live.notices[0]
    # The folder was rebuilt under the selection: the same person is selected, still open.
    current = tree.current_node()
    assert current is not None
    assert (current.kind, current.person_id) == (NodeKind.PERSON, selected.person_id)
    assert tree.isExpanded(model.index_for(current))
    assert tree.isExpanded(model.index_for(model.folder_node(Folder.NEW_ASSIGNMENTS)))
    assert tree.verticalScrollBar().value() == scroll
    assert live.label.isHidden()


def test_an_assignment_to_another_area_changes_nothing_here(
    qtbot, shared_db: Database, second_db: Database, ctx_on: Callable[..., AppContext]
) -> None:
    """Gruppchefen of Hemtjänst Norr: an assignment to Hemtjänst Söder refreshes the folder
    (the change is told without unit ids) but says nothing and counts the same."""
    window = open_main_window(qtbot, ctx_on(shared_db, "gruppchef"))
    folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    before = folder.count
    live = started(qtbot, window)

    send_assignment(second_db, "Hemtjänst Söder", 2)

    qtbot.waitUntil(lambda: live.updates.flushed == 1, timeout=TIMEOUT_MS)
    assert window.model.folder_node(Folder.NEW_ASSIGNMENTS).count == before
    assert live.notices == []


def test_a_burst_of_changes_elsewhere_costs_one_refresh(
    qtbot,
    shared_db: Database,
    second_db: Database,
    ctx_on: Callable[..., AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_main_window(qtbot, ctx_on(shared_db, "samordnare"))
    window.tree.expand_node(window.model.folder_node(Folder.INBOX))
    live = started(qtbot, window)
    loader = window.model.loader
    counted: list[object] = []
    original = loader.update_counts

    def counting(*args: object, **kwargs: object) -> None:
        counted.append(args)
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "update_counts", counting)
    reloads: list[Node] = []
    window.model.branch_reloaded.connect(reloads.append)

    publish_burst(second_db, BURST)
    wait_outside_qt(lambda: live.updates.received >= BURST)

    qtbot.waitUntil(lambda: live.updates.flushed == 1, timeout=TIMEOUT_MS)
    assert live.updates.received == BURST
    # One merged change: the counts once, the Inkorg branch once.
    assert len(counted) == 1
    assert [node.folder for node in reloads] == [Folder.INBOX]


def test_own_changes_are_not_applied_twice(
    qtbot, shared_db: Database, second_db: Database, ctx_on: Callable[..., AppContext]
) -> None:
    """This client's own commit is published for the others but skipped by its own feed: only
    the other client's change (committed after it) arrives."""
    ctx = ctx_on(shared_db, "samordnare")
    window = open_main_window(qtbot, ctx)
    live = started(qtbot, window)

    own = send_assignment(shared_db, "Hemtjänst Norr", 3)
    # As after a local action: applied here at once, from the runner.
    runner.emit_changes(ctx, authority.send_new_assignment, None, own)
    send_assignment(second_db, "Hemtjänst Norr", 4)

    qtbot.waitUntil(lambda: live.updates.flushed == 1, timeout=TIMEOUT_MS)
    assert live.updates.received == 1
    assert live.notices == ["Nytt uppdrag till Hemtjänst Norr, Nytt meddelande"]
