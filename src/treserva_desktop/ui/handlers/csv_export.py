"""Exportera… to a CSV file, the same way for every list: where to (a .csv name proposed),
then in the background one transaction that reads and audits what is exported and writes the
file; a file that cannot be written rolls the audit back (ui/background.save_export). Figures
that name no person (counts per unit: Statistik, Avvikelsestatistik) have nothing to audit:
export_counts_csv writes what the window shows, in the background all the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui import messages
from treserva_desktop.ui.background import (
    BackgroundOperation,
    Progress,
    run_in_background,
    save_export,
)
from treserva_desktop.ui.context import AppContext

CSV_FILTER = "CSV-fil för Excel (*.csv)"

# (session, actor, progress) -> what writes the file: reads and audits the rows in the
# export's transaction and returns the writer of the file at a given path.
Prepare = Callable[[Session, Actor, Progress], Callable[[Path], None]]


def ask_csv_path(parent: QWidget, suggested: str, title: str) -> Path | None:
    """The file to write, with .csv added when the user typed no suffix; None: cancelled."""
    path = messages.ask_save_path(parent, suggested, title=title, file_filter=CSV_FILTER)
    if path is None:
        return None
    return path if path.suffix else path.with_suffix(".csv")


def export_audited_csv(
    ctx: AppContext,
    parent: QWidget,
    *,
    suggested: str,
    dialog_title: str,
    label: str,
    title: str,
    what: str,
    prepare: Prepare,
    exported: Callable[[Path], None],
) -> BackgroundOperation[Path] | None:
    """Where to, then the export in the background (cancellable, one write transaction);
    `exported(path)` on the GUI thread when done. None when no file was chosen. `what`
    names the export in the log (no data)."""
    target = ask_csv_path(parent, suggested, dialog_title)
    if target is None:
        return None

    def work(session: Session, actor: Actor, progress: Progress) -> Path:
        write = prepare(session, actor, progress)
        progress.check()
        return save_export(target, write, what)

    return run_in_background(
        ctx,
        parent,
        work,
        label=label,
        title=title,
        cancellable=True,
        write=True,
        on_success=exported,
        on_failure=lambda text: messages.error(parent, text, title=title),
    )


def export_counts_csv(
    ctx: AppContext,
    parent: QWidget,
    *,
    suggested: str,
    dialog_title: str,
    label: str,
    title: str,
    what: str,
    write: Callable[[Path], None],
    exported: Callable[[Path], None],
) -> BackgroundOperation[Path] | None:
    """Where to, then `write(path)` in the background: for figures already shown that name no
    person, so nothing is read or audited. `exported(path)` on the GUI thread when done; None
    when no file was chosen. `what` names the export in the log (no data)."""
    target = ask_csv_path(parent, suggested, dialog_title)
    if target is None:
        return None

    def work(_session: Session, _actor: Actor, _progress: Progress) -> Path:
        return save_export(target, write, what)

    return run_in_background(
        ctx,
        parent,
        work,
        label=label,
        title=title,
        on_success=exported,
        on_failure=lambda text: messages.error(parent, text, title=title),
    )
