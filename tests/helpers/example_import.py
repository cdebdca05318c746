"""The documented example import file, with its dates moved to lie just before a given day.

The example in docs/ carries fixed dates; a decision dated after "today" is rightly refused,
so tests that import the example move every date by the same number of days first. The
records keep their order of dates and everything else as written.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "assignments.json"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _dates(value: Any) -> list[date]:
    if isinstance(value, dict):
        return [d for item in value.values() for d in _dates(item)]
    if isinstance(value, list):
        return [d for item in value for d in _dates(item)]
    if isinstance(value, str) and _ISO_DATE.match(value):
        return [date.fromisoformat(value)]
    return []


def _shift(value: Any, delta: timedelta) -> Any:
    if isinstance(value, dict):
        return {key: _shift(item, delta) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift(item, delta) for item in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        return (date.fromisoformat(value) + delta).isoformat()
    return value


def example_records(today: date) -> Any:
    """The example file's content, every decision dated at least a week before `today`."""
    content = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    decided = [d for record in content["uppdrag"] for d in _dates(record["beslut"]["beslutsdatum"])]
    delta = (today - timedelta(days=7)) - max(decided)
    return _shift(content, delta)


def example_bytes(today: date) -> bytes:
    return json.dumps(example_records(today), ensure_ascii=False).encode("utf-8")
