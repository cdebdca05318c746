"""The permission table's entries for the log extract (services.log_extract,
db.queries.log_extract), merged into TABLE by permission_table.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session
from tests.helpers.role_world import TODAY, RoleWorld
from tests.services.permission_table import _HELPER, Checked, Exempt, Rule, _target

from treserva_desktop.domain.commands.log_extract import LogExtractOutput, ProduceLogExtract
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import log_extract


# The systemadministratör for anyone; a verksamhetschef for the persons of their own units.
def _extract_rule(role: Role, in_scope: bool) -> bool:
    return role is Role.ADMINISTRATOR or (role is Role.OPERATIONS_MANAGER and in_scope)


LOG_EXTRACT: Rule = _extract_rule


def _produce(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    command = ProduceLogExtract(
        person_id=_target(world, "person", in_scope),
        period_start=TODAY - timedelta(days=30),
        period_end=TODAY,
    )
    return lambda: log_extract.produce_log_extract(session, actor, command)


def _output(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    command = LogExtractOutput(person_id=_target(world, "person", in_scope))
    return lambda: log_extract.record_log_extract_output(session, actor, command)


LOG_EXTRACT_TABLE: dict[str, Checked | Exempt] = {
    "services.log_extract.produce_log_extract": Checked(LOG_EXTRACT, _produce),
    "services.log_extract.record_log_extract_output": Checked(LOG_EXTRACT, _output),
    "db.queries.log_extract.extract_rows": Exempt(
        _HELPER + "a person's audit events (the log extract service checks first)"
    ),
}
