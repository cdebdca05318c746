"""Sök person: by identity number in any common form or by name prefix, within what the actor
may see. Results carry name, number and address so the user can confirm the right person.

Everything is answered in SQL by an index: numbers by the unique identity number, names by
ranges on the normalised name keys (db/name_keys.py, migration 0005), filtered, sorted in
Swedish order and limited there; at most `limit + 1` rows are ever read into Python. The
statements go through the session's connection (Core): none needs the ORM, whose layer
costs per statement in a search that must answer within 20 ms.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Row,
    Select,
    String,
    TableClause,
    and_,
    column,
    func,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.expression import ColumnClause

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Person
from treserva_desktop.db.name_keys import key_range, swedish_key
from treserva_desktop.db.queries._access import PERSON_ITEM_COLUMNS
from treserva_desktop.db.queries.reach import (
    Reach,
    reach_of,
    reached_person_ids,
    visible_persons,
)
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import from_stored, parse_identity_number
from treserva_desktop.domain.rules import Actor, require
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

# A list item's columns, and what the search adds for confirming the right person.
_RESULT_COLUMNS: tuple[Any, ...] = (
    *PERSON_ITEM_COLUMNS,
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


# How a name search reaches the actor's persons (measured on the 150k municipal demo, both
# plans checked in tests/db/test_query_plans.py):
# - "walk": each name alternative walks its key range in Swedish order and checks each
#   candidate against the actor's units in the (person_id, unit_id) indexes, stopping at the
#   limit. It reads about limit / (share of the registry the actor reaches) candidates, so it
#   suits anyone who reaches a fair share of the registry, whatever the prefix.
# - "reach": start from the persons the actor's units reach (their (unit, ..., person_id)
#   indexes) and keep those whose name matches. It reads every row of the actor's units, so it
#   suits a small reach, where walking would read most of a name range to find a few persons.
# Which one is decided per search by a bounded probe: counting at most REACH_PROBE_ROWS of the
# units' execution and assignment rows (an index range, stopped at the bound). So neither plan
# reads more than about REACH_PROBE_ROWS rows plus what it returns, for any scope.
REACH_PROBE_ROWS = 12_000
# A first name alone ("B", "Anna") is answered from its own index when fewer persons than
# this have such a first name, else by walking the last-name index (see _first_name_only).
FIRST_NAME_RANGE_ROWS = 2_000


def search_persons(
    session: Session, actor: Actor, text: str, *, limit: int = SEARCH_LIMIT
) -> list[PersonSearchResult]:
    """At most `limit` persons by last name, first name; empty when nothing matches."""
    return search_persons_page(session, actor, text, limit=limit).results


def search_persons_page(
    session: Session, actor: Actor, text: str, *, limit: int = SEARCH_LIMIT
) -> SearchPage:
    """Like search_persons, and says whether more than `limit` persons matched. Each person
    shown is audited (with the unit the actor reaches them from). A role that reaches no
    person (the systemadministratör) is refused."""
    require(actor, Permission.SEARCH_PERSONS)
    query = " ".join(text.split())
    if not query:
        raise ValidationError("Skriv ett personnummer eller början av ett namn.", field="text")
    reach = reach_of(session, actor)
    if reach.empty:
        return SearchPage([], more=False)
    if _NUMBER_CHARS.match(query) or _RESERVE.match(query):
        rows = (
            session.connection()
            .execute(_ordered(_by_number(session, query), _visible(session, reach), limit + 1))
            .all()
        )
    else:
        rows = _by_name(session, reach, query, limit + 1)
    results = [_result(row) for row in rows[:limit]]
    # Every person shown is a read of that person's data: one event each, one INSERT.
    audit.record_reads(session, actor, (audit.PersonRead(r.id) for r in results), view="search")
    log.debug("person search returned %d rows (more: %s)", len(results), len(rows) > limit)
    return SearchPage(results, more=len(rows) > limit)


_NAME_ORDER = (Person.last_name_key, Person.first_name_key, Person.id)
# A name key column: of the mapped Person, or of NAME_KEYS.
_KeyColumn = InstrumentedAttribute[str] | ColumnClause[Any]


def _visible(session: Session, reach: Reach) -> ColumnElement[bool]:
    """visible_persons for a reach that is not empty (built only where a plan tests it)."""
    visible = visible_persons(reach, sqlite=session.get_bind().dialect.name == "sqlite")
    assert visible is not None, "an empty reach is answered before"
    return visible


def _ordered(
    condition: ColumnElement[bool], visible: ColumnElement[bool], limit: int
) -> Select[Any]:
    return select(*_RESULT_COLUMNS).where(condition, visible).order_by(*_NAME_ORDER).limit(limit)


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


# The probe's answer per database and reach, kept a while: it only picks the plan (both give
# the same persons), and a unit's number of rows changes slowly, so a search typed again
# within the minute need not count them again.
REACH_PROBE_KEPT_S = 60.0
_probed: dict[tuple[str, int, frozenset[int], date], tuple[float, bool]] = {}


def _reach_is_small(session: Session, reach: Reach, reached: CompoundSelect[Any]) -> bool:
    """Whether the reach set's branches hold fewer than REACH_PROBE_ROWS rows: a count
    stopped at the bound, read from the (unit, ...) indexes."""
    key = (str(session.connection().engine.url), REACH_PROBE_ROWS, reach.units, reach.cutoff)
    now = time.monotonic()
    kept = _probed.get(key)
    if kept is not None and now - kept[0] < REACH_PROBE_KEPT_S:
        return kept[1]
    rows = select(literal(1)).select_from(union_all(*reached.selects).subquery())
    bounded = rows.limit(REACH_PROBE_ROWS).subquery()
    found = session.connection().scalar(select(func.count()).select_from(bounded)) or 0
    small = found < REACH_PROBE_ROWS
    if len(_probed) > 256:
        _probed.clear()
    _probed[key] = (now, small)
    return small


def _by_name(session: Session, reach: Reach, query: str, limit: int) -> list[Row[Any]]:
    """The first `limit` persons in Swedish order whose names match `query` (see
    _name_alternatives), by the plan REACH_PROBE_ROWS describes."""
    reached = reached_person_ids(reach) if not reach.assessor_units else None
    if reached is not None and _reach_is_small(session, reach, reached):
        # One pass over the reached persons, whatever the number of alternatives, testing
        # each one's name keys in ix_persons_id_name_keys; only the persons shown are read
        # from the table.
        keys = NAME_KEYS.c
        matching = or_(
            *(
                condition
                for condition, _ in _name_alternatives(
                    query, keys.last_name_key, keys.first_name_key
                )
            )
        )
        reached_ids = reached.subquery()
        postgresql = session.get_bind().dialect.name == "postgresql"
        found = (_each_reached if postgresql else _joined_reached)(reached_ids, matching, limit)
        shown = found.subquery()
        statement = (
            select(*_RESULT_COLUMNS)
            .select_from(shown)
            .join(Person, Person.id == shown.c.id)
            .order_by(shown.c.last_name_key, shown.c.first_name_key, shown.c.id)
        )
        return list(session.connection().execute(statement).all())
    visible = _visible(session, reach)
    alternatives = _name_alternatives(query, Person.last_name_key, Person.first_name_key)
    by_last = [condition for condition, first_prefix in alternatives if first_prefix is None]
    rows = (
        list(session.connection().execute(_union_ordered(by_last, visible, limit)).all())
        if by_last
        else []
    )
    first_prefixes = [prefix for _condition, prefix in alternatives if prefix is not None]
    if not first_prefixes:
        return rows
    # A first name alone: only persons that sort before the last of `limit` rows already
    # found can still be shown, so the last names the other alternatives reached bound it.
    (prefix,) = first_prefixes
    bound = rows[limit - 1].last_name_key if len(rows) >= limit else None
    statement = _first_name_only(session, prefix, bound, visible, limit)
    found_rows = {row.id: row for row in rows}
    for row in session.connection().execute(statement).all():
        found_rows.setdefault(row.id, row)
    return sorted(found_rows.values(), key=_name_order_of)[:limit]


class _PersonNameKeys(TableClause):
    """The persons table read through ix_persons_id_name_keys (id and the two name keys,
    migration 0027): `persons AS name_keys`. SQLite is told to use that index (INDEXED BY):
    its planner looks a person up by rowid in the table whenever it can, reading the whole
    row to compare two keys. PostgreSQL picks the index by itself (an index-only scan)."""

    inherit_cache = True


NAME_KEYS_INDEX = "ix_persons_id_name_keys"
NAME_KEYS = _PersonNameKeys(
    "name_keys",
    column("id", Integer),
    column("last_name_key", String),
    column("first_name_key", String),
)


@compiles(_PersonNameKeys)
def _person_name_keys(element: _PersonNameKeys, compiler: Any, **_kw: Any) -> str:
    return f"persons AS {element.name}"


@compiles(_PersonNameKeys, "sqlite")
def _person_name_keys_sqlite(element: _PersonNameKeys, compiler: Any, **_kw: Any) -> str:
    return f"persons AS {element.name} INDEXED BY {NAME_KEYS_INDEX}"


def _joined_reached(reached_ids: Any, matching: ColumnElement[bool], limit: int) -> Select[Any]:
    """SQLite: the first `limit` reached persons whose name keys match, in Swedish order
    (the join runs as a loop over the reached persons, each sought in the index)."""
    keys = NAME_KEYS.c
    return (
        select(keys.id, keys.last_name_key, keys.first_name_key)
        .select_from(reached_ids)
        .join(NAME_KEYS, keys.id == reached_ids.c.person_id)
        .where(matching)
        .order_by(keys.last_name_key, keys.first_name_key, keys.id)
        .limit(limit)
    )


def _each_reached(reached_ids: Any, matching: ColumnElement[bool], limit: int) -> Select[Any]:
    """PostgreSQL: each reached person looked up in the index and tested there, the way
    SQLite runs the join. Left to plan the join, PostgreSQL reads every person in the name
    ranges and hashes them against the reached set: for "B" the 29,000 persons whose first or
    last name starts with B, to keep 900 of them (municipal demo: 17 ms, and 13 ms this way).
    The OFFSET keeps the lookup a subquery of its own, run per reached person (LATERAL)."""
    keys = NAME_KEYS.c
    person = (
        select(keys.id, keys.last_name_key, keys.first_name_key)
        .where(keys.id == reached_ids.c.person_id, matching)
        .offset(0)
        .subquery()
        .lateral()
    )
    return (
        select(*person.c)
        .select_from(reached_ids)
        .join(person, true())
        .order_by(person.c.last_name_key, person.c.first_name_key, person.c.id)
        .limit(limit)
    )


def _first_name_only(
    session: Session, prefix: str, bound: str | None, visible: ColumnElement[bool], limit: int
) -> Select[Any]:
    """Persons whose first name starts with `prefix` (and last name sorts at or before
    `bound`), in Swedish order. A first-name range is not in last-name order: a small one
    (under FIRST_NAME_RANGE_ROWS, counted with a bounded probe of its index) is read whole
    and sorted; a large one is found by walking the last-name index in order, testing the
    first name there, until `limit` visible persons are found — with so many matches that
    walk stops early."""
    key = swedish_key(prefix)
    in_range = _key_starts_with(Person.first_name_key, prefix)
    below = [] if bound is None else [Person.last_name_key <= bound]
    probe = select(Person.id).where(in_range, *below).limit(FIRST_NAME_RANGE_ROWS).subquery()
    matches = session.connection().scalar(select(func.count()).select_from(probe)) or 0
    if matches < FIRST_NAME_RANGE_ROWS:
        return _ordered(and_(in_range, *below), visible, limit)
    # substr() keeps the first-name index out: the walk goes in last-name order.
    starts = func.substr(Person.first_name_key, 1, len(key)) == key
    low = [] if bound is not None else [Person.last_name_key >= ""]
    return _ordered(and_(starts, *below, *low), visible, limit)


def _name_order_of(row: Row[Any]) -> tuple[str, str, int]:
    """Swedish order in Python: the key columns compare by code point in SQL too."""
    return (row.last_name_key, row.first_name_key, row.id)


def _union_ordered(
    conditions: list[ColumnElement[bool]], visible: ColumnElement[bool], limit: int
) -> Select[Any]:
    """Each condition its own index-ordered, limited SELECT; their union ordered and limited
    once more."""
    if len(conditions) == 1:
        return _ordered(conditions[0], visible, limit)
    branches = [_ordered(condition, visible, limit).subquery().select() for condition in conditions]
    combined = union(*branches).subquery()
    return (
        select(*(combined.c[column.key] for column in _RESULT_COLUMNS))
        .order_by(combined.c.last_name_key, combined.c.first_name_key, combined.c.id)
        .limit(limit)
    )


def _name_alternatives(
    query: str, last_key: _KeyColumn, first_key: _KeyColumn
) -> list[tuple[ColumnElement[bool], str | None]]:
    """Name prefixes as ranges of the key columns `last_key` and `first_key`, each with the
    prefix when it is of the first name alone (None when it ranges over the last name).
    "Efternamn, förnamn" names both parts; otherwise the text is the start of the last or the
    first name, or "förnamn efternamn" / "efternamn förnamn" split at any space."""
    if "," in query:
        last_part, first_part = (part.strip() for part in query.split(",", 1))
        if not last_part and not first_part:
            raise ValidationError("Skriv ett personnummer eller början av ett namn.", field="text")
        parts = [
            _key_starts_with(column, part)
            for column, part in ((last_key, last_part), (first_key, first_part))
            if part
        ]
        return [(and_(*parts), None if last_part else first_part)]
    alternatives: list[tuple[ColumnElement[bool], str | None]] = [
        (_key_starts_with(last_key, query), None),
        (_key_starts_with(first_key, query), query),
    ]
    words = query.split(" ")
    if len(words) <= MAX_SPLIT_WORDS:
        for split in range(1, len(words)):
            before, after = " ".join(words[:split]), " ".join(words[split:])
            alternatives.append(
                (and_(_key_starts_with(first_key, before), _key_starts_with(last_key, after)), None)
            )
            alternatives.append(
                (and_(_key_starts_with(last_key, before), _key_starts_with(first_key, after)), None)
            )
    return alternatives


def _key_starts_with(column: _KeyColumn, prefix: str) -> ColumnElement[bool]:
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


def _result(row: Sequence[Any]) -> PersonSearchResult:
    # Unpacked in _RESULT_COLUMNS' order: each of a Row's attributes by name is a lookup of
    # its own, ten per person and up to 200 persons per search.
    person_id, last_name, first_name, number, kind, protected, street, postal_code, city = row[:9]
    return PersonSearchResult(
        id=person_id,
        name=f"{last_name}, {first_name}",
        identity_display=from_stored(number, kind).display(),
        address=PROTECTED_TEXT if protected else address_text(street, postal_code, city),
        protected_identity=protected,
        is_test_data=row[9],
    )
