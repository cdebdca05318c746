"""Part 7 of a scale demo: genomförandejournaler with their notes, as staff write them.

Every person with rows gets a social journal at the unit performing them, from the template of
that unit's business area; some nursing-home residents also get an HSL journal written by a
nurse. The notes (`ScaleSpec.journal_notes` in all) are drawn from the template's headings,
keywords and phrase texts: most persons have a few dozen, persons in long-term care more, and
one person at the largest unit has a journal of `BIG_JOURNAL_NOTES` (the benchmark's journal).
Each note is saved once (one version row), signed by its author or locked by time, except
the unsigned notes of the last day, which are still open. Journals are written person by
person, so memory stays bounded by one journal.
"""

from __future__ import annotations

import random
from datetime import timedelta

from treserva_desktop.db.journal_templates import template_by_code
from treserva_desktop.db.models import (
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
)
from treserva_desktop.demo import organisation as named
from treserva_desktop.demo.journals import (
    HSL_TEMPLATE,
    TEMPLATE_OF_AREA,
    draw_note,
    lock_demo_notes,
    note_moments,
    note_rows,
)
from treserva_desktop.demo.municipal.context import ACKNOWLEDGED, ACTIVE, FORMER, Context
from treserva_desktop.domain.enums import BusinessArea, JournalKind, Role
from treserva_desktop.domain.journal_templates import JournalTemplate

# The benchmark opens this journal: a person at the largest unit with years of notes.
BIG_JOURNAL_NOTES = 2_000
# Relative number of notes per journal by what the person is on the demo day.
_WEIGHT = {ACKNOWLEDGED: 3.0, ACTIVE: 1.0, FORMER: 0.6}
# Share of nursing-home residents (acknowledged) who also have an HSL journal, and its notes.
_HSL_SHARE = 0.3
_HSL_NOTES = (2, 12)


def add_journals(ctx: Context) -> None:
    """Journals and notes for the persons with rows, until the spec's number of notes."""
    registry, rng = ctx.registry, ctx.rng
    people = [i for i in range(len(registry)) if registry.state[i] in _WEIGHT]
    if not people or ctx.spec.journal_notes <= 0:
        return
    big = _big_journal_person(ctx, people)
    big_notes = min(BIG_JOURNAL_NOTES, ctx.spec.journal_notes // 4) if big is not None else 0
    counts = _note_counts(ctx, people, ctx.spec.journal_notes - big_notes, rng)
    if big is not None:
        counts[big] = big_notes
    hsl = template_by_code(HSL_TEMPLATE)
    ctx.progress.start("Journalanteckningar", ctx.spec.journal_notes)
    written = 0
    for index in people:
        leaf = ctx.units[registry.leaf[index]]
        template = template_by_code(TEMPLATE_OF_AREA.get(leaf.area, "home_care"))
        if template is None or not leaf.staff:
            continue
        notes = counts.get(index, 0)
        if notes:
            _write_journal(ctx, index, template, JournalKind.SOCIAL, leaf.staff, notes)
            written += notes
        if (
            hsl is not None
            and ctx.nurses
            and leaf.area is BusinessArea.NURSING_HOME
            and registry.state[index] == ACKNOWLEDGED
            and rng.random() < _HSL_SHARE
        ):
            _write_journal(ctx, index, hsl, JournalKind.HSL, ctx.nurses, rng.randint(*_HSL_NOTES))
        ctx.progress.update(written)
    ctx.progress.finish()
    ctx.writer.flush()
    lock_demo_notes(ctx.session, ctx.now)


def _big_journal_person(ctx: Context, people: list[int]) -> int | None:
    """The first acknowledged person at the largest unit (Norr grupp 1, where the demo
    users work): the journal the benchmark opens."""
    norr = ctx.unit_ids.get(named.NORR_1)
    for index in people:
        leaf = ctx.units[ctx.registry.leaf[index]]
        if leaf.id == norr and ctx.registry.state[index] == ACKNOWLEDGED:
            return index
    return None


def _note_counts(ctx: Context, people: list[int], total: int, rng: random.Random) -> dict[int, int]:
    """`total` notes split over the persons by weight, each share rounded at random so the
    sum stays close to `total`."""
    weights = [_WEIGHT[ctx.registry.state[i]] * rng.uniform(0.2, 1.8) for i in people]
    scale = total / sum(weights)
    counts: dict[int, int] = {}
    for index, weight in zip(people, weights, strict=True):
        share = weight * scale
        whole = int(share)
        counts[index] = whole + (1 if rng.random() < share - whole else 0)
    return counts


def _write_journal(
    ctx: Context,
    index: int,
    template: JournalTemplate,
    kind: JournalKind,
    authors: list[int],
    notes: int,
) -> None:
    w, rng = ctx.writer, ctx.rng
    leaf = ctx.units[ctx.registry.leaf[index]]
    # Notes every day or two back from today (older persons' journals reach further back).
    span = timedelta(days=min(ctx.spec.history_days, max(14, notes * rng.uniform(0.6, 2.0))))
    opened = ctx.now - span - timedelta(days=1)
    journal_id = w.next_id(Journal)
    w.add(
        Journal,
        {
            "id": journal_id,
            "person_id": ctx.registry.person[index],
            "unit_id": leaf.id,
            "kind": kind.value,
            "template_code": template.code,
            "title": template.title,
            "created_at": opened,
            "created_by": rng.choice(leaf.team or authors),
            "closed_at": None,
            "closed_by": None,
            "version": 1,
        },
    )
    role = Role.NURSE if kind is JournalKind.HSL else Role.CARE_STAFF
    latest = ctx.now - timedelta(minutes=5)
    for event_at in note_moments(rng, opened, latest, notes):
        entry, version, keywords = note_rows(
            draw_note(rng, template, event_at, latest),
            entry_id=w.next_id(JournalEntry),
            version_id=w.next_id(JournalEntryVersion),
            journal_id=journal_id,
            unit_id=leaf.id,
            author=rng.choice(authors),
            role=role,
        )
        w.add(JournalEntry, entry)
        w.add(JournalEntryVersion, version)
        for keyword in keywords:
            w.add(JournalEntryKeyword, keyword)
