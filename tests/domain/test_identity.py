"""Personnummer, samordningsnummer and reservnummer: parsing, validation and display forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treserva_desktop.domain.enums import IdentityKind
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import (
    IdentityNumber,
    from_stored,
    luhn_check_digit,
    make_personal_number,
    parse_identity_number,
)

TODAY = date(2024, 3, 15)

# Everyone alive today: born up to 120 years ago, at the latest today.
birth_dates = st.dates(min_value=date(TODAY.year - 120, 1, 1), max_value=TODAY)
# Birth number 000 is never issued (see test_serial_000_is_refused).
serials = st.integers(min_value=1, max_value=999)


def number_for(born: date, serial3: int, *, coordination: bool = False) -> str:
    """Twelve digits with a correct check digit; day + 60 for a samordningsnummer."""
    day = born.day + 60 if coordination else born.day
    nine = f"{born:%y%m}{day:02d}{serial3:03d}"
    return f"{born:%Y%m}{day:02d}{serial3:03d}{luhn_check_digit(nine)}"


def common_forms(twelve: str, born: date, today: date) -> list[str]:
    """Every form a user may type for the number (the 10-digit ones as the rules allow)."""
    forms = [twelve, f"{twelve[:8]}-{twelve[8:]}", f" {twelve[:8]} - {twelve[8:]} "]
    if today.year - born.year >= 100:
        forms.append(f"{twelve[2:8]}+{twelve[8:]}")
    else:
        # Without '+' a 10-digit number means someone younger than 100.
        forms += [f"{twelve[2:8]}-{twelve[8:]}", twelve[2:]]
    return forms


def assert_refused(text: str, today: date = TODAY) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_identity_number(text, today=today)
    assert caught.value.field == "identity_number"
    assert caught.value.message
    return caught.value


# --- property tests -----------------------------------------------------------------------


@given(born=birth_dates, serial=serials)
def test_personal_number_round_trips_through_every_common_form(born: date, serial: int) -> None:
    twelve = make_personal_number(born, serial)
    for text in common_forms(twelve, born, TODAY):
        parsed = parse_identity_number(text, today=TODAY)
        assert parsed.value == twelve, text
        assert parsed.kind is IdentityKind.PERSONAL
        assert parsed.birth_date == born


@given(born=birth_dates, serial=serials)
def test_coordination_number_round_trips_with_real_birth_date(born: date, serial: int) -> None:
    twelve = number_for(born, serial, coordination=True)
    for text in common_forms(twelve, born, TODAY):
        parsed = parse_identity_number(text, today=TODAY)
        assert parsed.value == twelve, text
        assert parsed.kind is IdentityKind.COORDINATION
        assert parsed.birth_date == born


@given(born=birth_dates, serial=serials, coordination=st.booleans())
def test_display_and_short_forms_parse_back_to_the_same_number(
    born: date, serial: int, coordination: bool
) -> None:
    parsed = parse_identity_number(number_for(born, serial, coordination=coordination), today=TODAY)
    assert parse_identity_number(parsed.display(), today=TODAY) == parsed
    assert parse_identity_number(parsed.short(TODAY), today=TODAY) == parsed


@given(born=birth_dates, serial=serials, wrong=st.integers(min_value=1, max_value=9))
def test_any_wrong_check_digit_is_refused(born: date, serial: int, wrong: int) -> None:
    twelve = make_personal_number(born, serial)
    bad = f"{twelve[:11]}{(int(twelve[11]) + wrong) % 10}"
    error = assert_refused(bad)
    assert "Kontrollsiffran" in error.message


@given(born=st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2099, 12, 31)))
def test_future_birth_dates_are_refused(born: date) -> None:
    error = assert_refused(make_personal_number(born, 123))
    assert "framtiden" in error.message


@given(born=birth_dates, serial=serials)
def test_gender_code_follows_the_second_to_last_digit(born: date, serial: int) -> None:
    parsed = parse_identity_number(make_personal_number(born, serial), today=TODAY)
    assert parsed.gender_code == ("M" if serial % 2 else "K")


# --- examples -----------------------------------------------------------------------------


def test_known_valid_number_in_all_forms() -> None:
    for text in ("194607137454", "19460713-7454", "460713-7454", "4607137454"):
        parsed = parse_identity_number(text, today=TODAY)
        assert parsed == IdentityNumber("194607137454", IdentityKind.PERSONAL)
        assert parsed.birth_date == date(1946, 7, 13)


def test_ten_digits_pick_the_latest_century_that_is_not_in_the_future() -> None:
    # 2024-06-01 has not happened yet on TODAY, so a '-' number for it means 1924.
    later_this_year = make_personal_number(date(1924, 6, 1), 1)
    assert parse_identity_number(later_this_year[2:], today=TODAY).birth_date == date(1924, 6, 1)
    earlier_this_year = make_personal_number(date(2024, 1, 2), 1)
    assert parse_identity_number(earlier_this_year[2:], today=TODAY).birth_date == date(2024, 1, 2)
    born_today = make_personal_number(TODAY, 1)
    assert parse_identity_number(born_today[2:], today=TODAY).birth_date == TODAY


def test_plus_means_at_least_100_years_back_by_calendar_year() -> None:
    # Turns 100 later this year: '+' already applies, the birthday need not have passed.
    born = date(1924, 12, 24)
    number = parse_identity_number(make_personal_number(born, 42), today=TODAY)
    assert number.short(TODAY) == f"241224+042{number.value[-1]}"
    assert parse_identity_number(number.short(TODAY), today=TODAY).birth_date == born
    # 99 this year: still '-'.
    younger = parse_identity_number(make_personal_number(date(1925, 1, 1), 42), today=TODAY)
    assert younger.short(TODAY).startswith("250101-")
    # A '+' number for a year ending in 24 is 1924, never 2024 or 1824.
    early = make_personal_number(date(1924, 1, 1), 42)
    assert parse_identity_number(f"{early[2:8]}+{early[8:]}", today=TODAY).value == early


def test_plus_in_the_twelve_digit_form_only_for_a_centenarian() -> None:
    error = assert_refused("19460713+7454")
    assert "Plustecken" in error.message
    centenarian = make_personal_number(date(1924, 1, 1), 42)
    assert parse_identity_number(f"{centenarian[:8]}+{centenarian[8:]}", today=TODAY).value == (
        centenarian
    )


@given(born=birth_dates)
def test_serial_000_is_refused(born: date) -> None:
    error = assert_refused(make_personal_number(born, 0))
    assert "000" in error.message


@pytest.mark.parametrize("yy", ["40", "03"])
def test_implausible_birth_years_are_refused(yy: str) -> None:
    # '+' on 400307-2388 would mean 1840; 03 with '+' means 1903 on TODAY (2024): 121 years.
    number = make_personal_number(date(2000 + int(yy), 3, 7), 238)
    error = assert_refused(f"{yy}{number[4:8]}+{number[8:]}")
    assert "inte är rimligt" in error.message
    assert_refused(f"18{yy}{number[4:]}")


@pytest.mark.parametrize(
    "text",
    ["１９４００３０７-２３８８", "19400307-２３８８", "١٩٤٠٠٣٠٧٢٣٨٨", "R１２３"],
)
def test_only_ascii_digits_are_accepted(text: str) -> None:
    error = assert_refused(text)
    assert "0–9" in error.message or "Reservnummer" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "19230230-0000",  # 30 February
        "19230229-0000",  # 1923 is not a leap year
        "19231301-0000",  # month 13
        "19230100-0000",  # day 0
        "19230132-0000",  # day 32
        "19230160-0000",  # day 60: neither a real day nor a samordningsnummer day
        "19230192-0000",  # samordningsnummer day 92 = day 32
        "230230-0000",
    ],
)
def test_impossible_dates_are_refused(text: str) -> None:
    # Fix the check digit so that only the date can be at fault.
    digits = text.replace("-", "")
    nine = digits[-10:-1]
    text = f"{text[:-1]}{luhn_check_digit(nine)}"
    error = assert_refused(text)
    assert "datum som inte finns" in error.message


def test_leap_day_is_accepted_in_a_leap_year_only() -> None:
    leap = make_personal_number(date(2000, 2, 29), 123)
    assert parse_identity_number(leap, today=TODAY).birth_date == date(2000, 2, 29)
    # 1900 was not a leap year, so '+' (meaning 1900) makes the date impossible.
    assert_refused(f"{leap[2:8]}+{leap[8:]}")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "12345", "1946071374545", "194607137454x", "19460713/7454", "460713--7454"],
)
def test_malformed_input_is_refused(text: str) -> None:
    assert_refused(text)


def test_empty_input_asks_for_a_number() -> None:
    assert assert_refused("  ").message == "Ange personnummer."


def test_wrong_check_digit_is_refused_with_swedish_message() -> None:
    error = assert_refused("19460713-7455")
    assert error.message == "Kontrollsiffran stämmer inte – kontrollera personnumret."


def test_tomorrow_is_in_the_future_but_today_is_not() -> None:
    assert_refused(make_personal_number(TODAY + timedelta(days=1), 5))
    assert parse_identity_number(make_personal_number(TODAY, 5), today=TODAY).birth_date == TODAY


def test_coordination_number_example() -> None:
    # Born 1970-10-03: day 03 + 60 = 63.
    twelve = number_for(date(1970, 10, 3), 239, coordination=True)
    assert twelve[6:8] == "63"
    parsed = parse_identity_number(f"{twelve[2:8]}-{twelve[8:]}", today=TODAY)
    assert parsed.kind is IdentityKind.COORDINATION
    assert parsed.kind.label == "Samordningsnummer"
    assert parsed.birth_date == date(1970, 10, 3)
    assert parsed.display() == f"{twelve[:8]}-{twelve[8:]}"


@pytest.mark.parametrize("text", ["R123", "r1234ab", " R00000000000000X ", "RABC"])
def test_reserve_numbers_are_kept_as_given_in_capitals(text: str) -> None:
    parsed = parse_identity_number(text, today=TODAY)
    assert parsed.kind is IdentityKind.RESERVE
    assert parsed.value == text.strip().upper()
    assert parsed.birth_date is None
    assert parsed.gender_code is None
    assert parsed.display() == parsed.value
    assert parsed.short(TODAY) == parsed.value


@pytest.mark.parametrize("text", ["R12", "R1234567890123456", "R12-34", "RÅÄÖ1"])
def test_malformed_reserve_numbers_are_refused(text: str) -> None:
    error = assert_refused(text)
    assert "Reservnummer" in error.message


def test_display_and_short_forms() -> None:
    parsed = parse_identity_number("194607137454", today=TODAY)
    assert parsed.display() == "19460713-7454"
    assert parsed.short(TODAY) == "460713-7454"
    assert parsed.short(date(2046, 1, 1)) == "460713+7454"
    assert parsed.short(date(2045, 12, 31)) == "460713-7454"


def test_gender_codes() -> None:
    # The second-to-last digit: odd for a man, even for a woman.
    assert parse_identity_number("194607137454", today=TODAY).gender_code == "M"
    assert parse_identity_number("811218-9876", today=TODAY).gender_code == "M"
    woman = make_personal_number(date(1950, 5, 5), 12)
    assert parse_identity_number(woman, today=TODAY).gender_code == "K"


def test_make_personal_number_is_valid_and_twelve_digits() -> None:
    number = make_personal_number(date(1931, 1, 9), 7)
    assert len(number) == 12
    assert number.startswith("19310109007")
    assert parse_identity_number(number, today=TODAY).value == number


def test_luhn_check_digit_known_value() -> None:
    assert luhn_check_digit("460713745") == 4
    assert luhn_check_digit("811218987") == 6


def test_from_stored_wraps_without_validation() -> None:
    stored = from_stored("194607137454", IdentityKind.PERSONAL)
    assert stored == IdentityNumber("194607137454", IdentityKind.PERSONAL)
    assert stored.birth_date == date(1946, 7, 13)


def test_identity_number_is_frozen() -> None:
    parsed = parse_identity_number("194607137454", today=TODAY)
    with pytest.raises(AttributeError):
        parsed.value = "000000000000"  # type: ignore[misc]


@given(born=birth_dates, serial=serials)
def test_short_form_separator_depends_on_calendar_year_only(born: date, serial: int) -> None:
    parsed = parse_identity_number(make_personal_number(born, serial), today=TODAY)
    assert parsed.short(TODAY)[6] == ("+" if TODAY.year - born.year >= 100 else "-")
