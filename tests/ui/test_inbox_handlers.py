"""Inkorg and the registry entries of this area: showing a message marks it read, Svara…,
Visa uppdrag, and which actions each role and node kind gets (Myndighet, Läs uppdrag)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenuBar, QWidget
from sqlalchemy import select
from tests.helpers import FakeHost

from treserva_desktop.db.models import Message, MessageRecipient
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.inbox import ReplyToMessage, SendMessage
from treserva_desktop.domain.enums import Folder
from treserva_desktop.domain.views import MessageListItem
from treserva_desktop.services._common import deliver_message
from treserva_desktop.ui import actions, messages
from treserva_desktop.ui.actions import ActionContext, ActionId, MenuId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.reply_dialog import ReplyDialog
from treserva_desktop.ui.handlers import inbox as inbox_handlers
from treserva_desktop.ui.panes.message_view import MessageViewPane
from treserva_desktop.ui.pdf_window import PdfWindow
from treserva_desktop.ui.tree.nodes import AssignmentRef, MessageRef, Node, NodeKind


def unread(ctx: AppContext) -> list[MessageListItem]:
    with ctx.database.read() as session:
        return [m for m in tree_queries.inbox(session, ctx.actor) if not m.read]


def unread_count(ctx: AppContext) -> int:
    with ctx.database.read() as session:
        return tree_queries.unread_count(session, ctx.actor)


def message_with_assignment(ctx: AppContext) -> int:
    with ctx.database.read() as session:
        return session.scalars(
            select(Message.id)
            .join(MessageRecipient, MessageRecipient.message_id == Message.id)
            .where(
                MessageRecipient.user_id == ctx.actor.user_id,
                MessageRecipient.read_at.is_(None),
                Message.assignment_id.is_not(None),
                Message.sender_user_id.is_not(None),
            )
            .limit(1)
        ).one()


@pytest.fixture
def manager(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("verksamhetschef")


@pytest.fixture
def pane(qtbot, manager: AppContext) -> MessageViewPane:
    widget = MessageViewPane(manager)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_showing_an_unread_message_marks_it_read(pane: MessageViewPane, manager) -> None:
    before = unread_count(manager)
    message_id = message_with_assignment(manager)
    changes: list[ChangeSet] = []
    manager.events.data_changed.connect(changes.append)

    pane.show_message(message_id)

    assert unread_count(manager) == before - 1
    assert [change.kinds for change in changes] == [frozenset({ChangeKind.MESSAGES})]
    # The one message; no unit's or person's rows for the tree to reload.
    assert changes[0].messages == {message_id}
    assert changes[0].units == frozenset()
    assert changes[0].persons == frozenset()
    assert pane.detail is not None
    assert pane.detail.id == message_id
    assert pane.reply_button.isVisibleTo(pane)
    assert pane.assignment_button.isVisibleTo(pane)
    # Shown again (as the change event makes the window do): read, and nothing more to mark.
    pane.show_message(message_id)
    assert pane.state.text().startswith("Läst ")
    assert len(changes) == 1


def test_visa_uppdrag_opens_the_assignment_document(qtbot, pane: MessageViewPane, manager) -> None:
    pane.show_message(message_with_assignment(manager))
    qtbot.mouseClick(pane.assignment_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(pane.findChildren(PdfWindow)))
    windows = pane.findChildren(PdfWindow)
    assert len(windows) == 1
    assert windows[0].windowTitle().startswith("Uppdrag – ")
    assert pane.detail is not None
    assert pane.detail.person_name in windows[0].windowTitle()


def test_reply_sends_to_the_sender(
    qtbot, manager, make_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    message_id = message_with_assignment(manager)
    host = FakeHost(manager, Node(kind=NodeKind.MESSAGE, label="x", ref=MessageRef(message_id)))
    qtbot.addWidget(host)
    asked: list[int] = []

    def answer(_parent: object, detail: object) -> ReplyToMessage:
        asked.append(detail.id)  # type: ignore[attr-defined]
        return ReplyToMessage(message_id=detail.id, body="Vi tar det.", subject="Sv: Nytt uppdrag")  # type: ignore[attr-defined]

    monkeypatch.setattr(ReplyDialog, "ask", answer)
    changes: list[ChangeSet] = []
    manager.events.data_changed.connect(changes.append)
    actions.trigger(actions.spec(ActionId.REPLY_MESSAGE), ActionContext(host, host.node))

    assert asked == [message_id]
    assert [change.kinds for change in changes] == [frozenset({ChangeKind.MESSAGES})]
    # The answer and the message answered (marked read).
    touched = changes[0].messages
    assert touched is not None
    assert message_id in touched
    assert len(touched) == 2
    assert host.statusBar().currentMessage().startswith("Svaret har skickats till ")
    handlaggare = make_ctx("handlaggare")
    replies = [m for m in unread(handlaggare) if m.subject == "Sv: Nytt uppdrag"]
    assert len(replies) == 1
    assert replies[0].sender_name == manager.actor.display_name

    # Cancel sends nothing.
    monkeypatch.setattr(ReplyDialog, "ask", lambda *_a: None)
    inbox_handlers.reply(ActionContext(host, host.node))
    assert len(changes) == 1


def test_new_message_from_the_inbox_folder(
    qtbot, manager, make_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    handlaggare = make_ctx("handlaggare")
    folder = Node(kind=NodeKind.FOLDER_INBOX, label="Inkorg")
    host = FakeHost(manager, folder)
    qtbot.addWidget(host)
    assert ActionId.NEW_MESSAGE in [s.id for s in actions.context_specs(folder, manager.actor)]
    command = SendMessage(
        recipient_ids=(handlaggare.actor.user_id,), subject="Fråga om beslut", body="Hej!"
    )
    monkeypatch.setattr(ComposeMessageDialog, "ask", lambda _p, _ctx, **_kw: command)
    actions.trigger(actions.spec(ActionId.NEW_MESSAGE), ActionContext(host, folder))
    assert host.statusBar().currentMessage() == "Meddelandet har skickats."
    assert [m.subject for m in unread(handlaggare)] == ["Fråga om beslut"]


def test_a_system_message_cannot_be_answered(
    qtbot, manager, monkeypatch: pytest.MonkeyPatch
) -> None:
    with manager.database.transaction() as session:
        system = deliver_message(
            session,
            sender_user_id=None,
            recipient_ids=[manager.actor.user_id],
            subject="Driftinformation",
            body="Systemet uppdateras i kväll.",
        ).id
    shown: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, text, **_kw: shown.append(text))
    monkeypatch.setattr(ReplyDialog, "ask", lambda *_a: pytest.fail("no dialog"))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert inbox_handlers.reply_to_message(manager, parent, system) is None
    assert shown == [inbox_handlers.NOT_REPLYABLE]


def test_reply_dialog_requires_text_and_builds_the_command(qtbot, manager) -> None:
    from treserva_desktop.db.queries.inbox import message_detail

    message_id = message_with_assignment(manager)
    with manager.database.read() as session:
        detail = message_detail(session, manager.actor, message_id)
    dialog = ReplyDialog(detail)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.subject.text() == f"Sv: {detail.subject}"
    assert dialog.original.toPlainText() == detail.body
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == "Skriv ett svar."
    qtbot.keyClicks(dialog.body, "Tack, vi kontaktar personen.")
    assert not dialog.error.isVisible()
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.command == ReplyToMessage(
        message_id=message_id, body="Tack, vi kontaktar personen.", subject=f"Sv: {detail.subject}"
    )


# --- registry -----------------------------------------------------------------------------


def test_read_assignment_is_the_default_on_assignments_and_reply_on_messages(manager) -> None:
    actor = manager.actor
    assignment = Node(kind=NodeKind.ASSIGNMENT, label="u", ref=AssignmentRef(1, 1))
    ids = [s.id for s in actions.context_specs(assignment, actor)]
    assert ids[0] is ActionId.READ_ASSIGNMENT
    default = actions.default_spec(assignment, actor)
    assert default is not None
    assert default.id is ActionId.READ_ASSIGNMENT
    message = Node(kind=NodeKind.MESSAGE, label="m", ref=MessageRef(1))
    assert ActionId.REPLY_MESSAGE in [s.id for s in actions.context_specs(message, actor)]
    assert actions.default_spec(message, actor) is None
    # Also on an assignment under Mitt skrivbord › Skickade uppdrag (the sender reads it).
    for kind in NodeKind:
        if kind not in (NodeKind.ASSIGNMENT, NodeKind.SENT_ASSIGNMENT):
            node = Node(kind=kind, label="n")
            assert ActionId.READ_ASSIGNMENT not in [
                s.id for s in actions.context_specs(node, actor)
            ]


def test_only_the_handlaggare_gets_the_myndighet_menu(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    def menus_for(username: str) -> tuple[list[str], actions.WindowActions]:
        host = FakeHost(make_ctx(username))
        qtbot.addWidget(host)
        window_actions = actions.build_window_actions(host, host)
        bar = QMenuBar(host)
        actions.build_menu_bar(window_actions, bar)
        return [a.text() for a in bar.actions()], window_actions

    titles, manager_actions = menus_for("verksamhetschef")
    assert MenuId.AUTHORITY.value not in titles
    assert ActionId.NEW_ASSIGNMENT not in manager_actions.actions

    titles, authority_actions = menus_for("handlaggare")
    assert "&Myndighet" in titles
    menu = authority_actions.menus[MenuId.AUTHORITY]
    assert [a.text() for a in menu.actions()] == ["Nytt uppdrag…", "Skickade uppdrag…"]
    new = authority_actions.actions[ActionId.NEW_ASSIGNMENT]
    assert new.shortcut().toString() == "Ctrl+N"


def test_the_inbox_folder_count_follows_a_read(qtbot, manager) -> None:
    from treserva_desktop.ui.main_window import MainWindow

    window = MainWindow(manager, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    inbox = window.model.folder_node(Folder.INBOX)
    before = inbox.count or 0
    assert before > 0
    window.tree.select_node(inbox, expand=True)
    message = next(child for child in inbox.children if child.unread)
    window.tree.select_node(message)
    qtbot.waitUntil(lambda: (inbox.count or 0) == before - 1)
    assert window.model.data(window.model.index_for(inbox)) == (
        f"Inkorg ({before - 1})" if before > 1 else "Inkorg"
    )
    # The message row itself is no longer shown as unread.
    current = window.tree.current_node()
    assert current is not None
    assert current.message_id == message.message_id
    assert not current.unread
    assert window.message_pane.state.text().startswith("Läst ")
