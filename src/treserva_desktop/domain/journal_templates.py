"""Journal templates (mallar): the headings, keywords and phrase texts a journal offers, read
from plain data (resources/journal_templates/*.json, loaded by services.journal_templates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from treserva_desktop.domain.enums import BusinessArea, JournalKind


@dataclass(frozen=True, slots=True)
class Phrase:
    """En frastext: a short title to pick it by and the text inserted at the cursor."""

    title: str
    text: str


@dataclass(frozen=True, slots=True)
class JournalTemplate:
    """En mall: which business areas it serves and what a note in it may use."""

    code: str
    name: str
    kind: JournalKind
    business_areas: frozenset[BusinessArea]
    title: str
    headings: tuple[str, ...]
    keywords: tuple[str, ...]
    phrases: tuple[Phrase, ...]


class TemplateFormatError(ValueError):
    """A template file does not have the expected shape (a packaging error, not user input)."""


def _strings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = data.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise TemplateFormatError(f"{key}: a list of non-empty strings")
    return tuple(values)


def parse_template(data: Mapping[str, Any]) -> JournalTemplate:
    """One template from its JSON object."""
    try:
        phrases = tuple(
            Phrase(str(item["title"]), str(item["text"])) for item in data.get("phrases", [])
        )
        return JournalTemplate(
            code=str(data["code"]),
            name=str(data["name"]),
            kind=JournalKind(data["kind"]),
            business_areas=frozenset(BusinessArea(a) for a in _strings(data, "business_areas")),
            title=str(data["title"]),
            headings=_strings(data, "headings"),
            keywords=_strings(data, "keywords"),
            phrases=phrases,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TemplateFormatError(f"journal template: {exc}") from exc


def templates_for(
    templates: tuple[JournalTemplate, ...], business_area: BusinessArea | None
) -> tuple[JournalTemplate, ...]:
    """The templates serving a unit of `business_area` (all of them when it is unknown)."""
    if business_area is None:
        return templates
    return tuple(t for t in templates if business_area in t.business_areas)
