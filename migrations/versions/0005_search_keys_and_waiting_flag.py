"""Indexed name keys on persons, the stored Nya uppdrag flag on assignments, and indexes for
the hot queries (issue 8).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:00:00.000000

- persons.first_name_key / last_name_key: the names case-folded with å, ä, ö ordered after z
  (db/name_keys.py, frozen below as `_swedish_key`), so the name search is an index range
  and person lists sort in SQL. Collation "C" on PostgreSQL so the ranges compare by code
  point. Backfilled in batches of ids; indexed (last, first, id) and (first, last, id). 0004's
  plain name indexes are no longer used and are dropped.
- assignments.awaiting_distribution: RECEIVED, or ACCEPTED with an intervention without an
  execution row; backfilled from exactly that definition. Indexed with the receiving unit.
- executions (unit_id, status, person_id): Genomförande and a unit's persons from the index.

Columns are added with plain ALTER TABLE ... ADD COLUMN on SQLite (no table copy: persons and
assignments are referenced by other tables). Their server defaults only serve the ADD COLUMN;
the application always writes the values.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BATCH = 5000
_FIRST_NAME_LENGTH = 80
_LAST_NAME_LENGTH = 80
_SWEDISH_ORDER = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ö": "}",
        "ø": "}",
        "é": "e",
        "è": "e",
        "á": "a",
        "à": "a",
        "ü": "y",
    }
)


def _swedish_key(text: str) -> str:
    """Frozen copy of treserva_desktop.db.name_keys.swedish_key as of this revision."""
    return unicodedata.normalize("NFC", text).casefold().translate(_SWEDISH_ORDER)


def _key_type(length: int, postgresql: bool) -> sa.String:
    return sa.String(length, collation="C") if postgresql else sa.String(length)


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    op.add_column(
        "persons",
        sa.Column(
            "first_name_key",
            _key_type(2 * _FIRST_NAME_LENGTH, postgresql),
            nullable=False,
            server_default="",
        ),
    )
    op.add_column(
        "persons",
        sa.Column(
            "last_name_key",
            _key_type(2 * _LAST_NAME_LENGTH, postgresql),
            nullable=False,
            server_default="",
        ),
    )
    _backfill_name_keys(bind)
    op.drop_index("ix_persons_first_name", table_name="persons")
    op.drop_index("ix_persons_last_name", table_name="persons")
    op.create_index("ix_persons_name_key", "persons", ["last_name_key", "first_name_key", "id"])
    op.create_index(
        "ix_persons_first_name_key", "persons", ["first_name_key", "last_name_key", "id"]
    )

    op.add_column(
        "assignments",
        sa.Column("awaiting_distribution", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        sa.text(
            """
            UPDATE assignments SET awaiting_distribution = :yes
            WHERE status = 'received'
               OR (status = 'accepted' AND EXISTS (
                    SELECT 1 FROM assignment_items i
                    WHERE i.assignment_id = assignments.id
                      AND NOT EXISTS (
                        SELECT 1 FROM executions e
                        WHERE e.assignment_id = assignments.id
                          AND e.intervention_id = i.intervention_id)))
            """
        ).bindparams(yes=True)
    )
    op.create_index(
        "ix_assignments_receiver_waiting",
        "assignments",
        ["receiver_unit_id", "awaiting_distribution", "person_id"],
    )
    op.create_index("ix_executions_unit_status", "executions", ["unit_id", "status", "person_id"])


def _backfill_name_keys(bind: sa.engine.Connection) -> None:
    """In batches of ids, so memory stays bounded on a large registry."""
    after = 0
    update = sa.text(
        "UPDATE persons SET first_name_key = :first_key, last_name_key = :last_key WHERE id = :id"
    )
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, first_name, last_name FROM persons WHERE id > :after "
                "ORDER BY id LIMIT :batch"
            ),
            {"after": after, "batch": _BATCH},
        ).all()
        if not rows:
            return
        bind.execute(
            update,
            [
                {"id": id_, "first_key": _swedish_key(first), "last_key": _swedish_key(last)}
                for id_, first, last in rows
            ],
        )
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_executions_unit_status", table_name="executions")
    op.drop_index("ix_assignments_receiver_waiting", table_name="assignments")
    op.drop_index("ix_persons_first_name_key", table_name="persons")
    op.drop_index("ix_persons_name_key", table_name="persons")
    op.create_index("ix_persons_last_name", "persons", ["last_name"])
    op.create_index("ix_persons_first_name", "persons", ["first_name"])
    # Plain DROP COLUMN on both backends (SQLite >= 3.35): none of these has a constraint.
    op.execute("ALTER TABLE assignments DROP COLUMN awaiting_distribution")
    op.execute("ALTER TABLE persons DROP COLUMN last_name_key")
    op.execute("ALTER TABLE persons DROP COLUMN first_name_key")
