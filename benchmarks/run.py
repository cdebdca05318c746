"""Scale benchmark: times what a user waits for, against a baseline measured in the same run.

    python benchmarks/run.py [--database-url URL] [--scale small|municipal] [--repeat N]
                             [--json OUT] [--compare OTHER.json]

Prints one row per operation: the median and max over the repetitions, the baseline (a bare Qt
window, the raw SQL of the same rows, or the service call alone) with the ratio, the target
from issue 8 and pass/fail. Timings are informational: the exit code is 0 whatever the figures,
non-zero only when something fails to run.

Without --database-url a SQLite demo database of the scale is built once with the CLI
(`treserva-desktop demo`), cached, and copied for each run (the run accepts and acknowledges
assignments in it). A --database-url must point to a demo database; it is changed in place.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import deviation_bench
import follow_up_bench
import housing_bench
import journal_bench
import live_bench
import person_bench
import statistics_bench
import unit_statistics_bench
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QMainWindow, QWidget
from sqlalchemy import func, or_, select

import treserva_desktop
from treserva_desktop.app import create_application
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Decision, Execution, Intervention, Person
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.db.queries.distribution import assignment_distribution
from treserva_desktop.db.queries.executions import execution_window
from treserva_desktop.db.queries.genomforande import genomforande_new_assignments
from treserva_desktop.db.queries.new_assignments import NEW_ASSIGNMENTS_PAGE_SIZE
from treserva_desktop.db.queries.not_current import not_current_page
from treserva_desktop.db.queries.provider_change import provider_change_choices
from treserva_desktop.db.queries.tree import INBOX_LIMIT, UNIT_PAGE_SIZE
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.demo import DEMO_PASSWORD, is_demo_database
from treserva_desktop.documents.assignment_document import render_assignment
from treserva_desktop.domain import provider_change_rules
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.commands.executions import EndExecution, RevokeExecution
from treserva_desktop.domain.commands.genomforande import AcknowledgeAssignment
from treserva_desktop.domain.commands.provider_change import ChangeProvider
from treserva_desktop.domain.commands.reading import AssignmentRef
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    ExecutionStatus,
    Folder,
    Permission,
)
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.services import auth
from treserva_desktop.services.distribution import distribute_intervention
from treserva_desktop.services.executions import end_execution, revoke_execution
from treserva_desktop.services.genomforande import acknowledge_assignment
from treserva_desktop.services.provider_change import change_provider
from treserva_desktop.services.reading import record_assignment_read
from treserva_desktop.settings import Settings
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.login_dialog import LoginDialog
from treserva_desktop.ui.dialogs.person_search_dialog import PersonSearchDialog
from treserva_desktop.ui.dialogs.register_execution_form import RegisterInput, build_command
from treserva_desktop.ui.genomforande.genomforande_window import GenomforandeWindow
from treserva_desktop.ui.handlers.persons import person_search
from treserva_desktop.ui.handlers.reading import open_assignment
from treserva_desktop.ui.login import DatabaseLogin
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.module_sources import forget_module_sources
from treserva_desktop.ui.pdf_window import PdfWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind

T = TypeVar("T")

SCALES = ("small", "municipal")
MANAGER = "gruppchef"  # Hemtjänst Norr: Nya uppdrag, Acceptera och fördela, the largest unit
AREA_MANAGER = "verksamhetschef"  # every unit: Ej aktuella's longest folder, the most Nya uppdrag
STAFF = "personal"  # Norr grupp 1: Kvittera in Genomförande
NAME_PREFIX = "Björk"
ONE_LETTER_PREFIX = "B"
WAIT_TIMEOUT_S = 120.0
NOTE_WIDTH = 90
INFORMATIONAL = "Timings are informational: this script fails only when something cannot run."


@dataclass(frozen=True, slots=True)
class RunningRow:
    """An execution row to change: its id and version, the person and the unit."""

    id: int
    version: int
    person_id: int
    unit_id: int


class BenchmarkError(Exception):
    """Something could not be measured (not a slow figure: those only print FAIL)."""


def demo_arguments(scale: str) -> list[str]:
    """The CLI's demo arguments for a scale (small = the generator at 2,000 persons)."""
    return ["--scale", scale]


