"""The tree model under Qt's model tester: lazy loading, reloads, lookups, flags."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import select

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.models import MessageRecipient
from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.loader import TreeLoader, overdue_text
from treserva_desktop.ui.tree.model import OVERDUE_COLOR, TreeModel
from treserva_desktop.ui.tree.nodes import Node, NodeKind

PERSON_LABEL = re.compile(r"^[^,]+, [^()]+ \(\d{8}-\d{4}\)( – skyddad identitet)?$")
USERS = ["verksamhetschef", "gruppchef", "samordnare", "personal", "handlaggare", "sjukskoterska"]


class CountingLoader(TreeLoader):
    """Records which nodes had their children queried."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.calls: list[NodeKind] = []

    def children(self, node: Node) -> list[Node]:
        self.calls.append(node.kind)
        return super().children(node)


def fetch_all(model: TreeModel, node: Node | None = None, depth: int = 8) -> int:
    """Fetch every branch below node (through the model's public API); returns node count."""
    node = node or model.root
    count = 0
    stack = [(node, 0)]
    while stack:
        current, level = stack.pop()
        index = model.index_for(current)
        if model.canFetchMore(index):
            model.fetchMore(index)
        count += 1
        if level < depth:
            stack.extend((child, level + 1) for child in current.children)
    return count


@pytest.mark.parametrize("username", USERS)
def test_model_passes_the_qt_model_tester(
    qtmodeltester, make_ctx: Callable[[str], AppContext], username: str
) -> None:
    ctx = make_ctx(username)
    model = TreeModel(TreeLoader(ctx), ctx.events)
    qtmodeltester.check(model)
    # Fetch every branch with the tester attached, then reload the whole desktop.
    # Root, Mitt skrivbord and at least Inkorg and Mina personer.
    assert fetch_all(model) >= 4
    model.reload(None)
    fetch_all(model)
    for folder in (Folder.INBOX, Folder.MY_UNITS):
        if folder in model.folders:
            model.reload(model.folder_node(folder))


