"""Crash safety (issue 9): a process writing through the services is killed with SIGKILL at
random moments, again and again, on one SQLite file. After every kill the file passes
PRAGMA integrity_check and foreign_key_check, the domain invariants hold (no row without its
assignment, no half-written distribution, message or person edit, counts that agree) and every
commit the writer reported on stdout – after its commit returned – is there."""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from tests.helpers.assignment_world import build_world

from treserva_desktop.db.database import Database

ROOT = Path(__file__).resolve().parents[2]
# At least 50 kills in CI; TRESERVA_CRASH_KILLS raises it for a longer local run.
KILLS = max(50, int(os.environ.get("TRESERVA_CRASH_KILLS", "50")))
# The longest a writer lives before it is killed: long enough for a few commits, short
# enough that the kill lands anywhere – inside a flush, a commit, between two.
MAX_LIFE_S = 0.35
LINE_TIMEOUT_S = 30.0


class Server:
    """tests/helpers/crash_writer.py as a fork server: one import, a fork per writer."""

    def __init__(self, database_path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.crash_writer", str(database_path)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=False,
        )
        assert self.process.stdout is not None
        os.set_blocking(self.process.stdout.fileno(), False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.process.stdout, selectors.EVENT_READ)
        self._buffer = b""
        assert self.line() == "serving"

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def line(self, timeout: float = LINE_TIMEOUT_S) -> str | None:
        """The next whole line, or None when none came within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                if time.monotonic() >= deadline:
                    return None
                continue
            assert self.process.stdout is not None
            chunk = self.process.stdout.read()
            if not chunk:
                raise AssertionError("the crash writer's server ended")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def close(self) -> None:
        try:
            self.send("quit")
            self.process.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def check_database(path: Path, reported: dict[str, dict[int, int]]) -> Counter[str]:
    """Everything the test promises after a kill, read with a plain sqlite3 connection (which
    also recovers the WAL the killed writer left). Returns the row counts."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []

        def rows(sql: str) -> list[tuple[object, ...]]:
            return connection.execute(sql).fetchall()

        def count(sql: str) -> int:
            value = connection.execute(sql).fetchone()[0]
            return int(value)

        # No execution without its assignment, and always of the assignment's person.
        assert (
            rows(
                "SELECT e.id FROM executions e LEFT JOIN assignments a ON a.id = e.assignment_id "
                "WHERE a.id IS NULL OR a.person_id != e.person_id"
            )
            == []
        )
        # A distribution is whole: the row, its audit event and the accepted assignment.
        assert count("SELECT count(*) FROM executions") == count(
            "SELECT count(*) FROM audit_events "
            "WHERE entity_type = 'execution' AND action = 'create'"
        )
        assert (
            rows(
                "SELECT a.id FROM assignments a WHERE a.status = 'received' "
                "AND EXISTS (SELECT 1 FROM executions e WHERE e.assignment_id = a.id)"
            )
            == []
        )
        assert (
            rows(
                "SELECT a.id FROM assignments a WHERE a.status = 'accepted' "
                "AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.assignment_id = a.id)"
            )
            == []
        )
        # Nya uppdrag's stored flag agrees with the rows: received, or accepted with an
        # intervention still without a row.
        assert (
            rows(
                "SELECT a.id FROM assignments a WHERE a.awaiting_distribution != ("
                " a.status = 'received' OR (a.status = 'accepted' AND EXISTS ("
                "  SELECT 1 FROM assignment_items i WHERE i.assignment_id = a.id AND NOT EXISTS ("
                "   SELECT 1 FROM executions e WHERE e.assignment_id = a.id"
                "   AND e.intervention_id = i.intervention_id))))"
            )
            == []
        )
        # A sent assignment is whole: its decision, interventions and items.
        assert (
            rows(
                "SELECT a.id FROM assignments a WHERE NOT EXISTS "
                "(SELECT 1 FROM assignment_items i WHERE i.assignment_id = a.id)"
            )
            == []
        )
        # A message reaches its recipients.
        assert (
            rows(
                "SELECT m.id FROM messages m WHERE NOT EXISTS "
                "(SELECT 1 FROM message_recipients r WHERE r.message_id = m.id)"
            )
            == []
        )
        # A person edit is whole: every change row is named by an audit event, and the person
        # holds the last phone number recorded.
        audited: set[int] = set()
        for (details,) in rows(
            "SELECT details FROM audit_events WHERE entity_type = 'person' AND action = 'update'"
        ):
            audited.update(json.loads(str(details)).get("person_changes", []))
        changes = {int(row[0]) for row in rows("SELECT id FROM person_changes")}
        assert changes == audited
        for person_id, phone in rows("SELECT id, phone FROM persons"):
            last = connection.execute(
                "SELECT new_value FROM person_changes WHERE person_id = ? AND field = 'phone' "
                "ORDER BY id DESC LIMIT 1",
                (person_id,),
            ).fetchone()
            if last is not None:
                assert last[0] == phone
        # Every commit the writers reported is there.
        tables = {"assignment": "assignments", "execution": "executions", "message": "messages"}
        for kind, table in tables.items():
            present = {int(row[0]) for row in rows(f"SELECT id FROM {table}")}
            missing = set(reported[kind]) - present
            assert not missing, f"reported {kind} commits lost: {sorted(missing)}"
        versions = dict(rows("SELECT id, version FROM persons"))
        for person_id, version in reported["person"].items():
            assert int(str(versions[person_id])) >= version, f"person {person_id} edit lost"
        return Counter(
            {
                table: count(f"SELECT count(*) FROM {table}")
                for table in ("assignments", "executions", "messages", "person_changes")
            }
        )
    finally:
        connection.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer's server forks (POSIX only)")
