"""A person's name keys by id, for searches that start from the persons a user reaches (issue 8).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04 01:10:00.000000

Sök person for a user with a small reach (a gruppchef's few thousand persons) starts from the
persons the user's units reach and keeps those whose name matches. Each of them was looked up
in the persons table itself, a wide row with name, address and numbers, only to compare two
name keys: 4,660 lookups for a search of "B" on the municipal demo. This index holds just the
id and the two keys, so the test is answered from the index, and only the `limit` persons
shown are read from the table. Measured on the municipal demo (the SELECT alone): SQLite 12
to 5 ms for "B" and 8 to 5 ms for "Björk", PostgreSQL 17 to 9 ms and 24 to 9 ms.
"""

from __future__ import annotations

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

INDEX = "ix_persons_id_name_keys"


def upgrade() -> None:
    op.create_index(INDEX, "persons", ["id", "last_name_key", "first_name_key"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="persons")
