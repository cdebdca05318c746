"""Housing rules (boendekontrakt, byte av objekt, korttidsplats): object kinds, when an object
is vacant, and the checks of creating, changing and ending a contract, as pure functions.

A contract runs from its start to its utflyttningsdatum (None: until further notice). An
object holds at most one contract on any day, and so does a person: Byt objekt ends the
current contract the day before the new one starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import check_fits


class HousingKind(StrEnum):
    """What an object is: an apartment or a room in a vårdboende, or a korttidsplats."""

    APARTMENT = "apartment"
    ROOM = "room"
    SHORT_TERM_PLACE = "short_term_place"

    @property
    def label(self) -> str:
        return {
            HousingKind.APARTMENT: "Lägenhet",
            HousingKind.ROOM: "Rum",
            HousingKind.SHORT_TERM_PLACE: "Korttidsplats",
        }[self]

    @property
    def short_term(self) -> bool:
        return self is HousingKind.SHORT_TERM_PLACE


class ContractKind(StrEnum):
    """A rental contract (hyreskontrakt) or a short-term place (DOMAIN.md: Contract.kind)."""

    RENTAL = "rental"
    SHORT_TERM = "short_term"

    @property
    def label(self) -> str:
        return {ContractKind.RENTAL: "Hyreskontrakt", ContractKind.SHORT_TERM: "Korttidsplats"}[
            self
        ]


# The reason Byt objekt gives the contract it ends; Avsluta kontrakt does not offer it.
OBJECT_CHANGE = "object_change"


def contract_kind_for(kind: HousingKind) -> ContractKind:
    return ContractKind.SHORT_TERM if kind.short_term else ContractKind.RENTAL


KIND_MISMATCH = {
    True: "Korttidsplatser finns bara vid korttidsboenden.",
    False: "Lägenheter och rum finns bara vid vårdboenden.",
}


def object_kinds(area: BusinessArea | None) -> tuple[HousingKind, ...]:
    """The kinds of object a unit of the area has, the usual one first (what Nytt objekt
    starts with): korttidsplatser at a korttidsboende, lägenheter and rum at a vårdboende
    (säbo), none elsewhere."""
    if area is BusinessArea.SHORT_TERM:
        return (HousingKind.SHORT_TERM_PLACE,)
    if area is BusinessArea.NURSING_HOME:
        return (HousingKind.APARTMENT, HousingKind.ROOM)
    return ()


def check_object_kind(kind: HousingKind, area: BusinessArea | None) -> None:
    """A new object is of a kind its unit's area has."""
    if kind not in object_kinds(area):
        raise ValidationError(KIND_MISMATCH[kind.short_term], field="kind")


@dataclass(frozen=True, slots=True)
class Period:
    """A contract's days: from `start` to `end` inclusive (None: open-ended)."""

    start: date
    end: date | None

    def overlaps(self, other: Period) -> bool:
        starts_before_other_ends = other.end is None or self.start <= other.end
        ends_after_other_starts = self.end is None or self.end >= other.start
        return starts_before_other_ends and ends_after_other_starts


def is_live(end: date | None, today: date) -> bool:
    """A contract is live until its utflyttningsdatum has passed."""
    return end is None or end >= today


def occupied_days(periods: Iterable[Period], first: date, last: date) -> int:
    """Beläggning: the days from `first` to `last` (inclusive) that some contract covers."""
    days: set[date] = set()
    for period in periods:
        start = max(period.start, first)
        end = min(period.end or last, last)
        days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    return len(days)


def check_object(label: str, address: str) -> None:
    check_fits("housing_label", label, "Beteckningen", error_field="label")
    if not label:
        raise ValidationError("Ange objektets beteckning, t.ex. lägenhetsnummer.", field="label")
    check_fits("housing_address", address, "Adressen", error_field="address")


def check_vacant(
    label: str, wanted: Period, contracts: Iterable[Period], retired_on: date | None
) -> None:
    """The object is free for the whole wanted period and not retired by its start."""
    if retired_on is not None and (wanted.end is None or wanted.end >= retired_on):
        raise ValidationError(
            f"Objektet {label} är avvecklat från {retired_on:%Y-%m-%d} och kan inte hyras ut.",
            field="object_id",
        )
    for taken in contracts:
        if taken.overlaps(wanted):
            raise ValidationError(
                f"Objektet {label} är upptaget: det har ett kontrakt som gäller "
                f"{_period_text(taken)}. Välj ett ledigt objekt.",
                field="object_id",
            )


def check_person_free(wanted: Period, contracts: Iterable[Period]) -> None:
    """A person has at most one contract on any day: a live one is changed, not doubled."""
    for held in contracts:
        if held.overlaps(wanted):
            raise ValidationError(
                f"Personen har redan ett kontrakt som gäller {_period_text(held)}. Använd Byt "
                "objekt för att flytta till ett annat objekt, eller avsluta kontraktet först.",
                field="start_date",
            )


def check_change(
    *, current: Period, current_object_id: int, new_object_id: int, change_on: date
) -> date:
    """Byt objekt on `change_on`: a different object, within the current contract. Returns the
    day the current contract ends (the day before the change)."""
    if new_object_id == current_object_id:
        raise ValidationError(
            "Personen bor redan i det objektet. Välj ett annat objekt att byta till.",
            field="object_id",
        )
    if change_on <= current.start:
        raise ValidationError(
            f"Bytet måste ske efter att nuvarande kontrakt började ({current.start:%Y-%m-%d}).",
            field="start_date",
        )
    if current.end is not None and change_on > current.end:
        raise ValidationError(
            f"Nuvarande kontrakt slutar {current.end:%Y-%m-%d}: bytet kan inte ske senare än "
            "så. Skapa ett nytt kontrakt i stället.",
            field="start_date",
        )
    return change_on - timedelta(days=1)


def check_end(*, start: date, current_end: date | None, notice_on: date, move_out_on: date) -> None:
    """Uppsägning and utflyttning: utflyttning on or after uppsägning and the start."""
    if current_end is not None:
        raise ValidationError(
            f"Kontraktet är redan avslutat ({current_end:%Y-%m-%d}).", field="move_out_on"
        )
    if notice_on < start:
        raise ValidationError(
            f"Uppsägningsdatum kan inte vara före kontraktets början ({start:%Y-%m-%d}).",
            field="notice_on",
        )
    if move_out_on < notice_on:
        raise ValidationError(
            "Utflyttningsdatum kan inte vara före uppsägningsdatum.", field="move_out_on"
        )


def _period_text(period: Period) -> str:
    end = f"{period.end:%Y-%m-%d}" if period.end else "tills vidare"
    return f"{period.start:%Y-%m-%d} – {end}"
