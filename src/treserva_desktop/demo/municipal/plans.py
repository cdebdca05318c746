"""Part 8 of a scale demo: genomförandeplaner for the persons with current care, drawn by
demo/implementation_plans.py (most established, many followed up, some overdue, some
missing), signed by the unit's staff. Read back and written in pages: bounded memory."""

from __future__ import annotations

from treserva_desktop.demo.implementation_plans import draw_plan, plan_rows, state_for
from treserva_desktop.demo.municipal.context import Context
from treserva_desktop.demo.plan_care import current_care


def add_plans(ctx: Context) -> None:
    rng, writer = ctx.rng, ctx.writer
    signers = {unit.id: unit.staff or unit.team for unit in ctx.units}
    fallback = sorted(ctx.users.values())
    if not fallback:
        return
    written = 0
    ctx.progress.start("Genomförandeplaner", max(1, len(ctx.registry)))
    for care in current_care(ctx.session, ctx.today):
        plan = draw_plan(
            rng, ctx.today, care.first_start, care.short_term, state_for(rng, care, ctx.today)
        )
        if plan is None:
            continue
        by = rng.choice(signers.get(care.unit_id) or fallback)
        moment = ctx.at(plan.established_on)
        for model, row in plan_rows(plan, care, by, writer.next_id, moment):
            writer.add(model, row)
        written += 1
        ctx.progress.update(written)
    ctx.progress.finish()
    writer.flush()
