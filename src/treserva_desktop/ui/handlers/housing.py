"""Housing in the UI (W14, W15): Boende on a person (the contract window: Skapa kontrakt,
Byt objekt, Avsluta kontrakt), Boendeobjekt on a vårdboende or korttidsboende unit, and
Genväg › Kontraktslista, Uppföljning › Saknar korttidsplats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from treserva_desktop.db.queries import housing as housing_queries
from treserva_desktop.db.queries import short_term_places
from treserva_desktop.domain.commands.housing import ChangeObject, CreateContract
from treserva_desktop.domain.enums import BusinessArea, Permission
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.housing import (
    ContractResult,
    ContractView,
    HousingObjectView,
    PersonHousing,
)
from treserva_desktop.services import housing as housing_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.contract_date_dialog import (
    ContractCommand,
    ContractDateDialog,
    ContractSubmit,
)
from treserva_desktop.ui.dialogs.contract_end_dialog import ContractEndDialog
from treserva_desktop.ui.dialogs.contract_list_dialog import ContractListDialog
from treserva_desktop.ui.dialogs.contract_window import ContractWindow
from treserva_desktop.ui.dialogs.housing_objects_dialog import HousingObjectsDialog
from treserva_desktop.ui.dialogs.missing_places_dialog import MissingPlacesDialog
from treserva_desktop.ui.dialogs.object_search_dialog import ObjectSearchDialog
from treserva_desktop.ui.runner import Attempt, Rehearse
from treserva_desktop.ui.tree.nodes import Node, NodeKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from treserva_desktop.domain.rules import Actor
    from treserva_desktop.ui.action_spec import ActionContext

_HOUSING_AREAS = (BusinessArea.NURSING_HOME, BusinessArea.SHORT_TERM)


def _units(ctx: AppContext) -> list[ReceiverUnit]:
    return runner.fetch(ctx, housing_queries.housing_unit_tree).value or []


def _choices(ctx: AppContext) -> list[tuple[int, str]]:
    return [(unit.id, unit.name) for unit in _units(ctx) if unit.selectable]


def _contract_service(
    command: ContractCommand,
) -> Callable[[Session, Actor, Any], ContractResult]:
    """Skapa kontrakt and Byt objekt share the date dialog: the service of each command."""
    if isinstance(command, ChangeObject):
        return housing_services.change_object
    return housing_services.create_contract


def _contract_rehearse(ctx: AppContext) -> Rehearse[ContractCommand]:
    return lambda command: runner.rehearse(
        ctx.database, ctx.actor, _contract_service(command), command
    )


def _contract_submit(ctx: AppContext) -> ContractSubmit:
    """Skapa kontrakt and Byt objekt share the date dialog: each command to its service."""

    def submit(parent: QWidget, command: ContractCommand) -> Attempt[ContractResult]:
        return runner.attempt(ctx, parent, _contract_service(command), command)

    return submit


class _Steps:
    """The contract window's steps for one person at one unit, each through the runner."""

    def __init__(self, ctx: AppContext, person_id: int, unit_id: int) -> None:
        self.ctx = ctx
        self.person_id = person_id
        self.unit_id = unit_id

    def load(self, parent: QWidget) -> PersonHousing | None:
        return runner.read(
            self.ctx, housing_queries.person_housing, self.person_id, self.unit_id, parent=parent
        )

    def _search_vacant(
        self, parent: QWidget, title: str, unit_id: int
    ) -> tuple[HousingObjectView, date] | None:
        """Sök objekt: the organisation picker and the vacant objects from a day on."""
        ctx = self.ctx
        return ObjectSearchDialog.ask(
            parent,
            title=title,
            units=_units(ctx),
            unit_id=unit_id,
            from_date=ctx.clock.today(),
            search=lambda unit, day: runner.fetch(ctx, housing_queries.vacant_objects, unit, day),
        )

    def create(self, parent: QWidget, housing: PersonHousing) -> bool:
        ctx = self.ctx
        picked = self._search_vacant(parent, "Skapa kontrakt – Sök objekt", housing.unit_id)
        if picked is None:
            return False
        target, day = picked
        submitted = ContractDateDialog.ask(
            parent,
            title="Skapa kontrakt",
            person_text=housing.person_name,
            target=target,
            current_text="",
            start=day,
            make=lambda start: CreateContract(
                person_id=housing.person_id, object_id=target.id, start_date=start
            ),
            submit=_contract_submit(ctx),
            rehearse=_contract_rehearse(ctx),
        )
        if submitted is None or submitted.value is None:
            return False
        messages.info(parent, "Kontraktet är skapat.", title="Skapa kontrakt")
        return True

    def change(self, parent: QWidget, housing: PersonHousing, contract: ContractView) -> bool:
        ctx = self.ctx
        picked = self._search_vacant(parent, "Byt objekt – Sök objekt", contract.unit_id)
        if picked is None:
            return False
        target, day = picked
        submitted = ContractDateDialog.ask(
            parent,
            title="Byt objekt",
            person_text=housing.person_name,
            target=target,
            current_text=f"{contract.object_label} från {contract.start_date:%Y-%m-%d}",
            start=day,
            make=lambda start: ChangeObject(
                contract_id=contract.id,
                object_id=target.id,
                start_date=start,
                expected_version=contract.version,
            ),
            submit=_contract_submit(ctx),
            rehearse=_contract_rehearse(ctx),
        )
        if submitted is None or submitted.value is None:
            return False
        messages.info(parent, "Bytet är klart.", title="Byt objekt")
        return True

    def end(self, parent: QWidget, _housing: PersonHousing, contract: ContractView) -> bool:
        return end_contract(self.ctx, parent, contract)


