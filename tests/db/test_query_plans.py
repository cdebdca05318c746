"""The hot queries (start and after every action) use indexes: EXPLAIN QUERY PLAN on the demo
database shows no full scan of a table that grows with the municipality (performance rules).

On PostgreSQL the tiny demo tables make a sequential scan the cheapest plan whatever the
indexes, so each statement is explained with `enable_seqscan = off`: the planner then takes
an index whenever one can answer the query, and a Seq Scan left in the plan means none can.
Merge and hash joins are switched off too, so a join reaches each table by an index condition
and a whole index walked without one is caught as well."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session
from tests.helpers import actor_for
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import FixedClock
from treserva_desktop.db import audit, migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    Execution,
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    OrgUnit,
    User,
)
from treserva_desktop.db.queries import (
    checklists,
    counts,
    ending,
    executions,
    follow_up,
    genomforande,
    housing,
    interventions,
    journals,
    log_extract,
    not_current,
    person_search,
    persons,
    plans,
    reading,
    tree,
)
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries import sent_assignments as sent
from treserva_desktop.db.queries.housing import HOUSING_AREAS
from treserva_desktop.db.queries.person_search import search_persons
from treserva_desktop.demo import generate_demo
from treserva_desktop.domain.enums import JournalKind, Permission, Role
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.journals import NoteFilter

BIG_TABLES = frozenset(
    {
        "persons",
        "executions",
        "assignments",
        "messages",
        "message_recipients",
        "audit_events",
        "implementation_plans",
        "implementation_plan_goals",
        "implementation_plan_activities",
        "implementation_plan_follow_ups",
        "journals",
        "journal_entries",
        "journal_entry_versions",
        "journal_entry_keywords",
        "housing_contracts",
    }
)
_SCAN = re.compile(r"\bSCAN (\w+)")
USERNAMES = ["verksamhetschef", "gruppchef", "samordnare", "personal", "handlaggare"]


def _some_unit(session: Session, actor: Actor) -> Any:
    units = sorted(actor.units_with(Permission.VIEW_PERSONS))
    return tree.unit_persons(session, actor, units[-1]) if units else None


def _some_unit_pages(session: Session, actor: Actor) -> Any:
    """The first page of a unit's persons and the one after it (keyset on the name keys)."""
    units = sorted(actor.units_with(Permission.VIEW_PERSONS))
    if not units:
        return None
    first = tree.unit_persons_page(session, actor, units[-1], limit=1)
    after = first.after or ("", "", 0)
    return tree.unit_persons_page(session, actor, units[-1], after=after, limit=1)


def _new_assignment_pages(session: Session, actor: Actor) -> Any:
    """Nya uppdrag's first page, the page after it and one person's waiting assignments."""
    first = new_assignment_queries.new_assignments_page(session, actor, limit=1)
    if not first.items:
        return None
    new_assignment_queries.new_assignments_page(
        session, actor, after=first.after or ("", "", 0), limit=1
    )
    return new_assignment_queries.new_assignments_page(
        session, actor, person_id=first.items[0].person.id
    )


def _some_unit_count(session: Session, actor: Actor) -> Any:
    units = sorted(actor.units_with(Permission.VIEW_PERSONS))
    return tree.unit_person_count(session, actor, units[-1]) if units else None


def _some_person_interventions(session: Session, actor: Actor) -> Any:
    found = search_persons(session, actor, "a")
    return interventions.person_interventions(session, actor, found[0].id) if found else None


def _some_overview(session: Session, actor: Actor) -> Any:
    found = search_persons(session, actor, "a")
    return persons.person_overview(session, actor, found[0].id) if found else None


def _some_assignment_document(session: Session, actor: Actor) -> Any:
    entries = new_assignment_queries.new_assignments(session, actor)
    if not entries:
        return None
    return reading.assignment_document_view(session, entries[0].assignments[0].id)


def _some_managed_person(session: Session, actor: Actor) -> tuple[int, int] | None:
    """A person listed at the last unit where the actor ends rows, and that unit."""
    units = sorted(actor.units_with(Permission.END_EXECUTION))
    for unit_id in reversed(units):
        listed = tree.unit_persons(session, actor, unit_id)
        if listed:
            return listed[0].id, unit_id
    return None


def _some_execution_window(session: Session, actor: Actor) -> Any:
    found = _some_managed_person(session, actor)
    if found is None:
        return None
    return executions.execution_window(session, actor, found[0], unit_id=found[1])


