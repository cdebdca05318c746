"""Avvikelser in the UI (W18): Registrera avvikelse… on a person or a unit, the deviation
window under Mitt skrivbord › Avvikelser, and Uppföljning › Avvikelsestatistik…."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from treserva_desktop.db.queries import deviation_statistics
from treserva_desktop.db.queries import deviations as deviation_queries
from treserva_desktop.documents.deviation_statistics_csv import write_deviation_statistics_csv
from treserva_desktop.domain.commands.deviations import (
    AnalyseDeviation,
    CloseDeviation,
    DecideDeviationActions,
    EscalateDeviation,
    GiveDeviationFeedback,
)
from treserva_desktop.domain.deviation_statistics_rules import TITLE as STATISTICS_TITLE
from treserva_desktop.domain.deviation_statistics_rules import unit_name
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.unit_statistics_rules import period_text
from treserva_desktop.domain.views.deviations import (
    DeviationResult,
    DeviationTable,
    DeviationView,
)
from treserva_desktop.services import deviations as deviation_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import BackgroundOperation
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.deviation_dialog import DeviationDialog
from treserva_desktop.ui.dialogs.deviation_statistics_dialog import DeviationStatisticsDialog
from treserva_desktop.ui.dialogs.deviation_window import DeviationCommand, DeviationWindow
from treserva_desktop.ui.handlers.csv_export import export_counts_csv
from treserva_desktop.ui.handlers.unit_statistics import show_pdf_of_figures
from treserva_desktop.ui.runner import Attempt
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

PDF_FAILED = "Avvikelsestatistiken kunde inte göras till en PDF på grund av ett oväntat fel."

_SERVICES = {
    AnalyseDeviation: deviation_services.analyse_deviation,
    DecideDeviationActions: deviation_services.decide_actions,
    GiveDeviationFeedback: deviation_services.give_feedback,
    EscalateDeviation: deviation_services.escalate_deviation,
    CloseDeviation: deviation_services.close_deviation,
}


def register_deviation(actx: ActionContext) -> None:
    """On a person (at the unit of the branch, or one the user picks) or on a unit."""
    ctx, node = actx.ctx, actx.node
    if node is None:
        return
    units = runner.fetch(ctx, deviation_queries.registration_units).value or []
    if not units:
        messages.info(
            actx.parent, "Du har ingen enhet att registrera avvikelser vid.", title="Avvikelse"
        )
        return
    types = runner.fetch(
        ctx, lambda session, _actor: deviation_queries.deviation_types(session)
    ).value
    if node.kind is NodeKind.PERSON:
        person_id, person_text = node.person_id, node.title
    else:
        person_id, person_text = None, f"enheten {node.title} (ingen person)"
    submitted = DeviationDialog.ask(
        actx.parent,
        units=units,
        unit_id=node.unit_id,
        person_id=person_id,
        person_text=person_text,
        types=types or [],
        now=ctx.clock.now,
        submit=runner.submitter(ctx, deviation_services.register_deviation),
    )
    if submitted is None or submitted.value is None:
        return
    told = (
        "Ansvarig chef har fått ett meddelande."
        if submitted.value.message_id is not None
        else "Du är själv ansvarig chef för enheten."
    )
    messages.info(
        actx.parent,
        f"Avvikelsen är registrerad. {told} Du följer den under Mitt skrivbord › Avvikelser.",
        title="Registrera avvikelse",
    )


class _Steps:
    """The deviation window's steps for one deviation, each through the runner."""

    def __init__(self, ctx: AppContext, deviation_id: int) -> None:
        self.ctx = ctx
        self.deviation_id = deviation_id

    def load(self, parent: QWidget) -> DeviationView | None:
        return runner.read(
            self.ctx, deviation_queries.deviation_detail, self.deviation_id, parent=parent
        )

    def submit(self, parent: QWidget, command: DeviationCommand) -> Attempt[DeviationResult]:
        service = _SERVICES[type(command)]
        return runner.attempt(self.ctx, parent, service, command)  # type: ignore[arg-type]


def open_deviation(actx: ActionContext) -> None:
    node = actx.node
    deviation_id = node.deviation_id if node is not None else None
    if deviation_id is None:
        return
    steps = _Steps(actx.ctx, deviation_id)
    view = steps.load(actx.parent)
    if view is None:
        return
    DeviationWindow.ask(actx.parent, view, steps, actx.ctx.clock.today())


