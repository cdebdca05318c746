"""Part 8 of a scale demo: avvikelser at scale, about half a deviation per active person and
year over the last two years, registered by the staff of the person's unit and handled by its
manager (demo/deviations.py draws each one and its history). One in twenty is registered on
the unit without a person. Rows go to the bulk writer one deviation at a time, so memory stays
bounded by its chunk."""

from __future__ import annotations

from datetime import timedelta

from treserva_desktop.db.models import Deviation, DeviationEvent
from treserva_desktop.demo.deviations import draw_deviation
from treserva_desktop.demo.municipal.context import ACKNOWLEDGED, ACTIVE, Context

# Deviations per active person and year, and the years back they reach.
PER_PERSON_YEAR = 0.5
YEARS = 2
UNIT_SHARE = 0.05


def add_deviations(ctx: Context) -> None:
    registry, rng, w = ctx.registry, ctx.rng, ctx.writer
    people = [i for i in range(len(registry)) if registry.state[i] in (ACKNOWLEDGED, ACTIVE)]
    if not people:
        return
    total = round(PER_PERSON_YEAR * YEARS * len(people))
    days = min(ctx.spec.history_days, 365 * YEARS)
    latest = ctx.now - timedelta(minutes=5)
    ctx.progress.start("Avvikelser", total)
    for done in range(total):
        index = rng.choice(people)
        leaf = ctx.units[registry.leaf[index]]
        if not leaf.staff:
            continue
        manager = ctx.units[leaf.receiver].manager or rng.choice(leaf.staff)
        person_id = None if rng.random() < UNIT_SHARE else registry.person[index]
        occurred_at = min(ctx.at(ctx.today - timedelta(days=rng.randint(0, days))), latest)
        deviation_id = w.next_id(Deviation)
        first_event = w.next_id(DeviationEvent)
        row, events = draw_deviation(
            rng,
            deviation_id=deviation_id,
            first_event_id=first_event,
            unit_id=leaf.id,
            person_id=person_id,
            reporter=rng.choice(leaf.staff),
            manager=manager,
            occurred_at=occurred_at,
            now=latest,
        )
        for _ in events[1:]:
            w.next_id(DeviationEvent)
        w.add(Deviation, row)
        for event in events:
            w.add(DeviationEvent, event)
        if done % 1000 == 0:
            ctx.progress.update(done)
    ctx.progress.finish()