def _some_live_commitments(session: Session, actor: Actor) -> Any:
    found = _some_managed_person(session, actor)
    return ending.live_commitments(session, actor, *found) if found else None


def _some_checklists(session: Session, actor: Actor) -> Any:
    if not actor.can(Permission.VIEW_PERSONS):
        return None
    found = search_persons(session, actor, "a")
    return checklists.person_checklists(session, actor, found[0].id) if found else None


def _some_person_at_unit(
    session: Session, actor: Actor, query: Callable[[Session, Actor, int, int], Any]
) -> Any:
    """`query` for the first person listed under one of the actor's units (Dokument GF)."""
    for unit_id in sorted(actor.units_with(Permission.VIEW_PERSONS), reverse=True)[:5]:
        page = tree.unit_persons_page(session, actor, unit_id, limit=1)
        if page.items:
            return query(session, actor, page.items[0].id, unit_id)
    return None


def _some_boende(session: Session, actor: Actor) -> Any:
    """Boende selected in the tree (its pane): the contracts of the first person listed
    under one of the vårdboenden or korttidsboenden where the actor manages housing."""
    for unit_id in sorted(actor.units_with(Permission.MANAGE_HOUSING), reverse=True):
        unit = session.get(OrgUnit, unit_id)
        if unit is None or unit.business_area not in HOUSING_AREAS:
            continue
        page = tree.unit_persons_page(session, actor, unit_id, limit=1)
        if page.items:
            return housing.person_housing(session, actor, page.items[0].id, unit_id)
    return None


def _some_journal(session: Session, actor: Actor, query: Callable[[int], Any]) -> Any:
    """`query(journal_id)` on the journal of the first person listed under one of the
    actor's units (the journal window)."""

    def journal_of(_session: Session, _actor: Actor, person_id: int, unit_id: int) -> Any:
        journal_id = session.scalar(
            select(Journal.id).where(Journal.person_id == person_id, Journal.unit_id == unit_id)
        )
        return query(journal_id) if journal_id is not None else None

    if not actor.can(Permission.WRITE_JOURNAL):
        return None
    return _some_person_at_unit(session, actor, journal_of)


def _journal_pages(session: Session, actor: Actor, journal_id: int) -> Any:
    first = journals.journal_notes(session, actor, journal_id, limit=3)
    assert first.next_cursor is not None
    return journals.journal_notes(session, actor, journal_id, after=first.next_cursor, limit=3)


def _journal_filtered(session: Session, actor: Actor, journal_id: int) -> Any:
    day = date(2026, 11, 20)
    for note_filter in (
        NoteFilter(keyword="Måltider"),
        NoteFilter(author_id=actor.user_id),
        NoteFilter(from_day=day, to_day=day + timedelta(days=5)),
    ):
        journals.journal_notes(session, actor, journal_id, note_filter)


def _first_note(session: Session, actor: Actor, journal_id: int) -> Any:
    page = journals.journal_notes(session, actor, journal_id, limit=1)
    return journals.note_view(session, actor, page.rows[0].id)


def add_journals(session: Session, notes_per_journal: int = 12) -> None:
    """A social journal with notes (and their keywords and versions) for every person with a
    row at a unit, so the journal queries have something to plan for."""
    pairs = session.execute(
        select(Execution.person_id, Execution.unit_id).distinct().order_by(Execution.person_id)
    ).all()
    author_id = session.scalar(select(func.min(User.id)))
    assert author_id is not None
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    for person_id, unit_id in pairs:
        journal = Journal(
            person_id=person_id,
            unit_id=unit_id,
            kind=JournalKind.SOCIAL,
            template_code="home_care",
            title="Genomförandejournal hemtjänst",
            created_at=start,
            created_by=author_id,
        )
        session.add(journal)
        session.flush()
        for number in range(notes_per_journal):
            moment = start + timedelta(days=number * 2)
            entry = JournalEntry(
                journal_id=journal.id,
                author_id=author_id,
                author_role=Role.CARE_STAFF,
                unit_id=unit_id,
                heading="Dagsanteckning",
                event_at=moment,
                body="Besöket genomfört enligt plan.",
                created_at=moment,
                saved_at=moment,
                lock_due_at=moment + timedelta(hours=24),
                signed=False,
            )
            session.add(entry)
            session.flush()
            session.add(JournalEntryKeyword(entry_id=entry.id, keyword="Måltider"))


