"""The tree model under Qt's model tester: lazy loading, reloads, lookups, flags."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import select

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.models import MessageRecipient
from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.kinds import KINDS
from treserva_desktop.ui.tree.loader import TreeLoader
from treserva_desktop.ui.tree.model import OVERDUE_COLOR, TreeModel
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.tree.paged_folders import overdue_text
from treserva_desktop.ui.tree.view import TreeView

PERSON_LABEL = re.compile(r"^[^,]+, [^()]+ \(\d{8}-\d{4}\)( – skyddad identitet)?$")
USERS = ["verksamhetschef", "gruppchef", "samordnare", "personal", "handlaggare", "sjukskoterska"]


class CountingModel(TreeModel):
    """Records which nodes had their children queried, and how often counts were."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(TreeLoader(ctx), ctx.events)
        self.calls: list[NodeKind] = []
        self.queried: list[Node] = []
        self.count_updates = 0
        update_counts = self.loader.update_counts

        def counting_update(
            folders: dict[Folder, Node], counted: frozenset[Folder] | None = None
        ) -> None:
            self.count_updates += 1
            update_counts(folders, counted)

        self.loader.update_counts = counting_update  # type: ignore[method-assign]
        self.reloaded: list[Node] = []
        self.branch_reloading.connect(self.reloaded.append)

    def load_children(self, node: Node) -> list[Node]:
        self.calls.append(node.kind)
        self.queried.append(node)
        return super().load_children(node)


def make_model(qtmodeltester, ctx: AppContext, *, check: bool = True) -> CountingModel:
    """Every model test runs Qt's model tester. Attached, it fetches every branch it can (and
    again after each change), so a test that counts queries attaches it at its end."""
    model = CountingModel(ctx)
    if check:
        qtmodeltester.check(model)
    return model


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
    model = make_model(qtmodeltester, ctx)
    # Fetch every branch with the tester attached, then reload the whole desktop.
    # Root, Mitt skrivbord and at least Inkorg and Mina personer.
    assert fetch_all(model) >= 4
    model.reload(None)
    fetch_all(model)
    for folder in (Folder.INBOX, Folder.MY_UNITS):
        if folder in model.folders:
            model.reload(model.folder_node(folder))


def test_fixed_folders_have_children_without_a_query(
    qtmodeltester,
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx, check=False)
    desktop_index = model.index(0, 0)
    assert model.data(desktop_index) == "Mitt skrivbord"
    assert model.rowCount(desktop_index) == 6
    for row in range(6):
        index = model.index(row, 0, desktop_index)
        assert model.hasChildren(index)
        assert model.rowCount(index) == 0
        assert model.canFetchMore(index)
    assert model.calls == []
    qtmodeltester.check(model)


def test_new_assignments_folder_counts_and_marks_overdue(
    qtmodeltester,
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx)
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
            [
                "Nya uppdrag",
                "Inkorg",
                "Mina personer",
                "Ej aktuella – att avsluta",
                "Avvikelser",
                "Mina enheter",
            ],
        ),
        ("personal", ["Inkorg", "Mina personer", "Avvikelser", "Mina enheter"]),
        ("sjukskoterska", ["Inkorg", "Mina personer", "Avvikelser", "Mina enheter"]),
        ("handlaggare", ["Inkorg", "Skickade uppdrag", "Avvikelser"]),
        ("admin", ["Inkorg"]),
    ],
)
def test_only_folders_the_role_has_content_in_are_shown(
    qtmodeltester, make_ctx: Callable[[str], AppContext], username: str, folders: list[str]
) -> None:
    ctx = make_ctx(username)
    model = make_model(qtmodeltester, ctx)
    assert [node.title for node in model.desktop.children] == folders
    assert Folder.DESKTOP in model.folders
    # A reload of Mitt skrivbord builds the same folders again.
    model.reload(model.desktop)
    assert [node.title for node in model.desktop.children] == folders
    if "Nya uppdrag" not in folders:
        assert Folder.NEW_ASSIGNMENTS not in model.folders
        assert model.find_by_path(["Mitt skrivbord", "Nya uppdrag"]) is None
        assert NodeKind.FOLDER_NEW_ASSIGNMENTS not in model.calls


