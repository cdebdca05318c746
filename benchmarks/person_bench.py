"""A person in the tree (W5, W19) measured by benchmarks/run.py's `Bench`: in the manager's
largest unit, selecting a person until the overview pane has painted (personal data top
right, audited), Öppna personuppgifter until the person window has painted, and the person's
Checklistor until the pane has painted (both checklists, with what each item's state is
read from). Against the raw SQL of the person's row. Target ≤ 100 ms each, as the tree's
other panes."""

from __future__ import annotations

import time
from types import ModuleType
from typing import TYPE_CHECKING

from treserva_desktop.ui.handlers.persons import open_person_window
from treserva_desktop.ui.tree.nodes import Node, NodeKind

if TYPE_CHECKING:
    from run import Bench

    from treserva_desktop.ui.main_window import MainWindow

PERSON_SQL = """
SELECT id, identity_number, first_name, last_name, street, postal_code, city, phone
FROM persons WHERE id = :person
"""


def measure(bench: Bench, kit: ModuleType) -> None:
    """`kit`: the running benchmarks/run.py, whose Row, PaintWatch, dispose and settle
    these use."""
    window = bench.open_window(bench.manager)
    unit_id, _persons = bench.largest_unit(bench.manager)
    unit = bench.unit_node(window, unit_id)
    bench.measure_expand(window, unit)
    persons = [node for node in unit.children if node.kind is NodeKind.PERSON][: bench.repeat]
    if not persons:
        raise kit.BenchmarkError("the largest unit lists nobody")
    overview, record, checklists, raw = [], [], [], []
    for person in persons:
        assert person.person_id is not None
        overview.append(_select(window, person, kit))
        kit.settle()
        start = time.perf_counter()
        person_window = open_person_window(window.ctx, window, person.person_id)
        if person_window is None:
            raise kit.BenchmarkError("Öppna personuppgifter was refused")
        kit.PaintWatch(person_window).wait("the person window")
        record.append(kit.ms_since(start))
        kit.dispose(person_window)
        window.tree.expand_node(person)
        checklist = next((c for c in person.children if c.kind is NodeKind.CHECKLISTS), None)
        if checklist is None:
            raise kit.BenchmarkError("the person has no Checklistor")
        checklists.append(_select(window, checklist, kit))
        elapsed, _found = bench.raw.timed(PERSON_SQL, person=person.person_id)
        raw.append(elapsed)
    kit.dispose(window)
    bench.guard.check("person")
    for key, label, samples in (
        ("select_person", "Markera person → översikten målad", overview),
        ("person_record", "Öppna personuppgifter → fönstret målat", record),
        ("checklists", "Checklistor → rutan målad", checklists),
    ):
        bench.rows.append(
            kit.Row(
                key,
                label,
                samples,
                baseline_label="raw SQL, the person's row",
                baseline=raw,
                max_value=100,
            )
        )


def _select(window: MainWindow, node: Node, kit: ModuleType) -> float:
    """Select `node` in the tree until the pane beside it has painted."""
    kit.settle()
    watch = kit.PaintWatch(window.panes)
    start = time.perf_counter()
    window.tree.select_node(node)
    watch.wait("the pane")
    return float(kit.ms_since(start))
