"""The node types registry: every kind has one entry, and the entries agree with the UI."""

from __future__ import annotations

from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui import actions
from treserva_desktop.ui.tree.kinds import (
    KINDS,
    PaneKey,
    counted_after,
    is_touched,
    kind_spec,
    kinds_refreshed_by,
)
from treserva_desktop.ui.tree.nodes import (
    FOLDER_KINDS,
    AssignmentRef,
    InterventionRef,
    Node,
    NodeKind,
    PersonRef,
    UnitRef,
)


def test_every_node_kind_has_an_entry() -> None:
    assert set(KINDS) == set(NodeKind)
    for kind in NodeKind:
        assert kind_spec(kind) is KINDS[kind]


def test_entries_name_real_actions_panes_and_icons() -> None:
    for kind, spec in KINDS.items():
        node = Node(kind=kind, label=kind.value)
        default = spec.default_for(node)
        assert default is None or default in actions.SPECS, kind
        if default is not None:
            # The default is offered in the node's context menu.
            assert actions.spec(default).applies(node), kind
        assert spec.pane in PaneKey
        assert (spec.icon_name(node) is None) == spec.notice, kind


def test_fixed_folders_load_their_children_and_summarise_them() -> None:
    for kind in FOLDER_KINDS.values():
        spec = kind_spec(kind)
        assert not spec.leaf, kind
        assert spec.pane is PaneKey.SUMMARY, kind
        assert spec.summary is not None, kind


def test_every_change_kind_refreshes_some_node_kind() -> None:
    for change in ChangeKind:
        assert kinds_refreshed_by(frozenset({change})), change
    assert kinds_refreshed_by(frozenset({ChangeKind.DEVIATIONS})) == {NodeKind.FOLDER_DEVIATIONS}


def test_folders_refresh_by_kind_and_units_and_persons_by_their_ids() -> None:
    """The folders are bounded lists, reloaded whole; a unit or a person's branch may be
    thousands of rows or many of them, so only the ones a change touched are reloaded."""
    for folder, kind in FOLDER_KINDS.items():
        if folder is not Folder.NEW_ASSIGNMENTS:
            assert kind_spec(kind).touched is None, kind
    for kind in (NodeKind.UNIT, NodeKind.PERSON, NodeKind.INSATS_GF):
        assert kind_spec(kind).touched is not None, kind
        assert kind_spec(kind).refreshed_by, kind


def test_new_assignments_reload_after_assignments_or_a_listed_name_only() -> None:
    """Ending or revoking a row writes no assignment: Nya uppdrag (and its count) stay."""
    folder = Node(kind=NodeKind.FOLDER_NEW_ASSIGNMENTS, label="Nya uppdrag")
    folder.set_children([Node(kind=NodeKind.PERSON, label="p", ref=PersonRef(42, 7))])
    executions = ChangeSet(frozenset({ChangeKind.EXECUTIONS}), persons=frozenset({42}))
    assert not is_touched(folder, executions)
    assert counted_after(executions) == frozenset()
    assigned = ChangeSet(frozenset({ChangeKind.ASSIGNMENTS}), assignments=frozenset({3}))
    assert is_touched(folder, assigned)
    assert counted_after(assigned) == {Folder.NEW_ASSIGNMENTS, Folder.SENT_ASSIGNMENTS}
    renamed = frozenset({ChangeKind.PERSONS})
    assert is_touched(folder, ChangeSet(renamed, persons=frozenset({42})))
    assert not is_touched(folder, ChangeSet(renamed, persons=frozenset({43})))
    messages = ChangeSet(frozenset({ChangeKind.MESSAGES}))
    assert not is_touched(folder, messages)
    assert counted_after(messages) == {Folder.INBOX, Folder.SENT_ASSIGNMENTS}


def test_a_unit_is_touched_by_its_id_or_by_a_changed_person_it_lists() -> None:
    unit = Node(kind=NodeKind.UNIT, label="Norr", ref=UnitRef(7))
    unit.set_children([Node(kind=NodeKind.PERSON, label="p", ref=PersonRef(42, 7))])
    executions = frozenset({ChangeKind.EXECUTIONS})
    persons = frozenset({ChangeKind.PERSONS})
    assert is_touched(unit, ChangeSet(executions))
    assert is_touched(unit, ChangeSet(executions, units=frozenset({7})))
    assert not is_touched(unit, ChangeSet(executions, units=frozenset({8})))
    # A row for person 42 elsewhere does not change what unit 7 lists...
    assert not is_touched(
        unit, ChangeSet(executions, units=frozenset({8}), persons=frozenset({42}))
    )
    # ...but a new name of person 42 shows here.
    assert is_touched(unit, ChangeSet(persons, units=frozenset(), persons=frozenset({42})))
    assert not is_touched(unit, ChangeSet(persons, units=frozenset(), persons=frozenset({43})))
    assert is_touched(unit, ChangeSet(persons, units=frozenset()))
    # Not of a kind units are refreshed by, whatever the ids.
    assert not is_touched(unit, ChangeSet(frozenset({ChangeKind.MESSAGES})))


def test_an_insats_gf_is_touched_by_its_person() -> None:
    insats = Node(kind=NodeKind.INSATS_GF, label="Insats GF", ref=InterventionRef(42, 7))
    executions = frozenset({ChangeKind.EXECUTIONS})
    assert is_touched(insats, ChangeSet(executions))
    assert is_touched(insats, ChangeSet(executions, persons=frozenset({42})))
    assert not is_touched(insats, ChangeSet(executions, persons=frozenset({41})))
    assert not is_touched(insats, ChangeSet(frozenset({ChangeKind.PERSONS})))


def test_sent_assignments_reload_after_assignments_or_messages_and_open_the_pdf() -> None:
    """Skickade uppdrag: what the provider does writes the assignment (a stop or ended rows
    also send a message); Enter on a row is Läs uppdrag, the folder's menu has the dialog."""
    spec = kind_spec(NodeKind.FOLDER_SENT_ASSIGNMENTS)
    assert spec.refreshed_by == {ChangeKind.ASSIGNMENTS, ChangeKind.MESSAGES}
    folder = Node(kind=NodeKind.FOLDER_SENT_ASSIGNMENTS, label="Skickade uppdrag")
    assert is_touched(folder, ChangeSet(frozenset({ChangeKind.MESSAGES})))
    assert not is_touched(folder, ChangeSet(frozenset({ChangeKind.EXECUTIONS})))
    assert counted_after(ChangeSet(frozenset({ChangeKind.MESSAGES}))) == {
        Folder.INBOX,
        Folder.SENT_ASSIGNMENTS,
    }
    row = Node(kind=NodeKind.SENT_ASSIGNMENT, label="x", ref=AssignmentRef(1, 2))
    assert kind_spec(NodeKind.SENT_ASSIGNMENT).default_for(row) is actions.ActionId.READ_ASSIGNMENT
    assert kind_spec(NodeKind.SENT_ASSIGNMENT).pane is PaneKey.SUMMARY
    assert actions.spec(actions.ActionId.SENT_ASSIGNMENTS).applies(folder)
