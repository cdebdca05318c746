"""How demo persons are spread: their fates, counts, and the units that receive and perform."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from treserva_desktop.demo.builder import DemoBuilder
from treserva_desktop.demo.organisation import (
    EKEN,
    HT_CENTRUM,
    HT_NORR,
    HT_SODER,
    LINDGARDEN,
    NORR_1,
    NORR_2,
    RECEIVER_OF,
    SODER_A,
    SODER_B,
    SOLBACKA,
)
from treserva_desktop.domain.enums import BusinessArea

_A = BusinessArea


class Fate(Enum):
    """Where a demo person's assignment stands on the demo day."""

    RECEIVED = "received"  # assignment still in Nya uppdrag
    ONGOING = "ongoing"  # accepted, rows running
    REVISED = "revised"  # accepted, a revoked row followed by a new one (time change)
    PLANNED = "planned"  # accepted, rows start in the future
    UNDER_DISTRIBUTION = "under_distribution"  # accepted, rows not yet sent to Genomförande
    ENDED = "ended"  # every row ended in the last 60 days


# Cycled per fate, so every share is met even for small municipalities: the first ongoing
# person is in home care at Norr grupp 1 (where the `personal` user works).
_AREA_CYCLE = (
    _A.HOME_CARE,
    _A.HOME_CARE,
    _A.NURSING_HOME,
    _A.HOME_CARE,
    _A.HOME_CARE,
    _A.SHORT_TERM,
    _A.HOME_CARE,
    _A.NURSING_HOME,
    _A.HOME_CARE,
    _A.HOME_CARE,
)
# Rows are only ever placed on units without sub-units (a unit with sub-units distributes to
# its underenheter); the assignment itself may still be received by the parent unit.
_HOME_PERFORMER_CYCLE = (
    NORR_1,
    SODER_A,
    HT_CENTRUM,
    NORR_2,
    SODER_B,
    NORR_1,
    SODER_A,
    NORR_2,
    HT_CENTRUM,
    SODER_B,
)
_NURSING_CYCLE = (LINDGARDEN, SOLBACKA)
_RECEIVED_UNIT_CYCLE = (HT_NORR, HT_SODER, HT_NORR, HT_CENTRUM, HT_SODER)
# Where a still-received assignment would be carried out (it has no rows yet).
_RECEIVED_PERFORMER_OF = {HT_NORR: NORR_1, HT_SODER: SODER_A, HT_CENTRUM: HT_CENTRUM}


@dataclass(frozen=True, slots=True)
class Placement:
    """One person's fate and units, before anything about the person is drawn."""

    fate: Fate
    area: BusinessArea
    receiver: str
    performer: str
    seq: int  # the person's number among those with the same fate


def fate_counts(persons: int) -> dict[Fate, int]:
    """How many persons get each fate; small municipalities still get a little of each."""
    if persons < 10:
        order = (
            Fate.ONGOING,
            Fate.RECEIVED,
            Fate.RECEIVED,
            Fate.ONGOING,
            Fate.RECEIVED,
            Fate.ENDED,
            Fate.ONGOING,
            Fate.REVISED,
            Fate.PLANNED,
        )
        counts = dict.fromkeys(Fate, 0)
        for fate in order[:persons]:
            counts[fate] += 1
        return counts
    counts = {
        Fate.RECEIVED: max(3, round(persons * 0.12)),
        Fate.ENDED: round(persons * 0.10),
        Fate.REVISED: max(1, round(persons * 0.04)),
        Fate.PLANNED: max(1, round(persons * 0.03)),
        Fate.UNDER_DISTRIBUTION: max(1, round(persons * 0.03)),
    }
    counts[Fate.ONGOING] = persons - sum(counts.values())
    return counts


def place_persons(b: DemoBuilder) -> list[Placement]:
    """A placement per person, in person order (the only random draw is one shuffle)."""
    fates: list[Fate] = []
    for fate, number in fate_counts(b.count).items():
        fates.extend([fate] * number)
    # The first person stays ongoing in home care at Norr grupp 1; shuffle the rest.
    head, tail = fates[:1], fates[1:]
    if head and head[0] is not Fate.ONGOING and Fate.ONGOING in tail:
        tail[tail.index(Fate.ONGOING)] = head[0]
        head = [Fate.ONGOING]
    b.rng.shuffle(tail)
    counters = dict.fromkeys(Fate, 0)
    home_counters = dict.fromkeys(Fate, 0)
    nursing_counter = 0
    placements: list[Placement] = []
    for fate in head + tail:
        seq = counters[fate]
        counters[fate] += 1
        if fate is Fate.RECEIVED:
            area = _A.HOME_CARE
            receiver = _RECEIVED_UNIT_CYCLE[seq % len(_RECEIVED_UNIT_CYCLE)]
            performer = _RECEIVED_PERFORMER_OF[receiver]
        else:
            area = _A.HOME_CARE if fate is Fate.REVISED else _AREA_CYCLE[seq % 10]
            if area is _A.HOME_CARE:
                hseq = home_counters[fate]
                home_counters[fate] += 1
                performer = _HOME_PERFORMER_CYCLE[hseq % len(_HOME_PERFORMER_CYCLE)]
            elif area is _A.NURSING_HOME:
                performer = _NURSING_CYCLE[nursing_counter % 2]
                nursing_counter += 1
            else:
                performer = EKEN
            receiver = RECEIVER_OF[performer]
        placements.append(Placement(fate, area, receiver, performer, seq))
    return placements