def _sent_assignments(session: Session, actor: Actor, query: Callable[..., Any]) -> Any:
    if not actor.can(Permission.SEND_ASSIGNMENTS):
        return None
    since, until = sent.desk_period(date(2026, 11, 30))
    return query(session, actor, since=since, until=until)


HOT_QUERIES: dict[str, Callable[[Session, Actor], Any]] = {
    "new assignment counts": lambda s, a: counts.new_assignment_counts(s, a),
    "unread count": tree.unread_count,
    "genomforande count": counts.genomforande_count,
    "nya uppdrag list": lambda s, a: new_assignment_queries.new_assignments(s, a),
    "nya uppdrag pages": _new_assignment_pages,
    "genomforande list": genomforande.genomforande_new_assignments,
    "unit persons": _some_unit,
    "unit persons pages": _some_unit_pages,
    "unit person count": _some_unit_count,
    "my persons": tree.my_persons,
    "not current persons": lambda s, a: not_current.not_current_persons(s, a),
    "not current persons with removed": lambda s, a: not_current.not_current_persons(
        s, a, show_removed=True
    ),
    "not current first page": lambda s, a: not_current.not_current_page(s, a, limit=1),
    "not current tally": lambda s, a: not_current.not_current_tally(s, a, show_removed=True),
    "inbox": tree.inbox,
    "inbox beyond its limit": lambda s, a: tree.inbox_page(s, a, limit=1),
    "person interventions": _some_person_interventions,
    "one-letter name search": lambda s, a: search_persons(s, a, "B"),
    "name search": lambda s, a: search_persons(s, a, "an"),
    "name search with comma": lambda s, a: search_persons(s, a, "Ek, J"),
    "first and last name search": lambda s, a: search_persons(s, a, "Anna B"),
    "name search on a Swedish letter": lambda s, a: search_persons(s, a, "Ö"),
    "birth date search": lambda s, a: search_persons(s, a, "19400517"),
    "full number search": lambda s, a: search_persons(s, a, "19400517-1238"),
    "person overview": _some_overview,
    "assignment document": _some_assignment_document,
    "waiting assignments": lambda s, a: follow_up.waiting_assignments(s, a),
    "execution window": _some_execution_window,
    "live commitments before ending": _some_live_commitments,
    "person checklists": _some_checklists,
    # Boende's pane: read on selection and again after every change while it is shown.
    "boende pane": _some_boende,
    "dokument gf plans": lambda s, a: _some_person_at_unit(s, a, plans.person_plans),
    "plan status": lambda s, a: _some_person_at_unit(s, a, plans.plan_status),
    # Logguttag: one person's audit events in a period, from audit_events' person index.
    "log extract": lambda s, a: _some_person_at_unit(
        s,
        a,
        lambda s2, _a2, person_id, _unit_id: log_extract.extract_rows(
            s2,
            person_id,
            datetime(2025, 12, 1, tzinfo=UTC),
            datetime(2026, 12, 1, tzinfo=UTC),
        ),
    ),
    "documenta": lambda s, a: (
        _some_person_at_unit(s, a, journals.person_documents)
        if a.can(Permission.WRITE_JOURNAL)
        else None
    ),
    "journal window": lambda s, a: _some_journal(s, a, lambda j: journals.journal_view(s, a, j)),
    "journal notes first page": lambda s, a: _some_journal(
        s, a, lambda j: journals.journal_notes(s, a, j)
    ),
    "journal notes next page": lambda s, a: _some_journal(s, a, lambda j: _journal_pages(s, a, j)),
    "journal notes filtered": lambda s, a: _some_journal(
        s, a, lambda j: _journal_filtered(s, a, j)
    ),
    "journal note": lambda s, a: _some_journal(s, a, lambda j: _first_note(s, a, j)),
    # Mitt skrivbord › Skickade uppdrag (handläggare): its count runs at start and after every
    # change of assignments; both read the sender's own rows by ix_assignments_sender.
    "sent assignments count": lambda s, a: _sent_assignments(s, a, sent.sent_assignment_counts),
    "sent assignments": lambda s, a: _sent_assignments(s, a, sent.sent_assignments),
}
# The name search picks its plan by bounded probes (person_search.REACH_PROBE_ROWS,
# FIRST_NAME_RANGE_ROWS); the tiny demo would always pick the same one, so each is forced.
SEARCH_PLANS = {
    "reach": (10**9, 10**9),
    "walk": (0, 10**9),
    "walk by last name": (0, 0),
}
NAME_SEARCHES = [name for name in HOT_QUERIES if "name" in name]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("plans") / "demo.sqlite3"
    database = Database(f"sqlite:///{path}", clock=FixedClock(date(2026, 11, 30)))
    migrate.upgrade(database)
    with database.transaction() as session:
        generate_demo(session, persons=24, seed=7)
        add_journals(session)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def pg_demo() -> Iterator[Database]:
    """The same demo municipality in a PostgreSQL database of its own (made once per module)."""
    with scratch_postgres_url(migrated=True) as url:
        database = Database(url, clock=FixedClock(date(2026, 11, 30)))
        try:
            with database.transaction() as session:
                generate_demo(session, persons=24, seed=7)
                add_journals(session)
            with database.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                # The planner scales a table's row estimate by its pages; claim a million
                # rows per page of the big tables, so it plans as for a municipality.
                connection.execute(
                    text(
                        "UPDATE pg_class SET reltuples = 1e6 * GREATEST(relpages, 1) "
                        "WHERE relname = ANY(:big)"
                    ),
                    {"big": sorted(BIG_TABLES)},
                )
                connection.commit()
            yield database
        finally:
            database.dispose()


