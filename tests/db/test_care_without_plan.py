"""care_without_plan (migration 0025) is kept by the database itself: after any write to
executions or implementation_plans, through the services or as raw SQL, it holds exactly
what the records say, on SQLite and on PostgreSQL.

The right answer is recomputed here from the records with a query of the test's own: per
(person, unit) with a row that is not revoked and no plan, the number of open-ended rows and
the latest end date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import ImplementationPlan
from treserva_desktop.demo import generate_demo

_EXPECTED = """
SELECT e.person_id, e.unit_id,
       SUM(CASE WHEN e.end_date IS NULL THEN 1 ELSE 0 END), MAX(e.end_date)
FROM executions e
WHERE e.status <> 'revoked'
  AND NOT EXISTS (SELECT 1 FROM implementation_plans p
                  WHERE p.person_id = e.person_id AND p.unit_id = e.unit_id)
GROUP BY e.person_id, e.unit_id
"""


def _kept(session: Session) -> dict[tuple[int, int], tuple[int, date | None]]:
    """The table's rows that say anything: pairs left with no row but revoked ones keep
    (0, NULL), which no count takes for current care."""
    rows = session.execute(
        text("SELECT person_id, unit_id, open_rows, last_end FROM care_without_plan")
    ).all()
    return {(r[0], r[1]): (r[2], _day(r[3])) for r in rows if (r[2], r[3]) != (0, None)}


def _expected(session: Session) -> dict[tuple[int, int], tuple[int, date | None]]:
    return {(r[0], r[1]): (int(r[2]), _day(r[3])) for r in session.execute(text(_EXPECTED)).all()}


def _day(value: object) -> date | None:
    """SQLite returns raw SQL dates as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path_factory.mktemp('care') / 'c.sqlite3'}")
        try:
            migrate.upgrade(db)
            yield db
        finally:
            db.dispose()
        return
    with scratch_postgres_url("treserva_care", migrated=True) as url:
        db = Database(url)
        try:
            yield db
        finally:
            db.dispose()


def _pair_without_plan(session: Session) -> tuple[int, int]:
    row = session.execute(
        text(
            "SELECT person_id, unit_id FROM care_without_plan "
            "WHERE open_rows > 0 ORDER BY person_id, unit_id LIMIT 1"
        )
    ).one()
    return row[0], row[1]


def test_the_demo_is_kept_exactly(database: Database) -> None:
    """The demo writes rows and plans in bulk (Core inserts): the triggers keep up, and some
    current care has no plan, so the test below has something to change."""
    with database.transaction() as session:
        generate_demo(session, persons=40, seed=5)
    with database.read() as session:
        kept = _kept(session)
        assert kept == _expected(session)
        assert any(open_rows > 0 for open_rows, _end in kept.values())


def test_ending_revoking_and_a_plan_are_followed(database: Database) -> None:
    with database.transaction() as session:
        generate_demo(session, persons=40, seed=5)
    today = SYSTEM_CLOCK.today()
    with database.transaction() as session:
        person_id, unit_id = _pair_without_plan(session)
        ids = [
            r[0]
            for r in session.execute(
                text(
                    "SELECT id FROM executions WHERE person_id = :p AND unit_id = :u "
                    "AND status <> 'revoked' ORDER BY id"
                ),
                {"p": person_id, "u": unit_id},
            ).all()
        ]
        # End every row of the pair tomorrow: no open rows, still current until then.
        session.execute(
            text("UPDATE executions SET end_date = :d WHERE person_id = :p AND unit_id = :u"),
            {"d": today + timedelta(days=1), "p": person_id, "u": unit_id},
        )
    with database.read() as session:
        assert _kept(session)[(person_id, unit_id)] == (0, today + timedelta(days=1))
        assert _kept(session) == _expected(session)
    with database.transaction() as session:
        session.execute(
            text("UPDATE executions SET status = 'revoked' WHERE id = :id"), {"id": ids[0]}
        )
    with database.read() as session:
        assert _kept(session) == _expected(session)
    with database.transaction() as session:
        user_id = session.execute(text("SELECT min(id) FROM users")).scalar_one()
        session.add(
            ImplementationPlan(
                person_id=person_id,
                unit_id=unit_id,
                established_on=today,
                established_by_user_id=user_id,
                person_took_part=True,
                participants="Personen",
                end_reason="",
                created_at=SYSTEM_CLOCK.now(),
            )
        )
    with database.read() as session:
        kept = _kept(session)
        assert (person_id, unit_id) not in kept
        assert kept == _expected(session)


def test_a_row_moved_to_another_unit_refreshes_both_pairs(database: Database) -> None:
    """No service moves a row, but the database keeps the table whatever SQL is sent."""
    with database.transaction() as session:
        generate_demo(session, persons=40, seed=5)
    with database.transaction() as session:
        person_id, unit_id = _pair_without_plan(session)
        other_unit = session.execute(
            text("SELECT min(id) FROM org_units WHERE id <> :u"), {"u": unit_id}
        ).scalar_one()
        session.execute(
            text("UPDATE executions SET unit_id = :other WHERE person_id = :p AND unit_id = :u"),
            {"other": other_unit, "p": person_id, "u": unit_id},
        )
    with database.read() as session:
        assert (person_id, unit_id) not in _kept(session)
        assert _kept(session) == _expected(session)
