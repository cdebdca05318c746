"""Commands of the person window (W5). Formats and lengths are checked by the service, so the
dialog gets a Swedish message naming the field; the models here only fix the shape."""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import RelationKind
from treserva_desktop.domain.person_rules import Gender


class PersonEdit(Command):
    """Every change names the person and the version the user saw when the window opened."""

    person_id: int
    expected_version: int


class UpdatePersonDetails(PersonEdit):
    """Fliken Person. The identity number is read-only; `gender` is used only when the
    identity number does not carry it (reservnummer). `protected_identity` has no default so
    a window can never lift the protection by leaving it out."""

    first_name: str
    last_name: str
    protected_identity: bool
    gender: Gender | None = None
    language: str = ""
    needs_interpreter: bool = False


class UpdateContact(PersonEdit):
    """Fliken Kontakt. `door_code`/`key_info` None leaves them as they are (for a window that
    did not show them)."""

    phone: str = ""
    mobile_phone: str = ""
    email: str = ""
    door_code: str | None = None
    key_info: str | None = None


class UpdateAddresses(PersonEdit):
    """Fliken Adresser: registered address and an optional temporary one with dates."""

    street: str = ""
    postal_code: str = ""
    city: str = ""
    temp_street: str = ""
    temp_postal_code: str = ""
    temp_city: str = ""
    temp_valid_from: date | None = None
    temp_valid_to: date | None = None


class SetBillingArea(PersonEdit):
    """Debiteringsområde from the code list; None clears it."""

    billing_area_code: str | None


class SetContactPerson(PersonEdit):
    """Kontaktperson på enheten (a user at one of the person's units); None clears it."""

    user_id: int | None


class AddRelation(PersonEdit):
    kind: RelationKind
    name: str
    relation_type: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    is_invoice_recipient: bool = False
    notify_on_events: bool = False


class UpdateRelation(AddRelation):
    relation_id: int


class EndRelation(PersonEdit):
    """Relations are never deleted: ending one sets it inactive from today."""

    relation_id: int


class RevealReasonChoice(Command):
    """Why protected data is opened: a code from the reveal reason list, and an optional
    short comment (kept outside the audit event's details)."""

    code: str
    comment: str = ""


class RevealProtected(Command):
    """Open the hidden address and contact data of a person with protected identity."""

    person_id: int
    reason: RevealReasonChoice