def test_sigkill_at_random_moments_loses_no_reported_commit(
    sqlite_db: Database, record_property: pytest.RecordProperty
) -> None:
    build_world(sqlite_db)
    sqlite_db.dispose()
    path = Path(str(sqlite_db.url.database))
    rng = random.Random(9)
    reported: dict[str, dict[int, int]] = {
        "assignment": {},
        "execution": {},
        "message": {},
        "person": {},
    }
    kills = 0
    # Kills that landed while an action was under way (after "start", before its end).
    in_flight = 0
    last: list[str] = []
    started = time.monotonic()
    server = Server(path)
    try:
        while kills < KILLS:
            server.send(f"go {rng.randrange(1 << 30)}")
            pid_line = server.line()
            assert pid_line is not None
            assert pid_line.startswith("pid ")
            pid = int(pid_line.split()[1])
            assert server.line() == "ready"
            life = rng.uniform(0.0, MAX_LIFE_S)
            deadline = time.monotonic() + life
            while (left := deadline - time.monotonic()) > 0:
                line = server.line(timeout=left)
                if line is None:
                    break
                record(line, reported, last)
            os.kill(pid, signal.SIGKILL)
            kills += 1
            server.send(f"reap {pid}")
            # Lines the writer wrote before it died come first, then "reaped".
            while (line := server.line()) != f"reaped {pid}":
                assert line is not None
                record(line, reported, last)
            if last == ["start"]:
                in_flight += 1
            last.clear()
            totals = check_database(path, reported)
    finally:
        server.close()
    elapsed = time.monotonic() - started
    commits = {kind: len(ids) for kind, ids in reported.items()}
    summary = (
        f"crash safety: {kills} SIGKILLs survived in {elapsed:.1f} s, {in_flight} of them "
        "inside an action; "
        f"reported commits all present: {commits}; rows now: {dict(totals)}"
    )
    print(summary)
    record_property("sigkills", kills)
    record_property("sigkills_inside_an_action", in_flight)
    record_property("reported_commits", commits)
    assert kills >= 50
    # The writers did real work of every kind, or the test proves nothing.
    assert all(count > 0 for count in commits.values()), commits
    assert totals["person_changes"] > 0
    assert in_flight > kills // 2  # most kills interrupt a transaction, not an idle writer


def record(line: str, reported: dict[str, dict[int, int]], last: list[str]) -> None:
    """Note a writer's line; `last` keeps how its latest action ended ("start" while one is
    under way)."""
    kind, _, rest = line.partition(" ")
    if kind in ("start", "refused", "idle"):
        last[:] = [kind]
        return
    if kind == "commit":
        last[:] = [kind]
        parts = rest.split()
        what, ident = parts[0], int(parts[1])
        value = int(parts[2]) if len(parts) > 2 else 0
        reported[what][ident] = max(reported[what].get(ident, 0), value)
        return
    raise AssertionError(f"the crash writer said {line!r}")