def _plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


_INDEX_SCANS = frozenset({"Index Scan", "Index Only Scan"})


def pg_full_scans(session: Session, statement: str, parameters: Any) -> list[str]:
    """The Seq Scans of big tables left in the plan when the planner avoids them if it can."""
    connection = session.connection()
    # Nested loops only, so every inner table is reached through an index condition.
    for setting in ("enable_seqscan", "enable_mergejoin", "enable_hashjoin"):
        connection.exec_driver_sql(f"SET LOCAL {setting} = off")
    (plan,) = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).one()
    document = plan if isinstance(plan, list) else json.loads(plan)
    # An index walked from end to end without a condition reads the whole table too.
    return [
        f"{node['Node Type']} on {node['Relation Name']}"
        for node in _plan_nodes(document[0]["Plan"])
        if node.get("Relation Name") in BIG_TABLES
        and (
            node["Node Type"] == "Seq Scan"
            or (node["Node Type"] in _INDEX_SCANS and "Index Cond" not in node)
        )
    ]


def full_scans(session: Session, statement: str, parameters: Any) -> list[str]:
    """The plan lines of `statement` that read a whole big table."""
    plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
    return [
        row[-1]
        for row in plan
        if (match := _SCAN.search(row[-1])) is not None and match.group(1) in BIG_TABLES
    ]


def test_the_check_finds_a_full_scan(demo: Database) -> None:
    with demo.read() as session:
        assert full_scans(session, "SELECT id FROM persons WHERE phone = ?", ("",)) != []
        assert full_scans(session, "SELECT id FROM persons WHERE id = ?", (1,)) == []


@pytest.mark.postgres
def test_the_postgres_check_finds_a_full_scan(pg_demo: Database) -> None:
    with pg_demo.read() as session:
        phone = "SELECT id FROM persons WHERE phone = %(phone)s"
        assert pg_full_scans(session, phone, {"phone": ""}) == ["Seq Scan on persons"]
        by_id = "SELECT id FROM persons WHERE id = %(id)s"
        assert pg_full_scans(session, by_id, {"id": 1}) == []
        ordered = "SELECT id FROM persons ORDER BY last_name_key LIMIT 5"
        assert pg_full_scans(session, ordered, {}) == ["Index Only Scan on persons"]


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("query", list(HOT_QUERIES))
def test_hot_query_scans_no_big_table(demo: Database, username: str, query: str) -> None:
    assert_no_full_scans(demo, username, query, full_scans)


@pytest.mark.postgres
@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("query", list(HOT_QUERIES))
def test_hot_query_scans_no_big_table_on_postgres(
    pg_demo: Database, username: str, query: str
) -> None:
    assert_no_full_scans(pg_demo, username, query, pg_full_scans)


@pytest.mark.parametrize("plan", list(SEARCH_PLANS))
@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("query", NAME_SEARCHES)
def test_every_name_search_plan_scans_no_big_table(
    demo: Database, monkeypatch: pytest.MonkeyPatch, plan: str, username: str, query: str
) -> None:
    _force_plan(monkeypatch, plan)
    assert_no_full_scans(demo, username, query, full_scans)