def end_contract(
    ctx: AppContext, parent: QWidget, contract: ContractView, move_out_on: date | None = None
) -> bool:
    reasons = runner.fetch(
        ctx, lambda session, _actor: housing_queries.contract_end_reasons(session)
    )
    submitted = ContractEndDialog.ask(
        parent,
        contract,
        reasons=reasons.value or [],
        today=ctx.clock.today(),
        move_out_on=move_out_on,
        submit=runner.submitter(ctx, housing_services.end_contract),
    )
    return submitted is not None and submitted.value is not None


END_TOO = (
    "{name} har ett aktuellt kontrakt på {label} vid {unit} (från {start}). Ska kontraktet "
    "avslutas också?"
)


def offer_contract_end(
    ctx: AppContext, parent: QWidget, person_id: int, unit_id: int, row_end: date | None
) -> None:
    """After Rätta/Avsluta of a row: each open contract at the provider is offered for
    ending, its utflyttning proposed on the row's T.o.m. (the manual ends both together)."""
    if not ctx.actor.can(Permission.MANAGE_HOUSING, unit_id):
        return
    found = runner.fetch(ctx, housing_queries.open_contracts, person_id, unit_id)
    for contract in found.value or []:
        question = END_TOO.format(
            name=contract.person_name,
            label=contract.object_label,
            unit=contract.unit_name,
            start=f"{contract.start_date:%Y-%m-%d}",
        )
        if messages.confirm(parent, question, title="Avsluta kontrakt"):
            end_contract(ctx, parent, contract, row_end)


# -- Boende ----------------------------------------------------------------------------------


def open_housing(actx: ActionContext) -> None:
    node = actx.node
    if node is None or node.person_id is None or node.unit_id is None:
        return
    steps = _Steps(actx.ctx, node.person_id, node.unit_id)
    housing = steps.load(actx.parent)
    if housing is None:
        return
    ContractWindow.ask(actx.parent, housing, steps)


# -- Boendeobjekt ----------------------------------------------------------------------------


def _housing_unit(node: Node) -> bool:
    payload = node.payload
    area = getattr(payload, "business_area", None)
    return node.kind is NodeKind.UNIT and area in _HOUSING_AREAS


