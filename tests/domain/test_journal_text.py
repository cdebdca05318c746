"""A locked note's text with its corrections: the rules for a new one and the composed view."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treserva_desktop.domain import journal_text
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.journal_text import Correction, SegmentKind

AT = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
BODY = "Märta åt frukost kl 8. Hon var glad och pratade om sin dotter."


def _correction(body: str, start: int, end: int, replacement: str) -> Correction:
    return Correction(
        start=start,
        end=end,
        original=body[start:end],
        replacement=replacement,
        reason="Fel tid",
        corrected_by="Vera Verksamhetschef",
        corrected_at=AT,
    )


def test_compose_strikes_the_original_and_adds_the_replacement() -> None:
    start = BODY.index("kl 8")
    fix = _correction(BODY, start, start + 4, "kl 9")
    segments = journal_text.compose(BODY, [fix])
    assert [s.kind for s in segments] == [
        SegmentKind.UNCHANGED,
        SegmentKind.ORIGINAL,
        SegmentKind.REPLACEMENT,
        SegmentKind.UNCHANGED,
    ]
    assert segments[1].text == "kl 8"
    assert segments[2].text == "kl 9"
    assert segments[2].correction is fix
    assert journal_text.current_text(BODY, [fix]) == BODY.replace("kl 8", "kl 9")


def test_an_empty_replacement_only_strikes() -> None:
    fix = _correction(BODY, 0, 6, "")
    kinds = [s.kind for s in journal_text.compose(BODY, [fix])]
    assert kinds == [SegmentKind.ORIGINAL, SegmentKind.UNCHANGED]


@pytest.mark.parametrize(
    ("start", "end", "replacement", "reason", "field"),
    [
        (5, 5, "x", "Fel", "selection"),
        (6, 2, "x", "Fel", "selection"),
        (-1, 3, "x", "Fel", "selection"),
        (0, len(BODY) + 1, "x", "Fel", "selection"),
        (0, 5, "Märta", "Fel", "replacement"),
        (0, 5, "Maria", "   ", "reason"),
        (0, 5, "Maria", "x" * (journal_text.MAX_REASON + 1), "reason"),
        (0, 5, "x" * (journal_text.MAX_REPLACEMENT + 1), "Fel", "replacement"),
    ],
)
def test_check_refuses_bad_corrections(
    start: int, end: int, replacement: str, reason: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        journal_text.check_correction(BODY, start, end, replacement, reason, [])
    assert caught.value.field == field


def test_check_refuses_overlap_but_allows_adjacent() -> None:
    earlier = [_correction(BODY, 10, 20, "något")]
    with pytest.raises(ValidationError, match="redan rättats"):
        journal_text.check_correction(BODY, 15, 25, "x", "Fel", earlier)
    with pytest.raises(ValidationError, match="redan rättats"):
        journal_text.check_correction(BODY, 5, 11, "x", "Fel", earlier)
    journal_text.check_correction(BODY, 20, 25, "x", "Fel", earlier)
    journal_text.check_correction(BODY, 5, 10, "x", "Fel", earlier)


@st.composite
def bodies_with_corrections(draw: st.DrawFn) -> tuple[str, list[Correction]]:
    body = draw(st.text(min_size=0, max_size=200))
    cuts = sorted(draw(st.lists(st.integers(0, len(body)), max_size=8, unique=True)))
    corrections: list[Correction] = []
    # Pairs of cut points become disjoint, non-empty ranges.
    for start, end in zip(cuts[0::2], cuts[1::2], strict=False):
        if end > start:
            corrections.append(_correction(body, start, end, draw(st.text(max_size=20))))
    return body, draw(st.permutations(corrections))


@given(bodies_with_corrections())
def test_segments_give_back_the_body_and_the_corrected_text(
    case: tuple[str, list[Correction]],
) -> None:
    body, corrections = case
    segments = journal_text.compose(body, corrections)
    assert journal_text.original_text(segments) == body
    assert all(segment.text for segment in segments)
    expected = body
    for fix in sorted(corrections, key=lambda c: c.start, reverse=True):
        expected = expected[: fix.start] + fix.replacement + expected[fix.end :]
    assert journal_text.current_text(body, corrections) == expected
    originals = [s.correction for s in segments if s.kind is SegmentKind.ORIGINAL]
    assert sorted(originals, key=lambda c: c.start if c else 0) == sorted(
        corrections, key=lambda c: c.start
    )


@given(bodies_with_corrections(), st.integers(0, 200), st.integers(1, 40))
def test_a_checked_correction_never_overlaps(
    case: tuple[str, list[Correction]], start: int, length: int
) -> None:
    body, corrections = case
    end = start + length
    try:
        journal_text.check_correction(body, start, end, "ny text \u00e4", "Orsak", corrections)
    except ValidationError:
        return
    assert 0 <= start < end <= len(body)
    assert not any(start < c.end and c.start < end for c in corrections)
    fix = _correction(body, start, end, "ny text \u00e4")
    journal_text.compose(body, [*corrections, fix])
