"""Journal operations of the benchmark (issue 11), measured by benchmarks/run.py's `Bench`:
opening the longest journal at the manager's units to its first painted page, against the raw
SQL of that page; Spara of a new note with the journal window open (its list reloads and
repaints), against the service call alone; and the whole journal as PDF (what Skriv ut and
Avsluta journal render in the background), the read and the rendering."""

from __future__ import annotations

import time
from types import ModuleType
from typing import TYPE_CHECKING

from treserva_desktop.db.queries.journals import PAGE_SIZE
from treserva_desktop.documents.journal_document import render_journal
from treserva_desktop.domain.commands.journal_closing import PrintJournal
from treserva_desktop.domain.commands.journals import SaveNote
from treserva_desktop.domain.enums import Permission
from treserva_desktop.services.journal_closing import open_journal_document
from treserva_desktop.services.journals import save_note
from treserva_desktop.ui import runner
from treserva_desktop.ui.handlers.journals import open_journal_window

if TYPE_CHECKING:
    from run import Bench, MainWindow

# The journal with the most notes at the given units (the demo's long journal).
LONGEST_JOURNAL_SQL = """
SELECT j.id, j.unit_id, COUNT(*) AS notes
FROM journals j JOIN journal_entries e ON e.journal_id = j.id
WHERE j.kind = 'social' AND j.closed_at IS NULL AND j.unit_id IN ({units})
GROUP BY j.id, j.unit_id ORDER BY notes DESC, j.id LIMIT 1
"""
FIRST_PAGE_SQL = """
SELECT e.id, e.event_at, e.heading, e.author_id, e.unit_id, e.locked_at
FROM journal_entries e WHERE e.journal_id = :journal
ORDER BY e.event_at DESC, e.id DESC LIMIT :limit
"""


def measure(bench: Bench, window: MainWindow, kit: ModuleType) -> None:
    """`kit`: the running benchmarks/run.py, whose Row, PaintWatch and helpers these use."""
    error, dispose, ms_since, settle = kit.BenchmarkError, kit.dispose, kit.ms_since, kit.settle
    ctx = window.ctx
    units = sorted(ctx.actor.units_with(Permission.WRITE_JOURNAL))
    names, params = kit._in_list("unit", units)
    found = bench.raw.rows(LONGEST_JOURNAL_SQL.format(units=names), **params)
    if not found:
        raise error(f"{ctx.actor.username} has no journal at their units")
    journal_id, unit_id, notes = (int(value) for value in found[0])

    opened, raw = [], []
    for _ in range(bench.repeat):
        settle()
        start = time.perf_counter()
        journal = open_journal_window(ctx, window, journal_id)
        if journal is None:
            raise error("the journal window did not open")
        kit.PaintWatch(journal.table.viewport()).wait("the journal's first page")
        opened.append(ms_since(start))
        dispose(journal)
        settle()
        elapsed, _count = bench.raw.timed(FIRST_PAGE_SQL, journal=journal_id, limit=PAGE_SIZE)
        raw.append(elapsed)
    bench.guard.check("Öppna journal")
    bench.rows.append(
        kit.Row(
            "open_journal",
            f"Öppna journal ({notes:,} anteckningar) → första sidan målad",
            opened,
            baseline_label="raw SQL, same page",
            baseline=raw,
            max_value=200,
        )
    )

    journal = open_journal_window(ctx, window, journal_id)
    if journal is None:
        raise error("the journal window did not open")
    settle()
    saved, service = [], []
    for n in range(bench.repeat):
        commands = [
            SaveNote(
                journal_id=journal_id,
                heading="Dagsanteckning",
                unit_id=unit_id,
                event_at=bench.database.clock.now(),
                body=f"Benchmark: besöket genomfördes enligt planen ({n}, {which}).",
                keywords=("Måltider", "Personlig vård"),
            )
            for which in ("ui", "alone")
        ]
        watch = kit.PaintWatch(journal.table.viewport())
        start = time.perf_counter()
        done = runner.attempt(ctx, journal, save_note, commands[0])
        watch.wait("the journal after Spara")
        saved.append(ms_since(start))
        if not done.ok:
            raise error(f"Spara was refused: {done.refused}")
        start = time.perf_counter()
        alone = runner.call(bench.database, ctx.actor, save_note, commands[1])
        service.append(ms_since(start))
        if not alone.ok:
            raise error(f"save_note was refused: {alone.refused}")
        settle()
    dispose(journal)
    bench.guard.check("Spara anteckning")
    bench.rows.append(
        kit.Row(
            "save_note",
            "Spara anteckning genom gränssnittet incl. listan",
            saved,
            baseline_label="service call alone",
            baseline=service,
            max_value=50,
        )
    )

    rendered, read = [], []
    size = 0
    for _ in range(max(1, bench.repeat // 2)):
        start = time.perf_counter()
        document = runner.call(
            bench.database, ctx.actor, open_journal_document, PrintJournal(journal_id=journal_id)
        )
        read.append(ms_since(start))
        if document.value is None:
            raise error(f"the journal document was refused: {document.refused}")
        size = len(render_journal(document.value, printed_at=bench.database.clock.now()))
        rendered.append(ms_since(start))
    bench.rows.append(
        kit.Row(
            "journal_pdf",
            f"Journalens PDF ({notes:,} anteckningar, i bakgrunden)",
            rendered,
            baseline_label="reading the notes alone",
            baseline=read,
            note=f"{size // 1024} kB",
        )
    )
