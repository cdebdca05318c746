"""not_indexed: SQLite gets a unary plus (its planner then leaves the term to the rows an
index found), PostgreSQL the column itself; the value and comparisons are unchanged."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Date, Integer, MetaData, Table, create_engine, select
from sqlalchemy.dialects import postgresql, sqlite

from treserva_desktop.db.not_indexed import not_indexed

METADATA = MetaData()
ROWS = Table(
    "rows",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("start_date", Date, index=True),
)


def test_sqlite_gets_a_unary_plus_and_postgresql_the_column() -> None:
    statement = select(ROWS.c.id).where(not_indexed(ROWS.c.start_date) <= date(2026, 11, 30))
    assert "WHERE +rows.start_date <= ?" in str(statement.compile(dialect=sqlite.dialect()))
    assert "WHERE rows.start_date <= %(param_1)s::DATE" in str(
        statement.compile(dialect=postgresql.dialect())
    )


def test_dates_compare_as_the_column_does_and_the_index_is_not_used() -> None:
    engine = create_engine("sqlite://")
    METADATA.create_all(engine)
    days = [date(2026, 11, day) for day in (1, 15, 29, 30)] + [date(2026, 12, 1), None]
    with engine.begin() as connection:
        connection.execute(ROWS.insert(), [{"start_date": day} for day in days])
        last = date(2026, 11, 30)
        plain = select(ROWS.c.id).where(ROWS.c.start_date <= last).order_by(ROWS.c.id)
        hidden = select(ROWS.c.id).where(not_indexed(ROWS.c.start_date) <= last).order_by(ROWS.c.id)
        assert connection.scalars(hidden).all() == connection.scalars(plain).all() == [1, 2, 3, 4]
        compiled = hidden.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
        plan = " ".join(
            row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
        )
        assert "ix_rows_start_date" not in plan, plan