def housing_objects(actx: ActionContext) -> None:
    ctx = actx.ctx
    node = actx.node
    unit_id = node.unit_id if node is not None and _housing_unit(node) else None
    managed = [unit for unit in _units(ctx) if unit.selectable]
    units = [(unit.id, unit.name) for unit in managed]
    if not units:
        messages.info(
            actx.parent,
            "Du hanterar inga vårdboenden eller korttidsboenden.",
            title="Boendeobjekt",
        )
        return
    HousingObjectsDialog.ask(
        actx.parent,
        units=units,
        unit_id=unit_id,
        today=ctx.clock.today(),
        list_objects=lambda unit: runner.fetch(ctx, housing_queries.unit_objects, unit),
        add=runner.submitter(ctx, housing_services.add_object),
        retire=runner.submitter(ctx, housing_services.retire_object),
        may_retire=lambda command: (
            runner.fetch(ctx, housing_services.check_retire_object, command).error
        ),
        areas={unit.id: unit.business_area for unit in managed},
    )


# -- Kontraktslista and Saknar korttidsplats ---------------------------------------------------


def contract_list(actx: ActionContext) -> None:
    ctx = actx.ctx
    ContractListDialog.ask(
        actx.parent,
        units=_choices(ctx),
        search=lambda command, offset: runner.fetch(
            ctx, housing_queries.contract_list, command, offset=offset
        ),
        end=lambda parent, contract: end_contract(ctx, parent, contract),
    )


def missing_short_term_places(actx: ActionContext) -> None:
    missing = runner.read(actx.ctx, short_term_places.missing_short_term_places, parent=actx.parent)
    if missing is None:
        return
    MissingPlacesDialog.ask(actx.parent, missing)


def can_manage(actx: ActionContext) -> bool:
    node = actx.node
    unit_id = node.unit_id if node is not None else None
    return unit_id is not None and actx.actor.can(Permission.MANAGE_HOUSING, unit_id)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.OPEN_HOUSING,
        "Öppna",
        open_housing,
        applies_to=frozenset({NodeKind.BOENDE}),
        section=Section.OPEN,
        enabled=can_manage,
        permission=Permission.MANAGE_HOUSING,
        icon="housing",
        status_tip="Öppna kontraktsbilden: skapa kontrakt, byt objekt eller avsluta (Enter)",
    ),
    ActionSpec(
        ActionId.HOUSING_OBJECTS,
        "Boendeobjekt…",
        housing_objects,
        applies_to=frozenset({NodeKind.UNIT}),
        applies_when=_housing_unit,
        section=Section.ADMIN,
        menu=MenuId.SHORTCUTS,
        enabled=lambda actx: actx.actor.can(Permission.MANAGE_HOUSING),
        permission=Permission.MANAGE_HOUSING,
        icon="housing",
        opens_dialog=True,
        status_tip="Lägenheter, rum och korttidsplatser vid enheten: lägg till och avveckla",
    ),
    ActionSpec(
        ActionId.CONTRACT_LIST,
        "Kontraktslista…",
        contract_list,
        section=Section.SEARCH,
        menu=MenuId.SHORTCUTS,
        submenu=("&Boende",),  # the manual's Genväg › Boende › Kontraktslista
        permission=Permission.MANAGE_HOUSING,
        icon="housing",
        opens_dialog=True,
        status_tip="Boende: sök kontrakt på personnummer eller enhet, aktuella och avslutade",
    ),
    ActionSpec(
        ActionId.MISSING_SHORT_TERM_PLACES,
        "Saknar korttidsplats…",
        missing_short_term_places,
        section=Section.FOLLOW_UP,
        menu=MenuId.FOLLOW_UP,
        permission=Permission.MANAGE_HOUSING,
        icon="housing",
        opens_dialog=True,
        status_tip="Personer med beslut om korttidsboende som saknar korttidsplats",
    ),
)
