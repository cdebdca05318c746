"""The monthly individual statistics export (issue 13) timed on a demo database: the month
read, one EXPORT audit event per person and the CSV written, as Exportera… runs it in the
background. The transaction is rolled back, so the database is left as it was.

    python benchmarks/statistics_bench.py --database-url URL [--user verksamhetschef]
                                          [--month 2026-11] [--repeat 3]

`measure(database, actor, month, repeat)` is what benchmarks/run.py can call (target ≤ 5 s for
one municipal month)."""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.documents.statistics_csv import write_statistics_csv
from treserva_desktop.domain.commands.statistics import ExportMonthlyStatistics
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.services import auth
from treserva_desktop.services.statistics import export_monthly_statistics


@dataclass(frozen=True, slots=True)
class ExportTiming:
    lines: int
    persons: int
    read_and_audit_ms: float
    total_ms: float


class _RollBack(Exception):
    """Leaves the benchmark's transaction without committing its audit events."""


def measure(database: Database, actor: Actor, month: Month, repeat: int = 3) -> list[ExportTiming]:
    timings = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "individstatistik.csv"
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                with database.transaction() as session:
                    result = export_monthly_statistics(
                        session, actor, ExportMonthlyStatistics(month=month.first)
                    )
                    read = time.perf_counter()
                    write_statistics_csv(target, result)
                    written = time.perf_counter()
                    raise _RollBack
            except _RollBack:
                pass
            timings.append(
                ExportTiming(
                    lines=len(result.rows),
                    persons=result.person_count,
                    read_and_audit_ms=(read - start) * 1000,
                    total_ms=(written - start) * 1000,
                )
            )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--user", default="verksamhetschef")
    parser.add_argument("--month", default=None, help="YYYY-MM (default: the previous month)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = Database(args.database_url)
    with database.read() as session:
        user_id = user_id_for_username(session, args.user)
        if user_id is None:
            raise SystemExit(f"no user {args.user}")
        actor = auth.load_actor(session, user_id)
    if args.month:
        year, number = (int(part) for part in args.month.split("-"))
        month = Month(date(year, number, 1))
    else:
        month = Month.of(database.clock.today()).previous
    for timing in measure(database, actor, month, args.repeat):
        print(
            f"{month.label} {args.user}: {timing.lines} lines, {timing.persons} persons; "
            f"read+audit {timing.read_and_audit_ms:.0f} ms, total {timing.total_ms:.0f} ms"
        )
    database.dispose()


if __name__ == "__main__":
    main()
