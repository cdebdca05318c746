"""The node types registry: every kind has one entry, and the entries agree with the UI."""

from __future__ import annotations

from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.ui import actions
from treserva_desktop.ui.tree.kinds import KINDS, PaneKey, kind_spec, kinds_refreshed_by
from treserva_desktop.ui.tree.nodes import FOLDER_KINDS, Node, NodeKind


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


def test_every_change_kind_but_deviations_refreshes_some_folder() -> None:
    for change in ChangeKind:
        refreshed = kinds_refreshed_by(frozenset({change}))
        assert bool(refreshed) == (change is not ChangeKind.DEVIATIONS), change
        assert refreshed <= set(FOLDER_KINDS.values())
