"""Whom an actor may see: the one rule (DOMAIN.md, "Read a person's record"), in SQL.

- Provider staff, managers and nurses (Permission.VIEW_PERSONS at a unit) see a person while
  the person is *engaged* at one of those units: a planned or ongoing row there, a row that
  ended within the follow-up time (Actor.follow_up_days, default 30), or an assignment to the
  unit still waiting to be distributed (Nya uppdrag).
- The authority's needs assessors (Permission.SEND_ASSIGNMENTS) see the persons their own
  authority unit has a case for: an open case, or one closed within the follow-up time.
- Nobody else sees anyone.

The same rule has three forms, each driven by an index: `visible_persons` tests one candidate
person (search walks, list filters), `require_person_access` one person id, and
`reached_person_ids` yields the whole set from the units' side (a search with a small reach).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    exists,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.int_settings import IntSetting
from treserva_desktop.db.models import (
    Assignment,
    Case,
    Execution,
    Person,
)
from treserva_desktop.domain.enums import ExecutionStatus, Permission
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.rules import (
    DEFAULT_FOLLOW_UP_DAYS,
    MAX_FOLLOW_UP_DAYS,
    Actor,
    engagement_cutoff,
)

__all__ = [
    "FOLLOW_UP_DAYS_KEY",
    "Reach",
    "engaged_row",
    "follow_up_days",
    "reach_of",
    "reached_person_ids",
    "require_person_access",
    "store_follow_up_days",
    "visible_persons",
]


DENIED = "Du har inte behörighet att se den här personen."

# The installation's follow-up time in days (app_settings), shared by every workstation.
FOLLOW_UP_DAYS_KEY = "access_follow_up_days"


FOLLOW_UP_DAYS = IntSetting(
    FOLLOW_UP_DAYS_KEY,
    DEFAULT_FOLLOW_UP_DAYS,
    0,
    MAX_FOLLOW_UP_DAYS,
    f"Uppföljningstiden ska vara 0–{MAX_FOLLOW_UP_DAYS} dagar.",
    "days",
)


def follow_up_days(session: Session) -> int:
    """The installation's follow-up time; the default when unset or not a sane number."""
    return FOLLOW_UP_DAYS.read(session)


def store_follow_up_days(session: Session, days: int) -> None:
    """Set the installation's follow-up time (the owner's command `db follow-up-days`)."""
    FOLLOW_UP_DAYS.store(session, days)


class Reach:
    """The actor's units and the earliest end date that still counts, for one question."""

    __slots__ = ("assessor_units", "cutoff", "units")

    def __init__(self, actor: Actor, today: date) -> None:
        self.units = actor.units_with(Permission.VIEW_PERSONS)
        self.assessor_units = actor.units_with(Permission.SEND_ASSIGNMENTS)
        self.cutoff = engagement_cutoff(today, actor.follow_up_days)

    @property
    def empty(self) -> bool:
        return not self.units and not self.assessor_units


def reach_of(session: Session, actor: Actor) -> Reach:
    return Reach(actor, clock_of(session).today())


def engaged_row(cutoff: date) -> ColumnElement[bool]:
    """An execution row that keeps its person engaged at its unit: not revoked, and open-ended
    or ending on or after `cutoff`."""
    return and_(
        Execution.status != ExecutionStatus.REVOKED,
        or_(Execution.end_date.is_(None), Execution.end_date >= cutoff),
    )


def _open_case(cutoff: date) -> ColumnElement[bool]:
    return or_(Case.closed_on.is_(None), Case.closed_on >= cutoff)


