"""What auditing each person a search shows costs (issue 9): the same searches with
audit.record_reads active and with it replaced by a no-op (the search as it was before).

    python benchmarks/search_audit.py URL [--user samordnare] [--rounds 40]

URL is a demo database (`treserva-desktop --database-url URL demo --scale small`); the
searches write audit events into it. Prints the median per query, before and after.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from treserva_desktop.db import audit
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries import person_search
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.services.auth import load_actor

QUERIES = ("a", "an", "Anders", "Jo", "e")


def _timings(database: Database, username: str, rounds: int) -> dict[str, tuple[float, int]]:
    with database.read() as session:
        user_id = user_id_for_username(session, username)
        assert user_id is not None, username
        actor = load_actor(session, user_id)
    found: dict[str, tuple[float, int]] = {}
    for query in QUERIES:
        times: list[float] = []
        shown = 0
        for _ in range(rounds):
            with database.transaction() as session:
                started = time.perf_counter()
                page = person_search.search_persons_page(session, actor, query)
                session.flush()
                times.append((time.perf_counter() - started) * 1000)
                shown = len(page.results)
        found[query] = (statistics.median(times), shown)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--user", default="samordnare")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    database = Database(args.url)
    real = audit.record_reads

    def skip(*_args: Any, **_kwargs: Any) -> int:
        return 0

    audit.record_reads = skip  # type: ignore[assignment]
    before = _timings(database, args.user, args.rounds)
    audit.record_reads = real  # type: ignore[assignment]
    after = _timings(database, args.user, args.rounds)
    for query in QUERIES:
        (was, shown), (now, _) = before[query], after[query]
        print(
            f"{query!r:10} {shown:4} shown   without audit {was:6.2f} ms   "
            f"with audit {now:6.2f} ms   (+{now - was:.2f} ms)"
        )
    database.dispose()


if __name__ == "__main__":
    main()
