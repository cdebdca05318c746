"""Records and files for the assignment import tests, and a refusal that checks nothing
was saved."""

from __future__ import annotations

import itertools
import json
from datetime import date
from typing import Any

import pytest
from tests.helpers.assignment_world import DECIDED, PERIOD_END, PERIOD_START, World, counts

from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.services.assignment_import import ImportFailed, import_assignments

_EXTERNAL_IDS = itertools.count(1)


def record(number: int, **overrides: Any) -> dict[str, Any]:
    """A valid record for person `number`, with an uppdrag_id of its own."""
    result: dict[str, Any] = {
        "uppdrag_id": f"BIS-{next(_EXTERNAL_IDS):06d}",
        "person": {
            "personnummer": make_personal_number(date(1936, 2, 3), 100 + number),
            "fornamn": "Märta",
            "efternamn": f"Importsson{number}",
            "gatuadress": "Skolgatan 2",
            "postnummer": "12345",
            "ort": "Åby",
        },
        "beslut": {
            "beslutsdatum": DECIDED.isoformat(),
            "fran": PERIOD_START.isoformat(),
            "till": PERIOD_END.isoformat(),
        },
        "insatser": [
            {"typ": "personal_care", "timmar": 30, "per": "manad"},
            {"typ": "safety_alarm"},
        ],
        "mal": "Trygghet i hemmet.",
        "mottagare": {"enhet": "Hemtjänst Norr"},
        "avsandare": "handlaggare",
    }
    result.update(overrides)
    return result


def file_of(records: list[dict[str, Any]]) -> bytes:
    return json.dumps({"format": "treserva-uppdrag", "version": 1, "uppdrag": records}).encode()


def refused(world: World, data: bytes, actor: str | None = None) -> list[str]:
    """The problems of a refused import, after checking that no table gained or lost a row."""
    before = counts(world.db)
    with pytest.raises(ImportFailed) as caught, world.db.transaction() as session:
        import_assignments(session, world.actor(actor) if actor else None, data)
    assert counts(world.db) == before
    assert caught.value.message.endswith("Inget har importerats.")
    return [str(problem) for problem in caught.value.problems]
