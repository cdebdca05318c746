"""Read models of housing: objects, contracts, the contract list and the short-term warning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.housing_rules import ContractKind, HousingKind


@dataclass(frozen=True, slots=True)
class HousingObjectView:
    """One object of a unit, with who lives there today (the occupant's name, if any)."""

    id: int
    unit_id: int
    unit_name: str
    label: str
    address: str
    kind: HousingKind
    retired_on: date | None
    occupant: str
    version: int
    # Days of the current month a contract covered (beläggning), up to today's month end.
    occupied_days: int = 0

    @property
    def status(self) -> str:
        if self.retired_on is not None:
            return f"Avvecklat {self.retired_on:%Y-%m-%d}"
        return "Upptaget" if self.occupant else "Ledigt"


@dataclass(frozen=True, slots=True)
class ContractView:
    """One contract as the contract window and the contract list show it."""

    id: int
    person_id: int
    person_name: str
    identity_display: str
    object_id: int
    object_label: str
    object_kind: HousingKind
    unit_id: int
    unit_name: str
    kind: ContractKind
    start_date: date
    notice_on: date | None
    move_out_on: date | None
    end_reason: str
    live: bool
    version: int
    # Signed for a move-in day still to come (live, not yet begun).
    upcoming: bool = False

    @property
    def period(self) -> str:
        end = f"{self.move_out_on:%Y-%m-%d}" if self.move_out_on else "tills vidare"
        return f"{self.start_date:%Y-%m-%d} – {end}"

    @property
    def status(self) -> str:
        """Kommande before the move-in day, then Aktuellt; Uppsagt while a set
        utflyttningsdatum has not passed; then Avslutat."""
        if not self.live:
            return "Avslutat"
        if self.move_out_on is not None:
            return "Uppsagt"
        return "Kommande" if self.upcoming else "Aktuellt"

    @property
    def heading(self) -> str:
        """How the Boende pane and the contract window name the live contract."""
        word = "Kommande" if self.upcoming else "Aktuellt"
        return f"{word} kontrakt: {self.object_label} från {self.start_date:%Y-%m-%d}."


@dataclass(frozen=True, slots=True)
class PersonHousing:
    """Boende for a person at a unit: their contracts there, newest first, and whether the
    housing intervention has been sent to execution (a contract may be created then)."""

    person_id: int
    person_name: str
    unit_id: int
    unit_name: str
    contracts: tuple[ContractView, ...]
    executed: bool

    @property
    def live(self) -> ContractView | None:
        """The newest contract not ended: after Byt objekt, the one moved into (Kommande
        until its day), which the contract window selects to act on."""
        return next((contract for contract in self.contracts if contract.live), None)


@dataclass(frozen=True, slots=True)
class ContractResult:
    contract_id: int
    person_id: int
    unit_id: int


@dataclass(frozen=True, slots=True)
class MissingPlace:
    """A person with a short-term decision sent to execution and no place on `from_date`."""

    person_id: int
    person_name: str
    identity_display: str
    unit_id: int
    unit_name: str
    from_date: date


@dataclass(frozen=True, slots=True)
class ContractPage:
    """One page of Kontraktslista; `more` when the search has further contracts."""

    rows: tuple[ContractView, ...]
    more: bool
