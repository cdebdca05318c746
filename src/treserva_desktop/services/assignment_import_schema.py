"""The JSON file format for importing assignments from an authority system (see
docs/assignment-import.md). Keys are Swedish without diacritics, as integrators prefer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from treserva_desktop.domain.assignment_rules import DEFAULT_LEGAL_BASIS
from treserva_desktop.domain.enums import TimePer

FORMAT_NAME: Final = "treserva-uppdrag"
FORMAT_VERSION: Final = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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
    beslutsdatum: date
    fran: date
    till: date | None = None
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
    person: PersonRecord
    beslut: DecisionRecord
    insatser: list[InterventionRecord] = Field(min_length=1)
    mal: str
    mottagare: ReceiverRecord
    avsandare: str | None = None


class AssignmentFile(_Strict):
    format: Literal["treserva-uppdrag"] = FORMAT_NAME
    version: Literal[1] = FORMAT_VERSION
    uppdrag: list[AssignmentRecord] = Field(min_length=1)