@pytest.mark.postgres
@pytest.mark.parametrize("plan", list(SEARCH_PLANS))
@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("query", NAME_SEARCHES)
def test_every_name_search_plan_scans_no_big_table_on_postgres(
    pg_demo: Database, monkeypatch: pytest.MonkeyPatch, plan: str, username: str, query: str
) -> None:
    _force_plan(monkeypatch, plan)
    assert_no_full_scans(pg_demo, username, query, pg_full_scans)


def _force_plan(monkeypatch: pytest.MonkeyPatch, plan: str) -> None:
    reach_rows, first_name_rows = SEARCH_PLANS[plan]
    monkeypatch.setattr(person_search, "REACH_PROBE_ROWS", reach_rows)
    monkeypatch.setattr(person_search, "FIRST_NAME_RANGE_ROWS", first_name_rows)


def statements_sent(
    demo: Database, run: Callable[[Session], object], keep: Callable[[str], bool]
) -> tuple[object, list[tuple[str, Any]]]:
    """What `run` returns in a read session, and the statements (with their parameters) it
    sent that `keep` accepts."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if keep(statement):
            sent.append((statement, parameters))

    event.listen(demo.engine, "before_cursor_execute", record)
    try:
        with demo.read() as session:
            result = run(session)
    finally:
        event.remove(demo.engine, "before_cursor_execute", record)
    return result, sent


def sqlite_plan(session: Session, statement: str, parameters: Any) -> list[str]:
    """The detail column of EXPLAIN QUERY PLAN, a line per step."""
    return [
        row[-1]
        for row in session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", parameters
        )
    ]


def assert_no_full_scans(
    demo: Database,
    username: str,
    query: str,
    scans_of: Callable[[Session, str, Any], list[str]],
) -> None:
    actor = actor_for(demo, username)
    _result, sent = statements_sent(
        demo,
        lambda session: HOT_QUERIES[query](session, actor),
        lambda statement: statement.lstrip().upper().startswith("SELECT"),
    )
    with demo.read() as session:
        scans = {
            statement: lines
            for statement, parameters in sent
            if (lines := scans_of(session, statement, parameters))
        }
    assert scans == {}


def test_a_small_reach_tests_names_in_the_index_and_reads_only_the_shown_rows(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reach plan tests each reached person's name keys in ix_persons_id_name_keys
    (migration 0027), not in the person's row; rows are read by primary key only for the
    persons that come out, ordered and limited."""
    _force_plan(monkeypatch, "reach")
    actor = actor_for(demo, "gruppchef")
    found, sent = statements_sent(
        demo,
        lambda session: search_persons(session, actor, "an"),
        lambda statement: "name_keys" in statement,
    )
    assert found
    ((statement, parameters),) = sent
    with demo.read() as session:
        plan = sqlite_plan(session, statement, parameters)
    persons = [line for line in plan if re.search(r"\b(persons|name_keys)\b", line)]
    assert persons == [
        "SEARCH name_keys USING COVERING INDEX ix_persons_id_name_keys (id=?)",
        "SEARCH persons USING INTEGER PRIMARY KEY (rowid=?)",
    ], plan


@pytest.mark.parametrize("query", ["unit persons pages", "unit person count"])
def test_a_units_current_rows_are_an_end_date_range(demo: Database, query: str) -> None:
    """Not every row the unit ever had: an index seek on (unit, end date) reads only the rows
    still open or ending today or later (two ranges, a UNION ALL rather than an OR)."""
    actor = actor_for(demo, "gruppchef")
    _result, sent = statements_sent(
        demo,
        lambda session: HOT_QUERIES[query](session, actor),
        lambda statement: "executions" in statement,
    )
    assert sent
    with demo.read() as session:
        for statement, parameters in sent:
            plan = " ".join(sqlite_plan(session, statement, parameters))
            assert "ix_executions_unit_end (unit_id=? AND end_date=?)" in plan, plan
            assert "ix_executions_unit_end (unit_id=? AND end_date>?)" in plan, plan


