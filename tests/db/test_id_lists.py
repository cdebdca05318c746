"""`in_ids`: the same rows as IN on both databases, one array parameter on PostgreSQL, and a
cached compilation that takes each call's ids."""

from __future__ import annotations

from sqlalchemy import event, select
from tests.helpers.assignment_world import build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.id_lists import in_ids, in_ids_param
from treserva_desktop.db.models import OrgUnit


def test_in_ids_finds_what_in_finds_and_reuses_its_compilation(any_db: Database) -> None:
    world = build_world(any_db)
    ids = sorted(world.units.values())
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(any_db.engine, "before_cursor_execute", record)
    try:
        with any_db.read() as session:
            for wanted in (ids[:3], ids[2:], [ids[4]], [], [-1, ids[0]]):
                found = session.scalars(
                    select(OrgUnit.id).where(in_ids(OrgUnit.id, wanted)).order_by(OrgUnit.id)
                ).all()
                assert found == sorted(set(wanted) & set(ids))
            # An expression as the column, beside other conditions.
            shifted = session.scalars(
                select(OrgUnit.id).where(
                    in_ids(OrgUnit.id + 0, ids[:2]), OrgUnit.name != "finns inte"
                )
            ).all()
            assert sorted(shifted) == ids[:2]
    finally:
        event.remove(any_db.engine, "before_cursor_execute", record)
    text, parameters = statements[1]
    if any_db.dialect == "postgresql":
        assert "= ANY(" in text
        assert " IN " not in text
        assert list(ids[2:]) in list(dict(parameters).values())  # type: ignore[call-overload]
    else:
        assert " IN (" in text
        assert "ANY" not in text


def test_in_ids_param_takes_its_ids_at_execution_and_compiles_once(any_db: Database) -> None:
    """A statement built once with in_ids_param: every call's ids, one compilation; on
    PostgreSQL the same text whatever the number of ids (one array parameter)."""
    world = build_world(any_db)
    ids = sorted(world.units.values())
    statement = (
        select(OrgUnit.id).where(in_ids_param(OrgUnit.id + 0, "wanted")).order_by(OrgUnit.id)
    )
    texts: list[str] = []

    def record(_conn, _cursor, text, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        texts.append(text)

    event.listen(any_db.engine, "before_cursor_execute", record)
    try:
        with any_db.read() as session:
            connection = session.connection()
            for wanted in (ids[:3], ids[2:], [ids[4]], [-1, ids[0]]):
                found = connection.execute(statement, {"wanted": wanted}).scalars().all()
                assert found == sorted(set(wanted) & set(ids))
    finally:
        event.remove(any_db.engine, "before_cursor_execute", record)
    # Compiled once: the statement's cache key holds no ids.
    assert statement._generate_cache_key() is not None
    if any_db.dialect == "postgresql":
        assert len(set(texts)) == 1
        assert "= ANY(" in texts[0]
    else:
        assert all(" IN (" in text for text in texts)