def deviation_statistics_dialog(actx: ActionContext) -> None:
    ctx = actx.ctx
    units = runner.fetch(ctx, deviation_statistics.statistics_units).value or []
    types = runner.fetch(
        ctx, lambda session, _actor: deviation_queries.deviation_types(session)
    ).value

    def load(
        unit_id: int, type_code: str | None, first: date, last: date
    ) -> runner.Fetched[DeviationTable]:
        return runner.fetch(
            ctx, deviation_statistics.deviation_table, unit_id, type_code, first, last
        )

    def export_csv(parent: QWidget, table: DeviationTable, done: Callable[[str], None]) -> None:
        export_deviation_statistics_csv(ctx, parent, table, done)

    def export_pdf(parent: QWidget, table: DeviationTable, done: Callable[[str], None]) -> None:
        show_deviation_statistics_pdf(ctx, parent, table, done)

    DeviationStatisticsDialog.ask(
        actx.parent,
        units=units,
        types=types or [],
        today=ctx.clock.today(),
        load=load,
        export_csv=export_csv,
        export_pdf=export_pdf,
    )


def statistics_file_name(table: DeviationTable, suffix: str) -> str:
    """'Avvikelsestatistik Hemtjänst Norr Fall 2026-01–2026-12.csv'."""
    first, last = table.months[0], table.months[-1]
    months = f"{first:%Y-%m}" if first == last else f"{first:%Y-%m}–{last:%Y-%m}"
    return f"{STATISTICS_TITLE} {unit_name(table)} {table.type_name} {months}{suffix}"


def export_deviation_statistics_csv(
    ctx: AppContext, parent: QWidget, table: DeviationTable, done: Callable[[str], None]
) -> BackgroundOperation[Path] | None:
    """Exportera CSV… of Avvikelsestatistik: counts per unit, no person, so nothing to audit
    (like Statistik's); where to, then the file written in the background. None when no file
    was chosen."""
    return export_counts_csv(
        ctx,
        parent,
        suggested=statistics_file_name(table, ".csv"),
        dialog_title="Exportera avvikelsestatistik",
        label="Avvikelsestatistiken exporteras…",
        title=STATISTICS_TITLE,
        what="deviation statistics",
        write=lambda path: write_deviation_statistics_csv(path, table),
        exported=lambda written: done(f"Avvikelsestatistiken har exporterats till {written}."),
    )


def show_deviation_statistics_pdf(
    ctx: AppContext, parent: QWidget, table: DeviationTable, done: Callable[[str], None]
) -> BackgroundOperation[bytes]:
    """Exportera PDF… of Avvikelsestatistik: chart and table made in the background, as
    Statistik's, and shown in the PDF window, where it can be saved or printed."""

    def render(printed_at: datetime) -> bytes:
        from treserva_desktop.documents.deviation_statistics_pdf import (
            render_deviation_statistics,
        )

        return render_deviation_statistics(table, printed_at=printed_at)

    period = period_text(table.months[0], table.months[-1])
    return show_pdf_of_figures(
        ctx,
        parent,
        render,
        label="Avvikelsestatistiken görs till en PDF…",
        title=STATISTICS_TITLE,
        window_title=f"{STATISTICS_TITLE} – {unit_name(table)}, {table.type_name}, {period}",
        file_name=statistics_file_name(table, ""),
        failed_text=PDF_FAILED,
        shown=lambda: done(
            "Avvikelsestatistiken visas som PDF i ett eget fönster, där den kan sparas eller "
            "skrivas ut."
        ),
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.OPEN_DEVIATION,
        "Öppna",
        open_deviation,
        applies_to=frozenset({NodeKind.DEVIATION}),
        section=Section.OPEN,
        icon="deviation",
        status_tip="Öppna avvikelsen: analys, åtgärder, återkoppling, eskalering (Enter)",
    ),
    ActionSpec(
        ActionId.REGISTER_DEVIATION,
        "Registrera avvikelse…",
        register_deviation,
        applies_to=frozenset({NodeKind.PERSON, NodeKind.UNIT}),
        # With the person's and the unit's own work (Ärenden, Byt utförare), before Uppdatera.
        section=Section.ASSIGNMENT,
        permission=Permission.REGISTER_DEVIATION,
        icon="deviation",
        opens_dialog=True,
        status_tip="Registrera en avvikelse på personen eller enheten; ansvarig chef meddelas",
    ),
    ActionSpec(
        ActionId.DEVIATION_STATISTICS,
        "Avvikelsestatistik…",
        deviation_statistics_dialog,
        section=Section.FOLLOW_UP,
        menu=MenuId.FOLLOW_UP,
        permission=Permission.VIEW_STATISTICS,
        icon="deviation",
        opens_dialog=True,
        status_tip="Antal avvikelser per enhet och månad, t.ex. fall",
    ),
)
