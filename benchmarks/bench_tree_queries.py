"""Times the tree's read-side queries on a demo municipality of a given size; prints figures.

Usage: python benchmarks/bench_tree_queries.py [--persons 5000] [--database-url URL]
Without --database-url a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import User
from treserva_desktop.db.queries import persons, tree
from treserva_desktop.demo import generate_demo
from treserva_desktop.services.auth import load_actor


def _time(label: str, fn: Callable[[], object], repeat: int = 5) -> None:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"  {label:<42} median {statistics.median(samples):8.1f} ms  max {max(samples):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        database = Database(url)
        migrate.upgrade(database)
        start = time.perf_counter()
        with database.transaction() as session:
            generate_demo(session, persons=args.persons, seed=1)
        print(f"demo with {args.persons} persons: {time.perf_counter() - start:.1f} s ({url})")
        for username in ("verksamhetschef", "samordnare", "personal"):
            with database.read() as session:
                user_id = session.scalars(select(User.id).where(User.username == username)).one()
                actor = load_actor(session, user_id)
            print(f"{username}:")
            with database.read() as session:
                _time("Nya uppdrag", lambda s=session, a=actor: tree.new_assignments(s, a))
                _time("Inkorg", lambda s=session, a=actor: tree.inbox(s, a))
                _time(
                    "Ej aktuella – att avsluta",
                    lambda s=session, a=actor: tree.not_current_persons(s, a),
                )
                roots = tree.root_units(session, actor)
                units = [u for r in roots for u in tree.child_units(session, actor, r.id)] or roots
                biggest = max(units, key=lambda u: len(tree.unit_persons(session, actor, u.id)))
                people = tree.unit_persons(session, actor, biggest.id)
                _time(
                    f"persons of one unit ({len(people)})",
                    lambda s=session, a=actor, u=biggest.id: tree.unit_persons(s, a, u),
                )
                if people:
                    pid = people[0].id
                    _time(
                        "person overview",
                        lambda s=session, a=actor, p=pid: persons.person_overview(s, a, p),
                    )
                    _time(
                        "Insats GF",
                        lambda s=session, a=actor, p=pid: tree.person_interventions(s, a, p),
                    )
        database.dispose()


if __name__ == "__main__":
    main()