def test_my_units_go_down_to_interventions(
    qtmodeltester, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("gruppchef")
    model = make_model(qtmodeltester, ctx)
    person = model.find(lambda n: n.kind is NodeKind.PERSON, model.folder_node(Folder.MY_UNITS))
    assert person is not None
    assert person.unit_id is not None
    assert PERSON_LABEL.match(person.label)
    model.ensure_loaded(person)
    assert [c.kind for c in person.children] == [
        NodeKind.INSATS_GF,
        NodeKind.DOKUMENT_GF,
        NodeKind.CHECKLISTS,
    ]
    insats = person.children[0]
    assert insats.unit_id == person.unit_id
    model.ensure_loaded(insats)
    assert insats.children
    assert all(c.kind is NodeKind.INTERVENTION for c in insats.children)
    assert not model.hasChildren(model.index_for(insats.children[0]))


def test_find_by_path_ignores_counts_and_matches_person_names(
    qtmodeltester,
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx)
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
    model = make_model(qtmodeltester, ctx)
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

    model.calls.clear()
    with qtbot.waitSignals([model.rowsRemoved, model.rowsInserted]):
        model.reload(inbox)
    assert model.calls == [NodeKind.FOLDER_INBOX]
    assert len(inbox.children) == rows_before
    assert inbox.count == unread_before - 1
    expected = f"Inkorg ({inbox.count})" if inbox.count else "Inkorg"
    assert model.data(model.index_for(inbox)) == expected
    reread = next(n for n in inbox.children if n.message_id == unread_message.message_id)
    assert not reread.unread


def test_data_changed_reloads_only_affected_folders(
    qtmodeltester,
    make_ctx: Callable[[str], AppContext],
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx, check=False)
    for folder in (Folder.INBOX, Folder.MY_UNITS, Folder.NEW_ASSIGNMENTS):
        model.fetchMore(model.index_for(model.folder_node(folder)))
    model.calls.clear()
    ctx.events.changed(ChangeKind.MESSAGES)
    assert model.calls == [NodeKind.FOLDER_INBOX]
    model.calls.clear()
    ctx.events.changed(ChangeKind.VIEW_SETTINGS)
    # Ej aktuella was never opened, so there is nothing to reload.
    assert model.calls == []
    ctx.events.changed(ChangeKind.ASSIGNMENTS)
    # Mina enheter lists units; what a unit lists refreshes by unit (none is loaded here).
    assert model.calls == [NodeKind.FOLDER_NEW_ASSIGNMENTS]
    model.calls.clear()
    ctx.events.changed(ChangeKind.UNITS)
    assert model.calls == [NodeKind.FOLDER_MY_UNITS]
    qtmodeltester.check(model)


def test_protected_person_is_marked(qtmodeltester, make_ctx: Callable[[str], AppContext]) -> None:
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx)
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


def _expanded_my_units(model: TreeModel) -> tuple[Node, Node, Node]:
    """Mina enheter › units › a person › Insats GF, each loaded."""
    person = model.find(lambda n: n.kind is NodeKind.PERSON, model.folder_node(Folder.MY_UNITS))
    assert person is not None
    unit = person.parent
    assert unit is not None
    assert unit.kind is NodeKind.UNIT
    model.ensure_loaded(person)
    insats = person.children[0]
    model.ensure_loaded(insats)
    return unit, person, insats


def test_a_change_reloads_each_matching_loaded_node_once_and_counts_once(
    qtmodeltester, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx, check=False)
    for folder in (Folder.INBOX, Folder.NEW_ASSIGNMENTS):
        model.ensure_loaded(model.folder_node(folder))
    _expanded_my_units(model)
    loaded_units = model.loaded_nodes(NodeKind.UNIT)
    outermost = [u for u in loaded_units if u.ancestor_of_kind(NodeKind.UNIT) is None]
    model.calls.clear()
    model.count_updates = 0
    # These refresh Nya uppdrag, Mina personer, Ej aktuella, units and Insats GF; of the
    # folders only Nya uppdrag is loaded. With no ids said every loaded unit is touched: the
    # outermost are reloaded, units, persons and Insats GF inside them are rebuilt with them.
    ctx.events.changed(ChangeKind.EXECUTIONS, ChangeKind.ASSIGNMENTS, ChangeKind.PERSONS)
    assert model.calls == [NodeKind.FOLDER_NEW_ASSIGNMENTS] + [NodeKind.UNIT] * len(outermost)
    assert model.count_updates == 1
    model.calls.clear()
    model.count_updates = 0
    model.reload(None)
    # The whole desktop: every loaded folder once, the counts once.
    assert sorted(model.calls) == sorted(
        [NodeKind.FOLDER_NEW_ASSIGNMENTS, NodeKind.FOLDER_INBOX, NodeKind.FOLDER_MY_UNITS]
    )
    assert model.count_updates == 1

    # With the model tester attached (it fetches every branch, so counts every node as loaded):
    # only nodes that existed before the change are reloaded, each once.
    qtmodeltester.check(model)
    before = set(_walk(model.root))
    model.reloaded.clear()
    model.queried.clear()
    ctx.events.changed(ChangeKind.MESSAGES)
    assert model.reloaded == [model.folder_node(Folder.INBOX)]
    assert [n for n in model.queried if n in before] == [model.folder_node(Folder.INBOX)]


