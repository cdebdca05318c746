"""Handler of Uppföljning › Uppföljning och administration › Sammanställningar ›
Genomförandeplan…: the dialog, its compilation and export in the background, and the person
of an opened row shown in the tree."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.db.queries import plan_compilation as plan_compilation_queries
from treserva_desktop.documents.plan_compilation_csv import write_plan_compilation_csv
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.plan_compilation import PlanCompilation
from treserva_desktop.services import plan_compilation as plan_compilation_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionHost, ActionSpec
from treserva_desktop.ui.background import (
    BackgroundOperation,
    Progress,
    load_for,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.plan_compilation_dialog import TITLE, PlanCompilationDialog
from treserva_desktop.ui.handlers.csv_export import export_audited_csv

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

log = logging.getLogger(__name__)

SUBMENU = ("Uppföljning och &administration", "&Sammanställningar")
NOT_IN_TREE = "Personen finns inte under Mina enheter."


def plan_compilation(actx: ActionContext) -> None:
    open_plan_compilation(actx.host)


def open_plan_compilation(host: ActionHost, preset: CompilePlans | None = None) -> None:
    """The dialog (with `preset` chosen and compiled at once, from Mitt skrivbord); the
    person of a row opened there is then selected in the tree."""
    ctx = host.ctx
    parent = host.widget()
    units = runner.fetch(ctx, plan_compilation_queries.plan_units)
    if units.value is None:
        messages.error(parent, units.error or "", title=TITLE)
        return

    def compile_plans(
        dialog: QWidget,
        command: CompilePlans,
        done: Callable[[PlanCompilation | None, str], None],
    ) -> None:
        load_compilation(ctx, dialog, command, done)

    def export(dialog: QWidget, command: CompilePlans, exported: Callable[[Path], None]) -> None:
        export_compilation(ctx, dialog, command, exported)

    chosen = PlanCompilationDialog.ask(
        parent,
        ctx.clock.today(),
        units.value,
        compile_plans=compile_plans,
        export=export,
        preset=preset,
    )
    if chosen is not None and not host.reveal_person(chosen[0]):
        messages.status(parent, NOT_IN_TREE)


def load_compilation(
    ctx: AppContext,
    parent: QWidget,
    command: CompilePlans,
    done: Callable[[PlanCompilation | None, str], None],
) -> BackgroundOperation[PlanCompilation]:
    """Sammanställ in the background (a big unit lists thousands of persons, each audited):
    `done` gets the compilation, or None and the refusal's Swedish text."""

    def work(session: Session, actor: Actor, progress: Progress) -> PlanCompilation:
        return plan_compilation_queries.plan_compilation(
            session, actor, command, lambda _text: progress.check()
        )

    return load_for(
        ctx,
        parent,
        work,
        label="Sammanställningen av genomförandeplaner tas fram…",
        title=TITLE,
        done=done,
        cancellable=True,
    )


def export_compilation(
    ctx: AppContext, parent: QWidget, command: CompilePlans, exported: Callable[[Path], None]
) -> BackgroundOperation[Path] | None:
    """Exportera…: where to, then in one background transaction the compilation again, an
    EXPORT event per person and the file; a file that cannot be written rolls back the
    audit. None when no file was chosen."""

    def prepare(session: Session, actor: Actor, progress: Progress) -> Callable[[Path], None]:
        compilation = plan_compilation_services.export_plan_compilation(
            session, actor, command, lambda _text: progress.check()
        )
        return lambda path: write_plan_compilation_csv(path, compilation)

    return export_audited_csv(
        ctx,
        parent,
        suggested=f"Genomförandeplaner {ctx.clock.today():%Y-%m-%d}.csv",
        dialog_title="Exportera sammanställning",
        label="Sammanställningen exporteras…",
        title=TITLE,
        what="the plan compilation",
        prepare=prepare,
        exported=exported,
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.PLAN_COMPILATION,
        "Genomförandeplan…",
        plan_compilation,
        section=Section.FOLLOW_UP,
        menu=MenuId.FOLLOW_UP,
        submenu=SUBMENU,
        permission=Permission.VIEW_STATISTICS,
        icon="documents",
        opens_dialog=True,
        status_tip="Sammanställning av genomförandeplaner per enhet: saknas, upprättad, "
        "försenad, avslutad",
    ),
)
