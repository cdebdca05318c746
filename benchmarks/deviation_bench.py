"""Mitt skrivbord › Avvikelser (issue 14, W18) measured by benchmarks/run.py's `Bench`: the
manager opens a fresh main window and expands the folder (its open deviations at the
manager's units and their own, audited, up to the folder's limit) until the view has painted,
against the raw SQL of the same rows. Target ≤ 100 ms at municipal scale."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from treserva_desktop.db.queries.deviations import FOLDER_LIMIT
from treserva_desktop.domain.deviation_rules import OPEN_STATES
from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    from run import Bench

# What the folder shows of the open deviations at the units, newest first (the reporter's
# own are a handful more).
OPEN_DEVIATIONS_SQL = """
SELECT d.id, d.occurred_at, d.state, d.category, u.name, t.name, p.first_name, p.last_name
FROM deviations d
JOIN org_units u ON u.id = d.unit_id
JOIN deviation_types t ON t.code = d.type_code
LEFT JOIN persons p ON p.id = d.person_id
WHERE d.unit_id IN ({units}) AND d.state IN ({states})
ORDER BY d.occurred_at DESC LIMIT :limit
"""


def measure(bench: Bench, kit: ModuleType) -> None:
    """`kit`: the running benchmarks/run.py, whose Row, dispose and settle these use."""
    actor = bench.manager
    units = sorted(actor.units_with(Permission.ANALYSE_DEVIATION))
    if not units:
        raise kit.BenchmarkError(f"{actor.username} handles no deviations")
    unit_names, params = kit._in_list("unit", units)
    states = {f"state{i}": state.value for i, state in enumerate(OPEN_STATES)}
    sql = OPEN_DEVIATIONS_SQL.format(
        units=unit_names, states=", ".join(f":{key}" for key in states)
    )
    samples, raw = [], []
    shown = count = 0
    for _ in range(bench.repeat):
        window = bench.open_window(actor)
        folder = window.model.folder_node(Folder.DEVIATIONS)
        count = folder.count or 0
        samples.append(bench.measure_expand(window, folder))
        shown = sum(1 for child in folder.children if child.kind is NodeKind.DEVIATION)
        kit.dispose(window)
        kit.settle()
        elapsed, _found = bench.raw.timed(sql, limit=FOLDER_LIMIT, **params, **states)
        raw.append(elapsed)
    bench.guard.check("Avvikelser")
    if not shown:
        raise kit.BenchmarkError("Mitt skrivbord › Avvikelser showed no deviations")
    bench.rows.append(
        kit.Row(
            "expand_deviations",
            "Expand Mitt skrivbord › Avvikelser",
            samples,
            baseline_label="raw SQL, same rows",
            baseline=raw,
            max_value=100,
            note=f"{shown} shown, {count:,} open",
        )
    )
