"""Pure rules for the person record: field formats, lengths, addresses, invoice recipient."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from treserva_desktop.domain.enums import IdentityKind, Permission
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"

    @property
    def label(self) -> str:
        return {Gender.FEMALE: "Kvinna", Gender.MALE: "Man"}[self]


# Swedish field names used in messages and in the Historik view.
FIELD_LABELS: Mapping[str, str] = {
    "first_name": "Förnamn",
    "last_name": "Efternamn",
    "gender": "Kön",
    "language": "Språk",
    "needs_interpreter": "Behov av tolk",
    "protected_identity": "Skyddad identitet",
    "phone": "Telefon",
    "mobile_phone": "Mobiltelefon",
    "email": "E-post",
    "door_code": "Portkod",
    "key_info": "Nyckelinformation",
    "street": "Gatuadress",
    "postal_code": "Postnummer",
    "city": "Ort",
    "temp_street": "Tillfällig gatuadress",
    "temp_postal_code": "Tillfälligt postnummer",
    "temp_city": "Tillfällig ort",
    "temp_valid_from": "Tillfällig adress fr.o.m.",
    "temp_valid_to": "Tillfällig adress t.o.m.",
    "billing_area": "Debiteringsområde",
    "contact_person": "Kontaktperson på enheten",
    "kind": "Relationstyp",
    "relation_type": "Släktskap/roll",
    "name": "Namn",
    "is_invoice_recipient": "Fakturamottagare",
    "notify_on_events": "Underrättas vid händelser",
    "active": "Aktiv",
    "ended_on": "Avslutad",
    "reason": "Skäl",
    "reason_code": "Skäl",
    "reveal_comment": "Kommentaren",
}

# Fields hidden as "Skyddad" for a person with protected identity (address and contact).
PROTECTED_FIELDS = frozenset(
    {
        "phone",
        "mobile_phone",
        "email",
        "door_code",
        "key_info",
        "street",
        "postal_code",
        "city",
        "temp_street",
        "temp_postal_code",
        "temp_city",
        "temp_valid_from",
        "temp_valid_to",
    }
)
# Relation fields that could lead to where a protected person lives.
PROTECTED_RELATION_FIELDS = frozenset({"phone", "email", "street", "postal_code", "city"})

HIDDEN_VALUE = "–"

_EMAIL = re.compile(r"^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.\d]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s-]+$")
_POSTAL_CODE = re.compile(r"^([1-9]\d{2}) ?(\d{2})$")


def label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def check_length(field: str, value: str) -> str:
    """The value if it fits its column, else a Swedish message saying the maximum."""
    limit = MAX_LENGTHS[field]
    if len(value) > limit:
        raise ValidationError(
            f"{label(field)} får vara högst {limit} tecken (nu {len(value)}).", field=field
        )
    return value


def check_required(field: str, value: str) -> str:
    if not value.strip():
        raise ValidationError(f"{label(field)} måste anges.", field=field)
    return check_length(field, value)


def normalize_phone(field: str, value: str) -> str:
    """A Swedish number (08-123 45 67, 070-123 45 67, +46 70 123 45 67) or an international
    one (+ and country code). Returned with single spaces; empty stays empty."""
    text = " ".join(value.split())
    if not text:
        return ""
    check_length(field, text)
    digits = re.sub(r"[\s-]", "", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]  # 00 is the international prefix dialled from Sweden
    valid = bool(_PHONE_CHARS.match(text)) and "+" not in text[1:]
    if valid:
        if digits.startswith("+46"):
            valid = 7 <= len(digits) - 3 <= 9 and digits[3] != "0"
        elif digits.startswith("+"):
            valid = 7 <= len(digits) - 1 <= 15 and digits[1] != "0"
        else:
            valid = digits.startswith("0") and 7 <= len(digits) <= 10 and digits[1] != "0"
    if not valid:
        raise ValidationError(
            f"{label(field)} är inte ett giltigt telefonnummer. Skriv till exempel "
            "070-123 45 67, 08-123 456 78 eller +46 70 123 45 67.",
            field=field,
        )
    if digits.startswith("+46"):
        digits = "0" + digits[3:]
    elif digits.startswith("+"):
        return text  # another country's grouping is not ours to guess
    return swedish_phone(digits)


# Area codes shorter than the usual four digits (with the 0): Stockholm, the big towns and
# the mobile series. Everything else is 0NNN.
_AREA_CODES_2 = frozenset({"08"})
_AREA_CODES_3 = frozenset(
    {
        "010", "011", "013", "016", "018", "019", "020", "021", "023", "026", "031", "033",
        "035", "036", "040", "042", "044", "046", "054", "060", "063", "070", "072", "073",
        "076", "079", "090",
    }
)  # fmt: skip


def swedish_phone(digits: str) -> str:
    """A Swedish number (digits, leading 0) as it is written: area code, hyphen, the rest in
    groups from the end (070-123 45 67, 08-123 456 78, 0470-12 34 56). Stored so, the way
    postal codes are stored as NNN NN, so every list shows it alike."""
    if digits[:2] in _AREA_CODES_2:
        area, rest = digits[:2], digits[2:]
    elif digits[:3] in _AREA_CODES_3:
        area, rest = digits[:3], digits[3:]
    else:
        area, rest = digits[:4], digits[4:]
    groups = {
        5: (3, 2),
        6: (2, 2, 2),
        7: (3, 2, 2),
        8: (3, 3, 2),
    }.get(len(rest), (len(rest),))
    parts, start = [], 0
    for size in groups:
        parts.append(rest[start : start + size])
        start += size
    return f"{area}-{' '.join(parts)}"


def phone_display(stored: str) -> str:
    """A stored number as it is shown: numbers saved before they were stored formatted get
    the same form; anything unreadable is shown as it is."""
    try:
        return normalize_phone("phone", stored)
    except ValidationError:
        return stored


def normalize_email(field: str, value: str) -> str:
    text = value.strip()
    if not text:
        return ""
    check_length(field, text)
    local = text.split("@", 1)[0]
    if not _EMAIL.match(text) or local.startswith(".") or local.endswith(".") or ".." in text:
        raise ValidationError(
            f"{label(field)} är inte en giltig e-postadress. Skriv till exempel namn@exempel.se.",
            field=field,
        )
    return text


def normalize_postal_code(field: str, value: str) -> str:
    """A Swedish postal code (five digits, the first not 0) written NNN NN or NNNNN, stored
    as NNN NN; empty stays empty. The one postal code rule: registration, import, person
    window and relations all call it, so what one accepts the others accept too."""
    text = value.strip()
    if not text:
        return ""
    match = _POSTAL_CODE.match(text)
    if not match:
        raise ValidationError(
            f"{label(field)} ska skrivas NNN NN eller NNNNN, till exempel 123 45.", field=field
        )
    return f"{match.group(1)} {match.group(2)}"


@dataclass(frozen=True, slots=True)
class NewPersonFields:
    """Names, address and phone of a person as the authority registers them (normalised)."""

    first_name: str
    last_name: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""


class NewPersonInput(Protocol):
    """What a registration supplies (PersonInput, NewPersonFields): the fields checked."""

    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def street(self) -> str: ...
    @property
    def postal_code(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def phone(self) -> str: ...


def check_new_person(fields: NewPersonInput) -> tuple[NewPersonFields, list[ValidationError]]:
    """The values as they are stored and every problem (the import lists them all).

    The same checks, messages and normal forms as the person window uses, so a person
    registered through Nytt uppdrag can always be saved unchanged in the person window."""
    problems: list[ValidationError] = []
    values: dict[str, str] = {}
    checks = (
        ("first_name", check_required),
        ("last_name", check_required),
        ("street", check_length),
        ("postal_code", normalize_postal_code),
        ("city", check_length),
        ("phone", normalize_phone),
    )
    for field, check in checks:
        raw = str(getattr(fields, field)).strip()
        try:
            values[field] = check(field, raw)
        except ValidationError as problem:
            problems.append(problem)
            values[field] = raw
    return NewPersonFields(**values), problems


def check_temporary_address(
    street: str, postal_code: str, city: str, valid_from: date | None, valid_to: date | None
) -> None:
    """A temporary address is all or nothing: street, postal code, city and a start date."""
    given = any((street, postal_code, city, valid_from, valid_to))
    if not given:
        return
    for field, value in (
        ("temp_street", street),
        ("temp_postal_code", postal_code),
        ("temp_city", city),
    ):
        if not value:
            raise ValidationError(
                f"Ange {label(field).lower()} för den tillfälliga adressen, eller töm den helt.",
                field=field,
            )
    if valid_from is None:
        raise ValidationError(
            "Ange från vilket datum den tillfälliga adressen gäller.", field="temp_valid_from"
        )
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(
            "Tillfällig adress: t.o.m. kan inte vara före fr.o.m.", field="temp_valid_to"
        )


def check_invoice_recipient_address(street: str, postal_code: str, city: str) -> None:
    """An invoice recipient needs a full postal address; names the first missing part."""
    for field, value, text in (
        ("street", street, "gatuadress"),
        ("postal_code", postal_code, "postnummer"),
        ("city", city, "ort"),
    ):
        if not value.strip():
            raise ValidationError(
                f"En fakturamottagare måste ha fullständig postadress – ange {text}.",
                field=field,
            )


def check_single_invoice_recipient(other_active_recipients: Iterable[str]) -> None:
    """At most one active invoice recipient per person; names the one already there."""
    others = list(other_active_recipients)
    if others:
        raise ValidationError(
            f"Personen har redan en fakturamottagare ({others[0]}). Ta bort markeringen "
            "där först – en person kan bara ha en aktiv fakturamottagare.",
            field="is_invoice_recipient",
        )


def check_unique_relation(name: str, kind_label: str, other_active_names: Iterable[str]) -> None:
    """One active relation per kind and name (compared without case): a second one would be
    an identical row beside the first."""
    wanted = name.strip().casefold()
    if any(other.strip().casefold() == wanted for other in other_active_names):
        raise ValidationError(
            f"{name.strip()} finns redan som {kind_label.lower()} för personen. "
            "Ändra den befintliga relationen i stället.",
            field="name",
        )


@dataclass(frozen=True, slots=True)
class RelationFields:
    """The text and choice fields of a relation as the user entered them."""

    name: str
    relation_type: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    is_invoice_recipient: bool = False


def check_relation(
    fields: RelationFields,
    *,
    kind_label: str,
    same_kind_names: Iterable[str],
    other_invoice_recipients: Iterable[str],
) -> RelationFields:
    """Every relation rule in one order, for the relation dialog and the service alike: the
    values as stored, or the first problem. `same_kind_names` and `other_invoice_recipients`
    are the person's other active relations (this one left out)."""
    name = check_required("name", fields.name.strip())
    check_unique_relation(name, kind_label, same_kind_names)
    checked = RelationFields(
        name=name,
        relation_type=check_length("relation_type", fields.relation_type.strip()),
        phone=normalize_phone("phone", fields.phone),
        email=normalize_email("email", fields.email),
        street=check_length("street", fields.street.strip()),
        postal_code=normalize_postal_code("postal_code", fields.postal_code),
        city=check_length("city", fields.city.strip()),
        is_invoice_recipient=fields.is_invoice_recipient,
    )
    if checked.is_invoice_recipient:
        check_invoice_recipient_address(checked.street, checked.postal_code, checked.city)
        check_single_invoice_recipient(other_invoice_recipients)
    return checked


