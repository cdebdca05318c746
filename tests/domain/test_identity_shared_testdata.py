"""The identity number parser against personnummer.dev's shared test data (tests/data/README.md).

Every form of every entry is accepted exactly when the data says it is valid, keeps the kind the
data gives (personnummer or samordningsnummer) and, where the form fixes the century, parses to
the entry's twelve digits.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from treserva_desktop.domain.enums import IdentityKind
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import IdentityNumber, parse_identity_number

DATA = Path(__file__).resolve().parents[1] / "data" / "personnummer_meta_list.json"
# A day after the newest number in the data was born (2021), with the centenarians still alive.
TODAY = date(2026, 12, 2)
FORMS = ("long_format", "short_format", "separated_format", "separated_long")
KINDS = {"ssn": IdentityKind.PERSONAL, "con": IdentityKind.COORDINATION}


def _entries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
    return entries


def _cases() -> list[Any]:
    return [
        pytest.param(entry, form, id=f"{entry[form]}-{form}")
        for entry in _entries()
        for form in FORMS
    ]


def _valid_here(entry: dict[str, Any], form: str) -> bool:
    """The data's verdict, but for one deliberate difference: Treserva drops spaces, as people
    type and paste numbers with them ("400517 4828", and Sök person relies on it), where the
    data counts a space in place of the separator as invalid. Everything else as the data says.
    """
    if " " in entry[form]:
        return _parse(entry[form].replace(" ", "")) is not None
    return bool(entry["valid"])


def _parse(text: str) -> IdentityNumber | None:
    try:
        return parse_identity_number(text, today=TODAY)
    except ValidationError:
        return None


def test_the_vendored_data_is_the_full_list() -> None:
    entries = _entries()
    assert len(entries) == 14
    assert sum(entry["valid"] for entry in entries) == 8


@pytest.mark.parametrize(("entry", "form"), _cases())
def test_every_form_is_accepted_exactly_when_the_data_says_valid(
    entry: dict[str, Any], form: str
) -> None:
    parsed = _parse(entry[form])
    assert (parsed is not None) == _valid_here(entry, form), entry[form]
    if parsed is None or " " in entry[form]:
        return
    assert parsed.kind is KINDS[entry["type"]]
    assert parsed.gender_code == ("M" if entry["isMale"] else "K")
    century_known = form != "short_format" or TODAY.year - int(entry["long_format"][:4]) < 100
    if century_known:
        # The short form without a separator cannot carry '+', so for a centenarian it means
        # the person born a hundred years later: the data's implementations read it so too.
        assert parsed.value == entry["long_format"], entry[form]


def test_serial_000_is_refused_with_a_swedish_message() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_identity_number("20150916-0006", today=TODAY)
    assert caught.value.message == "Födelsenumret 000 delas aldrig ut – kontrollera personnumret."


def test_the_twelve_digit_form_with_plus_for_a_centenarian() -> None:
    parsed = parse_identity_number("19090527+1474", today=TODAY)
    assert parsed.value == "190905271474"
    assert parsed.short(TODAY) == "090527+1474"


def test_spaces_are_dropped_the_one_deliberate_difference_from_the_data() -> None:
    (spaced,) = [entry for entry in _entries() if " " in entry["long_format"]]
    assert not spaced["valid"]
    assert _parse("19090527 1474") == _parse("19090527+1474")
    assert _parse(" 19090527 + 1474 ") == _parse("19090527+1474")
