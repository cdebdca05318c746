"""Normalised name keys: the stored form of a name that the person search compares and sorts.

A key is the name case-folded (NFC first) with letters mapped so that plain code-point order
is Swedish alphabetical order: å, ä, ö after z (to "{", "|", "}", the code points right
after "z", so no key of a name starting with z falls inside them), æ with ä, ø with ö, é/è
with e, á/à with a, ü with y. The mapping works letter by letter, so the key of a prefix is
a prefix of the key: a name prefix
becomes a range on the indexed key column on any backend (see db/queries/person_search.py).
Migration 0005 carries a frozen copy of this function for its backfill; change both together,
in a new migration that recomputes the keys.
"""

from __future__ import annotations

import unicodedata

_SWEDISH_ORDER = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ö": "}",
        "ø": "}",
        "é": "e",
        "è": "e",
        "á": "a",
        "à": "a",
        "ü": "y",
    }
)


def swedish_key(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().translate(_SWEDISH_ORDER)


def key_range(prefix_key: str) -> tuple[str, str]:
    """The half-open range [low, high) of keys starting with `prefix_key` (non-empty)."""
    return prefix_key, prefix_key[:-1] + chr(ord(prefix_key[-1]) + 1)