def test_a_nya_uppdrag_page_reads_its_persons_assignments_by_person(demo: Database) -> None:
    """The page's assignments and their intervention names are sought by the page's persons
    (ix_assignments_person_receiver), not by every unit and person (a seek per pair: 46,000
    for a verksamhetschef's page of the municipal demo)."""
    actor = actor_for(demo, "verksamhetschef")
    page, sent = statements_sent(
        demo,
        lambda session: new_assignment_queries.new_assignments_page(session, actor, limit=5),
        lambda statement: statement.lstrip().upper().startswith("SELECT") and "JOIN" in statement,
    )
    assert page.items
    assert len(sent) == 2  # the assignments, then their intervention names
    with demo.read() as session:
        for statement, parameters in sent:
            plan = sqlite_plan(session, statement, parameters)
            assignments = [line for line in plan if re.search(r"\bassignments\b", line)]
            assert assignments == [
                next(line for line in assignments if "ix_assignments_person_receiver" in line)
            ], plan
            assert "(person_id=?)" in assignments[0], plan


def _inbox_statement(demo: Database, username: str) -> tuple[str, Any]:
    """Inkorg's first SELECT: the user's newest messages."""
    actor = actor_for(demo, username)
    _page, sent = statements_sent(
        demo,
        lambda session: tree.inbox_page(session, actor, limit=5),
        lambda statement: "message_recipients" in statement and "ORDER BY" in statement,
    )
    return sent[0]


def test_inkorg_reads_the_newest_messages_from_the_index_and_stops_at_the_limit(
    demo: Database,
) -> None:
    """Newest first from ix_message_recipients_user_sent (migration 0028): no sort of all
    the user's messages, however many they have had."""
    statement, parameters = _inbox_statement(demo, "gruppchef")
    with demo.read() as session:
        plan = sqlite_plan(session, statement, parameters)
    assert any("ix_message_recipients_user_sent (user_id=?)" in line for line in plan), plan
    assert not any("TEMP B-TREE" in line for line in plan), plan


@pytest.mark.postgres
def test_inkorg_reads_the_newest_messages_from_the_index_on_postgres(pg_demo: Database) -> None:
    statement, parameters = _inbox_statement(pg_demo, "gruppchef")
    with pg_demo.read() as session:
        (plan,) = (
            session.connection()
            .exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
            .one()
        )
    document = plan if isinstance(plan, list) else json.loads(plan)
    nodes = list(_plan_nodes(document[0]["Plan"]))
    assert document[0]["Plan"]["Node Type"] == "Limit"
    assert not [node for node in nodes if node["Node Type"] in ("Sort", "Incremental Sort")]
    assert any(node.get("Index Name") == "ix_message_recipients_user_sent" for node in nodes), nodes


def _assignment_reads_statement(demo: Database) -> tuple[str, Any]:
    """The question of Genomförande's list and Kvittera: which of these assignments has the
    user opened (Läs uppdrag)."""
    actor = actor_for(demo, "personal")
    with demo.read() as session:
        assignment_ids = list(session.scalars(select(Assignment.id).limit(30)))
    _read, sent = statements_sent(
        demo,
        lambda session: audit.assignments_read_by(session, actor.user_id, assignment_ids),
        lambda statement: "audit_events" in statement,
    )
    assert len(sent) == 1
    return sent[0]


def test_which_assignments_a_user_has_read_is_one_seek_each_in_the_partial_index(
    demo: Database,
) -> None:
    """From ix_audit_events_assignment_reads (migration 0029), not from every audit event of
    the persons concerned, which grows with each read of them."""
    statement, parameters = _assignment_reads_statement(demo)
    with demo.read() as session:
        plan = sqlite_plan(session, statement, parameters)
    assert any(
        "ix_audit_events_assignment_reads (user_id=? AND entity_id=?)" in line for line in plan
    ), plan
    assert not any("ix_audit_events_person_id" in line for line in plan), plan


@pytest.mark.postgres
def test_which_assignments_a_user_has_read_can_use_the_partial_index_on_postgres(
    pg_demo: Database,
) -> None:
    """PostgreSQL can use the partial index for the question. The query states the index's
    condition as text, so that holds for the generic plan of a statement psycopg has prepared
    on the server (after five runs) too, where bound values would be unknown to the planner."""
    statement, parameters = _assignment_reads_statement(pg_demo)
    with pg_demo.read() as session:
        connection = session.connection()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        (plan,) = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).one()
    document = plan if isinstance(plan, list) else json.loads(plan)
    nodes = list(_plan_nodes(document[0]["Plan"]))
    assert any(node.get("Index Name") == "ix_audit_events_assignment_reads" for node in nodes), (
        nodes
    )