def test_a_change_reloads_nested_nodes_of_a_matching_kind_but_not_inside_each_other(
    qtmodeltester, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind deeper down that lists the change is reloaded on its own, each node once; one
    inside another reloaded node is rebuilt with it instead."""
    monkeypatch.setitem(
        KINDS,
        NodeKind.UNIT,
        replace(KINDS[NodeKind.UNIT], refreshed_by=frozenset({ChangeKind.DEVIATIONS})),
    )
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx, check=False)
    unit, person, _insats = _expanded_my_units(model)
    loaded_units = model.loaded_nodes(NodeKind.UNIT)
    assert unit in loaded_units
    outermost = [u for u in loaded_units if u.ancestor_of_kind(NodeKind.UNIT) is None]
    assert len(outermost) < len(loaded_units), "the demo has units within units"
    model.calls.clear()
    model.queried.clear()
    ctx.events.changed(ChangeKind.DEVIATIONS)
    assert model.calls == [NodeKind.UNIT] * len(outermost)
    assert {id(n) for n in model.queried} == {id(u) for u in outermost}
    assert {id(n) for n in model.reloaded} == {id(u) for u in outermost}
    # The person's branch was dropped with its unit: it is loaded again only on demand.
    assert not person.is_below(model.root)
    assert not model.loaded_nodes(NodeKind.PERSON)
    qtmodeltester.check(model)
    ctx.events.changed(ChangeKind.DEVIATIONS)


def test_rows_are_stored_and_stay_right_through_reloads(
    qtmodeltester, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("verksamhetschef")
    model = make_model(qtmodeltester, ctx)
    fetch_all(model, depth=4)
    model.reload(model.folder_node(Folder.MY_UNITS))
    fetch_all(model, depth=4)
    for node in _walk(model.root):
        if node.parent is not None:
            assert node.parent.children[node.row()] is node
    parent = Node(kind=NodeKind.FOLDER_INBOX, label="Inkorg")
    a, b, c, d = (Node(kind=NodeKind.NOTICE, label=x) for x in "abcd")
    parent.set_children([a, d])
    parent.insert_children(1, [b, c])
    assert [n.row() for n in (a, b, c, d)] == [0, 1, 2, 3]
    assert parent.remove_children(1, 2) == [b, c]
    assert (b.parent, d.row(), parent.children) == (None, 1, [a, d])


def test_expansion_and_selection_survive_a_reload(
    qtbot, qtmodeltester, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("gruppchef")
    model = make_model(qtmodeltester, ctx)
    view = TreeView(model)
    qtbot.addWidget(view)
    _unit, person, insats = _expanded_my_units(model)
    selected = insats.children[0]
    view.select_node(selected)
    view.expand_node(insats)
    folder = model.folder_node(Folder.MY_UNITS)

    def key_path(node: Node) -> list[object]:
        return [n.key for n in reversed(node.ancestors())] + [node.key]

    opened = [person, insats, *(n for n in person.ancestors() if n.is_below(model.desktop))]
    expanded = [key_path(n) for n in opened]
    selected_path = key_path(selected)

    ctx.events.changed(ChangeKind.UNITS)

    assert not selected.is_below(model.root), "the branch was rebuilt"
    current = view.current_node()
    assert current is not None
    assert current is not selected
    assert key_path(current) == selected_path
    assert current.is_below(folder)
    still_expanded = {
        tuple(key_path(n)) for n in _walk(folder) if view.isExpanded(model.index_for(n))
    }
    assert {tuple(p) for p in expanded} <= still_expanded
