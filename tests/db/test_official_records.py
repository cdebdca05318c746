"""Official records are never deleted and the logs never changed: the database itself refuses,
on SQLite and on PostgreSQL, whatever SQL is sent (migration 0008 with 0001 and 0003).

Every statement here is raw SQL on a demo municipality with at least one row in every
official table; each refused statement leaves the table as it was.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.app_role import APPEND_ONLY, OFFICIAL_RECORDS, TABLE_RIGHTS
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    AuditEvent,
    Base,
    HousingContract,
    HousingObject,
    HslOpening,
    ImplementationPlan,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
    ImplementationPlanGoal,
    Journal,
    JournalCorrection,
    JournalDisclosure,
    JournalEntry,
    JournalEntryVersion,
    PersonChange,
)
from treserva_desktop.demo import generate_demo
from treserva_desktop.domain.enums import AuditAction, DisclosureBasis, JournalKind, Role
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind

REFUSED = "never deleted|append-only"


def _fill(database: Database) -> None:
    """A small demo municipality plus one person change and one audit event."""
    migrate.upgrade(database)
    with database.transaction() as session:
        generate_demo(session, persons=4, seed=3)
        person_id = session.scalar(select(func.min(text("id"))).select_from(text("persons")))
        session.add(
            PersonChange(
                person_id=person_id,
                changed_at=SYSTEM_CLOCK.now(),
                field="phone",
                old_value="1",
                new_value="2",
            )
        )
        session.add(
            AuditEvent(
                occurred_at=SYSTEM_CLOCK.now(),
                action=AuditAction.READ_PERSON,
                entity_type="person",
                entity_id=person_id,
                person_id=person_id,
                details={},
            )
        )
        _add_plan(session, person_id)
        _add_journal(session, person_id)
        _add_journal_records(session)
        _add_housing(session, person_id)


def _add_plan(session: Session, person_id: int) -> None:
    """One genomförandeplan with a goal, an activity and a follow-up (migration 0015)."""
    user_id = session.scalar(select(func.min(text("id"))).select_from(text("users")))
    unit_id = session.scalar(select(func.min(text("id"))).select_from(text("org_units")))
    day = SYSTEM_CLOCK.today()
    plan = ImplementationPlan(
        person_id=person_id,
        unit_id=unit_id,
        established_on=day,
        established_by_user_id=user_id,
        person_took_part=True,
        participants="Personen",
        end_reason="",
        created_at=SYSTEM_CLOCK.now(),
    )
    session.add(plan)
    session.flush()
    session.add_all(
        [
            ImplementationPlanGoal(plan_id=plan.id, position=0, text="Mål"),
            ImplementationPlanActivity(
                plan_id=plan.id, position=0, what="Stöd", who="Personal", when_how=""
            ),
            ImplementationPlanFollowUp(
                plan_id=plan.id,
                followed_up_on=day,
                by_user_id=user_id,
                comment="Uppföljd",
                created_at=SYSTEM_CLOCK.now(),
            ),
        ]
    )


def _add_journal(session: Session, person_id: int) -> None:
    """One journal with one saved note (migration 0017)."""
    user_id = session.scalar(select(func.min(text("id"))).select_from(text("users")))
    unit_id = session.scalar(select(func.min(text("id"))).select_from(text("org_units")))
    now = SYSTEM_CLOCK.now()
    journal = Journal(
        person_id=person_id,
        unit_id=unit_id,
        kind=JournalKind.SOCIAL,
        template_code="home_care",
        title="Genomförandejournal",
        created_at=now,
        created_by=user_id,
    )
    session.add(journal)
    session.flush()
    entry = JournalEntry(
        journal_id=journal.id,
        author_id=user_id,
        author_role=Role.CARE_STAFF,
        unit_id=unit_id,
        heading="Besök",
        event_at=now,
        body="Text",
        created_at=now,
        saved_at=now,
        lock_due_at=now,
        signed=False,
    )
    session.add(entry)
    session.flush()
    session.add(
        JournalEntryVersion(
            entry_id=entry.id,
            version_no=1,
            heading="Besök",
            body="Text",
            event_at=now,
            keywords=[],
            saved_at=now,
            saved_by=user_id,
        )
    )


def _add_journal_records(session: Session) -> None:
    """A correction, an HSL opening and a disclosure basis on the note above (migration 0018)."""
    session.flush()
    user_id = session.scalar(select(func.min(text("id"))).select_from(text("users")))
    journal_id = session.scalar(select(func.min(text("id"))).select_from(text("journals")))
    entry_id = session.scalar(select(func.min(text("id"))).select_from(text("journal_entries")))
    now = SYSTEM_CLOCK.now()
    session.add(
        JournalCorrection(
            entry_id=entry_id,
            start_offset=0,
            end_offset=4,
            original_text="Text",
            replacement_text="Rättad text",
            reason="Fel ord",
            corrected_by=user_id,
            corrected_at=now,
        )
    )
    session.add(
        HslOpening(
            journal_id=journal_id,
            user_id=user_id,
            reason="Uppföljning",
            licensed_colleague="Sara Sjuksköterska",
            opened_at=now,
        )
    )
    session.add(
        JournalDisclosure(
            journal_id=journal_id,
            basis=DisclosureBasis.CONSENT,
            note="Muntligt samtycke",
            decided_by=user_id,
            decided_at=now,
        )
    )


def _add_housing(session: Session, person_id: int) -> None:
    """One housing object with a contract on it (migration 0020)."""
    user_id = session.scalar(select(func.min(text("id"))).select_from(text("users")))
    unit_id = session.scalar(select(func.min(text("id"))).select_from(text("org_units")))
    housing_object = HousingObject(
        unit_id=unit_id,
        label="Lgh 1",
        address="",
        kind=HousingKind.APARTMENT,
        created_at=SYSTEM_CLOCK.now(),
    )
    session.add(housing_object)
    session.flush()
    session.add(
        HousingContract(
            person_id=person_id,
            object_id=housing_object.id,
            kind=ContractKind.RENTAL,
            start_date=SYSTEM_CLOCK.today(),
            end_reason_code="",
            created_by_user_id=user_id,
            created_at=SYSTEM_CLOCK.now(),
        )
    )


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def filled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """One filled database per backend for the module: every statement here is refused or
    rolled back, so the tests share it."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path_factory.mktemp('records') / 'r.sqlite3'}")
        _fill(database)
        yield database
        database.dispose()
        return
    with scratch_postgres_url("treserva_records") as url:
        database = Database(url)
        try:
            _fill(database)
            yield database
        finally:
            database.dispose()