# -- results ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One operation: its samples, the baseline's samples, and the target from issue 8."""

    key: str
    label: str
    samples: list[float]
    unit: str = "ms"
    baseline_label: str = ""
    baseline: list[float] = field(default_factory=list)
    max_value: float | None = None
    max_ratio: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def maximum(self) -> float:
        return max(self.samples)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_median
        return self.median / base if base else None

    @property
    def target(self) -> str:
        parts = []
        if self.max_value is not None:
            parts.append(f"≤{self.max_value:g} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"≤{self.max_ratio:g}×")
        return " and ".join(parts) or "–"

    @property
    def passed(self) -> bool | None:
        if self.max_value is None and self.max_ratio is None:
            return None
        ok = self.max_value is None or self.median <= self.max_value
        ratio = self.ratio
        if self.max_ratio is not None:
            ok = ok and ratio is not None and ratio <= self.max_ratio
        return ok

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "operation": self.label,
            "unit": self.unit,
            "median": round(self.median, 3),
            "max": round(self.maximum, 3),
            "samples": [round(s, 3) for s in self.samples],
            "baseline": {
                "label": self.baseline_label,
                "median": _rounded(self.baseline_median),
                "samples": [round(s, 3) for s in self.baseline],
            }
            if self.baseline_label
            else None,
            "ratio": _rounded(self.ratio),
            "target": self.target,
            "passed": self.passed,
            "note": self.note,
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def print_table(rows: Sequence[Row]) -> None:
    header = ("Operation", "median", "max", "baseline (median)", "ratio", "target", "result")
    lines = [header]
    # A note too long for the column (the dashboard's tile counts) goes on a line of its own.
    below: dict[int, str] = {}
    for row in rows:
        base = ""
        if row.baseline_label:
            base = f"{row.baseline_label}: {_value(row.baseline_median, row.unit)}"
        ratio = f"{row.ratio:.1f}×" if row.ratio is not None else "–"
        result = {True: "pass", False: "FAIL", None: "–"}[row.passed]
        label = f"{row.label} ({row.note})" if row.note else row.label
        if len(label) > NOTE_WIDTH:
            label = row.label
            below[len(lines)] = f"    ({row.note})"
        lines.append(
            (
                label,
                _value(row.median, row.unit),
                _value(row.maximum, row.unit),
                base,
                ratio,
                row.target,
                result,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {1, 2, 4}
    for number, line in enumerate(lines):
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        print("  ".join(cells).rstrip())
        if number in below:
            print(below[number])
        if number == 0:
            print("  ".join("-" * w for w in widths))


def print_comparison(rows: Sequence[Row], this: str, other_path: Path) -> None:
    """This run's medians against another run's (e.g. PostgreSQL against SQLite): ≤2×."""
    other = json.loads(other_path.read_text(encoding="utf-8"))
    theirs = {r["key"]: r for r in other["rows"]}
    name = f"{other.get('dialect', '?')} ({other_path.name})"
    print(f"\n{this} against {name}: target ≤2× for every operation")
    lines = [("Operation", this, name, "ratio", "result")]
    for row in rows:
        match = theirs.get(row.key)
        if row.unit != "ms" or match is None or not match["median"]:
            continue
        ratio = row.median / match["median"]
        lines.append(
            (
                row.label,
                _value(row.median, "ms"),
                _value(match["median"], "ms"),
                f"{ratio:.1f}×",
                "pass" if ratio <= 2 else "FAIL",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    for line in lines:
        print(
            "  ".join(c.rjust(widths[i]) if i else c.ljust(widths[i]) for i, c in enumerate(line))
        )


# -- the database -------------------------------------------------------------------------------


def _cache_key(scale: str) -> str:
    """Changes when the generator or the scale's arguments change. A new migration does not
    rebuild the database (the municipal one takes a quarter of an hour): `cached_demo`
    upgrades the cached copy instead, as `db upgrade` would a real one."""
    package = Path(treserva_desktop.__file__).parent
    digest = hashlib.sha256(" ".join(demo_arguments(scale)).encode())
    for folder in (package / "demo",):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "treserva-desktop" / "benchmarks"


def cached_demo(scale: str, cache_dir: Path) -> Path:
    """The SQLite demo database of this scale, built with the CLI the first time."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"demo-{scale}-{_cache_key(scale)}.sqlite3"
    if path.exists():
        _upgrade(path)
        return path
    for stale in cache_dir.glob(f"demo-{scale}-*.sqlite3*"):
        stale.unlink()
    building = path.with_suffix(".building")
    for leftover in cache_dir.glob(f"{building.name}*"):
        leftover.unlink()
    command = [
        sys.executable,
        "-m",
        "treserva_desktop",
        "--database-url",
        f"sqlite:///{building}",
        "demo",
        *demo_arguments(scale),
    ]
    print(f"Building the {scale} demo database (cached in {cache_dir}) …", flush=True)
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchmarkError(f"treserva-desktop demo failed:\n{done.stdout}{done.stderr}")
    print(f"  {done.stdout.strip().splitlines()[-1]} ({time.perf_counter() - start:.0f} s)")
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    building.rename(path)
    return path


def _upgrade(path: Path) -> None:
    """Bring a cached demo database to the schema of this checkout (no-op when it is)."""
    command = [
        sys.executable,
        "-m",
        "treserva_desktop",
        "--database-url",
        f"sqlite:///{path}",
        "db",
        "upgrade",
    ]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchmarkError(f"treserva-desktop db upgrade failed:\n{done.stdout}{done.stderr}")


def copy_database(source: Path, folder: Path) -> Path:
    target = folder / "bench.sqlite3"
    shutil.copyfile(source, target)
    return target


def require_demo(database: Database) -> None:
    """Mutating operations run only on a demo database, never on real records."""
    with database.read() as session:
        if not is_demo_database(session):
            raise BenchmarkError(
                "The database is not a demo database: the benchmark accepts and acknowledges "
                "assignments and never runs against real records."
            )


class RawSql:
    """The database's own driver (sqlite3 or psycopg), without SQLAlchemy: the floor."""

    def __init__(self, database: Database) -> None:
        self.connection = database.engine.raw_connection()
        self.sqlite = database.is_sqlite
        self.path = database.url.database

    def rows(self, sql: str, **params: Any) -> list[Any]:
        """The rows of a lookup the benchmark makes for itself (the largest unit, the longest
        journal), never timed. On SQLite through a connection of its own with SQLite's
        default cache, closed afterwards: the lookups read whole tables, and in the timed
        connection's 32 MB cache they counted in the application's peak memory."""
        if not self.sqlite or not self.path:
            return self.timed_rows(sql, **params)[1]
        values = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        connection = sqlite3.connect(self.path)
        try:
            return list(connection.execute(sql, values).fetchall())
        finally:
            connection.close()

    def timed(self, sql: str, **params: Any) -> tuple[float, int]:
        elapsed, found = self.timed_rows(sql, **params)
        return elapsed, len(found)

    def timed_rows(self, sql: str, **params: Any) -> tuple[float, list[Any]]:
        """Milliseconds to execute and fetch everything, and the rows."""
        if self.sqlite:
            params = {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
        else:
            sql = re.sub(r":(\w+)", r"%(\1)s", sql)
        cursor = self.connection.cursor()
        try:
            start = time.perf_counter()
            cursor.execute(sql, params)
            found = list(cursor.fetchall())
            elapsed = ms_since(start)
        finally:
            cursor.close()
            # No transaction left open between measurements (psycopg opens one per query).
            self.connection.rollback()
        return elapsed, found

    def close(self) -> None:
        self.connection.rollback()
        self.connection.close()


def _in_list(name: str, values: Sequence[int]) -> tuple[str, dict[str, int]]:
    """`:name0, :name1, …` and the parameters for an IN list."""
    names = {f"{name}{i}": value for i, value in enumerate(values)}
    return ", ".join(f":{key}" for key in names), names


# Nya uppdrag shows its persons a page at a time (db/queries/new_assignments.py
# NEW_ASSIGNMENTS_PAGE_SIZE): the raw baseline reads the same first page of persons in the same
# name order and their waiting assignments with the intervention names.
WAITING_PERSONS_SQL = """
SELECT DISTINCT person_id FROM assignments
WHERE receiver_unit_id IN ({units}) AND awaiting_distribution
"""
NEW_ASSIGNMENTS_PAGE_SQL = """
SELECT a.id, a.person_id, a.status, a.sent_at, a.first_read_at, p.first_name, p.last_name,
       p.identity_number, p.identity_kind, p.protected_identity, t.name
FROM assignments a
JOIN persons p ON p.id = a.person_id
JOIN assignment_items ai ON ai.assignment_id = a.id
JOIN interventions i ON i.id = ai.intervention_id
JOIN intervention_types t ON t.code = i.type_code
WHERE a.receiver_unit_id IN ({units}) AND a.awaiting_distribution
  AND a.person_id IN (
    SELECT w.id FROM persons w
    WHERE w.id IN (SELECT person_id FROM assignments
                   WHERE receiver_unit_id IN ({units}) AND awaiting_distribution)
    ORDER BY w.last_name_key, w.first_name_key, w.id LIMIT :limit)
ORDER BY p.last_name_key, p.first_name_key, p.id, a.sent_at, a.id
"""

UNIT_PERSONS_SQL = """
SELECT p.id, p.first_name, p.last_name, p.identity_number, p.identity_kind, p.protected_identity
FROM persons p
WHERE p.id IN (SELECT e.person_id FROM executions e
               WHERE e.unit_id = :unit AND e.status <> :revoked
                 AND (e.end_date IS NULL OR e.end_date >= :today))
"""

# The tree shows a big unit a page at a time (db/queries/tree.py UNIT_PAGE_SIZE): the raw
# baseline reads the same first page in the same name order.
# The user with the most messages in Inkorg, and the newest of them (as Inkorg lists them).
BUSIEST_INBOX_SQL = """
SELECT u.username, u.id, COUNT(*) FROM message_recipients r JOIN users u ON u.id = r.user_id
WHERE u.active GROUP BY u.username, u.id ORDER BY COUNT(*) DESC, u.id LIMIT 1
"""
INBOX_NEWEST_SQL = """
SELECT m.id, m.subject, r.sent_at, r.read_at, m.person_id FROM message_recipients r
JOIN messages m ON m.id = r.message_id
WHERE r.user_id = :user ORDER BY r.sent_at DESC, r.message_id DESC LIMIT :limit
"""
UNIT_FIRST_PAGE_SQL = UNIT_PERSONS_SQL + (
    "ORDER BY p.last_name_key, p.first_name_key, p.id LIMIT :limit"
)

PERSON_COUNT_BY_UNIT_SQL = """
SELECT e.unit_id, COUNT(DISTINCT e.person_id)
FROM executions e
WHERE e.unit_id IN ({units}) AND e.status <> :revoked
  AND (e.end_date IS NULL OR e.end_date >= :today)
GROUP BY e.unit_id
"""

SEARCH_SQL = {
    "number": "SELECT id, first_name, last_name, identity_number, identity_kind, street, "
    "postal_code, city FROM persons WHERE identity_number = :text LIMIT 200",
    "prefix": "SELECT id, first_name, last_name, identity_number, identity_kind, street, "
    "postal_code, city FROM persons WHERE {column} LIKE :text LIMIT 200",
}


# -- Qt: waiting for paint ----------------------------------------------------------------------


def _quiet_qt(mode: QtMsgType, _context: object, message: str) -> None:
    # The offscreen platform's notices (no window manager) say nothing about the application.
    if "This plugin does not support" not in message:
        print(f"Qt {mode.name}: {message}", file=sys.stderr)


class PaintWatch(QObject):
    """Waits until each watched widget has processed a paint event since the watch began."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.widgets = list(widgets)
        self.painted: list[QWidget] = []
        for widget in self.widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            for widget in self.widgets:
                if watched is widget and not any(p is widget for p in self.painted):
                    self.painted.append(widget)
        return False

    def wait(self, what: str) -> None:
        try:
            wait_until(lambda: len(self.painted) == len(self.widgets), what)
        finally:
            for widget in self.widgets:
                widget.removeEventFilter(self)


def wait_until(done: Callable[[], object], what: str) -> None:
    """Run the event loop until `done()`; a timer wakes it so the timeout is checked."""
    deadline = time.perf_counter() + WAIT_TIMEOUT_S
    wake = QTimer()
    wake.start(5)
    try:
        while not done():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            if time.perf_counter() > deadline:
                raise BenchmarkError(f"timed out waiting for {what}")
    finally:
        wake.stop()


def settle() -> None:
    """Let pending layouts, timers and paints run before the next measurement starts."""
    for _ in range(3):
        QCoreApplication.processEvents()
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    wait_until(lambda: bool(ticked), "the event queue")


def dispose(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class MessageGuard:
    """No message box may block the run: errors are recorded and end it, questions say no."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        messages.error = self._record  # type: ignore[assignment]
        messages.warning = self._record  # type: ignore[assignment]
        messages.info = self._record  # type: ignore[assignment]
        messages.confirm = self._refuse  # type: ignore[assignment]

    def _record(self, _parent: object, text: str, **_kwargs: object) -> None:
        self.seen.append(text)

    def _refuse(self, _parent: object, text: str, **_kwargs: object) -> bool:
        self.seen.append(text)
        return False

    def check(self, what: str) -> None:
        if self.seen:
            shown, self.seen = self.seen, []
            raise BenchmarkError(f"{what} showed a message: {shown[0]}")


# -- the session: users, windows and the largest unit -------------------------------------------


class Bench:
    """One run on one database: the measurements as methods, rows collected in order."""

    def __init__(self, database: Database, data_dir: Path, repeat: int) -> None:
        self.database = database
        self.settings = Settings(database_url=str(database.url), data_dir=data_dir)
        self.repeat = repeat
        self.raw = RawSql(database)
        self.guard = MessageGuard()
        self.rows: list[Row] = []
        self.today = database.clock.today()
        self.manager = self.actor(MANAGER)
        self.staff = self.actor(STAFF)

    def actor(self, username: str) -> Actor:
        with self.database.read() as session:
            user_id = user_id_for_username(session, username)
            if user_id is None:
                raise BenchmarkError(f"the demo user {username} is missing")
            return auth.load_actor(session, user_id)

    def context(self, actor: Actor) -> AppContext:
        return AppContext.create(self.database, self.settings, actor)

    def open_window(self, actor: Actor) -> MainWindow:
        """The main window shown and painted, with Mitt skrivbord's counts in place (they
        come within some 50 ms of the first paint, on the GUI thread with SQLite): what the
        user sees before they click, so no measurement that follows counts them."""
        window = MainWindow(self.context(actor), remember_geometry=False)
        watch = PaintWatch(window, window.tree.viewport())
        window.show()
        watch.wait("the main window")
        settle()
        wait_until(lambda: not window.summary_pane.dashboard.counting, "Mitt skrivbord's counts")
        settle()
        forget_module_sources()  # as run_gui does once the window is shown
        return window

    def largest_unit(self, actor: Actor) -> tuple[int, int]:
        """The unit (id, persons) with the most persons among those the actor sees."""
        units = sorted(actor.units_with(Permission.VIEW_PERSONS))
        if not units:
            raise BenchmarkError(f"{actor.username} sees no units")
        names, params = _in_list("unit", units)
        counts = self.raw.rows(
            PERSON_COUNT_BY_UNIT_SQL.format(units=names),
            revoked=ExecutionStatus.REVOKED.value,
            today=self.today,
            **params,
        )
        if not counts:
            raise BenchmarkError(f"no unit of {actor.username} has persons")
        unit_id, persons = max(counts, key=lambda row: (row[1], -row[0]))
        return int(unit_id), int(persons)

    def unit_node(self, window: MainWindow, unit_id: int) -> Node:
        """Mina enheter › … › the unit, its ancestors expanded (the unit itself is not)."""
        node = window.model.folder_node(Folder.MY_UNITS)
        while True:
            window.tree.expand_node(node)
            children = [c for c in node.children if c.kind is NodeKind.UNIT]
            match = next((c for c in children if c.unit_id == unit_id), None)
            if match is not None:
                return match
            # Descend into the unit whose subtree holds it.
            below = [c for c in children if unit_id in self._units_below(c.unit_id)]
            if not below:
                raise BenchmarkError(f"unit {unit_id} is not under Mina enheter")
            node = below[0]

    def _units_below(self, unit_id: int | None) -> set[int]:
        found: set[int] = set()
        stack = [unit_id]
        while stack:
            current = stack.pop()
            for (child,) in self.raw.rows(
                "SELECT id FROM org_units WHERE parent_id = :p", p=current
            ):
                found.add(int(child))
                stack.append(int(child))
        return found

    def measure_expand(self, window: MainWindow, node: Node) -> float:
        """Click the arrow (QTreeView.expand fetches the rows) until the view has painted."""
        tree = window.tree
        index = window.model.index_for(node)
        tree.scrollTo(index)
        settle()
        watch = PaintWatch(tree.viewport())
        start = time.perf_counter()
        tree.expand(index)
        watch.wait("the expanded branch")
        elapsed = ms_since(start)
        if not node.loaded:
            raise BenchmarkError(f"expanding {node.label!r} did not load its rows")
        return elapsed

    def expand_in_new_window(
        self, actor: Actor, kind: Folder, observe: Callable[[MainWindow, Node], T]
    ) -> tuple[float, T]:
        """Open a main window as `actor`, expand the folder until painted, and return the time
        with what `observe` reads off the expanded folder before the window is closed."""
        window = self.open_window(actor)
        folder = window.model.folder_node(kind)
        elapsed = self.measure_expand(window, folder)
        seen = observe(window, folder)
        dispose(window)
        settle()
        return elapsed, seen

    # -- 1. cold start ----------------------------------------------------------------------

    def cold_start(self) -> None:
        app_samples: list[float] = []
        bare_samples: list[float] = []
        env = dict(os.environ)
        env["TRESERVA_DATA_DIR"] = str(self.settings.data_dir / "cold-start")
        env.pop("TRESERVA_DATABASE_URL", None)
        app_command = [
            sys.executable,
            "-m",
            "treserva_desktop",
            "--database-url",
            self.database.url.render_as_string(hide_password=False),
        ]
        for _ in range(self.repeat):
            bare_samples.append(first_paint([sys.executable, "-c", BARE_WINDOW], env, "bare"))
            app_env = {**env, "TRESERVA_EXIT_AFTER_FIRST_PAINT": "login"}
            app_samples.append(first_paint(app_command, app_env, "login"))
        self.rows.append(
            Row(
                "cold_start",
                "Cold start → painted login window",
                app_samples,
                baseline_label="bare Qt window process",
                baseline=bare_samples,
                max_ratio=2,
            )
        )

    # -- 2. login ---------------------------------------------------------------------------

    def login(self) -> None:
        check_samples: list[float] = []
        window_samples: list[float] = []
        bare_samples: list[float] = []
        for _ in range(self.repeat):
            dialog = LoginDialog(DatabaseLogin(self.database))
            dialog.show()
            settle()
            dialog.username.setText(MANAGER)
            dialog.password.setText(DEMO_PASSWORD)
            start = time.perf_counter()
            dialog.login_button.click()
            accepted = time.perf_counter()
            actor = dialog.actor
            dispose(dialog)
            if actor is None:
                raise BenchmarkError(f"logging in as {MANAGER} failed")
            window = MainWindow(self.context(actor), remember_geometry=False)
            watch = PaintWatch(window, window.tree.viewport())
            window.show()
            watch.wait("the main window after login")
            window_samples.append(ms_since(accepted))
            forget_module_sources()
            check_samples.append((accepted - start) * 1000)
            dispose(window)
            settle()
            bare_samples.append(bare_main_window())
            settle()
        self.rows.append(
            Row(
                "login_main_window",
                "Login accepted → painted main window",
                window_samples,
                baseline_label="bare QMainWindow",
                baseline=bare_samples,
                max_value=300,
            )
        )
        self.rows.append(Row("login_check", "Logga in: credentials checked", check_samples))

    # -- 3. expanding Nya uppdrag and the largest unit ---------------------------------------

    def expand(self) -> None:
        unit_id, persons = self.largest_unit(self.manager)
        unit_params = {"unit": unit_id, "revoked": ExecutionStatus.REVOKED.value}
        unit_samples, unit_raw = [], []
        shown_unit = 0
        for _ in range(self.repeat):
            window = self.open_window(self.manager)
            node = self.unit_node(window, unit_id)
            unit_samples.append(self.measure_expand(window, node))
            shown_unit = sum(1 for c in node.children if c.kind is NodeKind.PERSON)
            dispose(window)
            settle()
            elapsed, _count = self.raw.timed(
                UNIT_FIRST_PAGE_SQL, today=self.today, limit=UNIT_PAGE_SIZE, **unit_params
            )
            unit_raw.append(elapsed)
        self.guard.check("expanding")
        if shown_unit != min(persons, UNIT_PAGE_SIZE):
            print(
                f"note: the tree showed {shown_unit} persons in the unit; the raw SQL finds "
                f"{persons}",
                file=sys.stderr,
            )
        self.expand_new_assignments(self.manager, "expand_new_assignments", "Expand Nya uppdrag")
        self.expand_new_assignments(
            self.actor(AREA_MANAGER),
            "expand_new_assignments_area",
            f"Expand Nya uppdrag as {AREA_MANAGER}",
        )
        self.rows.append(
            Row(
                "expand_largest_unit",
                "Expand the largest unit",
                unit_samples,
                baseline_label="raw SQL, same page",
                baseline=unit_raw,
                max_value=100,
                max_ratio=3,
                note=f"first page: {shown_unit} of {persons} persons",
            )
        )

    def expand_new_assignments(self, actor: Actor, key: str, label: str) -> None:
        """Expand Nya uppdrag in a new main window until the view has painted, against the
        raw SQL of the same first page of persons and their waiting assignments."""
        units = sorted(actor.units_with(Permission.VIEW_NEW_ASSIGNMENTS))
        names, params = _in_list("unit", units)
        page_sql = NEW_ASSIGNMENTS_PAGE_SQL.format(units=names)
        page_params = {"limit": NEW_ASSIGNMENTS_PAGE_SIZE, **params}
        samples, raw = [], []
        shown = 0
        for _ in range(self.repeat):
            elapsed, shown = self.expand_in_new_window(
                actor, Folder.NEW_ASSIGNMENTS, lambda _window, folder: _persons_in(folder)
            )
            samples.append(elapsed)
            elapsed, _count = self.raw.timed(page_sql, **page_params)
            raw.append(elapsed)
        self.guard.check(label)
        raw_persons = len({row[1] for row in self.raw.rows(page_sql, **page_params)})
        if shown != raw_persons:
            print(
                f"note: {label} showed {shown} persons; the raw SQL finds {raw_persons}",
                file=sys.stderr,
            )
        waiting = len(self.raw.rows(WAITING_PERSONS_SQL.format(units=names), **params))
        self.rows.append(
            Row(
                key,
                label,
                samples,
                baseline_label="raw SQL, same page",
                baseline=raw,
                max_value=100,
                note=(
                    f"first page: {shown} of {waiting} persons"
                    if waiting > shown
                    else f"{shown} persons"
                ),
            )
        )

    # -- 3b. Inkorg ------------------------------------------------------------------------------

    def expand_inbox(self) -> None:
        """Expand Inkorg as the user with the most messages: the newest INBOX_LIMIT (and any
        older unread), against the raw SQL of the newest INBOX_LIMIT rows."""
        busiest = self.raw.rows(BUSIEST_INBOX_SQL)
        if not busiest:
            raise BenchmarkError("the demo has no messages")
        username, user_id, messages = busiest[0]
        actor = self.actor(str(username))
        samples, raw = [], []
        shown = 0
        for _ in range(self.repeat):
            elapsed, shown = self.expand_in_new_window(
                actor, Folder.INBOX, lambda _window, folder: len(folder.children)
            )
            samples.append(elapsed)
            elapsed, _count = self.raw.timed(INBOX_NEWEST_SQL, user=int(user_id), limit=INBOX_LIMIT)
            raw.append(elapsed)
        self.guard.check("Inkorg")
        self.rows.append(
            Row(
                "expand_inbox",
                "Expand Inkorg",
                samples,
                baseline_label="raw SQL, newest rows",
                baseline=raw,
                max_value=100,
                note=f"{shown:,} shown of {int(messages):,} messages",
            )
        )

    # -- 3c. Ej aktuella – att avsluta -----------------------------------------------------------

    def expand_not_current(self) -> None:
        """Expand Ej aktuella – att avsluta as the verksamhetschef (every unit: the most persons
        whose rows ended in the look-back) until its first page is painted, against the page's
        query alone (its read and audit, in a transaction of its own)."""
        actor = self.actor(AREA_MANAGER)
        samples, alone = [], []
        shown = listed = 0
        for _ in range(self.repeat):
            elapsed, (shown, listed) = self.expand_in_new_window(
                actor,
                Folder.NOT_CURRENT,
                lambda window, folder: (_persons_in(folder), window.model.person_count(folder)),
            )
            samples.append(elapsed)
            start = time.perf_counter()
            with self.database.transaction() as session:
                not_current_page(session, actor)
            alone.append(ms_since(start))
        if not shown:
            raise BenchmarkError(f"{AREA_MANAGER} has nobody in Ej aktuella – att avsluta")
        self.guard.check("Ej aktuella")
        self.rows.append(
            Row(
                "expand_not_current",
                "Expand Ej aktuella – att avsluta",
                samples,
                baseline_label="the page's query alone",
                baseline=alone,
                max_value=100,
                note=f"first page: {shown:,} of {listed:,} persons",
            )
        )

    # -- 4. person search ---------------------------------------------------------------------

    def search(self, window: MainWindow) -> None:
        unit_id, _persons = self.largest_unit(self.manager)
        numbers = [
            row[3]
            for row in self.raw.rows(
                UNIT_PERSONS_SQL + " ORDER BY p.id",
                unit=unit_id,
                revoked=ExecutionStatus.REVOKED.value,
                today=self.today,
            )
        ]
        # A twelve-digit number (not a reserve number), so its first eight are a birth date.
        number = next((n for n in numbers if n.isdigit() and len(n) == 12), None)
        if number is None:
            raise BenchmarkError("the largest unit has nobody with a twelve-digit number")
        birth_date = number[:8]
        display = f"{number[:8]}-{number[8:]}"
        forms = [
            ("search_number", "Search: identity number", display),
            ("search_birth_date", "Search: birth date YYYYMMDD", birth_date),
            ("search_name", f"Search: name {NAME_PREFIX!r}", NAME_PREFIX),
            ("search_letter", f"Search: name {ONE_LETTER_PREFIX!r}", ONE_LETTER_PREFIX),
        ]
        dialog = PersonSearchDialog(person_search(window.ctx), window)
        dialog.show()
        settle()
        for key, label, text in forms:
            exact = text == display
            if exact:
                sql, value = SEARCH_SQL["number"], number
            else:
                column = "identity_number" if text.isdigit() else "last_name"
                sql, value = SEARCH_SQL["prefix"].format(column=column), f"{text}%"
            samples, raw = [], []
            found = 0
            for _ in range(self.repeat):
                dialog.text.setText(text)
                settle()
                watch = PaintWatch(dialog.table.viewport())
                start = time.perf_counter()
                dialog.search_button.click()
                watch.wait("the search results")
                samples.append(ms_since(start))
                found = dialog.model.rowCount()
                elapsed, _count = self.raw.timed(sql, text=value)
                raw.append(elapsed)
            if not found:
                raise BenchmarkError(f"{label} found nobody")
            self.rows.append(
                Row(
                    key,
                    label,
                    samples,
                    baseline_label="raw SQL =" if exact else "raw LIKE … LIMIT 200",
                    baseline=raw,
                    max_value=20,
                    note=f"{found} hit" if found == 1 else f"{found} hits",
                )
            )
        dispose(dialog)
        self.guard.check("Sök person")

    # -- 5. Läs uppdrag -------------------------------------------------------------------------

    def read_assignment(self, window: MainWindow) -> None:
        with self.database.read() as session:
            entries = new_assignment_queries.new_assignments(session, self.manager)
        ids = [item.id for entry in entries for item in entry.assignments][: self.repeat]
        if not ids:
            raise BenchmarkError(f"{MANAGER} has no assignment to read")
        samples, render_samples = [], []
        for position in range(self.repeat):
            assignment_id = ids[position % len(ids)]
            opened: list[PdfWindow] = []
            start = time.perf_counter()
            operation = open_assignment(window.ctx, window, assignment_id, on_opened=opened.append)
            if operation is None:
                raise BenchmarkError("Läs uppdrag was refused")
            wait_until(opened.__len__, "the assignment document")
            pdf_window = opened[0]
            PaintWatch(pdf_window.view.viewport()).wait("the assignment document's page")
            samples.append(ms_since(start))
            dispose(pdf_window)
            settle()
            done = runner.call(
                self.database,
                self.manager,
                record_assignment_read,
                AssignmentRef(assignment_id=assignment_id),
            )
            if done.value is None:
                raise BenchmarkError("reading the assignment failed")
            start = time.perf_counter()
            render_assignment(done.value, printed_at=self.database.clock.local_now())
            render_samples.append(ms_since(start))
        self.guard.check("Läs uppdrag")
        self.rows.append(
            Row(
                "read_assignment",
                "Läs uppdrag → painted PDF window",
                samples,
                baseline_label="PDF rendering alone",
                baseline=render_samples,
                max_value=300,
            )
        )

    # -- 6. Acceptera och fördela ---------------------------------------------------------------

    def accept_commands(self, ctx: AppContext, wanted: int) -> list[DistributeIntervention]:
        """Registrera as the dialog fills it in by default, for unused RECEIVED assignments."""
        found: list[DistributeIntervention] = []
        with self.database.read() as session:
            entries = new_assignment_queries.new_assignments(session, ctx.actor)
            items = [
                item
                for entry in entries
                for item in entry.assignments
                if item.status is AssignmentStatus.RECEIVED
            ]
            for item in items:
                if len(found) == wanted:
                    break
                view = assignment_distribution(session, ctx.actor, item.id)
                for intervention in view.interventions:
                    # The user picks the unit unless the dialog offers one: the first choice
                    # (the receiving unit's own groups come first).
                    choices = [choice.id for choice in intervention.unit_choices]
                    unit_id = intervention.default_unit_id or next(iter(choices), None)
                    if intervention.distributed or unit_id is None:
                        continue
                    given = RegisterInput(
                        unit_id=unit_id,
                        start=intervention.default_start,
                        end=intervention.default_end,
                        hours=intervention.default_hours or _hours(intervention.requires_time),
                        per=intervention.default_per,
                        to_execution=not intervention.needs_billing_area,
                    )
                    try:
                        command = build_command(view, intervention, None, view.version, given)
                    except DomainError:
                        continue
                    if isinstance(command, DistributeIntervention):
                        found.append(command)
                        break
        return found

    def accept(self, window: MainWindow) -> None:
        ctx = window.ctx
        commands = self.accept_commands(ctx, 2 * self.repeat)
        if len(commands) < 2:
            raise BenchmarkError(f"{MANAGER} has no unused RECEIVED assignment to accept")
        window.tree.expand_node(window.model.folder_node(Folder.NEW_ASSIGNMENTS))
        settle()
        samples, service = [], []
        for ui_command, service_command in zip(commands[::2], commands[1::2], strict=False):
            assignment_id = ui_command.assignment_id
            if not window.reveal_assignment(assignment_id):
                raise BenchmarkError(f"assignment {assignment_id} is not in Nya uppdrag")
            settle()
            watch = PaintWatch(window.tree.viewport())
            start = time.perf_counter()
            # What Registrera's OK runs (DistributionFlow._submit), then the list the dialog
            # shows afterwards; the change event reloads the tree meanwhile.
            done = runner.attempt(ctx, window, distribute_intervention, ui_command)
            runner.read(ctx, assignment_distribution, assignment_id, parent=window)
            watch.wait("the tree after Acceptera och fördela")
            samples.append(ms_since(start))
            if not done.ok:
                raise BenchmarkError(f"Acceptera och fördela was refused: {done.refused}")
            start = time.perf_counter()
            alone = runner.call(self.database, ctx.actor, distribute_intervention, service_command)
            service.append(ms_since(start))
            if not alone.ok:
                raise BenchmarkError(f"distribute_intervention was refused: {alone.refused}")
            settle()
        self.guard.check("Acceptera och fördela")
        self.rows.append(
            Row(
                "accept_and_distribute",
                "Acceptera och fördela via UI incl. refresh",
                samples,
                baseline_label="service call alone",
                baseline=service,
                max_value=100,
            )
        )

    # -- 6b. Rätta/Avsluta -----------------------------------------------------------------------

    def running_rows(self, actor: Actor, wanted: int) -> list[RunningRow]:
        """Rows the manager may end or revoke today (running since before today, inside an
        open decision), the oldest first."""
        units = sorted(actor.units_with(Permission.END_EXECUTION))
        with self.database.read() as session:
            found = session.execute(
                select(Execution.id, Execution.version, Execution.person_id, Execution.unit_id)
                .join(Intervention, Intervention.id == Execution.intervention_id)
                .join(Decision, Decision.id == Intervention.decision_id)
                .where(
                    Execution.unit_id.in_(units),
                    Execution.status.in_(
                        (ExecutionStatus.SENT_TO_EXECUTION, ExecutionStatus.ACKNOWLEDGED)
                    ),
                    Execution.start_date < self.today,
                    or_(Execution.end_date.is_(None), Execution.end_date > self.today),
                    or_(Decision.period_end.is_(None), Decision.period_end >= self.today),
                )
                .order_by(Execution.id)
                .limit(wanted)
            ).all()
        return [RunningRow(row.id, row.version, row.person_id, row.unit_id) for row in found]

    def change_row(
        self,
        window: MainWindow,
        key: str,
        label: str,
        service: Callable[..., Any],
        command_for: Callable[[RunningRow], Any],
    ) -> None:
        """OK in the execution window (Rätta/Avsluta, Återkalla): the service, the window's
        reload of the person's rows and the tree's refresh of what changed, until all of it
        has run; against the service alone on another row."""
        ctx = window.ctx
        rows = self.running_rows(ctx.actor, 2 * self.repeat)
        if len(rows) < 2:
            raise BenchmarkError(f"{MANAGER} has no running row for {label}")
        samples, alone_samples = [], []
        for shown, other in zip(rows[::2], rows[1::2], strict=False):
            window.tree.expand_node(self.unit_node(window, shown.unit_id))
            settle()
            start = time.perf_counter()
            done = runner.attempt(ctx, window, service, command_for(shown))
            runner.read(
                ctx, execution_window, shown.person_id, unit_id=shown.unit_id, parent=window
            )
            # Until the event queue is drained: the tree repaints what the change reloaded,
            # and when the unit still lists the person exactly as before, nothing at all.
            settle()
            samples.append(ms_since(start))
            if not done.ok:
                raise BenchmarkError(f"{label} was refused: {done.refused}")
            start = time.perf_counter()
            alone = runner.call(self.database, ctx.actor, service, command_for(other))
            alone_samples.append(ms_since(start))
            if not alone.ok:
                raise BenchmarkError(f"{label} alone was refused: {alone.refused}")
            settle()
        self.guard.check(label)
        self.rows.append(
            Row(
                key,
                f"{label} genom gränssnittet incl. refresh",
                samples,
                baseline_label="service call alone",
                baseline=alone_samples,
                max_value=100,
            )
        )

    def end_row(self, window: MainWindow) -> None:
        """Rätta/Avsluta (W8): the row ends today."""
        self.change_row(
            window,
            "end_execution",
            "Rätta/Avsluta",
            end_execution,
            lambda row: EndExecution(
                execution_id=row.id,
                end_date=self.today,
                reason_code="other",
                expected_version=row.version,
            ),
        )

    def revoke_row(self, window: MainWindow) -> None:
        """Återkalla (W9, ändring av tid from tomorrow): the row ends today and a new row
        Under fördelning continues it."""
        self.change_row(
            window,
            "revoke_execution",
            "Återkalla",
            revoke_execution,
            lambda row: RevokeExecution(
                execution_id=row.id, day_before=self.today, expected_version=row.version
            ),
        )

    # -- 6c. Byt utförare -------------------------------------------------------------------------

    def change_commands(self, ctx: AppContext, wanted: int) -> list[ChangeProvider]:
        """Byt utförare as the wizard builds it: one intervention of a person at the manager's
        largest unit to the first unit the organisation tree offers, a week from today."""
        unit_id, _persons = self.largest_unit(ctx.actor)
        day = self.today + timedelta(days=7)
        found: list[ChangeProvider] = []
        with self.database.read() as session:
            for person in tree_queries.unit_persons(session, ctx.actor, unit_id):
                if len(found) == wanted:
                    break
                choices = provider_change_choices(session, ctx.actor, person.id, unit_id)
                target = next((unit.id for unit in choices.units if unit.selectable), None)
                for item in choices.interventions:
                    if target is None or item.pending_at:
                        continue
                    try:
                        provider_change_rules.check_change_date(
                            day,
                            today=choices.today,
                            max_backdate_days=choices.max_backdate_days,
                            decision_start=item.decision_start,
                            decision_end=item.decision_end,
                            rows_end=item.rows_end,
                        )
                    except DomainError:
                        continue
                    found.append(
                        ChangeProvider(
                            person_id=person.id,
                            from_unit_id=unit_id,
                            intervention_ids=(item.intervention_id,),
                            to_unit_id=target,
                            change_date=day,
                        )
                    )
                    break
        return found

    def change_provider(self, window: MainWindow) -> None:
        ctx = window.ctx
        commands = self.change_commands(ctx, 2 * self.repeat)
        if len(commands) < 2:
            raise BenchmarkError(f"{MANAGER} has no person whose provider can change")
        unit_id, _persons = self.largest_unit(ctx.actor)
        window.tree.expand_node(self.unit_node(window, unit_id))
        window.tree.expand_node(window.model.folder_node(Folder.NEW_ASSIGNMENTS))
        settle()
        samples, service = [], []
        for ui_command, service_command in zip(commands[::2], commands[1::2], strict=False):
            watch = PaintWatch(window.tree.viewport())
            start = time.perf_counter()
            # What Slutför runs (the wizard's submit); the change event refreshes the tree.
            done = runner.attempt(ctx, window, change_provider, ui_command)
            watch.wait("the tree after Byt utförare")
            samples.append(ms_since(start))
            if not done.ok:
                raise BenchmarkError(f"Byt utförare was refused: {done.refused}")
            start = time.perf_counter()
            alone = runner.call(self.database, ctx.actor, change_provider, service_command)
            service.append(ms_since(start))
            if not alone.ok:
                raise BenchmarkError(f"change_provider was refused: {alone.refused}")
            settle()
        self.guard.check("Byt utförare")
        self.rows.append(
            Row(
                "change_provider",
                "Byt utförare genom gränssnittet incl. refresh",
                samples,
                baseline_label="service call alone",
                baseline=service,
                max_value=100,
            )
        )

    # -- 7. Kvittera ------------------------------------------------------------------------------

    def acknowledge(self) -> None:
        window = self.open_window(self.staff)
        window.tree.expand_node(window.model.folder_node(Folder.MY_PERSONS))
        unit_id, _persons = self.largest_unit(self.staff)
        window.tree.expand_node(self.unit_node(window, unit_id))
        genomforande = GenomforandeWindow.show_for(window, window.ctx)
        settle()
        with self.database.read() as session:
            rows = genomforande_new_assignments(session, self.staff)
        if len(rows) < 2:
            raise BenchmarkError(f"{STAFF} has nothing to acknowledge in Genomförande")
        # Staff read an assignment before they acknowledge it (an unread one asks "Kvittera
        # ändå?", which the guard would answer Nej): Läs uppdrag on each first.
        for row in rows:
            read = runner.call(
                self.database,
                self.staff,
                record_assignment_read,
                AssignmentRef(assignment_id=row.assignment_id),
            )
            if not read.ok:
                raise BenchmarkError(f"Läs uppdrag {row.assignment_id} was refused: {read.refused}")
        genomforande.reload()
        settle()
        spare = [row.assignment_id for row in rows[::-1]]
        samples, service = [], []
        for _ in range(min(self.repeat, len(rows) // 2)):
            genomforande.list.setCurrentRow(0)
            settle()
            chosen = genomforande.current_row()
            assert chosen is not None
            spare.remove(chosen.assignment_id)
            watch = PaintWatch(genomforande.list.viewport())
            start = time.perf_counter()
            genomforande.details.acknowledge_button.click()
            watch.wait("Genomförande after Kvittera")
            samples.append(ms_since(start))
            if chosen.assignment_id in genomforande.assignment_ids():
                raise BenchmarkError("Kvittera left the assignment in the list")
            command = AcknowledgeAssignment(assignment_id=spare.pop(0), unread_confirmed=True)
            start = time.perf_counter()
            alone = runner.call(self.database, self.staff, acknowledge_assignment, command)
            service.append(ms_since(start))
            if not alone.ok:
                raise BenchmarkError(f"acknowledge_assignment was refused: {alone.refused}")
            genomforande.reload()
            settle()
        self.guard.check("Kvittera")
        dispose(genomforande)
        dispose(window)
        self.rows.append(
            Row(
                "acknowledge",
                "Kvittera in Genomförande incl. refresh",
                samples,
                baseline_label="service call alone",
                baseline=service,
            )
        )

    # -- 8. peak memory -----------------------------------------------------------------------

    def peak_memory(self) -> None:
        megabytes = peak_rss_mb()
        if megabytes is None:
            print("note: peak memory is not measured on this platform", file=sys.stderr)
            return
        self.rows.append(
            Row(
                "peak_memory", "Peak memory (RSS high-water mark)", [megabytes], "MB", max_value=300
            )
        )

    def journal(self, window: MainWindow) -> None:
        journal_bench.measure(self, window, sys.modules[__name__])

    def remote_change(self, window: MainWindow) -> None:
        live_bench.measure(self, window, sys.modules[__name__])

    def statistics(self) -> None:
        """Individstatistik › Exportera… for the previous month as the verksamhetschef (every
        unit): read, audit and CSV, rolled back; against the read and audit alone."""
        actor = self.actor("verksamhetschef")
        month = Month.of(self.today).previous
        timings = statistics_bench.measure(self.database, actor, month, max(1, self.repeat // 2))
        lines = timings[0].lines if timings else 0
        self.rows.append(
            Row(
                "statistics_export",
                f"Individstatistik, en månad som CSV ({lines:,} rader, i bakgrunden)",
                [timing.total_ms for timing in timings],
                baseline_label="read and audit alone",
                baseline=[timing.read_and_audit_ms for timing in timings],
                max_value=5000,
            )
        )

    def unit_statistics(self) -> None:
        """Uppföljning › Statistik as the verksamhetschef on all their units: the previous
        month (≤ 2 s) and the twelve months up to it (≤ 10 s), read in the background."""
        actor = self.actor("verksamhetschef")
        for key, months, label, limit in (
            ("unit_statistics_month", 1, "Statistik, alla enheter, 1 månad", 2000),
            ("unit_statistics_year", 12, "Statistik, alla enheter, 12 månader", 10000),
        ):
            timings = unit_statistics_bench.measure(
                self.database, actor, months, max(1, self.repeat // 2)
            )
            units = timings[0].units if timings else 0
            self.rows.append(
                Row(
                    key,
                    f"{label} ({units} enheter, i bakgrunden)",
                    [timing.total_ms for timing in timings],
                    max_value=limit,
                )
            )

    def dashboard(self) -> None:
        """Mitt skrivbord: every tile the verksamhetschef sees, counted as the dashboard
        does (one read session, all stale), ≤ 100 ms in total."""
        ctx = self.context(self.actor("verksamhetschef"))
        timings = follow_up_bench.measure_dashboard(ctx, self.repeat)
        counts = timings[0].counts if timings else {}
        shown = ", ".join(f"{key} {value:,}" for key, value in counts.items())
        self.rows.append(
            Row(
                "dashboard_counts",
                f"Mitt skrivbord, alla räknare ({len(counts)} rutor)",
                [timing.total_ms for timing in timings],
                max_value=100,
                note=shown,
            )
        )

    def plan_compilation(self) -> None:
        """Sammanställning – Genomförandeplan for the largest unit (the month so far), each
        person audited, rolled back; in the background in the application."""
        actor = self.actor("verksamhetschef")
        unit_id, _persons = self.largest_unit(actor)
        timings = follow_up_bench.measure_compilation(
            self.database, actor, unit_id, max(1, self.repeat // 2)
        )
        persons = timings[0].persons if timings else 0
        self.rows.append(
            Row(
                "plan_compilation",
                f"Sammanställning genomförandeplan, största enheten ({persons:,} personer)",
                [timing.total_ms for timing in timings],
                max_value=2000,
                note="in the background with progress",
            )
        )

    def run(self) -> list[Row]:
        steps: list[tuple[str, Callable[[], None]]] = [
            ("cold start", self.cold_start),
            ("login", self.login),
            ("expanding", self.expand),
            ("Inkorg", self.expand_inbox),
            ("Ej aktuella", self.expand_not_current),
        ]
        for name, step in steps:
            announce(name)
            step()
        work = self.open_window(self.manager)
        for name, action in (
            ("person search", self.search),
            ("Läs uppdrag", self.read_assignment),
            ("Acceptera och fördela", self.accept),
            ("Rätta/Avsluta", self.end_row),
            ("Återkalla", self.revoke_row),
            ("Byt utförare", self.change_provider),
            ("journal", self.journal),
            ("annan arbetsstation", self.remote_change),
        ):
            announce(name)
            action(work)
        dispose(work)
        announce("person")
        person_bench.measure(self, sys.modules[__name__])
        announce("Kvittera")
        self.acknowledge()
        announce("Individstatistik")
        self.statistics()
        announce("Kontraktslista")
        housing_bench.measure(self, sys.modules[__name__])
        announce("Statistik")
        self.unit_statistics()
        announce("Avvikelser")
        deviation_bench.measure(self, sys.modules[__name__])
        announce("Mitt skrivbord")
        self.dashboard()
        announce("Sammanställning genomförandeplan")
        self.plan_compilation()
        self.peak_memory()
        return self.rows

    def close(self) -> None:
        self.raw.close()


def _hours(requires_time: bool) -> Decimal | None:
    return Decimal(1) if requires_time else None


def _persons_in(folder: Node) -> int:
    return sum(1 for child in folder.children if child.kind is NodeKind.PERSON)


def announce(step: str) -> None:
    """Prints the step about to run and the memory high-water mark so far, which shows
    the step that sets the peak."""
    peak = peak_rss_mb()
    now = current_rss_mb()
    suffix = f" (peak so far {peak:.0f} MB" if peak is not None else ""
    if suffix and now is not None:
        suffix += f", now {now:.0f} MB"
    print(f"  {step} …{suffix}{')' if suffix else ''}", flush=True)


def current_rss_mb() -> float | None:
    """The resident set now (Linux): with the peak, it tells a step that leaves memory
    behind from one that only needs it while it runs."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(440, 260)
seen = []
def report():
    print(f"first-paint bare {time.time():.6f}", flush=True)
    window.close()
    app.quit()
class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched is window and not seen:
            seen.append(True)
            QTimer.singleShot(0, report)
        return False
watch = Watch()
window.installEventFilter(watch)
window.show()
app.exec()
"""


def first_paint(command: list[str], env: dict[str, str], name: str) -> float:
    """Milliseconds from starting the process to its 'first-paint NAME <time>' line."""
    start = time.time()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=WAIT_TIMEOUT_S, check=False
    )
    match = re.search(rf"^first-paint {name} ([\d.]+)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or match is None:
        raise BenchmarkError(
            f"the {name} process did not report its first paint (exit {done.returncode}):\n"
            f"{done.stdout}{done.stderr[-2000:]}"
        )
    return (float(match.group(1)) - start) * 1000


def bare_main_window() -> float:
    window = QMainWindow()
    window.resize(1280, 800)
    watch = PaintWatch(window)
    start = time.perf_counter()
    window.show()
    watch.wait("a bare QMainWindow")
    elapsed = ms_since(start)
    dispose(window)
    return elapsed


@contextmanager
def catch_slot_errors() -> Iterator[list[BaseException]]:
    """An exception inside a Qt slot does not reach us; remember it and fail the run."""
    errors: list[BaseException] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, trace: Any) -> None:
        errors.append(value)
        previous(kind, value, trace)

    sys.excepthook = hook
    try:
        yield errors
    finally:
        sys.excepthook = previous


# -- command line -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", metavar="URL", help="a demo database (changed!)")
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--repeat", type=int, default=5, metavar="N")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures as JSON")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="OTHER.json",
        help="another run's --json (e.g. SQLite) to compare this one with: ≤2× each",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=default_cache_dir(),
        help="where the SQLite demo databases are kept (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    qInstallMessageHandler(_quiet_qt)
    app = create_application([])
    app.setQuitOnLastWindowClosed(False)
    with tempfile.TemporaryDirectory(prefix="treserva-bench-") as folder:
        if args.database_url:
            url, label = args.database_url, "given database"
        else:
            source = cached_demo(args.scale, args.cache_dir)
            url, label = f"sqlite:///{copy_database(source, Path(folder))}", f"{args.scale} demo"
        database = Database(url)
        try:
            require_demo(database)
            with database.read() as session:
                persons = session.scalar(select(func.count()).select_from(Person)) or 0
            print(
                f"treserva-desktop {treserva_desktop.__version__} benchmark: {database.dialect}, "
                f"{label}, {persons:,} persons, {args.repeat} repetitions, "
                f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}",
                flush=True,
            )
            # The application drops the start-up imports' source lines before Logga in.
            forget_module_sources()
            bench = Bench(database, Path(folder), args.repeat)
            try:
                with catch_slot_errors() as errors:
                    rows = bench.run()
                if errors:
                    raise BenchmarkError(f"an error inside the UI: {errors[0]!r}")
            finally:
                bench.close()
        finally:
            database.dispose()
    print()
    print_table(rows)
    print(f"\n{INFORMATIONAL}")
    if args.compare:
        print_comparison(rows, database.dialect, args.compare)
    if args.json:
        summary = {
            "version": treserva_desktop.__version__,
            "dialect": database.dialect,
            "scale": None if args.database_url else args.scale,
            "persons": persons,
            "repeat": args.repeat,
            "machine": {
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            },
            "rows": [row.as_json() for row in rows],
        }
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"Figures written to {args.json}")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BenchmarkError as error:
        print(f"benchmark error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
