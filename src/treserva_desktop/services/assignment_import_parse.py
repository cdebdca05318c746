"""Reading an import file: bytes to records, every problem in Swedish with its place.

Nothing hostile gets through as an exception: invalid UTF-8 or JSON (with line and column),
numbers of thousands of digits, NaN, nesting a thousand levels deep and oversized files are
problems like any other. The file is read record by record, and a record that breaks the schema
is read part by part, so the rule checks still see the parts that can be read: one run lists
every problem of the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from treserva_desktop.domain.bounds import ITEMS_MAX, OutOfBounds, check_text
from treserva_desktop.domain.views.assignment_import import ImportProblem
from treserva_desktop.services.assignment_import_schema import (
    AssignmentRecord,
    DecisionRecord,
    FileEnvelope,
    InterventionRecord,
    PersonRecord,
    ReceiverRecord,
    check_external_id,
)

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES: Final = 50_000_000
# No record needs more than a handful of levels; far deeper nesting is an attack on the parser.
MAX_DEPTH: Final = 32
# Ids and hours need a few digits; a longer number is an error, not a 4,300-digit conversion.
MAX_NUMBER_DIGITS: Final = 30

_JSON_MESSAGES: Final = {
    "Expecting value": "ett värde saknas eller är felskrivet",
    "Expecting property name enclosed in double quotes": (
        "ett fältnamn ska stå inom dubbla citattecken"
    ),
    "Expecting ':' delimiter": "kolon saknas efter ett fältnamn",
    "Expecting ',' delimiter": "kommatecken saknas mellan två värden",
    "Unterminated string starting at": "en text saknar avslutande citattecken",
    "Invalid control character at": (
        "en text innehåller ett styrtecken, t.ex. en radbrytning (skriv \\n)"
    ),
    "Invalid \\escape": "en text innehåller en ogiltig kombination med \\",
    "Invalid \\uXXXX escape": "en text innehåller en ogiltig \\u-kod",
    "Extra data": "det finns mer text efter filens slut",
}

_SCHEMA_MESSAGES: Final = {
    "missing": "saknas",
    "extra_forbidden": "okänt fält",
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "decimal_parsing": "ska vara ett tal, t.ex. 12.5",
    "decimal_type": "ska vara ett tal, t.ex. 12.5",
    "finite_number": "ska vara ett ändligt tal",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "date_type": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett datum som finns, på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "list_type": "ska vara en lista",
    "model_type": "ska vara ett objekt",
    "model_attributes_type": "ska vara ett objekt",
    "dict_type": "ska vara ett objekt",
}


class _Refused(ValueError):
    """A value the JSON reader refuses (raised from its hooks)."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(f"filen innehåller ett tal med fler än {MAX_NUMBER_DIGITS} siffror")
    return int(text)


