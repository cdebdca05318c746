"""Handler of Uppföljning › Individstatistik…: the month's summary and the CSV export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.db.queries import statistics as statistics_queries
from treserva_desktop.documents.statistics_csv import write_statistics_csv
from treserva_desktop.domain.commands.statistics import ExportMonthlyStatistics
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.statistics import MonthlyStatistics
from treserva_desktop.services import statistics as statistics_services
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.background import (
    BackgroundOperation,
    Progress,
    load_for,
    showing_refusal,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.individual_statistics_dialog import (
    TITLE,
    IndividualStatisticsDialog,
)
from treserva_desktop.ui.handlers.csv_export import export_audited_csv

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


def individual_statistics(actx: ActionContext) -> None:
    """Uppföljning › Individstatistik…: the dialog, on the previous month."""
    ctx = actx.ctx

    def load(
        parent: QWidget, month: Month, done: Callable[[MonthlyStatistics | None], None]
    ) -> None:
        load_statistics(ctx, parent, month, done)

    def export(parent: QWidget, month: Month, exported: Callable[[Path], None]) -> None:
        export_statistics(ctx, parent, month, exported)

    IndividualStatisticsDialog.show_for(actx.parent, ctx.clock.today(), load=load, export=export)


def load_statistics(
    ctx: AppContext,
    parent: QWidget,
    month: Month,
    done: Callable[[MonthlyStatistics | None], None],
) -> BackgroundOperation[MonthlyStatistics]:
    """The month's statistics read in the background (a municipal month is some 40,000
    rows); `done` gets them, or None after the refusal or failure has been shown."""

    def work(session: Session, actor: Actor, _progress: Progress) -> MonthlyStatistics:
        return statistics_queries.monthly_statistics(session, actor, month)

    return load_for(
        ctx,
        parent,
        work,
        label=f"Individstatistik för {month.label} räknas fram…",
        title=TITLE,
        done=showing_refusal(parent, TITLE, done),
    )


def suggested_file_name(month: Month) -> str:
    return f"Individstatistik {month.label}.csv"


def export_statistics(
    ctx: AppContext, parent: QWidget, month: Month, exported: Callable[[Path], None]
) -> BackgroundOperation[Path] | None:
    """Exportera…: where to, then in the background one transaction that reads the month,
    records the export per person and writes the file; a file that cannot be written rolls
    the audit back. None when no file was chosen."""
    command = ExportMonthlyStatistics(month=month.first)

    def prepare(session: Session, actor: Actor, _progress: Progress) -> Callable[[Path], None]:
        statistics = statistics_services.export_monthly_statistics(session, actor, command)
        return lambda path: write_statistics_csv(path, statistics)

    return export_audited_csv(
        ctx,
        parent,
        suggested=suggested_file_name(month),
        dialog_title="Exportera individstatistik",
        label=f"Individstatistik för {month.label} exporteras…",
        title=TITLE,
        what="individual statistics",
        prepare=prepare,
        exported=exported,
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.INDIVIDUAL_STATISTICS,
        "Individstatistik…",
        individual_statistics,
        section=Section.FOLLOW_UP,
        menu=MenuId.FOLLOW_UP,
        permission=Permission.VIEW_STATISTICS,
        icon="documents",
        opens_dialog=True,
        status_tip="Månadens individstatistik till Socialstyrelsen: sammanställning och export",
    ),
)
