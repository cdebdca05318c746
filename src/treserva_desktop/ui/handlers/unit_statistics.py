"""Handler of Uppföljning › Statistik…: the window, the statistics read in the background
month by month (Avbryt between months), and the CSV and PDF exports in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid
from sqlalchemy.orm import Session

from treserva_desktop.db.queries import unit_statistics as unit_statistics_queries
from treserva_desktop.documents.unit_statistics_csv import write_unit_statistics_csv
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import BusinessArea, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.unit_statistics_rules import period_text
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.unit_statistics import UnitStatistics
from treserva_desktop.services import unit_statistics as unit_statistics_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import (
    BackgroundOperation,
    Progress,
    load_for,
    run_in_background,
    showing_refusal,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.unit_statistics_window import TITLE, UnitStatisticsWindow
from treserva_desktop.ui.handlers.csv_export import export_counts_csv

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


RENDER_FAILED = "Statistiken kunde inte göras till en PDF på grund av ett oväntat fel."


def unit_statistics(actx: ActionContext) -> None:
    """Uppföljning › Statistik…: the window, on the actor's own unit."""
    ctx = actx.ctx

    def units(area: BusinessArea | None) -> Sequence[ReceiverUnit]:
        return runner.fetch(ctx, unit_statistics_queries.statistics_unit_tree, area).value or []

    def load(
        parent: QWidget,
        command: ShowUnitStatistics,
        done: Callable[[UnitStatistics | None], None],
    ) -> None:
        load_statistics(ctx, parent, command, done)

    def export_csv(
        parent: QWidget, statistics: UnitStatistics, done: Callable[[str], None]
    ) -> None:
        export_statistics_csv(ctx, parent, statistics, done)

    def export_pdf(
        parent: QWidget, statistics: UnitStatistics, done: Callable[[str], None]
    ) -> None:
        show_statistics_pdf(ctx, parent, statistics, done)

    UnitStatisticsWindow.show_for(
        actx.parent,
        ctx.clock.today(),
        units=units,
        load=load,
        export_csv=export_csv,
        export_pdf=export_pdf,
        home_unit=ctx.actor.granted_unit(Permission.VIEW_STATISTICS),
    )


def load_statistics(
    ctx: AppContext,
    parent: QWidget,
    command: ShowUnitStatistics,
    done: Callable[[UnitStatistics | None], None],
) -> BackgroundOperation[UnitStatistics]:
    """The statistics in a worker with its own read session; Avbryt stops before the next
    month. `done` gets the result, or None after a refusal, failure or Avbryt."""

    def work(session: Session, actor: Actor, progress: Progress) -> UnitStatistics:
        return unit_statistics_services.unit_statistics(
            session, actor, command, step=progress.check
        )

    return load_for(
        ctx,
        parent,
        work,
        label="Statistiken räknas fram…",
        title=TITLE,
        done=showing_refusal(parent, TITLE, done),
        cancellable=True,
    )


def suggested_name(statistics: UnitStatistics, suffix: str) -> str:
    first, last = statistics.first_month, statistics.last_month
    months = f"{first:%Y-%m}" if first == last else f"{first:%Y-%m}–{last:%Y-%m}"
    return f"Statistik {statistics.unit_name} {months}{suffix}"


def export_statistics_csv(
    ctx: AppContext, parent: QWidget, statistics: UnitStatistics, done: Callable[[str], None]
) -> BackgroundOperation[Path] | None:
    """Exportera CSV…: where to, then the file written in the background. None when no file
    was chosen."""
    return export_counts_csv(
        ctx,
        parent,
        suggested=suggested_name(statistics, ".csv"),
        dialog_title="Exportera statistik",
        label="Statistiken exporteras…",
        title=TITLE,
        what="unit statistics",
        write=lambda path: write_unit_statistics_csv(path, statistics),
        exported=lambda written: done(f"Statistiken har exporterats till {written}."),
    )


def show_statistics_pdf(
    ctx: AppContext, parent: QWidget, statistics: UnitStatistics, done: Callable[[str], None]
) -> BackgroundOperation[bytes]:
    """Exportera PDF…: the document made in the background and shown in the PDF window,
    where it can be saved or printed."""

    def render(printed_at: datetime) -> bytes:
        from treserva_desktop.documents.unit_statistics_pdf import render_unit_statistics

        return render_unit_statistics(statistics, printed_at=printed_at)

    period = period_text(statistics.first_month, statistics.last_month)
    return show_pdf_of_figures(
        ctx,
        parent,
        render,
        label="Statistiken görs till en PDF…",
        title=TITLE,
        window_title=f"{TITLE} – {statistics.unit_name}, {period}",
        file_name=suggested_name(statistics, ""),
        failed_text=RENDER_FAILED,
        shown=lambda: done(
            "Statistiken visas som PDF i ett eget fönster, där den kan sparas eller skrivas ut."
        ),
    )


def show_pdf_of_figures(
    ctx: AppContext,
    parent: QWidget,
    render: Callable[[datetime], bytes],
    *,
    label: str,
    title: str,
    window_title: str,
    file_name: str,
    failed_text: str,
    shown: Callable[[], None],
) -> BackgroundOperation[bytes]:
    """A PDF of figures already shown (Statistik, Avvikelsestatistik: nothing read, nothing
    audited): `render(printed_at)` in the background, then the PDF window, where it can be
    saved or printed, and `shown()`. A failure shows `failed_text`."""
    printed_at = ctx.clock.now()

    def work(_session: Session, _actor: Actor, _progress: Progress) -> bytes:
        return render(printed_at)

    def show(pdf: bytes) -> None:
        from treserva_desktop.ui.pdf_window import PdfWindow

        PdfWindow.open(
            parent if isValid(parent) else None, pdf, title=window_title, file_name=file_name
        )
        shown()

    return run_in_background(
        ctx,
        parent,
        work,
        label=label,
        title=title,
        on_success=show,
        on_failure=lambda _text: messages.error(parent, failed_text, title=title),
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.UNIT_STATISTICS,
        "Statistik…",
        unit_statistics,
        section=Section.FOLLOW_UP,
        menu=MenuId.FOLLOW_UP,
        permission=Permission.VIEW_STATISTICS,
        icon="documents",
        opens_dialog=True,
        status_tip="Insatser och korttidsplatser per enhet och månad, med diagram och export",
    ),
)
