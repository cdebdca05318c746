"""After an action the tree reloads only the loaded nodes the change touched: the unit rows
were written at, the persons whose rows or data changed; by kind when the ids are unknown.
Loader calls are counted by wrapping the kinds' loader functions (never by timing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from tests.helpers.distribution import home_care_view, intervention
from tests.helpers.windows import open_main_window

from treserva_desktop.domain.changes import ChangeKind, Touched
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.enums import Folder
from treserva_desktop.services.distribution import distribute_intervention
from treserva_desktop.ui import runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.kinds import KINDS
from treserva_desktop.ui.tree.loader import TreeLoader
from treserva_desktop.ui.tree.model import TreeModel
from treserva_desktop.ui.tree.nodes import Node, NodeKind

Calls = dict[NodeKind, list[int]]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Which units and whose Insats GF had their children queried, in order (by id)."""
    calls: Calls = {NodeKind.UNIT: [], NodeKind.INSATS_GF: []}
    for kind, calls_of_kind in calls.items():
        spec = KINDS[kind]
        load = spec.children
        assert load is not None

        def counting(
            loader: TreeLoader,
            node: Node,
            load: Callable[[TreeLoader, Node], list[Node]] = load,
            seen: list[int] = calls_of_kind,
        ) -> list[Node]:
            node_id = node.unit_id if node.kind is NodeKind.UNIT else node.person_id
            assert node_id is not None
            seen.append(node_id)
            return load(loader, node)

        monkeypatch.setitem(KINDS, kind, replace(spec, children=counting))
    return calls


def load_all_units(model: TreeModel) -> list[Node]:
    """Every unit under Mina enheter, loaded (the demo is small)."""
    stack = [model.folder_node(Folder.MY_UNITS)]
    units: list[Node] = []
    while stack:
        node = stack.pop()
        model.ensure_loaded(node)
        for child in node.children:
            if child.kind is NodeKind.UNIT:
                units.append(child)
                stack.append(child)
    return units


def persons_of(unit: Node) -> list[Node]:
    return [child for child in unit.children if child.kind is NodeKind.PERSON]


def apart(a: Node, b: Node) -> bool:
    return a is not b and not a.is_below(b) and not b.is_below(a)


def test_distributing_to_unit_a_does_not_reload_expanded_unit_b(
    qtbot, make_ctx: Callable[[str], AppContext], counted: Calls
) -> None:
    ctx = make_ctx("verksamhetschef")
    view = home_care_view(ctx)
    item = intervention(view, timed=True)
    unit_a = item.default_unit_id or item.unit_choices[0].id
    window = open_main_window(qtbot, ctx)
    model, tree = window.model, window.tree
    units = load_all_units(model)
    node_a = next(unit for unit in units if unit.unit_id == unit_a)
    assert all(child.person_id != view.person.id for child in persons_of(node_a))
    node_b = next(
        unit
        for unit in units
        if apart(unit, node_a)
        and any(person.person_id != view.person.id for person in persons_of(unit))
    )
    person_b = next(p for p in persons_of(node_b) if p.person_id != view.person.id)
    tree.expand_node(node_a)
    tree.expand_node(node_b)
    model.ensure_loaded(person_b)
    insats_b = person_b.children[0]
    assert insats_b.kind is NodeKind.INSATS_GF
    tree.select_node(insats_b, expand=True)
    b_rows = list(node_b.children)
    counted[NodeKind.UNIT].clear()
    counted[NodeKind.INSATS_GF].clear()

    result = runner.run(
        ctx,
        window,
        distribute_intervention,
        DistributeIntervention(
            assignment_id=view.assignment_id,
            intervention_id=item.intervention_id,
            unit_id=unit_a,
            start_date=item.default_start,
            end_date=item.default_end,
            hours=item.default_hours,
            per=item.default_per,
            expected_version=view.version,
        ),
    )

    assert result is not None
    assert result.unit_id == unit_a
    # Unit A once (it now lists the person); unit B and B's Insats GF not at all.
    assert counted[NodeKind.UNIT] == [unit_a]
    assert counted[NodeKind.INSATS_GF] == []
    assert any(child.person_id == view.person.id for child in persons_of(node_a))
    assert node_b.children == b_rows
    assert all(new is old for new, old in zip(node_b.children, b_rows, strict=True))
    # Expansion and selection as they were.
    assert tree.isExpanded(model.index_for(node_a))
    assert tree.isExpanded(model.index_for(node_b))
    assert tree.current_node() is insats_b
    assert tree.isExpanded(model.index_for(insats_b))


