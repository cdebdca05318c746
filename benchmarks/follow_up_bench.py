"""Mitt skrivbord's counts and Sammanställning – Genomförandeplan (W17) timed on a demo
database, as benchmarks/run.py calls them:

- every dashboard tile the verksamhetschef sees, counted as the dashboard counts them (one
  read session through the runner; target ≤ 100 ms in total);
- the compilation for the largest unit (the persons of the month so far with their plans,
  each audited as read), in a transaction rolled back afterwards.

    python benchmarks/follow_up_bench.py --database-url URL [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.plan_compilation import plan_compilation
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import auth
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.panes.dashboard import Dashboard


@dataclass(frozen=True, slots=True)
class DashboardTiming:
    tiles: int
    total_ms: float
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class CompilationTiming:
    persons: int
    total_ms: float


class _RollBack(Exception):
    """Leaves the benchmark's transaction without committing its audit events."""


def measure_dashboard(ctx: AppContext, repeat: int) -> list[DashboardTiming]:
    """The Dashboard widget's own refresh with every tile stale, `repeat` times: its counts
    run side by side in worker threads, so this waits in the event loop for the last."""
    dashboard = Dashboard(ctx)
    timings = []
    try:
        for _ in range(repeat):
            # From the start of the counts to the last tile shown, the deliveries to the GUI
            # thread included.
            loop = QEventLoop()
            dashboard.counted.connect(loop.quit)
            dashboard.recount_all()
            if dashboard.counting:
                loop.exec()
            dashboard.counted.disconnect(loop.quit)
            if dashboard.last_ms is None or dashboard.stale:
                raise RuntimeError("the dashboard counts failed")
            counts = {key: tile.tally.total for key, tile in dashboard.tiles.items() if tile.tally}
            timings.append(DashboardTiming(len(dashboard.tiles), dashboard.last_ms, counts))
    finally:
        dashboard.deleteLater()
    return timings


def measure_compilation(
    database: Database, actor: Actor, unit_id: int, repeat: int
) -> list[CompilationTiming]:
    today = database.clock.today()
    command = CompilePlans(unit_id=unit_id, period_start=today.replace(day=1), period_end=today)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            with database.transaction() as session:
                result = plan_compilation(session, actor, command)
                done = time.perf_counter()
                raise _RollBack
        except _RollBack:
            pass
        timings.append(CompilationTiming(len(result.rows), (done - start) * 1000))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--user", default="verksamhetschef")
    parser.add_argument("--unit-id", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = Database(args.database_url)
    with database.read() as session:
        user_id = user_id_for_username(session, args.user)
        if user_id is None:
            raise SystemExit(f"no user {args.user}")
        actor = auth.load_actor(session, user_id)
    for timing in measure_compilation(database, actor, args.unit_id, args.repeat):
        print(f"compilation: {timing.persons} persons in {timing.total_ms:.0f} ms")
    database.dispose()


if __name__ == "__main__":
    main()
