"""`treserva-desktop --self-test`: proves an installed or frozen copy works, offscreen and
without touching any real database: a temporary SQLite database is migrated and filled with
the demo municipality, the main window is rendered, and an assignment document is rendered
as PDF and loaded in QtPdf. Prints each step in Swedish; exit 0, or 1 with the reason."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

log = logging.getLogger(__name__)

SCREENSHOT_USER = "verksamhetschef"


class SelfTestFailed(Exception):
    """One step's result was wrong (the message is Swedish)."""


def _migrate_and_fill(data_dir: Path) -> str:
    from treserva_desktop.db import migrate
    from treserva_desktop.db.database import Database
    from treserva_desktop.demo import generate_demo

    database = Database(f"sqlite:///{data_dir / 'treserva.sqlite3'}")
    try:
        migrate.upgrade(database)
        if migrate.current_revision(database) != migrate.head_revision(database):
            raise SelfTestFailed("schemat nådde inte den senaste versionen")
        with database.transaction() as session:
            summary = generate_demo(session, persons=12, seed=1)
        return f"schemaversion {migrate.current_revision(database)}, {summary}"
    finally:
        database.dispose()


def _render_main_window(data_dir: Path) -> str:
    from PySide6.QtGui import QImage

    from treserva_desktop.screenshot import render_screenshot
    from treserva_desktop.settings import Settings

    out = data_dir / "huvudfonster.png"
    render_screenshot(Settings(data_dir=data_dir), out, username=SCREENSHOT_USER)
    image = QImage(str(out))
    if image.isNull() or image.width() < 200:
        raise SelfTestFailed("huvudfönstrets bild är tom")
    return f"{image.width()}×{image.height()} bildpunkter"


def _render_assignment_pdf(data_dir: Path) -> str:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from sqlalchemy import select

    from treserva_desktop.db.database import Database
    from treserva_desktop.db.models import Assignment
    from treserva_desktop.db.queries.reading import assignment_document_view
    from treserva_desktop.documents.assignment_document import render_assignment

    database = Database(f"sqlite:///{data_dir / 'treserva.sqlite3'}")
    try:
        with database.read() as session:
            assignment_id = session.scalar(select(Assignment.id).order_by(Assignment.id))
            if assignment_id is None:
                raise SelfTestFailed("demodatabasen har inga uppdrag")
            view = assignment_document_view(session, assignment_id)
        pdf = render_assignment(view, printed_at=database.clock.local_now())
    finally:
        database.dispose()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() is not QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise SelfTestFailed(f"QtPdf kunde inte läsa PDF-filen ({document.error().name})")
    page = document.render(0, QSize(595, 842))
    if page.isNull():
        raise SelfTestFailed("QtPdf kunde inte rita första sidan")
    pages = document.pageCount()
    document.close()
    return f"{len(pdf)} byte, {pages} {'sida' if pages == 1 else 'sidor'}"


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step in order; the first failure ends the test with exit code 1."""
    stream = out if out is not None else sys.stdout
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        # The offscreen platform's notes about window hints are no news to anyone.
        os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    from treserva_desktop import __version__

    print(f"Självtest av Treserva Desktop {__version__}", file=stream, flush=True)
    steps: list[tuple[str, Callable[[Path], str]]] = [
        ("Databas: migreringar och demokommun", _migrate_and_fill),
        ("Huvudfönstret ritas", _render_main_window),
        ("Uppdragsdokument som PDF, läst med QtPdf", _render_assignment_pdf),
    ]
    with tempfile.TemporaryDirectory(prefix="treserva-self-test-") as folder:
        data_dir = Path(folder)
        for label, step in steps:
            started = time.monotonic()
            try:
                detail = step(data_dir)
            except SelfTestFailed as exc:
                return _failed(stream, label, str(exc))
            except Exception as exc:  # any error is the answer; the log has the details
                log.exception("self-test step failed: %s", label)
                message = getattr(exc, "message", None) or type(exc).__name__
                return _failed(stream, label, str(message))
            elapsed = time.monotonic() - started
            print(f"  OK  {label} ({detail}; {elapsed:.1f} s)", file=stream, flush=True)
    print("Självtestet lyckades.", file=stream, flush=True)
    return 0


def _failed(stream: TextIO, label: str, reason: str) -> int:
    print(f"  FEL {label}: {reason}", file=stream, flush=True)
    print(f"Självtestet misslyckades: {label}: {reason}.", file=sys.stderr, flush=True)
    return 1
