"""What the parts of a scale demo share: spec, random source, dates, writer and compact indexes.

Parts keep only what later parts need, as plain ints in lists and arrays (unit and user ids,
one entry per person with a case), never rows or ORM objects.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from treserva_desktop.demo.municipal.bulk import BulkWriter, Progress
from treserva_desktop.demo.municipal.spec import ScaleSpec
from treserva_desktop.domain.enums import BusinessArea

# What a person in the registry index is on the demo day (`Registry.state`).
FORMER = 0  # every row ended
ACTIVE = 1  # ongoing or planned rows, not (yet) acknowledged in Genomförande
ACKNOWLEDGED = 2  # ongoing rows acknowledged by the unit
WAITING = 3  # only an assignment in Nya uppdrag


@dataclass(slots=True)
class Unit:
    """A provider unit that receives assignments, performs rows, or both."""

    id: int
    name: str
    area: BusinessArea
    receiver: int  # index (in `Context.units`) of the unit that receives its assignments
    leaf: bool  # performs rows (has no sub-units)
    weight: float = 0.0  # planned persons with current rows (leaves)
    billing: str = ""
    manager: int = 0  # user id of who accepts assignments here (receivers)
    team: list[int] = field(default_factory=list)  # managers and coordinators (receivers)
    staff: list[int] = field(default_factory=list)  # care staff (leaves)
    leaves: list[int] = field(default_factory=list)  # performing units below (receivers)


@dataclass(slots=True)
class Registry:
    """One entry per person with a case, for the parts after the persons (compact arrays)."""

    person: array[int] = field(default_factory=lambda: array("q"))
    leaf: array[int] = field(default_factory=lambda: array("H"))  # index in Context.units
    assignment: array[int] = field(default_factory=lambda: array("q"))  # latest assignment
    execution: array[int] = field(default_factory=lambda: array("q"))  # a row of it, or 0
    state: bytearray = field(default_factory=bytearray)

    def add(self, person: int, leaf: int, assignment: int, execution: int, state: int) -> None:
        self.person.append(person)
        self.leaf.append(leaf)
        self.assignment.append(assignment)
        self.execution.append(execution)
        self.state.append(state)

    def __len__(self) -> int:
        return len(self.person)


class WeightedPicker:
    """Draws from fixed weighted choices in O(log n), without rebuilding cumulative weights."""

    def __init__(self, values: Sequence[int], weights: Sequence[float]) -> None:
        self.values = list(values)
        self.cumulative: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> int:
        index = bisect_right(self.cumulative, rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]


@dataclass(slots=True)
class Tally:
    """Counts the summary needs beyond the table counts."""

    received: int = 0
    overdue: int = 0
    accepted_waiting: int = 0
    current_by_leaf: dict[int, int] = field(default_factory=dict)


class Context:
    """The state shared by the parts of one scale demo run."""

    def __init__(
        self,
        session: Session,
        spec: ScaleSpec,
        seed: int,
        today: date,
        writer: BulkWriter,
        progress: Progress,
    ) -> None:
        self.session = session
        self.spec = spec
        self.seed = seed
        self.today = today
        self.now = datetime.combine(today, time(9, 0), UTC)
        self.rng = random.Random(seed)
        self.writer = writer
        self.progress = progress
        self.unit_ids: dict[str, int] = {}  # every unit by name
        self.units: list[Unit] = []  # provider units that receive or perform
        self.users: dict[str, int] = {}  # the demo users by username
        self.user_role: dict[int, str] = {}  # every user's primary role value
        self.assessors: list[int] = []
        self.nurses: list[int] = []
        self.registry = Registry()
        self.tally = Tally()

    def leaves(self, area: BusinessArea | None = None) -> list[int]:
        return [i for i, unit in enumerate(self.units) if unit.leaf and area in (None, unit.area)]

    def receivers(self, area: BusinessArea | None = None) -> list[int]:
        return sorted(
            {unit.receiver for unit in self.units if area in (None, unit.area) and unit.leaf}
        )

    def at(self, day: date, earliest_hour: int = 7, latest_hour: int = 16) -> datetime:
        """A working-hours moment on `day`, never after `now`."""
        rng = self.rng
        moment = datetime.combine(
            day, time(rng.randint(earliest_hour, latest_hour), rng.randrange(0, 60, 5)), UTC
        )
        return min(moment, self.now - timedelta(minutes=30))

    def later(self, moment: datetime, max_hours: int) -> datetime:
        """A moment up to `max_hours` after `moment`, never after `now`."""
        later = moment + timedelta(minutes=self.rng.randint(20, max_hours * 60))
        return min(later, self.now - timedelta(minutes=10))
