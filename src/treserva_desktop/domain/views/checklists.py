"""Read models for Checklistor (W19): the manual's two checklists for one person, live."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChecklistKind(StrEnum):
    RECEIVING = "receiving"
    ENDING = "ending"

    @property
    def label(self) -> str:
        return {
            ChecklistKind.RECEIVING: "Checklista mottagande av ny brukare/nytt uppdrag",
            ChecklistKind.ENDING: "Checklista avslut av brukare/uppdrag",
        }[self]


class ChecklistAction(StrEnum):
    """Where an item is done; the UI maps each to a button and the existing action behind it."""

    READ_ASSIGNMENT = "read_assignment"
    DISTRIBUTE = "distribute"
    ACKNOWLEDGE = "acknowledge"
    BILLING_AREA = "billing_area"
    RELATIONS = "relations"
    INTERVENTIONS = "interventions"
    SERVICE_CASES = "service_cases"
    MESSAGE_HANDLAGGARE = "message_handlaggare"
    PLANS = "plans"
    DOCUMENTS = "documents"
    HOUSING = "housing"


@dataclass(frozen=True, slots=True)
class ChecklistItemView:
    """One line of a checklist: done or not, what the data says, and where it is done."""

    key: str
    text: str
    done: bool
    detail: str
    action: ChecklistAction | None


@dataclass(frozen=True, slots=True)
class ChecklistView:
    kind: ChecklistKind
    items: tuple[ChecklistItemView, ...]
    # When the list does not apply yet (e.g. ending while interventions go on); "" otherwise.
    note: str = ""
    # The manual's items the data cannot tell (yet): named, never ticked.
    not_shown: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.kind.label

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)


@dataclass(frozen=True, slots=True)
class HandlaggareView:
    user_id: int
    name: str


@dataclass(frozen=True, slots=True)
class PersonChecklistsView:
    """Both checklists for a person at a unit (None: every unit of the actor's), with the ids
    the buttons need: the assignment the receiving list is about and the handläggare."""

    person_id: int
    unit_id: int | None
    person_name: str
    identity_display: str
    assignment_id: int | None
    handlaggare: tuple[HandlaggareView, ...]
    receiving: ChecklistView
    ending: ChecklistView

    @property
    def lists(self) -> tuple[ChecklistView, ChecklistView]:
        return (self.receiving, self.ending)
