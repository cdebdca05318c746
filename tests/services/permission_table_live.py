"""The permission table's entries for what the live updates read (issue 16), merged into
TABLE by permission_table.py: the receiving units of new assignments for the notification
(only those under the actor's Nya uppdrag), and who last changed an assignment for the
banner (those who may read it)."""

from __future__ import annotations

from tests.services.permission_table import (
    MANAGE_ASSIGNMENTS,
    READ_ASSIGNMENT,
    Checked,
    Exempt,
    _target,
)

from treserva_desktop.db.queries import live as live_queries

LIVE_TABLE: dict[str, Checked | Exempt] = {
    "db.queries.live.new_assignment_units": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: live_queries.new_assignment_units(
                session, actor, [_target(world, "received", in_scope)]
            )
        ),
        shows=lambda result, _world, _in: bool(result),
    ),
    "db.queries.live.assignment_last_change": Checked(
        READ_ASSIGNMENT,
        lambda session, world, actor, in_scope: (
            lambda: live_queries.assignment_last_change(
                session, actor, _target(world, "assignment", in_scope)
            )
        ),
    ),
}
