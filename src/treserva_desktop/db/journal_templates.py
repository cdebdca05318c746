"""The journal templates shipped with the application (resources/journal_templates/*.json),
read once through importlib.resources so an installed or frozen build finds them too."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from treserva_desktop.domain.journal_templates import JournalTemplate, parse_template

PACKAGE = "treserva_desktop.resources"
FOLDER = "journal_templates"


@cache
def all_templates() -> tuple[JournalTemplate, ...]:
    """Every template, ordered by name."""
    folder = files(PACKAGE) / FOLDER
    found = [
        parse_template(json.loads(entry.read_text(encoding="utf-8")))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    ]
    return tuple(sorted(found, key=lambda template: template.name))


def template_by_code(code: str) -> JournalTemplate | None:
    return next((t for t in all_templates() if t.code == code), None)
