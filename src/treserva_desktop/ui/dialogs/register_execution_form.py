"""What Registrera's fields hold, and the command they make after the service's own rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.commands.distribution import DistributeIntervention, RegisterExecution
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views import ExecutionRowView
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
)

Command = DistributeIntervention | RegisterExecution


@dataclass(frozen=True, slots=True)
class RegisterInput:
    """The dialog's fields as read (unit_id None when no unit is chosen)."""

    unit_id: int | None
    start: date
    end: date | None
    hours: Decimal | None
    per: TimePer | None
    to_execution: bool
    # Debiteringsområde chosen in the dialog for a person who has none (None: not chosen).
    billing_area_code: str | None = None


def build_command(
    view: AssignmentDistributionView,
    intervention: DistributionIntervention,
    row: ExecutionRowView | None,
    expected_version: int,
    given: RegisterInput,
) -> Command:
    """The command, after the same rules the service applies (raises DomainError)."""
    hours, per, to_execution = given.hours, given.per, given.to_execution
    if row is not None:
        _check_time(intervention, hours, per)
        assignment_rules.check_billing_area(
            not intervention.needs_billing_area, intervention.business_area, to_execution
        )
        return RegisterExecution(
            execution_id=row.id,
            hours=hours,
            per=per,
            to_execution=to_execution,
            expected_version=expected_version,
        )
    if given.unit_id is None:
        raise ValidationError(assignment_rules.CHOOSE_PERFORMING_UNIT, field="unit_id")
    start, end = given.start, given.end
    assignment_rules.check_period(start, end)
    assignment_rules.check_inside_decision(start, end, view.decision_start, view.decision_end)
    _check_time(intervention, hours, per)
    billing = given.billing_area_code if intervention.needs_billing_area else None
    assignment_rules.check_billing_area(
        not intervention.needs_billing_area or billing is not None,
        intervention.business_area,
        to_execution,
    )
    assignment_rules.check_no_overlap(
        start,
        end,
        (
            ExistingRow(existing.start_date, existing.end_date, existing.status, existing.unit_name)
            for existing in intervention.rows
        ),
    )
    return DistributeIntervention(
        assignment_id=view.assignment_id,
        intervention_id=intervention.intervention_id,
        unit_id=given.unit_id,
        start_date=start,
        end_date=end,
        hours=hours,
        per=per,
        to_execution=to_execution,
        expected_version=expected_version,
        billing_area_code=billing,
    )


def _check_time(
    intervention: DistributionIntervention, hours: Decimal | None, per: TimePer | None
) -> None:
    assignment_rules.hours_to_minutes(
        hours, per, requires_time=intervention.requires_time, type_name=intervention.name
    )
