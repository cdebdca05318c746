"""The size of a scale demo municipality as one value, and a way to shrink it for tests."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class ScaleSpec:
    """How much a scale demo holds; every figure is a target the generator meets roughly."""

    persons: int  # persons in the registry; most have no case
    active: int  # persons with ongoing or planned rows
    former: int  # persons whose rows have all ended
    units: int  # performing (leaf) units
    largest_unit: int  # persons with current rows at the largest unit (Norr grupp 1)
    historical_rows: int  # ended or revoked execution rows
    waiting: int  # assignments in Nya uppdrag (received, or accepted but not distributed)
    messages: int
    audit_events: int
    journal_notes: int = 0  # genomförandejournal notes, over all journals
    history_days: int = 730  # how far back messages and audit events reach

    def scaled(self, factor: float) -> ScaleSpec:
        """The same municipality `factor` times as large. Units shrink with the square root,
        so a small copy still has a tree to browse and several persons per unit."""
        if not 0 < factor <= 1:
            raise ValueError("factor must be in (0, 1]")

        def part(value: int, floor: int = 1) -> int:
            return max(floor, round(value * factor))

        return replace(
            self,
            persons=part(self.persons, 20),
            active=part(self.active, 10),
            former=part(self.former, 5),
            units=max(12, round(self.units * math.sqrt(factor))),
            largest_unit=part(self.largest_unit, 3),
            historical_rows=part(self.historical_rows),
            waiting=part(self.waiting, 5),
            messages=part(self.messages),
            audit_events=part(self.audit_events),
            journal_notes=part(self.journal_notes, 0),
        )


# Stockholm: about 30,000 elder-care recipients at a time among 150,000 persons known to the
# registry, in about 150 performing units.
MUNICIPAL = ScaleSpec(
    persons=150_000,
    active=30_000,
    former=35_000,
    units=150,
    largest_unit=3_000,
    historical_rows=500_000,
    waiting=1_000,
    messages=200_000,
    audit_events=2_000_000,
    journal_notes=1_000_000,
)
