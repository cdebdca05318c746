"""Swedish identity numbers: personnummer, samordningsnummer and reservnummer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.enums import IdentityKind
from treserva_desktop.domain.errors import ValidationError

# ASCII digits only: Python's \d would also take full-width and other scripts' digits, and a
# number typed with them would not match the same person stored with 0-9.
_PATTERN = re.compile(r"^([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{4})$")
_RESERVE_PATTERN = re.compile(r"^R[0-9A-Z]{3,15}$")
# Nobody alive was born more than this many calendar years ago; an older birth year is a typo
# (or a '+' on a number that lacks it: "400307+2388" would mean 1840).
MAX_AGE_YEARS = 120
# Skatteverket never issues the birth number 000.
_UNUSED_SERIAL = "000"


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    """A validated identity number, stored as 12 digits (or the reserve number as given)."""

    value: str
    kind: IdentityKind

    @property
    def birth_date(self) -> date | None:
        if self.kind is IdentityKind.RESERVE:
            return None
        day = int(self.value[6:8])
        if self.kind is IdentityKind.COORDINATION:
            day -= 60
        return date(int(self.value[0:4]), int(self.value[4:6]), day)

    def display(self, today: date | None = None) -> str:
        """YYYYMMDD-NNNC, the form Treserva shows; reserve numbers as stored."""
        if self.kind is IdentityKind.RESERVE:
            return self.value
        return f"{self.value[:8]}-{self.value[8:]}"

    def short(self, today: date) -> str:
        """YYMMDD-NNNC, with '+' from the year the person turns 100."""
        if self.kind is IdentityKind.RESERVE:
            return self.value
        separator = "+" if today.year - int(self.value[:4]) >= 100 else "-"
        return f"{self.value[2:8]}{separator}{self.value[8:]}"

    @property
    def gender_code(self) -> str | None:
        """'K' or 'M' from the second-to-last digit, where the number carries it."""
        if self.kind is IdentityKind.RESERVE:
            return None
        return "K" if int(self.value[10]) % 2 == 0 else "M"


def luhn_check_digit(nine_digits: str) -> int:
    """Check digit over the nine digits YYMMDDNNN (weights 2,1,2,1,…)."""
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def parse_identity_number(text: str, *, today: date) -> IdentityNumber:
    """Parse any common form (10 or 12 digits, with or without '-'/'+') or raise ValidationError."""
    # Spaces anywhere are dropped, as people type and paste numbers ("400517 4828"): a
    # deliberate leniency where personnummer.dev's shared test data counts a space as invalid.
    raw = text.strip().replace(" ", "").upper()
    if not raw:
        raise ValidationError("Ange personnummer.", field="identity_number")
    if raw.startswith("R"):
        if not _RESERVE_PATTERN.match(raw):
            raise ValidationError(
                "Reservnummer ska börja med R följt av 3–15 siffror eller versaler.",
                field="identity_number",
            )
        return IdentityNumber(raw, IdentityKind.RESERVE)
    if any(char.isdigit() and not char.isascii() for char in raw):
        raise ValidationError(
            "Personnumret får bara innehålla siffrorna 0–9.", field="identity_number"
        )
    match = _PATTERN.match(raw)
    if not match:
        raise ValidationError(
            "Personnumret ska skrivas ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN.", field="identity_number"
        )
    century_text, yy, mm, dd, separator, serial = match.groups()
    day_number = int(dd)
    kind = IdentityKind.COORDINATION if day_number > 60 else IdentityKind.PERSONAL
    real_day = day_number - 60 if kind is IdentityKind.COORDINATION else day_number
    if century_text is not None:
        year = int(century_text + yy)
    else:
        year = _year_from_short(int(yy), int(mm), real_day, separator == "+", today)
    try:
        born = date(year, int(mm), real_day)
    except ValueError:
        raise ValidationError(
            "Personnumret innehåller ett datum som inte finns.", field="identity_number"
        ) from None
    if born > today:
        raise ValidationError(
            "Personnumret anger ett födelsedatum i framtiden.", field="identity_number"
        )
    if year < today.year - MAX_AGE_YEARS:
        raise ValidationError(
            f"Personnumret anger födelseåret {year}, som inte är rimligt. Kontrollera "
            "personnumret (plustecken används bara för den som fyller 100 år i år eller "
            "är äldre).",
            field="identity_number",
        )
    if century_text is not None and separator == "+" and today.year - year < 100:
        # The twelve-digit form may carry '+' (personnummer.dev's test data does), but only
        # for someone who turns 100 this year or is older: otherwise it is a typo.
        raise ValidationError(
            "Plustecken används bara för den som fyller 100 år i år eller är äldre.",
            field="identity_number",
        )
    digits = f"{yy}{mm}{dd}{serial}"
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            "Kontrollsiffran stämmer inte – kontrollera personnumret.", field="identity_number"
        )
    if serial[:3] == _UNUSED_SERIAL:
        raise ValidationError(
            "Födelsenumret 000 delas aldrig ut – kontrollera personnumret.",
            field="identity_number",
        )
    return IdentityNumber(f"{year:04d}{mm}{dd}{serial}", kind)


def _year_from_short(yy: int, month: int, day: int, centenarian: bool, today: date) -> int:
    """The latest year ending in yy that puts the birthday before today; for '+' the latest
    year ending in yy at least 100 years back."""
    if centenarian:
        # '+' is written from the calendar year the person turns 100, birthday passed or not,
        # so it is decided by the year alone (the same rule as IdentityNumber.short).
        latest = today.year - 100
        return latest - (latest - yy) % 100
    year = today.year - (today.year - yy) % 100
    try:
        if date(year, month, day) > today:
            year -= 100
    except ValueError:
        # An impossible date here is reported by the caller's own date check.
        pass
    return year


def make_personal_number(born: date, serial3: int) -> str:
    """A valid 12-digit personnummer for a birth date and a three-digit serial (demo data)."""
    nine = f"{born:%y%m%d}{serial3:03d}"
    return f"{born:%Y%m%d}{serial3:03d}{luhn_check_digit(nine)}"


def from_stored(value: str, kind: IdentityKind) -> IdentityNumber:
    """Wrap a number read back from the database, where it was validated on the way in."""
    return IdentityNumber(value, kind)


def kind_of_display(display: str) -> IdentityKind:
    """The kind of a number shown in full (YYYYMMDD-NNNC or a reserve number); no date needed."""
    raw = display.strip().replace("-", "").replace("+", "").upper()
    if raw.startswith("R") or len(raw) != 12 or not (raw.isascii() and raw.isdigit()):
        return IdentityKind.RESERVE
    return IdentityKind.COORDINATION if int(raw[6:8]) > 60 else IdentityKind.PERSONAL
