"""The assignment pane: what the assignment asks for, and buttons that run the registry actions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from tests.helpers.windows import open_main_window

from treserva_desktop.db.queries.distribution import assignment_distribution
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui import actions, pdf_window
from treserva_desktop.ui.actions import ActionContext, ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node, NodeKind


def first_assignment(window: MainWindow, *, unread: bool | None = None) -> Node:
    folder = window.model.folder_node(Folder.NEW_ASSIGNMENTS)
    window.model.ensure_loaded(folder)
    for person in folder.children:
        for node in person.children:
            if unread is None or node.unread is unread:
                return node
    raise AssertionError("no assignment in Nya uppdrag")


def test_selecting_an_assignment_shows_its_interventions_and_state(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    node = first_assignment(window, unread=True)
    window.tree.select_node(node)
    pane = window.assignment_pane
    assert window.panes.currentWidget() is pane
    view = fetch(window.ctx, assignment_distribution, node.assignment_id).value
    assert view is not None
    assert pane.title.text() == view.title
    assert view.person.name in pane.person.text()
    assert view.person.identity_display in pane.person.text()
    assert pane.read_state.text() == "Oläst"
    assert pane.overdue.isVisible() is node.overdue
    model = pane.interventions
    assert model.rowCount() == len(view.interventions) > 0
    for row, item in enumerate(view.interventions):
        assert model.data(model.index(row, 0)) == item.name
        assert model.data(model.index(row, 1)) == (item.granted_text or "–")
        assert model.data(model.index(row, 2)) == item.status_text
    assert pane.goals.text() == (view.goals or "Inga mål angivna.")
    assert not pane.error.isVisible()
    for action_id, button in pane.buttons.items():
        assert button.isVisible()
        expected = actions.spec(action_id).is_enabled(ActionContext(window, node))
        assert button.isEnabled() is expected
    assert pane.buttons[ActionId.READ_ASSIGNMENT].isEnabled()


@pytest.mark.parametrize(
    "action_id",
    [ActionId.READ_ASSIGNMENT, ActionId.ACCEPT_AND_DISTRIBUTE, ActionId.STOP_ASSIGNMENT],
)
def test_the_buttons_trigger_the_registry_actions(
    qtbot,
    make_ctx: Callable[[str], AppContext],
    monkeypatch: pytest.MonkeyPatch,
    action_id: ActionId,
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    node = first_assignment(window)
    window.tree.select_node(node)
    pane = window.assignment_pane
    calls: list[ActionContext] = []
    recorded = dataclasses.replace(
        actions.spec(action_id), handler=calls.append, enabled=lambda _actx: True
    )
    monkeypatch.setitem(actions.SPECS, action_id, recorded)
    pane.update_buttons()
    pane.buttons[action_id].click()
    assert len(calls) == 1
    assert calls[0].host is window
    assert calls[0].node is node


def test_a_disabled_action_is_not_run_from_its_button(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    window.tree.select_node(first_assignment(window))
    pane = window.assignment_pane
    calls: list[ActionContext] = []
    refused = dataclasses.replace(
        actions.spec(ActionId.STOP_ASSIGNMENT), handler=calls.append, enabled=lambda _a: False
    )
    monkeypatch.setitem(actions.SPECS, ActionId.STOP_ASSIGNMENT, refused)
    pane.update_buttons()
    assert not pane.buttons[ActionId.STOP_ASSIGNMENT].isEnabled()
    pane.trigger(ActionId.STOP_ASSIGNMENT)  # as if clicked anyway: the registry says no
    assert calls == []


def test_reading_the_assignment_shows_who_read_it(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx("verksamhetschef")
    window = open_main_window(qtbot, ctx)
    node = first_assignment(window, unread=True)
    window.tree.select_node(node)
    # Läs uppdrag imports the window class when it opens one.
    monkeypatch.setattr(pdf_window, "PdfWindow", _NoWindow)
    window.assignment_pane.buttons[ActionId.READ_ASSIGNMENT].click()
    pane = window.assignment_pane
    qtbot.waitUntil(lambda: pane.read_state.text().startswith("Läst av "))
    assert ctx.actor.display_name in pane.read_state.text()


class _NoWindow:
    """Stands in for the PDF window: the read is recorded, nothing is shown."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        pass

    def __getattr__(self, _name: str) -> Callable[..., None]:
        return lambda *_a, **_kw: None


def test_a_refused_read_is_shown_inline_and_unheld_actions_are_hidden(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    manager = open_main_window(qtbot, make_ctx("verksamhetschef"))
    assignment = first_assignment(manager)
    person = assignment.parent
    assert person is not None
    staff = open_main_window(qtbot, make_ctx("personal"))
    copy = Node(
        kind=NodeKind.ASSIGNMENT,
        label=assignment.label,
        ref=assignment.ref,
        payload=assignment.payload,
    )
    Node(kind=NodeKind.PERSON, label=person.label, payload=person.payload).set_children([copy])
    pane = staff.assignment_pane
    pane.show_node(copy)
    assert pane.error.isVisibleTo(pane)
    assert pane.error.text()
    assert pane.interventions.rowCount() == 0
    assert not pane.buttons[ActionId.ACCEPT_AND_DISTRIBUTE].isVisibleTo(pane)
    assert not pane.buttons[ActionId.STOP_ASSIGNMENT].isVisibleTo(pane)
    assert pane.buttons[ActionId.READ_ASSIGNMENT].isVisibleTo(pane)