def count(database: Database, table: str) -> int:
    with database.read() as session:
        return int(session.scalar(text(f"SELECT count(*) FROM {table}")) or 0)


def refused(database: Database, statement: str) -> str:
    """Run `statement` in its own transaction; return the database's refusal."""
    with pytest.raises(DBAPIError) as caught, database.transaction() as session:
        session.execute(text(statement))
    return str(caught.value.orig)


@pytest.mark.parametrize("table", OFFICIAL_RECORDS)
def test_deleting_one_official_record_is_refused(filled: Database, table: str) -> None:
    before = count(filled, table)
    assert before > 0
    message = refused(filled, f"DELETE FROM {table} WHERE id = (SELECT min(id) FROM {table})")
    assert table in message or "append-only" in message
    assert count(filled, table) == before


@pytest.mark.parametrize("table", OFFICIAL_RECORDS)
def test_deleting_every_official_record_is_refused(filled: Database, table: str) -> None:
    """Without WHERE (SQLite's truncate optimisation is off when a DELETE trigger exists)."""
    before = count(filled, table)
    refused(filled, f"DELETE FROM {table}")
    assert count(filled, table) == before


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_updating_the_logs_is_refused(filled: Database, table: str) -> None:
    message = refused(filled, f"UPDATE {table} SET user_id = NULL")
    assert "append-only" in message


