"""`in_ids`: the same rows as IN on both databases, one array parameter on PostgreSQL, and a
cached compilation that takes each call's ids."""

from __future__ import annotations

from sqlalchemy import event, select
from tests.helpers.assignment_world import build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.id_lists import in_ids
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
