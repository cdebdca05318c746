"""Rules of boservice cases (förenklad handläggning): what may be opened, when a case may end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.errors import Conflict, ValidationError

PERSONAL_CARE_ONGOING = "Ärendet kan inte avslutas så länge personlig omvårdnad pågår."
ALREADY_CLOSED = "Ärendet är redan avslutat."
CHANGED_BY_SOMEONE_ELSE = (
    "Ärendet har just ändrats av någon annan. Stäng fönstret och öppna ärendet igen."
)
CHOOSE_SERVICE = "Välj minst en boserviceinsats."
CHOOSE_REASON = "Välj avslutsorsak."
NOT_A_SERVICE_CASE = "Ärendet är inget boserviceärende."

# How far ahead a boservice case may be planned to start.
MAX_START_DAYS_AHEAD = 365


@dataclass(frozen=True, slots=True)
class CaseDates:
    """The dates a closing is checked against."""

    opened_on: date
    period_start: date
    period_end: date | None
    # The latest start of the case's live rows (None: it has none).
    latest_row_start: date | None


def check_start(start: date, today: date) -> None:
    """A boservice case starts at most a year ahead (an earlier start is registered after
    the fact and allowed)."""
    if (start - today).days > MAX_START_DAYS_AHEAD:
        raise ValidationError(
            "Startdatum kan ligga högst ett år framåt i tiden.", field="start_date"
        )


def check_items(type_codes: Iterable[str]) -> None:
    codes = list(type_codes)
    if not codes:
        raise ValidationError(CHOOSE_SERVICE, field="items")
    if len(set(codes)) != len(codes):
        raise ValidationError("Samma insats är vald två gånger.", field="items")


def check_open(closed_on: date | None) -> None:
    if closed_on is not None:
        raise Conflict(ALREADY_CLOSED)


def check_version(current: int, expected: int) -> None:
    if current != expected:
        raise Conflict(CHANGED_BY_SOMEONE_ELSE)


def check_period_end(period_end: date | None, dates: CaseDates) -> None:
    """Beslutsperiodens slut: not before the period starts nor before a row of the case starts
    (that row would lie outside the decision)."""
    if period_end is None:
        return
    if period_end < dates.period_start:
        raise ValidationError(
            f"Beslutsperiodens slut kan inte vara före dess början "
            f"({dates.period_start:%Y-%m-%d}).",
            field="period_end",
        )
    if dates.latest_row_start is not None and period_end < dates.latest_row_start:
        raise ValidationError(
            f"Beslutsperiodens slut kan inte vara före {dates.latest_row_start:%Y-%m-%d}, då en "
            "insats i ärendet börjar.",
            field="period_end",
        )


def check_closing(closed_on: date, dates: CaseDates) -> None:
    """Avslutsdatum: inside the decision period, not before the case opened nor before a row of
    the case starts."""
    earliest = max(dates.opened_on, dates.period_start)
    if closed_on < earliest:
        raise ValidationError(
            f"Avslutsdatum kan inte vara före {earliest:%Y-%m-%d}, då ärendet började.",
            field="closed_on",
        )
    if dates.latest_row_start is not None and closed_on < dates.latest_row_start:
        raise ValidationError(
            f"Avslutsdatum kan inte vara före {dates.latest_row_start:%Y-%m-%d}, då en insats "
            "i ärendet börjar.",
            field="closed_on",
        )
    if dates.period_end is not None and closed_on > dates.period_end:
        raise ValidationError(
            f"Avslutsdatum kan inte vara efter beslutsperiodens slut "
            f"({dates.period_end:%Y-%m-%d}).",
            field="closed_on",
        )


def personal_care_goes_on(rows: Iterable[tuple[date, date | None]], closed_on: date) -> bool:
    """Whether a live personal-care row (start, end) runs on after the closing date."""
    return any(end is None or end > closed_on for _start, end in rows)


def check_no_personal_care(rows: Iterable[tuple[date, date | None]], closed_on: date) -> None:
    if personal_care_goes_on(rows, closed_on):
        raise ValidationError(PERSONAL_CARE_ONGOING, field="closed_on")


def row_end_on_closing(end: date | None, closed_on: date) -> date | None:
    """The end a row of the case gets when the case closes (None: it keeps its own, earlier)."""
    return closed_on if end is None or end > closed_on else None


# The rows of a closed case carry an end reason of the rows' own list (end_reasons, migration
# 0013), so Insats GF and the statistics read one code list whatever ended the row.
_ROW_END_REASON = {
    "deceased": "deceased",
    "moved": "moved_away",
    "own_wish": "own_wish",
    "need_ended": "decision_ended",
    "other": "other",
}


def row_end_reason(case_close_reason: str) -> str:
    """The end reason code of a row ended by closing its boservice case with this reason."""
    return _ROW_END_REASON.get(case_close_reason, "decision_ended")
