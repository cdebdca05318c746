"""The in-app PDF window: shows the assignment document, zooms, saves and prints (audited)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.documents import assignment_document
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.ui import messages, pdf_window
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.handlers import reading
from treserva_desktop.ui.pdf_window import PdfWindow, safe_file_name


def first_new_assignment(ctx: AppContext) -> tuple[int, str]:
    """An assignment waiting in the manager's Nya uppdrag, and the person's name."""
    with ctx.database.read() as session:
        entries = new_assignment_queries.new_assignments(session, ctx.actor, overdue_working_days=3)
    entry = entries[0]
    last, first = entry.person.name.split(", ", 1)
    return entry.assignments[0].id, f"{first} {last}"


def audit_actions(database: Database, assignment_id: int) -> list[AuditAction]:
    with database.read() as session:
        return list(
            session.scalars(
                select(AuditEvent.action)
                .where(
                    AuditEvent.entity_type == "assignment", AuditEvent.entity_id == assignment_id
                )
                .order_by(AuditEvent.id)
            )
        )


@pytest.fixture
def opened(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> Iterator[tuple[AppContext, PdfWindow, int, str]]:
    ctx = make_ctx("verksamhetschef")
    assignment_id, name = first_new_assignment(ctx)
    parent = QWidget()  # the main window in real use; it owns the PDF window
    qtbot.addWidget(parent)
    assert reading.open_assignment(ctx, parent, assignment_id) is not None
    # Rendered in the background: the window comes when the worker is done.
    qtbot.waitUntil(lambda: bool(parent.findChildren(PdfWindow)))
    window = parent.findChildren(PdfWindow)[0]
    qtbot.waitExposed(window)
    yield ctx, window, assignment_id, name
    parent.close()


def test_the_document_is_shown_with_the_persons_name(opened) -> None:
    ctx, window, assignment_id, name = opened
    assert window.windowTitle() == f"Uppdrag – {name}"
    assert window.document.status() is QPdfDocument.Status.Ready
    assert window.document.pageCount() >= 1
    assert window.pdf.startswith(b"%PDF")
    assert window.page_label.text() == f"Sida 1 av {window.document.pageCount()}"
    assert name in window.file_name
    assert window.file_name.endswith(".pdf")
    # Reading is audited, once per opening.
    assert audit_actions(ctx.database, assignment_id) == [AuditAction.READ_ASSIGNMENT]


def test_zoom_in_out_and_back_to_width(qtbot, opened) -> None:
    _ctx, window, _id, _name = opened
    assert window.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    before = window.effective_zoom()
    window.zoom_in_action.trigger()
    assert window.view.zoomMode() is QPdfView.ZoomMode.Custom
    assert window.view.zoomFactor() == pytest.approx(before * pdf_window.ZOOM_STEP)
    assert window.zoom_label.text() == f"{round(before * pdf_window.ZOOM_STEP * 100)} %"
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    assert window.view.zoomFactor() == pytest.approx(before / pdf_window.ZOOM_STEP)
    assert window.fit_action.isEnabled()
    window.fit_action.trigger()
    assert window.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    assert not window.fit_action.isEnabled()


def test_save_as_writes_the_pdf_and_audits_an_export(
    opened, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, window, assignment_id, _name = opened
    suggested: list[str] = []

    def ask(_parent: object, name: str, **_kw: object) -> Path:
        suggested.append(name)
        return tmp_path / "uppdrag"

    monkeypatch.setattr(messages, "ask_save_path", ask)
    window.save_action.trigger()
    target = tmp_path / "uppdrag.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    assert target.read_bytes() == window.pdf
    assert suggested == [window.file_name]
    assert audit_actions(ctx.database, assignment_id) == [
        AuditAction.READ_ASSIGNMENT,
        AuditAction.EXPORT,
    ]
    # Cancelling the file dialog saves and records nothing.
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: None)
    assert window.save_as() is None
    assert len(audit_actions(ctx.database, assignment_id)) == 2


def test_nothing_is_saved_when_the_output_cannot_be_recorded(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = PdfWindow(b"%PDF-1.4 not really", title="Test", file_name="a/b:c")
    qtbot.addWidget(window)
    window.on_output = lambda _saved: False
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: tmp_path / "x.pdf")
    assert window.save_as() is None
    assert not (tmp_path / "x.pdf").exists()
    assert window.file_name == "a b c.pdf"
    assert safe_file_name("Uppdrag 3 Åsa Öberg 2025-01-02") == "Uppdrag 3 Åsa Öberg 2025-01-02.pdf"


def test_print_renders_the_pages_and_audits_a_print(
    opened, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, window, assignment_id, _name = opened
    output = tmp_path / "utskrift.pdf"

    def to_file(_parent: object, printer: QPrinter, pages: int) -> bool:
        assert pages == window.page_count
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        printer.setResolution(96)
        return True

    monkeypatch.setattr(pdf_window, "ask_printer", to_file)
    window.print_action.trigger()
    assert output.read_bytes().startswith(b"%PDF")
    assert audit_actions(ctx.database, assignment_id)[-1] is AuditAction.PRINT
    # Cancelling the print dialog prints and records nothing.
    monkeypatch.setattr(pdf_window, "ask_printer", lambda *_a: False)
    assert not window.print_document()
    assert audit_actions(ctx.database, assignment_id).count(AuditAction.PRINT) == 1


def test_a_refused_read_opens_no_window(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = make_ctx("verksamhetschef")
    assignment_id, _name = first_new_assignment(manager)
    staff = make_ctx("personal")
    shown: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _p, text, **_kw: shown.append(text))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert reading.open_assignment(staff, parent, assignment_id) is None
    assert shown == ["Du har inte behörighet att läsa det här uppdraget."]
    assert reading.open_assignment(staff, parent, 999_999) is None
    assert shown[-1] == "Uppdraget finns inte."
    assert audit_actions(staff.database, assignment_id) == []
    assert parent.findChildren(PdfWindow) == []


def test_a_document_that_cannot_be_rendered_is_reported_and_the_read_stays_recorded(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx("verksamhetschef")
    assignment_id, _name = first_new_assignment(ctx)
    shown: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _p, text, **_kw: shown.append(text))

    def broken(_view: object) -> bytes:
        raise RuntimeError("reportlab")

    # The renderer is imported by the worker when it renders.
    monkeypatch.setattr(assignment_document, "render_assignment", broken)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert reading.open_assignment(ctx, parent, assignment_id) is not None
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [reading.RENDER_FAILED]
    assert parent.findChildren(PdfWindow) == []
    # The audited read is its own transaction, done before the rendering started.
    assert audit_actions(ctx.database, assignment_id) == [AuditAction.READ_ASSIGNMENT]
