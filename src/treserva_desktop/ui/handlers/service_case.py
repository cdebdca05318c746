"""Handlers of boservice cases (W12): Nytt boserviceärende… and Ärenden (boservice)…."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from treserva_desktop.db.queries import service_case as queries
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.views import PersonListItem
from treserva_desktop.domain.views.not_current import NotCurrentPerson
from treserva_desktop.domain.views.service_case import ServiceCaseView
from treserva_desktop.services.service_case import (
    close_service_case,
    open_service_case,
    set_service_decision_end,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.close_service_case_dialog import CloseServiceCaseDialog
from treserva_desktop.ui.dialogs.new_service_case_dialog import (
    NewServiceCaseDialog,
    NewServiceCaseInput,
)
from treserva_desktop.ui.dialogs.service_case_dialog import ServiceCaseDialog, ServiceCaseOps
from treserva_desktop.ui.runner import GENERIC_READ_ERROR, fetch, rehearser, submitter
from treserva_desktop.ui.tree.nodes import Node, NodeKind, PersonRef, is_new_assignment_person

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


def person_text(node: Node) -> str:
    payload = node.payload
    if isinstance(payload, NotCurrentPerson):
        payload = payload.person
    if isinstance(payload, PersonListItem):
        return f"{payload.name}, {payload.identity_display}"
    return node.title or node.label


def is_unit_person(node: Node) -> bool:
    """A person under a unit in Mina enheter (the unit where boservice would be given)."""
    return isinstance(node.ref, PersonRef) and node.ref.unit_id is not None


def new_service_case(actx: ActionContext) -> None:
    """Nytt boserviceärende…: types, unit and start; the rows go straight to execution."""
    node = actx.node
    if node is None or node.person_id is None:
        return
    ctx = actx.ctx
    unit_id = node.ref.unit_id if isinstance(node.ref, PersonRef) else None
    types = fetch(ctx, queries.service_types)
    units = fetch(ctx, queries.service_units, near_unit_id=unit_id)
    if types.value is None or units.value is None:
        messages.error(actx.parent, types.error or units.error or GENERIC_READ_ERROR)
        return
    near = [choice.id for choice in units.value if choice.id == unit_id]
    data = NewServiceCaseInput(
        person_id=node.person_id,
        person_text=person_text(node),
        types=tuple(types.value),
        units=units.value,
        unit_id=near[0] if near else None,
        today=ctx.clock.today(),
    )
    NewServiceCaseDialog.ask(actx.parent, data, submit=submitter(ctx, open_service_case))


def _close(ctx: AppContext, parent: QWidget, case: ServiceCaseView, closing_on: date) -> bool:
    reasons = fetch(ctx, queries.close_reasons)
    if reasons.value is None:
        messages.error(parent, reasons.error or GENERIC_READ_ERROR)
        return False
    done = CloseServiceCaseDialog.ask(
        parent,
        case,
        reasons.value,
        closing_on,
        summarise=lambda day: fetch(ctx, queries.service_case_summary, case.id, day),
        submit=submitter(ctx, close_service_case),
        rehearse=rehearser(ctx, close_service_case),
    )
    return done is not None and done.value is not None


def service_cases(actx: ActionContext) -> None:
    """Ärenden (boservice)…: the person's boservice cases; Välj, Spara, Avsluta › Sammanställ."""
    node = actx.node
    if node is None or node.person_id is None:
        return
    ctx = actx.ctx
    person_id = node.person_id
    ops = ServiceCaseOps(
        load=lambda: fetch(ctx, queries.person_service_cases, person_id),
        save_end=submitter(ctx, set_service_decision_end),
        close=lambda parent, case, day: _close(ctx, parent, case, day),
        today=ctx.clock.today(),
    )
    ServiceCaseDialog.show_for(actx.parent, person_text(node), ops)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.SERVICE_CASE_NEW,
        "Nytt boserviceärende…",
        new_service_case,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=is_unit_person,
        section=Section.ASSIGNMENT,
        permission=Permission.DISTRIBUTE_ASSIGNMENT,
        icon="intervention",
        opens_dialog=True,
        status_tip="Bevilja boservice (förenklad handläggning) utan beslut från handläggaren",
    ),
    ActionSpec(
        ActionId.SERVICE_CASES,
        "Ärenden (boservice)…",
        service_cases,
        applies_to=frozenset({NodeKind.PERSON}),
        applies_when=lambda node: not is_new_assignment_person(node),
        section=Section.ASSIGNMENT,
        permission=Permission.END_EXECUTION,
        opens_dialog=True,
        status_tip="Personens boserviceärenden: beslutsperiodens slut och avslut av ärendet",
    ),
)
