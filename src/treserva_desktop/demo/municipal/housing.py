"""Part 8 of a scale demo: housing objects and contracts at every vårdboende and
korttidsboende unit, drawn from the housing rows the earlier parts wrote (demo/housing.py)."""

from __future__ import annotations

from treserva_desktop.db.models import HousingContract, HousingObject
from treserva_desktop.demo.housing import write_housing
from treserva_desktop.demo.municipal.context import Context


def add_housing(ctx: Context) -> None:
    ctx.writer.flush()  # the rows the contracts are drawn from
    ctx.progress.start("Boendekontrakt", 1)
    counts = write_housing(ctx.session, ctx.today, ctx.seed)
    ctx.writer.counts[HousingObject] += counts.objects
    ctx.writer.counts[HousingContract] += counts.contracts
    ctx.progress.finish()
