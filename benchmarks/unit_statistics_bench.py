"""Uppföljning › Statistik (issue 14) timed on a demo database: the verksamhetschef's Visa on
their own unit with every sub-unit, every Verksamhet, for the previous month and for the twelve
months up to it, as the window runs it in the background. Read only.

    python benchmarks/unit_statistics_bench.py --database-url URL [--user verksamhetschef]
                                               [--months 12] [--repeat 3]

`measure(database, actor, months, repeat)` is what benchmarks/run.py calls (targets: ≤ 2 s
for one municipal month, ≤ 10 s for twelve)."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.services import auth
from treserva_desktop.services.unit_statistics import unit_statistics


@dataclass(frozen=True, slots=True)
class StatisticsTiming:
    units: int
    rows: int
    total_ms: float


def command_for(database: Database, actor: Actor, months: int) -> ShowUnitStatistics:
    """All the actor's units (their granted unit and below), the `months` up to the previous."""
    unit = actor.granted_unit(Permission.VIEW_STATISTICS)
    if unit is None:
        raise SystemExit("the user has no statistics")
    last = Month.of(database.clock.today()).previous
    first = last
    for _ in range(months - 1):
        first = first.previous
    return ShowUnitStatistics(unit_id=unit, first_month=first.first, last_month=last.first)


def measure(
    database: Database, actor: Actor, months: int, repeat: int = 3
) -> list[StatisticsTiming]:
    command = command_for(database, actor, months)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        with database.read() as session:
            result = unit_statistics(session, actor, command)
        timings.append(
            StatisticsTiming(
                units=result.unit_count,
                rows=sum(len(section.rows) for section in result.sections),
                total_ms=(time.perf_counter() - start) * 1000,
            )
        )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--user", default="verksamhetschef")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = Database(args.database_url)
    with database.read() as session:
        user_id = user_id_for_username(session, args.user)
        if user_id is None:
            raise SystemExit(f"no user {args.user}")
        actor = auth.load_actor(session, user_id)
    for timing in measure(database, actor, args.months, args.repeat):
        print(
            f"{args.months} månader, {args.user}: {timing.units} enheter, {timing.rows} rader; "
            f"{timing.total_ms:.0f} ms"
        )
    database.dispose()


if __name__ == "__main__":
    main()