def visible_persons(
    reach: Reach, *, person_id: Any = Person.id, sqlite: bool = False
) -> ColumnElement[bool] | None:
    """Whether the person `person_id` (a column or a value) is in reach, probed through the
    (person_id, unit) indexes of rows, assignments and cases; None when nobody is in reach."""
    if reach.empty:
        return None
    # One given person (a value, not a column): seek that person's rows and test their units.
    one_person = not isinstance(person_id, ColumnElement | InstrumentedAttribute)

    def unit_in(column: InstrumentedAttribute[Any], units: frozenset[int]) -> ColumnElement[bool]:
        # On SQLite each probe should seek the person and test the few unit ids found there.
        # "+ 0" keeps the unit list out of the index search: as a search term it becomes one
        # seek per unit (hundreds for a manager of a whole area), and with a single unit
        # SQLite would rather read all of that unit's rows for every candidate (for one
        # given person too: all 3,000 persons' rows of a large unit to answer for one).
        # PostgreSQL plans the list itself: it probes per candidate or, for a long name
        # range, hashes the units' rows once per query. It gets the list as one array
        # (in_ids): as parameters of their own, a verksamhetschef's 184 units made three
        # times 184 to parse and bind in every check of one person (3.0 ms, now 1.1 ms).
        return in_ids(column + 0, units) if sqlite or one_person else in_ids(column, units)

    tests: list[ColumnElement[bool]] = []
    if reach.units:
        # PostgreSQL gets open-ended rows and rows ending on or after the cutoff as two
        # tests, each an index range: with an OR of the end dates it hashes every row the
        # units ever had. SQLite probes per person, where one test reads the person's rows once.
        ends_tests = (
            [engaged_row(reach.cutoff)]
            if sqlite
            else [
                and_(Execution.end_date.is_(None), Execution.status != ExecutionStatus.REVOKED),
                and_(
                    Execution.end_date >= reach.cutoff, Execution.status != ExecutionStatus.REVOKED
                ),
            ]
        )
        for ends in ends_tests:
            tests.append(
                exists().where(
                    Execution.person_id == person_id,
                    unit_in(Execution.unit_id, reach.units),
                    ends,
                )
            )
        tests.append(
            exists().where(
                Assignment.person_id == person_id,
                unit_in(Assignment.receiver_unit_id, reach.units),
                Assignment.awaiting_distribution.is_(True),
            )
        )
    if reach.assessor_units:
        tests.append(
            exists().where(
                Case.person_id == person_id,
                unit_in(Case.authority_unit_id, reach.assessor_units),
                _open_case(reach.cutoff),
            )
        )
    return or_(*tests)


def engaged_at(session: Session, actor: Actor, person_id: int, unit_id: int) -> bool:
    """Whether the person is engaged at that very unit, which the actor reaches: the rule of
    visible_persons narrowed to the one unit (a journal's, a plan's)."""
    reach = reach_of(session, actor)
    reach.units = frozenset({unit_id}) & reach.units
    reach.assessor_units = frozenset()
    visible = visible_persons(reach, person_id=person_id)
    return visible is not None and bool(session.scalar(select(visible)))


def reached_person_ids(reach: Reach) -> CompoundSelect[Any] | None:
    """The persons visible_persons admits, as a set of ids read from the units' side
    ((unit, end date, …, person) indexes); None when nobody is in reach."""
    if reach.empty:
        return None
    parts: list[Select[Any]] = []
    if reach.units:
        # Open-ended rows and rows ending on or after the cutoff as two index ranges (an OR
        # of the two makes both dialects read every row the units ever had).
        rows = select(Execution.person_id).where(
            in_ids(Execution.unit_id, reach.units), Execution.status != ExecutionStatus.REVOKED
        )
        parts.append(rows.where(Execution.end_date.is_(None)))
        parts.append(rows.where(Execution.end_date >= reach.cutoff))
        parts.append(
            select(Assignment.person_id).where(
                in_ids(Assignment.receiver_unit_id, reach.units),
                Assignment.awaiting_distribution.is_(True),
            )
        )
    if reach.assessor_units:
        parts.append(
            select(Case.person_id).where(
                in_ids(Case.authority_unit_id, reach.assessor_units), _open_case(reach.cutoff)
            )
        )
    return union(*parts)


def require_person_access(session: Session, actor: Actor, person_id: int) -> Person:
    """The person, if the actor reaches them (see the module's rule); otherwise
    PermissionDenied, also for a person id that does not exist when nobody is in reach."""
    reach = reach_of(session, actor)
    visible = visible_persons(reach, person_id=person_id)
    # The person and whether they are in reach, in one statement: every pane of a person
    # asks this first.
    found = session.execute(
        select(Person, literal(False) if visible is None else visible).where(Person.id == person_id)
    ).one_or_none()
    if found is None:
        raise NotFound("Personen finns inte.")
    person, in_reach = found
    if in_reach:
        return person
    if reach.units and session.scalar(_ever_at(person_id, reach.units)):
        raise PermissionDenied(
            "Personen har inga pågående eller planerade insatser vid dina enheter och "
            f"uppföljningstiden ({actor.follow_up_days} dagar efter den sista insatsens slut) "
            "har gått ut. Du har inte längre behörighet att se personen."
        )
    raise PermissionDenied(DENIED)


def _ever_at(person_id: int, units: frozenset[int]) -> Select[tuple[bool]]:
    """Whether the person ever had a (not revoked) row at one of the units: to tell a user why
    a person they knew is out of reach."""
    return select(
        exists().where(
            Execution.person_id == person_id,
            in_ids(Execution.unit_id, units),
            Execution.status != ExecutionStatus.REVOKED,
        )
    )
