"""Commands for housing: objects (add, retire) and contracts (create, Byt objekt, end)."""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.housing_rules import HousingKind


class AddHousingObject(Command):
    """Nytt objekt at a vårdboende or korttidsboende unit."""

    unit_id: int
    label: str
    address: str = ""
    kind: HousingKind


class RetireHousingObject(Command):
    """Avveckla: the object is let no more from this day; it is never deleted."""

    object_id: int
    retired_on: date
    expected_version: int


class CreateContract(Command):
    """Skapa kontrakt: the person moves into a vacant object from `start_date`."""

    person_id: int
    object_id: int
    start_date: date


class ChangeObject(Command):
    """Byt objekt: the current contract ends the day before `start_date`, a new one starts."""

    contract_id: int
    object_id: int
    start_date: date
    expected_version: int


class EndContract(Command):
    """Avsluta kontrakt: uppsägningsdatum, utflyttningsdatum and orsak (code list)."""

    contract_id: int
    notice_on: date
    move_out_on: date
    reason_code: str
    expected_version: int


class ContractSearch(Command):
    """Kontraktslista: by identity number or by unit (its contracts, current and past)."""

    identity_number: str = ""
    unit_id: int | None = None