# The reveal reason that says nothing by itself: it needs the comment.
OTHER_REVEAL_REASON = "other"


def check_reveal_reason(code: str, comment: str, known_codes: Iterable[str]) -> tuple[str, str]:
    """A reason from the code list and the optional short comment (one line, at most
    MAX_LENGTHS["reveal_comment"]); "Annat skäl" needs the comment. Returns both as stored."""
    if not code:
        raise ValidationError(
            "Välj skälet till att du öppnar de skyddade uppgifterna.", field="reason_code"
        )
    if code not in set(known_codes):
        raise ValidationError(
            "Skälet finns inte i kodlistan. Välj ett skäl i listan.", field="reason_code"
        )
    text = " ".join(comment.split())
    if len(text) > MAX_LENGTHS["reveal_comment"]:
        raise ValidationError(
            f"Kommentaren får vara högst {MAX_LENGTHS['reveal_comment']} tecken (nu {len(text)}).",
            field="comment",
        )
    if code == OTHER_REVEAL_REASON and not text:
        raise ValidationError("Skriv en kort kommentar när du väljer Annat skäl.", field="comment")
    return code, text


def derived_gender(identity_number: str, kind: IdentityKind) -> Gender | None:
    """Gender from the identity number's second-to-last digit, where the number carries it."""
    code = from_stored(identity_number, kind).gender_code
    if code is None:
        return None
    return Gender.FEMALE if code == "K" else Gender.MALE


