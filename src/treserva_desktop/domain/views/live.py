"""What the live updates show about a change made on another workstation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class LastChangeKind(StrEnum):
    ACCEPTED = "accepted"
    DISTRIBUTED = "distributed"
    ACKNOWLEDGED = "acknowledged"
    STOPPED = "stopped"
    ENDED = "ended"

    @property
    def verb(self) -> str:
        """Swedish: 'Uppdraget har <verb> …'."""
        return {
            LastChangeKind.ACCEPTED: "accepterats",
            LastChangeKind.DISTRIBUTED: "fördelats",
            LastChangeKind.ACKNOWLEDGED: "kvitterats",
            LastChangeKind.STOPPED: "stoppats",
            LastChangeKind.ENDED: "avslutats",
        }[self]


@dataclass(frozen=True, slots=True)
class AssignmentLastChange:
    """The newest thing done to an assignment: what, by which user (a staff name, never a
    person's), and when; `by` and `at` are empty when the record does not say."""

    kind: LastChangeKind
    by: str = ""
    at: datetime | None = None
