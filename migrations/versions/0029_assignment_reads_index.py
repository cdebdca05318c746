"""Whether a user has opened an assignment, from an index of the Läs uppdrag events (issue 8).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04 11:30:00.000000

Genomförande's list marks the assignments the user has not opened (Läs uppdrag), and Kvittera
asks again for those. Both looked for the READ_ASSIGNMENT events among the audit events of
the persons concerned, through the index on person_id: every event of every person listed,
whatever it was. On the municipal demo that was 14,000 events for the 154 assignments of a
large unit (22 ms, twice per Kvittera), and it grows with every read of those persons.

A partial index of the Läs uppdrag events alone, by user and assignment, answers it with one
seek per assignment. Only those events are in it, so other events cost it nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

_INDEX = "ix_audit_events_assignment_reads"
# As in db/models/audit.py (ASSIGNMENT_READS) when this migration was written.
_WHERE = "action = 'read_assignment' AND entity_type = 'assignment'"


def upgrade() -> None:
    op.create_index(
        _INDEX,
        "audit_events",
        ["user_id", "entity_id"],
        sqlite_where=sa.text(_WHERE),
        postgresql_where=sa.text(_WHERE),
    )


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="audit_events")
