"""Sök person: by identity number in any common form or by name prefix, within what the actor
may see. Results carry name, number and address so the user can confirm the right person."""

from __future__ import annotations

import logging
import re

from sqlalchemy import ColumnElement, and_, exists, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Assignment, Execution, Person
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import from_stored, parse_identity_number
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import PROTECTED_TEXT
from treserva_desktop.domain.views.persons import PersonSearchResult, address_text

log = logging.getLogger(__name__)

SEARCH_LIMIT = 200

_NUMBER_CHARS = re.compile(r"^[\d\s+-]+$")
_RESERVE = re.compile(r"^[Rr][0-9A-Za-z]*\d[0-9A-Za-z]*$")
_SEPARATORS = re.compile(r"[\s+-]")


# Swedish alphabetical order: å, ä, ö after z; é with e, ü with y.
_SWEDISH_ORDER = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03", "é": "e", "ü": "y"})


def swedish_key(text: str) -> str:
    return text.casefold().translate(_SWEDISH_ORDER)


def visible_persons(actor: Actor) -> ColumnElement[bool] | None:
    """The SQL form of db.queries._access.require_person_access; None when nobody is visible."""
    if actor.can(Permission.SEND_ASSIGNMENTS):
        return true()
    units = actor.units_with(Permission.VIEW_PERSONS)
    if not units:
        return None
    return or_(
        exists().where(Execution.person_id == Person.id, Execution.unit_id.in_(units)),
        exists().where(Assignment.person_id == Person.id, Assignment.receiver_unit_id.in_(units)),
    )


def search_persons(
    session: Session, actor: Actor, text: str, *, limit: int = SEARCH_LIMIT
) -> list[PersonSearchResult]:
    """At most `limit` persons by last name, first name; empty when nothing matches."""
    query = " ".join(text.split())
    if not query:
        raise ValidationError("Skriv ett personnummer eller början av ett namn.", field="text")
    visible = visible_persons(actor)
    if visible is None:
        return []
    if _NUMBER_CHARS.match(query) or _RESERVE.match(query):
        persons = _by_number(session, visible, query)
    else:
        persons = _by_name(session, visible, query)
    persons.sort(key=lambda p: (swedish_key(p.last_name), swedish_key(p.first_name), p.id))
    results = [_result(person) for person in persons[:limit]]
    log.debug("person search returned %d of %d", len(results), len(persons))
    return results


def _by_number(session: Session, visible: ColumnElement[bool], query: str) -> list[Person]:
    digits = _SEPARATORS.sub("", query)
    if digits.isdigit() and len(digits) == 8:
        # A birth date YYYYMMDD: every number starting with it.
        condition = _starts_with(Person.identity_number, digits, session.get_bind().dialect.name)
    elif digits.isdigit() and len(digits) not in (10, 12):
        raise ValidationError(
            "Skriv personnumret med 10 eller 12 siffror (ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN), "
            "eller födelsedatum som ÅÅÅÅMMDD.",
            field="text",
        )
    else:
        try:
            number = parse_identity_number(query, today=clock_of(session).today())
        except ValidationError as error:
            raise ValidationError(error.message, field="text") from None
        condition = Person.identity_number == number.value
    return list(session.scalars(select(Person).where(condition, visible)).all())


def _by_name(session: Session, visible: ColumnElement[bool], query: str) -> list[Person]:
    """Name prefixes, compared case-folded in Python: SQLite's lower() and LIKE only fold
    ASCII, and Swedish names start with Å, Ä and Ö. SQL narrows by the first letter."""
    if "," in query:
        last_part, first_part = (part.strip() for part in query.split(",", 1))
        columns = [Person.last_name]
        initial = last_part[:1] or first_part[:1]
        if not last_part:
            columns = [Person.first_name]
    else:
        last_part = first_part = ""
        columns = [Person.last_name, Person.first_name]
        initial = query[:1]
    if not initial:
        raise ValidationError("Skriv ett personnummer eller början av ett namn.", field="text")
    dialect = session.get_bind().dialect.name
    narrowing = or_(
        *(
            _starts_with(column, variant, dialect)
            for column in columns
            for variant in {initial.lower(), initial.upper()}
        )
    )
    candidates = session.scalars(select(Person).where(narrowing, visible)).all()
    if "," in query:
        return [
            p
            for p in candidates
            if p.last_name.casefold().startswith(last_part.casefold())
            and p.first_name.casefold().startswith(first_part.casefold())
        ]
    wanted = query.casefold()
    return [p for p in candidates if _name_matches(p, wanted)]


def _starts_with(
    column: InstrumentedAttribute[str], prefix: str, dialect: str
) -> ColumnElement[bool]:
    """`column` starts with `prefix`, as a range an index on the column answers (SQLite's
    LIKE folds case and so cannot use one). Compared by code point: SQLite's default;
    PostgreSQL's collation may sort by language rules, where the range would miss names."""
    ordered = column.collate("C") if dialect == "postgresql" else column
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(ordered >= prefix, ordered < after)


def _name_matches(person: Person, wanted: str) -> bool:
    first = person.first_name.casefold()
    last = person.last_name.casefold()
    return any(
        candidate.startswith(wanted)
        for candidate in (last, first, f"{first} {last}", f"{last} {first}")
    )


def _result(person: Person) -> PersonSearchResult:
    protected = person.protected_identity
    return PersonSearchResult(
        id=person.id,
        name=f"{person.last_name}, {person.first_name}",
        identity_display=from_stored(person.identity_number, person.identity_kind).display(),
        address=PROTECTED_TEXT
        if protected
        else address_text(person.street, person.postal_code, person.city),
        protected_identity=protected,
        is_test_data=person.is_test_data,
    )
