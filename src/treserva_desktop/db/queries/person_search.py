"""Sök person: by identity number in any common form or by name prefix, within what the actor
may see. Results carry name, number and address so the user can confirm the right person.

Everything is answered in SQL by an index: numbers by the unique identity number, names by
ranges on the normalised name keys (db/name_keys.py, migration 0005), filtered, sorted in
Swedish order and limited there; at most `limit + 1` rows are ever read into Python.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, exists, or_, select, true, union
from sqlalchemy.orm import InstrumentedAttribute, Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Assignment, Execution, Person
from treserva_desktop.db.name_keys import key_range, swedish_key
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import from_stored, parse_identity_number
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.persons import PersonSearchResult, address_text

__all__ = [
    "SEARCH_LIMIT",
    "SearchPage",
    "reached_person_ids",
    "search_persons",
    "search_persons_page",
    "swedish_key",
    "visible_persons",
]

log = logging.getLogger(__name__)

SEARCH_LIMIT = 200
# "Anna Maria von Essen" splits into first and last name at each space; more words than this
# are not split (each split is one more index range in the query).
MAX_SPLIT_WORDS = 4

_NUMBER_CHARS = re.compile(r"^[\d\s+-]+$")
_RESERVE = re.compile(r"^[Rr][0-9A-Za-z]*\d[0-9A-Za-z]*$")
_SEPARATORS = re.compile(r"[\s+-]")

_RESULT_COLUMNS: tuple[Any, ...] = (
    Person.id,
    Person.last_name,
    Person.first_name,
    Person.identity_number,
    Person.identity_kind,
    Person.protected_identity,
    Person.street,
    Person.postal_code,
    Person.city,
    Person.is_test_data,
    Person.last_name_key,
    Person.first_name_key,
)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """The first `limit` results in Swedish name order, and whether more persons matched."""

    results: list[PersonSearchResult]
    more: bool


# A name search starts from the persons a narrow scope reaches (at most this many units, each
# up to a few thousand persons) when the text is this short: its prefix range holds a tenth
# of the registry, and walking it probing each name costs in proportion to the registry. A
# longer prefix, or a wide scope, walks the name index and probes each candidate instead
# (measured both ways on the 30k demo; both plans are checked in tests/db/test_query_plans.py).
NARROW_SCOPE_UNITS = 2
SHORT_PREFIX_LETTERS = 2


def visible_persons(actor: Actor) -> ColumnElement[bool] | None:
    """The SQL form of db.queries._access.require_person_access, probed per candidate
    person through the person_id indexes; None when nobody is visible."""
    if actor.can(Permission.SEND_ASSIGNMENTS):
        return true()
    units = actor.units_with(Permission.VIEW_PERSONS)
    if not units:
        return None
    return or_(
        exists().where(Execution.person_id == Person.id, Execution.unit_id.in_(units)),
        exists().where(Assignment.person_id == Person.id, Assignment.receiver_unit_id.in_(units)),
    )


def reached_person_ids(actor: Actor) -> Select[Any] | None:
    """The same persons as visible_persons as a set of ids, read from the units' (unit, …,
    person_id) indexes; None when the actor is not limited to units (or sees nobody)."""
    if actor.can(Permission.SEND_ASSIGNMENTS):
        return None
    units = actor.units_with(Permission.VIEW_PERSONS)
    if not units:
        return None
    return union(
        select(Execution.person_id).where(Execution.unit_id.in_(units)),
        select(Assignment.person_id).where(Assignment.receiver_unit_id.in_(units)),
    )  # type: ignore[return-value]


def _name_visibility(actor: Actor, visible: ColumnElement[bool], query: str) -> ColumnElement[bool]:
    """The visibility condition for a name search (see NARROW_SCOPE_UNITS)."""
    reached = reached_person_ids(actor)
    narrow = len(actor.units_with(Permission.VIEW_PERSONS)) <= NARROW_SCOPE_UNITS
    short = sum(char.isalpha() for char in query) <= SHORT_PREFIX_LETTERS
    if reached is None or not (narrow and short):
        return visible
    return Person.id.in_(reached)


def search_persons(
    session: Session, actor: Actor, text: str, *, limit: int = SEARCH_LIMIT
) -> list[PersonSearchResult]:
    """At most `limit` persons by last name, first name; empty when nothing matches."""
    return search_persons_page(session, actor, text, limit=limit).results


def search_persons_page(
    session: Session, actor: Actor, text: str, *, limit: int = SEARCH_LIMIT
) -> SearchPage:
    """Like search_persons, and says whether more than `limit` persons matched."""
    query = " ".join(text.split())
    if not query:
        raise ValidationError("Skriv ett personnummer eller början av ett namn.", field="text")
    visible = visible_persons(actor)
    if visible is None:
        return SearchPage([], more=False)
    if _NUMBER_CHARS.match(query) or _RESERVE.match(query):
        statement = _ordered(_by_number(session, query), visible, limit + 1)
    else:
        statement = _by_name(query, _name_visibility(actor, visible, query), limit + 1)
    rows = session.execute(statement).all()
    results = [_result(row) for row in rows[:limit]]
    log.debug("person search returned %d rows (more: %s)", len(results), len(rows) > limit)
    return SearchPage(results, more=len(rows) > limit)


def _ordered(
    condition: ColumnElement[bool], visible: ColumnElement[bool], limit: int
) -> Select[Any]:
    return (
        select(*_RESULT_COLUMNS)
        .where(condition, visible)
        .order_by(Person.last_name_key, Person.first_name_key, Person.id)
        .limit(limit)
    )


def _by_number(session: Session, query: str) -> ColumnElement[bool]:
    digits = _SEPARATORS.sub("", query)
    if digits.isdigit() and len(digits) == 8:
        # A birth date YYYYMMDD: every number starting with it.
        return _starts_with(Person.identity_number, digits)
    if digits.isdigit() and len(digits) not in (10, 12):
        raise ValidationError(
            "Skriv personnumret med 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN), "
            "eller födelsedatum som ÅÅÅÅMMDD.",
            field="text",
        )
    try:
        number = parse_identity_number(query, today=clock_of(session).today())
    except ValidationError as error:
        raise ValidationError(error.message, field="text") from None
    return Person.identity_number == number.value


def _by_name(query: str, visible: ColumnElement[bool], limit: int) -> Select[Any]:
    """Name prefixes as key ranges. "Efternamn, förnamn" names both parts; otherwise the text
    is the start of the last or the first name, or "förnamn efternamn" / "efternamn förnamn"
    split at any space. Each alternative is its own index-ordered, limited SELECT; their
    union is ordered and limited once more."""
    alternatives = _name_alternatives(query)
    if len(alternatives) == 1:
        return _ordered(alternatives[0], visible, limit)
    branches = [
        _ordered(condition, visible, limit).subquery().select() for condition in alternatives
    ]
    combined = union(*branches).subquery()
    return (
        select(*(combined.c[column.key] for column in _RESULT_COLUMNS))
        .order_by(combined.c.last_name_key, combined.c.first_name_key, combined.c.id)
        .limit(limit)
    )


def _name_alternatives(query: str) -> list[ColumnElement[bool]]:
    last_key, first_key = Person.last_name_key, Person.first_name_key
    if "," in query:
        last_part, first_part = (part.strip() for part in query.split(",", 1))
        if not last_part and not first_part:
            raise ValidationError("Skriv ett personnummer eller början av ett namn.", field="text")
        parts = [
            _key_starts_with(column, part)
            for column, part in ((last_key, last_part), (first_key, first_part))
            if part
        ]
        return [and_(*parts)]
    alternatives = [_key_starts_with(last_key, query), _key_starts_with(first_key, query)]
    words = query.split(" ")
    if len(words) <= MAX_SPLIT_WORDS:
        for split in range(1, len(words)):
            before, after = " ".join(words[:split]), " ".join(words[split:])
            alternatives.append(
                and_(_key_starts_with(first_key, before), _key_starts_with(last_key, after))
            )
            alternatives.append(
                and_(_key_starts_with(last_key, before), _key_starts_with(first_key, after))
            )
    return alternatives


def _key_starts_with(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    """The key column starts with the key of `prefix`: a range its index answers. The key
    columns compare by code point on both backends (collation "C" on PostgreSQL)."""
    low, high = key_range(swedish_key(prefix))
    return and_(column >= low, column < high)


def _starts_with(column: InstrumentedAttribute[str], digits: str) -> ColumnElement[bool]:
    """An identity number starts with `digits`: a range the unique index answers on both
    backends (digit strings sort alike in every collation, so no COLLATE that would keep
    PostgreSQL from using the index)."""
    low, high = key_range(digits)
    return and_(column >= low, column < high)


def _result(row: Row[Any]) -> PersonSearchResult:
    protected = row.protected_identity
    return PersonSearchResult(
        id=row.id,
        name=f"{row.last_name}, {row.first_name}",
        identity_display=from_stored(row.identity_number, row.identity_kind).display(),
        address=PROTECTED_TEXT
        if protected
        else address_text(row.street, row.postal_code, row.city),
        protected_identity=protected,
        is_test_data=row.is_test_data,
    )