@pytest.mark.parametrize("table", ["journal_corrections", "hsl_openings", "journal_disclosures"])
def test_updating_journal_corrections_openings_and_disclosures_is_refused(
    filled: Database, table: str
) -> None:
    """Migration 0018: a correction, an opening or a disclosure basis stands as recorded."""
    column = {"journal_corrections": "reason", "hsl_openings": "reason"}.get(table, "note")
    refused(filled, f"UPDATE {table} SET {column} = 'Ändrad'")
    with filled.read() as session:
        assert session.scalar(text(f"SELECT count(*) FROM {table} WHERE {column} = 'Ändrad'")) == 0


@pytest.mark.parametrize("table", OFFICIAL_RECORDS)
def test_truncate_is_refused_on_postgresql(filled: Database, table: str) -> None:
    """CASCADE, so the foreign keys do not refuse first: the trigger is what says no."""
    if filled.is_sqlite:
        pytest.skip("SQLite has no TRUNCATE (its DELETE without WHERE is refused above)")
    before = count(filled, table)
    message = refused(filled, f"TRUNCATE {table} CASCADE")
    assert "TRUNCATE on" in message
    assert "never deleted" in message
    assert count(filled, table) == before


def test_the_rows_the_application_changes_stay_updatable(filled: Database) -> None:
    """An end date, a status, a read mark, an ended relation and a deactivated user (rolled
    back: the module shares the database)."""
    with filled.engine.connect() as connection, connection.begin() as transaction:
        for statement in (
            "UPDATE executions SET end_reason = 'Avslutad'",
            "UPDATE assignments SET goals = 'Nya mål' WHERE id = (SELECT min(id) FROM assignments)",
            "UPDATE message_recipients SET read_at = NULL",
            "UPDATE relations SET active = false WHERE id = (SELECT min(id) FROM relations)",
            "UPDATE users SET active = false WHERE id = (SELECT max(id) FROM users)",
            "UPDATE persons SET phone = '08-1' WHERE id = (SELECT min(id) FROM persons)",
        ):
            assert connection.execute(text(statement)).rowcount > 0
        transaction.rollback()


def test_the_lists_that_are_not_records_can_be_emptied(filled: Database) -> None:
    with filled.engine.connect() as connection, connection.begin() as transaction:
        assert connection.execute(text("DELETE FROM my_persons")).rowcount > 0
        transaction.rollback()


def _triggers(database: Database) -> set[tuple[str, str]]:
    """(table, trigger name) of every trigger, read from the catalog."""
    with database.read() as session:
        if database.is_sqlite:
            rows = session.execute(
                text("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            )
        else:
            rows = session.execute(
                text(
                    "SELECT c.relname, t.tgname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                )
            )
        return {(table, name) for table, name in rows}


def test_every_official_record_has_its_triggers_at_head(any_db: Database) -> None:
    """Catches a later migration that rebuilds a table (SQLite's batch mode does) and so drops
    its triggers without a word."""
    triggers = _triggers(any_db)
    postgresql = not any_db.is_sqlite
    for table in OFFICIAL_RECORDS:
        expected = set()
        if table in APPEND_ONLY:
            expected |= (
                {f"{table}_no_change"}
                if postgresql
                else {f"{table}_no_update", f"{table}_no_delete"}
            )
        else:
            expected.add(f"{table}_no_delete")
        if postgresql:
            expected.add(f"{table}_no_truncate")
        assert {(table, name) for name in expected} <= triggers, table


def test_every_table_has_its_application_rights_decided() -> None:
    """A new table says what the application's PostgreSQL role may do with it
    (db/app_role.TABLE_RIGHTS); an official record is never deletable there."""
    assert set(Base.metadata.tables) | {"alembic_version"} <= set(TABLE_RIGHTS)
    for table in OFFICIAL_RECORDS:
        assert "DELETE" not in TABLE_RIGHTS[table]
    for table in APPEND_ONLY:
        assert "UPDATE" not in TABLE_RIGHTS[table]
