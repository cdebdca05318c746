"""Least privilege on PostgreSQL: the application's own role does its work and nothing more.

The owner migrates and fills the database and creates the role with
`treserva-desktop db create-app-role`; the tests then connect as that role. Its normal actions
go through (send, distribute, log in, read a person with its audit row, mark a message read),
while every way the issue found to erase the audit trail or drop the data fails: the role owns
nothing and has no DELETE, TRUNCATE, TRIGGER or CREATE rights.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from tests.helpers.assignment_world import World, build_world
from tests.helpers.postgres import PG_URL_ENV, scratch_postgres_url

from treserva_desktop.cli import main
from treserva_desktop.db import migrate
from treserva_desktop.db.app_role import TABLE_RIGHTS, create_app_role_sql
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.persons import person_overview
from treserva_desktop.domain.commands import Login
from treserva_desktop.services import auth


@dataclass
class Roles:
    owner_url: str
    app_url: str
    role: str
    world: World  # its database connects as the application's role


@pytest.fixture
def roles() -> Iterator[Roles]:
    role = f"treserva_app_{uuid.uuid4().hex[:10]}"
    try:
        with scratch_postgres_url("treserva_role") as owner_url:
            owner = Database(owner_url)
            migrate.upgrade(owner)
            world = build_world(owner)  # units and users: an administrator's work
            owner.dispose()
            assert main(["--database-url", owner_url, "db", "create-app-role", role]) == 0
            app_url = make_url(owner_url).set(username=role, password=None)
            app = Database(app_url.render_as_string(hide_password=False))
            try:
                yield Roles(
                    owner_url,
                    str(app.url.render_as_string(False)),
                    role,
                    dataclasses.replace(world, db=app),
                )
            finally:
                app.dispose()
    finally:
        admin = create_engine(os.environ[PG_URL_ENV], isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


def _count(database: Database, table: str) -> int:
    with database.read() as session:
        return int(session.scalar(text(f"SELECT count(*) FROM {table}")) or 0)


@pytest.mark.postgres
def test_the_application_role_does_its_normal_work(roles: Roles) -> None:
    world = roles.world
    db = world.db
    audit_before = _count(db, "audit_events")
    sent = world.send_billable()  # person, case, decision, interventions, assignment, message
    world.distribute(sent)  # rows, the intervention locked FOR UPDATE, the assignment updated
    with db.transaction() as session:
        overview = person_overview(session, world.actor("gruppchef"), sent.person_id)
    assert overview.id == sent.person_id
    with db.transaction() as session:
        outcome = auth.login(session, None, Login(username="gruppchef", password="fel"))
    assert outcome.actor is None  # a failed login is counted on the user (an UPDATE)
    with db.transaction() as session:
        session.execute(text("UPDATE message_recipients SET read_at = now()"))
        session.execute(text("DELETE FROM my_persons"))
    assert _count(db, "executions") >= 1
    assert _count(db, "audit_events") > audit_before
    migrate.check_schema(db)


def _refused(database: Database, *statements: str) -> str:
    """Run the statements in one transaction; the first refusal ends it (rolled back)."""

    def run() -> None:
        with database.engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)

    with pytest.raises(DBAPIError) as caught:
        run()
    return str(caught.value.orig)


@pytest.mark.postgres
def test_the_application_role_cannot_erase_the_audit_trail_or_the_records(
    roles: Roles,
) -> None:
    world = roles.world
    db = world.db
    sent = world.send_billable()
    world.distribute(sent)
    counts = {table: _count(db, table) for table in ("audit_events", "executions", "persons")}
    assert all(counts.values())

    attempts: dict[str, tuple[str, ...]] = {
        "truncate": ("TRUNCATE audit_events",),
        "truncate cascade": ("TRUNCATE executions CASCADE",),
        "disable trigger + delete": (
            "ALTER TABLE audit_events DISABLE TRIGGER ALL",
            "DELETE FROM audit_events",
        ),
        "drop trigger + update": (
            "DROP TRIGGER audit_events_no_change ON audit_events",
            "UPDATE audit_events SET user_id = NULL",
        ),
        "replace the trigger function": (
            "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS "
            "$$ BEGIN RETURN OLD; END $$ LANGUAGE plpgsql",
        ),
        "replication role (triggers off)": ("SET session_replication_role = replica",),
        "drop schema": ("DROP SCHEMA public CASCADE",),
        "drop table": ("DROP TABLE audit_events",),
        "delete audit": ("DELETE FROM audit_events",),
        "update audit": ("UPDATE audit_events SET user_id = NULL",),
        "delete rows": ("DELETE FROM executions",),
        "delete persons": ("DELETE FROM persons",),
        "delete history": ("DELETE FROM person_changes",),
        "create table": ("CREATE TABLE stolen (x int)",),
        "take ownership": (f"ALTER TABLE audit_events OWNER TO {roles.role}",),
        # PostgreSQL only warns that nothing was granted; the DELETE then fails.
        "grant itself + delete": (
            f"GRANT DELETE ON executions TO {roles.role}",
            "DELETE FROM executions",
        ),
        "forge the demo flag": ("INSERT INTO app_settings (key, value) VALUES ('demo_data', '1')",),
        "new units": ("INSERT INTO org_units (name, kind) VALUES ('X', 'unit')",),
    }
    messages = {name: _refused(db, *statements) for name, statements in attempts.items()}
    for name, message in messages.items():
        assert any(
            reason in message
            for reason in ("permission denied", "must be owner", "never deleted", "append-only")
        ), (name, message)
    assert {table: _count(db, table) for table in counts} == counts


@pytest.mark.postgres
def test_db_upgrade_is_the_owners_and_reapplies_the_rights(
    roles: Roles, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", roles.app_url, "db", "upgrade"]) == 1
    assert "databasens ägare" in capsys.readouterr().err

    # A table a new version adds: the owner's upgrade gives the role its rights there too.
    owner = create_engine(roles.owner_url)
    with owner.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE new_feature (id serial PRIMARY KEY, x int)")
    owner.dispose()
    with pytest.raises(DBAPIError, match="permission denied"):
        _count(roles.world.db, "new_feature")
    assert main(["--database-url", roles.owner_url, "db", "upgrade"]) == 0
    with roles.world.db.transaction() as session:
        session.execute(text("INSERT INTO new_feature (x) VALUES (1)"))
    assert _count(roles.world.db, "new_feature") == 1
    _refused(roles.world.db, "DELETE FROM new_feature")


@pytest.mark.postgres
def test_creating_the_role_twice_only_regrants(
    roles: Roles, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", roles.owner_url, "db", "create-app-role", roles.role]) == 0
    assert "fanns redan" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["Stor", "pg_x", "a-b", "a;drop", "x" * 64])
def test_role_names_that_are_not_plain_are_refused(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "create-app-role", name, "--sql"]) == 1
    assert "Rollnamnet" in capsys.readouterr().err


def test_the_sql_for_a_database_administrator(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://agare@server/treserva"
    assert main(["--database-url", url, "db", "create-app-role", "treserva_app", "--sql"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].startswith("CREATE ROLE treserva_app LOGIN NOSUPERUSER")
    assert 'GRANT CONNECT ON DATABASE "treserva" TO treserva_app;' in out
    assert "GRANT SELECT, INSERT ON audit_events TO treserva_app;" in out
    assert "GRANT SELECT, INSERT, UPDATE ON executions TO treserva_app;" in out
    assert "TRUNCATE" not in out
    assert "\\password treserva_app" in out
    assert out.count("GRANT ") == len(TABLE_RIGHTS) + 3
    assert create_app_role_sql("treserva_app", "treserva", TABLE_RIGHTS)[0] in out
    assert "INSERT INTO app_settings" in out


@pytest.mark.postgres
def test_the_sql_run_by_hand_records_the_role_for_db_upgrade(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A database administrator pastes the --sql output into psql: it works as the command."""
    role = f"treserva_app_{uuid.uuid4().hex[:10]}"
    try:
        with scratch_postgres_url("treserva_role") as url:
            assert main(["--database-url", url, "db", "upgrade"]) == 0
            capsys.readouterr()
            assert main(["--database-url", url, "db", "create-app-role", role, "--sql"]) == 0
            statements = [
                line.rstrip(";")
                for line in capsys.readouterr().out.splitlines()
                if line and not line.startswith("--")
            ]
            engine = create_engine(url)
            with engine.begin() as connection:
                for statement in statements:
                    connection.exec_driver_sql(statement)
                for statement in statements[-1:]:  # recording twice keeps one entry
                    connection.exec_driver_sql(statement)
                recorded = connection.scalar(
                    text("SELECT value FROM app_settings WHERE key = 'app_roles'")
                )
            engine.dispose()
            assert recorded == role
            assert main(["--database-url", url, "db", "upgrade"]) == 0
            app = create_engine(make_url(url).set(username=role, password=None))
            with app.connect() as connection:
                assert connection.scalar(text("SELECT count(*) FROM org_units")) == 0
            app.dispose()
    finally:
        admin = create_engine(os.environ[PG_URL_ENV], isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


def test_docs_show_the_sql_this_version_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/security.md quotes `db create-app-role treserva_app --sql`; a new table or right
    shows up there too."""
    url = "postgresql+psycopg://treserva_owner@dbserver/treserva"
    assert main(["--database-url", url, "db", "create-app-role", "treserva_app", "--sql"]) == 0
    printed = capsys.readouterr().out
    docs = (Path(__file__).parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    assert f"```sql\n{printed}```" in docs
