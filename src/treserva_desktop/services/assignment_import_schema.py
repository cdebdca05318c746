"""The JSON file format for importing assignments from an authority system (see
docs/assignment-import.md). Keys are Swedish without diacritics, as integrators prefer.

Every value keeps domain.bounds (no NUL or control characters, ids within a PostgreSQL
integer, sane lengths); dates are ISO text only, so `"fran": 0` is an error rather than
1970-01-01.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from treserva_desktop.domain.assignment_rules import DEFAULT_LEGAL_BASIS
from treserva_desktop.domain.bounds import check_value
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.field_lengths import MAX_LENGTHS

FORMAT_NAME: Final = "treserva-uppdrag"
FORMAT_VERSION: Final = 1

DATE_MESSAGE: Final = "ska vara ett datum på formen ÅÅÅÅ-MM-DD"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EXTERNAL_ID_MESSAGE: Final = (
    f"ska vara 1–{MAX_LENGTHS['external_id']} tecken: bokstäverna A–Z, siffror och - _ . : /, "
    "med en bokstav eller siffra först"
)
_EXTERNAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/-]*")


def _iso_date_text(value: Any) -> Any:
    """Only 'YYYY-MM-DD' text becomes a date: no numbers (epoch seconds), no date-times."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError(DATE_MESSAGE)


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]


def check_external_id(value: str) -> str:
    if len(value) > MAX_LENGTHS["external_id"] or not _EXTERNAL_ID.fullmatch(value):
        raise ValueError(EXTERNAL_ID_MESSAGE)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any) -> Any:
        return check_value(value)


class PersonRecord(_Strict):
    personnummer: str
    fornamn: str
    efternamn: str
    gatuadress: str = ""
    postnummer: str = ""
    ort: str = ""
    telefon: str = ""
    skyddad_identitet: bool = False


class DecisionRecord(_Strict):
    beslutsdatum: IsoDate
    fran: IsoDate
    till: IsoDate | None = None
    lagrum: str = DEFAULT_LEGAL_BASIS


class InterventionRecord(_Strict):
    typ: str
    timmar: Decimal | None = None
    per: Literal["vecka", "manad", "månad"] | None = None
    beskrivning: str = ""

    @property
    def time_per(self) -> TimePer | None:
        if self.per is None:
            return None
        return TimePer.WEEK if self.per == "vecka" else TimePer.MONTH


class ReceiverRecord(_Strict):
    enhet_id: int | None = None
    enhet: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ReceiverRecord:
        if (self.enhet_id is None) == (self.enhet is None):
            raise ValueError("ange antingen enhet_id eller enhet (namnet), inte båda")
        return self


class AssignmentRecord(_Strict):
    # The authority system's id of the assignment: a re-import skips the ids already imported.
    uppdrag_id: Annotated[str, Field(min_length=1)]
    person: PersonRecord
    beslut: DecisionRecord
    insatser: list[InterventionRecord] = Field(min_length=1)
    mal: str
    mottagare: ReceiverRecord
    avsandare: str | None = None

    @field_validator("uppdrag_id", mode="after")
    @classmethod
    def _external_id(cls, value: str) -> str:
        return check_external_id(value)


class FileEnvelope(_Strict):
    """The file around its records; each record is then read on its own, so one broken record
    does not hide the problems of the others (or of its own parts that can be read)."""

    format: Literal["treserva-uppdrag"] = FORMAT_NAME
    version: Literal[1] = FORMAT_VERSION
    uppdrag: list[Any] = Field(min_length=1)
