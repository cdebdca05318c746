"""Read models of the person window (W5), the Historik view and person search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.enums import IdentityKind, RelationKind
from treserva_desktop.domain.person_rules import Gender


def address_text(street: str, postal_code: str, city: str) -> str:
    """One line: 'Storgatan 1, 123 45 Stad'."""
    place = f"{postal_code} {city}" if postal_code and city else postal_code or city
    return f"{street}, {place}" if street and place else street or place


@dataclass(frozen=True, slots=True)
class AddressView:
    street: str
    postal_code: str
    city: str

    @property
    def text(self) -> str:
        return address_text(self.street, self.postal_code, self.city)


@dataclass(frozen=True, slots=True)
class TemporaryAddressView:
    street: str
    postal_code: str
    city: str
    valid_from: date | None
    valid_to: date | None

    @property
    def text(self) -> str:
        return address_text(self.street, self.postal_code, self.city)


@dataclass(frozen=True, slots=True)
class BillingAreaOption:
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.code} – {self.name}"


@dataclass(frozen=True, slots=True)
class RevealReasonOption:
    """One entry of the reveal reason code list, as the dialog offers it."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class UserOption:
    """A user offered as contact person at the unit."""

    id: int
    name: str
    title: str


@dataclass(frozen=True, slots=True)
class RelationRecordView:
    id: int
    kind: RelationKind
    name: str
    relation_type: str
    phone: str
    email: str
    street: str
    postal_code: str
    city: str
    is_invoice_recipient: bool
    notify_on_events: bool
    active: bool
    ended_on: date | None

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def address(self) -> str:
        return address_text(self.street, self.postal_code, self.city)


@dataclass(frozen=True, slots=True)
class PersonRecordView:
    """Every tab of the person window. Masked fields read "Skyddad"; `door_code`/`key_info`
    are None for a role that may not see them."""

    id: int
    version: int
    identity_display: str
    identity_kind: IdentityKind
    is_test_data: bool
    # Person
    first_name: str
    last_name: str
    gender: Gender | None
    gender_from_identity: bool
    birth_date: date | None
    language: str
    needs_interpreter: bool
    protected_identity: bool
    masked: bool
    # Kontakt
    phone: str
    mobile_phone: str
    email: str
    door_code: str | None
    key_info: str | None
    # Adresser
    address: AddressView
    temporary_address: TemporaryAddressView | None
    # Relationer (active first, then ended)
    relations: tuple[RelationRecordView, ...]
    # Inställningar
    billing_area: BillingAreaOption | None
    contact_person: UserOption | None
    # Whether this actor may save, and if not the Swedish reason to show on every tab.
    editable: bool
    read_only_reason: str
    changed_at: datetime | None
    changed_by: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def gender_label(self) -> str:
        return self.gender.label if self.gender else ""

    @property
    def active_relations(self) -> tuple[RelationRecordView, ...]:
        return tuple(relation for relation in self.relations if relation.active)

    @property
    def invoice_recipient(self) -> RelationRecordView | None:
        return next(
            (r for r in self.relations if r.active and r.is_invoice_recipient),
            None,
        )


@dataclass(frozen=True, slots=True)
class PersonHistoryEntry:
    """One changed field. `old`/`new` read "–" for a role not allowed to see values."""

    id: int
    when: datetime
    who: str
    subject: str
    field: str
    field_label: str
    old: str
    new: str
    values_visible: bool


@dataclass(frozen=True, slots=True)
class PersonSearchResult:
    """Enough to confirm the right person before acting (name, number, address)."""

    id: int
    name: str
    identity_display: str
    address: str
    protected_identity: bool
    is_test_data: bool

    @property
    def confirmation_text(self) -> str:
        return f"{self.name}, {self.identity_display}"
