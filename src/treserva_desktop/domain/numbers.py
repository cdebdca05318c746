"""Numbers as Swedish text."""

from __future__ import annotations


def grouped(count: int) -> str:
    """Thousands apart with a no-break space, as Swedish writes them: 3 025."""
    return f"{count:,}".replace(",", "\u00a0")