def _model_with_two_insats(
    make_ctx: Callable[[str], AppContext],
) -> tuple[AppContext, TreeModel, list[Node], Node, Node]:
    """Every unit loaded, and the Insats GF of two persons in different units."""
    ctx = make_ctx("verksamhetschef")
    model = TreeModel(TreeLoader(ctx), ctx.events)
    units = load_all_units(model)
    with_persons = [unit for unit in units if persons_of(unit)]
    first = with_persons[0]
    second = next(unit for unit in with_persons if apart(unit, first))
    person_1 = persons_of(first)[0]
    person_2 = next(p for p in persons_of(second) if p.person_id != person_1.person_id)
    insats = []
    for person in (person_1, person_2):
        model.ensure_loaded(person)
        model.ensure_loaded(person.children[0])
        insats.append(person.children[0])
    return ctx, model, units, insats[0], insats[1]


def test_a_persons_insats_gf_reloads_and_another_persons_does_not(
    make_ctx: Callable[[str], AppContext], counted: Calls
) -> None:
    ctx, model, _units, insats_1, insats_2 = _model_with_two_insats(make_ctx)
    rows_2 = list(insats_2.children)
    counted[NodeKind.UNIT].clear()
    counted[NodeKind.INSATS_GF].clear()
    # What Kvittera at a unit not loaded says: one person's rows at that unit.
    missing_unit = max(node.unit_id or 0 for node in model.loaded_nodes(NodeKind.UNIT)) + 1
    assert insats_1.person_id is not None
    ctx.events.changed(
        ChangeKind.EXECUTIONS,
        touched=Touched(units={missing_unit}, persons={insats_1.person_id}),
    )
    assert counted[NodeKind.UNIT] == []
    assert counted[NodeKind.INSATS_GF] == [insats_1.person_id]
    assert insats_2.children == rows_2
    assert insats_1 in model.loaded_nodes(NodeKind.INSATS_GF)


def test_a_person_edit_reloads_the_units_that_list_the_person_only(
    make_ctx: Callable[[str], AppContext], counted: Calls
) -> None:
    ctx, _model, units, insats_1, _insats_2 = _model_with_two_insats(make_ctx)
    person_id = insats_1.person_id
    assert person_id is not None
    listing = [u.unit_id for u in units if any(p.person_id == person_id for p in persons_of(u))]
    assert listing
    assert len(listing) < len(units)
    counted[NodeKind.UNIT].clear()
    counted[NodeKind.INSATS_GF].clear()
    # As persons.update_contact says: the person's own data, no unit's rows.
    ctx.events.changed(ChangeKind.PERSONS, touched=Touched(units=(), persons={person_id}))
    assert sorted(counted[NodeKind.UNIT]) == sorted(listing)
    assert counted[NodeKind.INSATS_GF] == []


def test_a_change_with_unknown_ids_reloads_every_loaded_node_of_its_kinds(
    make_ctx: Callable[[str], AppContext], counted: Calls
) -> None:
    ctx, model, _units, _insats_1, _insats_2 = _model_with_two_insats(make_ctx)
    loaded_units = model.loaded_nodes(NodeKind.UNIT)
    outermost = [unit for unit in loaded_units if unit.ancestor_of_kind(NodeKind.UNIT) is None]
    counted[NodeKind.UNIT].clear()
    counted[NodeKind.INSATS_GF].clear()
    # A service without `touches`: every unit (the outermost; the rest is rebuilt with them).
    ctx.events.changed(ChangeKind.EXECUTIONS)
    assert sorted(counted[NodeKind.UNIT]) == sorted(u.unit_id or 0 for u in outermost)
    # Both Insats GF were inside reloaded units: dropped with them, not queried on their own.
    assert counted[NodeKind.INSATS_GF] == []
    assert not model.loaded_nodes(NodeKind.INSATS_GF)

    # Unknown persons, known (no) units: every loaded Insats GF, no unit.
    ctx, model, _units, insats_1, insats_2 = _model_with_two_insats(make_ctx)
    counted[NodeKind.UNIT].clear()
    counted[NodeKind.INSATS_GF].clear()
    ctx.events.changed(ChangeKind.EXECUTIONS, touched=Touched(units=()))
    assert counted[NodeKind.UNIT] == []
    assert sorted(counted[NodeKind.INSATS_GF]) == sorted(
        [insats_1.person_id or 0, insats_2.person_id or 0]
    )
