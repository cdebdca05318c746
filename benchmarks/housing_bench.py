"""Kontraktslista in the benchmark (issue 13), measured by benchmarks/run.py's `Bench`: a search
by personnummer and a search of the largest housing unit, each from the click on Sök to the
painted list, as the verksamhetschef (every unit); against the raw SQL of the same rows."""

from __future__ import annotations

import time
from types import ModuleType
from typing import TYPE_CHECKING

from treserva_desktop.db.queries import housing as housing_queries
from treserva_desktop.ui import runner
from treserva_desktop.ui.dialogs.contract_list_dialog import ContractListDialog

if TYPE_CHECKING:
    from run import Bench

# The housing unit with the most contracts, and a person with the most contracts there.
LARGEST_UNIT_SQL = """
SELECT o.unit_id, COUNT(*) AS contracts FROM housing_contracts c
JOIN housing_objects o ON o.id = c.object_id
GROUP BY o.unit_id ORDER BY contracts DESC, o.unit_id LIMIT 1
"""
BUSIEST_PERSON_SQL = """
SELECT p.identity_number, COUNT(*) AS contracts FROM housing_contracts c
JOIN persons p ON p.id = c.person_id
GROUP BY p.identity_number ORDER BY contracts DESC, p.identity_number LIMIT 1
"""
UNIT_ROWS_SQL = """
SELECT c.id, c.start_date, c.move_out_on, o.label, p.first_name, p.last_name
FROM housing_contracts c JOIN housing_objects o ON o.id = c.object_id
JOIN persons p ON p.id = c.person_id
WHERE o.unit_id = :unit ORDER BY p.last_name, c.start_date DESC, c.id DESC LIMIT 201
"""
PERSON_ROWS_SQL = """
SELECT c.id, c.start_date, c.move_out_on, o.label
FROM housing_contracts c JOIN housing_objects o ON o.id = c.object_id
JOIN persons p ON p.id = c.person_id
WHERE p.identity_number = :number ORDER BY c.start_date DESC
"""


def measure(bench: Bench, kit: ModuleType) -> None:
    """`kit`: the running benchmarks/run.py, whose Row, PaintWatch and helpers these use."""
    error, dispose, ms_since, settle = kit.BenchmarkError, kit.dispose, kit.ms_since, kit.settle
    unit = bench.raw.rows(LARGEST_UNIT_SQL)
    person = bench.raw.rows(BUSIEST_PERSON_SQL)
    if not unit or not person:
        raise error("the demo has no housing contracts")
    unit_id, unit_contracts = int(unit[0][0]), int(unit[0][1])
    number = str(person[0][0])
    window = bench.open_window(bench.actor("verksamhetschef"))
    ctx = window.ctx
    units = [
        (u.id, u.name) for u in runner.fetch(ctx, housing_queries.housing_unit_tree).value or []
    ]
    dialog = ContractListDialog(
        window,
        units=units,
        search=lambda command, offset: runner.fetch(
            ctx, housing_queries.contract_list, command, offset=offset
        ),
        end=lambda _parent, _contract: False,
    )
    dialog.show()
    settle()
    for key, label, choose, raw_sql, params in (
        (
            "contract_list_person",
            "Kontraktslista, sök på personnummer",
            lambda: (dialog.identity.setText(number), dialog.unit.setCurrentIndex(0)),
            PERSON_ROWS_SQL,
            {"number": number},
        ),
        (
            "contract_list_unit",
            f"Kontraktslista, största boendet (första sidan av {unit_contracts:,} kontrakt)",
            lambda: (
                dialog.identity.clear(),
                dialog.unit.setCurrentIndex(dialog.unit.findData(unit_id)),
            ),
            UNIT_ROWS_SQL,
            {"unit": unit_id},
        ),
    ):
        choose()
        samples, raw = [], []
        for _ in range(bench.repeat):
            dialog.model.set_rows([])
            settle()
            watch = kit.PaintWatch(dialog.table.viewport())
            start = time.perf_counter()
            dialog.search_button.click()
            watch.wait(label)
            samples.append(ms_since(start))
            if not dialog.model.rows:
                raise error(f"{label}: nothing was listed ({dialog.status.text()})")
            elapsed, _count = bench.raw.timed(raw_sql, **params)
            raw.append(elapsed)
        bench.guard.check(label)
        bench.rows.append(
            kit.Row(
                key,
                f"{label} → listan målad",
                samples,
                baseline_label="raw SQL, same rows",
                baseline=raw,
                max_value=100,
            )
        )
    dispose(dialog)
    dispose(window)