def _bounded_decimal(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_DIGITS + 10:
        raise _Refused(f"filen innehåller ett tal med fler än {MAX_NUMBER_DIGITS} siffror")
    return Decimal(text)


def _no_constants(name: str) -> Any:
    raise _Refused(f"{name} är inget tal i JSON; ange ett tal eller utelämna fältet")


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (walked without recursion), up to just past
    MAX_DEPTH."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def _file_problem(message: str) -> list[ImportProblem]:
    return [ImportProblem("", message)]


def decode(data: bytes) -> tuple[Any, list[ImportProblem]]:
    """The JSON value of the file, or the problems that stop it from being read at all."""
    if len(data) > MAX_FILE_BYTES:
        return None, _file_problem(
            f"Filen är för stor (högst {MAX_FILE_BYTES // 1_000_000} MB). Dela upp den."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _file_problem("Filen är inte sparad som UTF-8.")
    try:
        value = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_bounded_decimal,
            parse_constant=_no_constants,
        )
    except json.JSONDecodeError as error:
        message = _JSON_MESSAGES.get(error.msg, "tecknet här passar inte in")
        return None, [
            ImportProblem(
                f"rad {error.lineno}, kolumn {error.colno}",
                f"filen är inte giltig JSON ({message})",
            )
        ]
    except _Refused as error:
        return None, _file_problem(f"Filen är inte giltig: {error}.")
    except (RecursionError, MemoryError):
        return None, _file_problem(_too_deep())
    except ValueError:
        # int() refusing a conversion, or another value the reader could not take.
        return None, _file_problem("Filen är inte giltig JSON (ett värde kan inte läsas).")
    if _depth(value) > MAX_DEPTH:
        return None, _file_problem(_too_deep())
    return value, []


def _too_deep() -> str:
    return f"Filen är för djupt nästlad (högst {MAX_DEPTH} nivåer av listor och objekt)."


# --- schema problems in Swedish -------------------------------------------------------------


def location(loc: tuple[int | str, ...]) -> str:
    """('uppdrag', 56, 'insatser', 1, 'timmar') -> 'post 57, insatser[2].timmar' (1-based)."""
    parts = list(loc)
    prefix = ""
    if len(parts) >= 2 and parts[0] == "uppdrag" and isinstance(parts[1], int):
        prefix = f"post {parts[1] + 1}"
        parts = parts[2:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        else:
            path += f".{part}" if path else str(part)
    if prefix and path:
        return f"{prefix}, {path}"
    return prefix or path


def translate(error: Any) -> str:
    """One pydantic error as a Swedish message; never pydantic's English text."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind in _SCHEMA_MESSAGES:
        return _SCHEMA_MESSAGES[kind]
    if kind == "literal_error":
        expected = str(context.get("expected", "ett tillåtet värde"))
        return f"ska vara {expected}".replace(" or ", " eller ")
    if kind in ("too_short", "string_too_short"):
        return "får inte vara tom"
    if kind == "too_long":
        return "har för många värden"
    if kind == "string_too_long":
        return f"får vara högst {context.get('max_length', '')} tecken"
    if kind == "value_error":
        # Raised by the schema's own validators and domain.bounds, in Swedish.
        return str(context.get("error", "ogiltigt värde"))
    return "ogiltigt värde"


def schema_problems(
    error: PydanticValidationError, prefix: tuple[int | str, ...] = ()
) -> list[ImportProblem]:
    return [ImportProblem(location(prefix + tuple(e["loc"])), translate(e)) for e in error.errors()]


# --- records, whole or in parts -------------------------------------------------------------


@dataclass
class RecordParts:
    """What could be read of one record. `record` is set when the whole record is valid;
    otherwise the parts that are valid on their own are set, for the rule checks."""

    index: int
    record: AssignmentRecord | None = None
    uppdrag_id: str | None = None
    person: PersonRecord | None = None
    beslut: DecisionRecord | None = None
    # One entry per item of `insatser` (None where the item is invalid); None without a list.
    insatser: list[InterventionRecord | None] | None = None
    mal: str | None = None
    mottagare: ReceiverRecord | None = None
    avsandare: str | None = None
    avsandare_valid: bool = False
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.index + 1


def _model(model: type[M], value: Any) -> M | None:
    try:
        return model.model_validate(value)
    except PydanticValidationError:
        return None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return check_text(value.strip())
    except OutOfBounds:
        return None


def _parts_of(index: int, raw: Any) -> RecordParts:
    parts = RecordParts(index)
    if not isinstance(raw, dict):
        return parts
    parts.person = _model(PersonRecord, raw.get("person"))
    parts.beslut = _model(DecisionRecord, raw.get("beslut"))
    parts.mottagare = _model(ReceiverRecord, raw.get("mottagare"))
    items = raw.get("insatser")
    if isinstance(items, list):
        parts.insatser = [_model(InterventionRecord, item) for item in items]
    parts.mal = _text(raw.get("mal"))
    sender = raw.get("avsandare")
    parts.avsandare = _text(sender)
    parts.avsandare_valid = sender is None or parts.avsandare is not None
    external_id = _text(raw.get("uppdrag_id"))
    if external_id:
        try:
            parts.uppdrag_id = check_external_id(external_id)
        except ValueError:
            parts.uppdrag_id = None
    return parts


def read_record(index: int, raw: Any) -> RecordParts:
    """One record of `uppdrag`: whole if it is valid, else its schema problems and its parts."""
    try:
        record = AssignmentRecord.model_validate(raw)
    except PydanticValidationError as error:
        parts = _parts_of(index, raw)
        parts.problems = schema_problems(error, ("uppdrag", index))
        return parts
    return RecordParts(
        index,
        record=record,
        uppdrag_id=record.uppdrag_id,
        person=record.person,
        beslut=record.beslut,
        insatser=list(record.insatser),
        mal=record.mal,
        mottagare=record.mottagare,
        avsandare=record.avsandare,
        avsandare_valid=True,
    )


def read_file(data: bytes) -> tuple[list[RecordParts], list[ImportProblem]]:
    """Every record of the file as far as it can be read, and the problems of the file itself
    (encoding, JSON, `format`, `version`, `uppdrag`)."""
    value, problems = decode(data)
    if problems:
        return [], problems
    try:
        envelope = FileEnvelope.model_validate(value)
    except PydanticValidationError as error:
        problems = schema_problems(error)
        raw_records = value.get("uppdrag") if isinstance(value, dict) else None
        if not isinstance(raw_records, list) or len(raw_records) > ITEMS_MAX:
            return [], problems
        # `format` or `version` is wrong: the records are still read, for their own problems.
    else:
        raw_records = envelope.uppdrag
    return [read_record(index, raw) for index, raw in enumerate(raw_records)], problems