def test_fixed_folders_have_children_without_a_query(
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    loader = CountingLoader(ctx)
    model = TreeModel(loader, ctx.events)
    desktop_index = model.index(0, 0)
    assert model.data(desktop_index) == "Mitt skrivbord"
    assert model.rowCount(desktop_index) == 5
    for row in range(5):
        index = model.index(row, 0, desktop_index)
        assert model.hasChildren(index)
        assert model.rowCount(index) == 0
        assert model.canFetchMore(index)
    assert loader.calls == []


def test_new_assignments_folder_counts_and_marks_overdue(
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = TreeModel(TreeLoader(ctx), ctx.events)
    folder = model.folder_node(Folder.NEW_ASSIGNMENTS)
    assert folder.count is not None
    assert folder.count >= 1
    assert model.data(model.index_for(folder)) == f"Nya uppdrag ({folder.count})"

    model.fetchMore(model.index_for(folder))
    persons = folder.children
    assert persons
    assert all(p.kind is NodeKind.PERSON and PERSON_LABEL.match(p.label) for p in persons)
    assignments = [a for p in persons for a in p.children]
    assert len(assignments) == folder.count
    assert all(a.kind is NodeKind.ASSIGNMENT for a in assignments)
    # A person under Nya uppdrag comes with its assignments: no second query.
    assert all(p.loaded for p in persons)

    overdue = [a for a in assignments if a.overdue]
    assert overdue, "the demo database has overdue assignments"
    index = model.index_for(overdue[0])
    assert overdue_text(ctx.settings.overdue_working_days) in model.data(
        index, Qt.ItemDataRole.ToolTipRole
    )
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOR
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert folder.overdue


@pytest.mark.parametrize(
    ("username", "folders"),
    [
        (
            "verksamhetschef",
            ["Nya uppdrag", "Inkorg", "Mina personer", "Ej aktuella – att avsluta", "Mina enheter"],
        ),
        ("personal", ["Inkorg", "Mina personer", "Mina enheter"]),
        ("sjukskoterska", ["Inkorg", "Mina personer", "Mina enheter"]),
        ("handlaggare", ["Inkorg", "Mina personer"]),
    ],
)
def test_only_folders_the_role_has_content_in_are_shown(
    make_ctx: Callable[[str], AppContext], username: str, folders: list[str]
) -> None:
    ctx = make_ctx(username)
    loader = CountingLoader(ctx)
    model = TreeModel(loader, ctx.events)
    assert [node.title for node in model.desktop.children] == folders
    assert Folder.DESKTOP in model.folders
    # A reload of Mitt skrivbord builds the same folders again.
    model.reload(model.desktop)
    assert [node.title for node in model.desktop.children] == folders
    if "Nya uppdrag" not in folders:
        assert Folder.NEW_ASSIGNMENTS not in model.folders
        assert model.find_by_path(["Mitt skrivbord", "Nya uppdrag"]) is None
        assert NodeKind.FOLDER_NEW_ASSIGNMENTS not in loader.calls


def test_my_units_go_down_to_interventions(make_ctx: Callable[[str], AppContext]) -> None:
    ctx = make_ctx("gruppchef")
    model = TreeModel(TreeLoader(ctx), ctx.events)
    person = model.find(lambda n: n.kind is NodeKind.PERSON, model.folder_node(Folder.MY_UNITS))
    assert person is not None
    assert person.unit_id is not None
    assert PERSON_LABEL.match(person.label)
    model.ensure_loaded(person)
    assert [c.kind for c in person.children] == [NodeKind.INSATS_GF, NodeKind.DOKUMENT_GF]
    insats = person.children[0]
    assert insats.unit_id == person.unit_id
    model.ensure_loaded(insats)
    assert insats.children
    assert all(c.kind is NodeKind.INTERVENTION for c in insats.children)
    assert not model.hasChildren(model.index_for(insats.children[0]))


def test_find_by_path_ignores_counts_and_matches_person_names(
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = TreeModel(TreeLoader(ctx), ctx.events)
    folder = model.find_by_path(["Mitt skrivbord", "Nya uppdrag"])
    assert folder is model.folder_node(Folder.NEW_ASSIGNMENTS)
    assert model.find_by_path(["Mitt skrivbord", folder.label]) is folder
    model.ensure_loaded(folder)
    person = folder.children[0]
    assert model.find_by_path(["Mitt skrivbord", "Nya uppdrag", person.title]) is person
    assert model.find_by_path(["Mitt skrivbord", "Nya uppdrag", person.label]) is person
    assert model.find_by_path(["Mitt skrivbord", "Finns inte"]) is None
    assert model.index_for(person).internalPointer() is person
    assert model.node(QModelIndex()) is model.root


def test_reload_refetches_one_branch_and_its_count(
    qtbot, qtmodeltester, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("verksamhetschef")
    loader = CountingLoader(ctx)
    model = TreeModel(loader, ctx.events)
    qtmodeltester.check(model)
    inbox = model.folder_node(Folder.INBOX)
    model.fetchMore(model.index_for(inbox))
    unread_before = inbox.count or 0
    assert unread_before >= 1
    rows_before = len(inbox.children)

    unread_message = next(n for n in inbox.children if n.unread)
    with ctx.database.transaction() as session:
        recipient = session.scalars(
            select(MessageRecipient).where(
                MessageRecipient.message_id == unread_message.message_id,
                MessageRecipient.user_id == ctx.actor.user_id,
            )
        ).one()
        recipient.read_at = SYSTEM_CLOCK.now()

    loader.calls.clear()
    with qtbot.waitSignals([model.rowsRemoved, model.rowsInserted]):
        model.reload(inbox)
    assert loader.calls == [NodeKind.FOLDER_INBOX]
    assert len(inbox.children) == rows_before
    assert inbox.count == unread_before - 1
    expected = f"Inkorg ({inbox.count})" if inbox.count else "Inkorg"
    assert model.data(model.index_for(inbox)) == expected
    reread = next(n for n in inbox.children if n.message_id == unread_message.message_id)
    assert not reread.unread


def test_data_changed_reloads_only_affected_folders(
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    loader = CountingLoader(ctx)
    model = TreeModel(loader, ctx.events)
    for folder in (Folder.INBOX, Folder.MY_UNITS, Folder.NEW_ASSIGNMENTS):
        model.fetchMore(model.index_for(model.folder_node(folder)))
    loader.calls.clear()
    ctx.events.changed(ChangeKind.MESSAGES)
    assert loader.calls == [NodeKind.FOLDER_INBOX]
    loader.calls.clear()
    ctx.events.changed(ChangeKind.VIEW_SETTINGS)
    # Ej aktuella was never opened, so there is nothing to reload.
    assert loader.calls == []
    ctx.events.changed(ChangeKind.ASSIGNMENTS)
    assert sorted(loader.calls) == sorted(
        [NodeKind.FOLDER_NEW_ASSIGNMENTS, NodeKind.FOLDER_MY_UNITS]
    )


def test_protected_person_is_marked(make_ctx: Callable[[str], AppContext]) -> None:
    ctx = make_ctx("verksamhetschef")
    model = TreeModel(TreeLoader(ctx), ctx.events)
    fetch_all(model, model.folder_node(Folder.MY_UNITS), depth=4)
    persons = [n for n in _walk(model.folder_node(Folder.MY_UNITS)) if n.kind is NodeKind.PERSON]
    assert persons
    for person in persons:
        assert person.label.endswith("– skyddad identitet") == person.protected
        if person.protected:
            tooltip = model.data(model.index_for(person), Qt.ItemDataRole.ToolTipRole)
            assert "Skyddad identitet" in tooltip


def _walk(node: Node) -> list[Node]:
    result = []
    stack = [node]
    while stack:
        current = stack.pop()
        result.append(current)
        stack.extend(current.children)
    return result