def edit_refusal(actor: Actor, person_units: Iterable[int]) -> PermissionDenied | None:
    """Why the actor may not change this person (None when they may). The person belongs to
    every unit with a row or an assignment for them; reaching one of them is enough."""
    units = frozenset(person_units)
    if units & actor.units_with(Permission.EDIT_PERSON):
        return None
    try:
        require(actor, Permission.EDIT_PERSON, min(units) if units else None)
    except PermissionDenied as refusal:
        return refusal
    # The role allows editing but the person belongs to no unit at all.
    return PermissionDenied("Personen hör inte till någon av dina enheter.")


def may_see_keys(actor: Actor, person_units: Iterable[int]) -> bool:
    """Door code and key information: roles that edit the person or visit them."""
    units = frozenset(person_units)
    return bool(
        units
        & (
            actor.units_with(Permission.EDIT_PERSON)
            | actor.units_with(Permission.ACKNOWLEDGE_ASSIGNMENT)
        )
    )


def may_see_history_values(actor: Actor, person_units: Iterable[int]) -> bool:
    return bool(frozenset(person_units) & actor.units_with(Permission.EDIT_PERSON))


def display_value(value: object) -> str:
    """A field value as the Historik view shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Gender):
        return value.label
    label_attr = getattr(value, "label", None)
    if isinstance(label_attr, str):
        return label_attr
    return str(value)
