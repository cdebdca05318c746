"""A PDF document in its own window (QtPdf): page through, zoom, Skriv ut… and Spara som…."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QMargins,
    QObject,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QToolButton, QWidget

from treserva_desktop.ui import messages
from treserva_desktop.ui.icons import app_icon, icon

log = logging.getLogger(__name__)

# Called with saved_to_file before the document leaves the application (printed or saved);
# False stops it (e.g. the audit record could not be written).
OutputHook = Callable[[bool], bool]

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 5.0
PRINT_MAX_DPI = 300
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def safe_file_name(name: str) -> str:
    """A file name without characters Windows or Linux refuse, ending in .pdf."""
    cleaned = _UNSAFE_FILE_CHARS.sub(" ", name).strip(" .") or "dokument"
    return cleaned if cleaned.lower().endswith(".pdf") else f"{cleaned}.pdf"


def ask_printer(parent: QWidget | None, printer: QPrinter, pages: int) -> bool:
    """Qt's print dialog (printer, copies, page range); True when the user chose Skriv ut."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Skriv ut")
    dialog.setMinMax(1, max(pages, 1))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    try:
        return dialog.exec() == QPrintDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the pages (the range chosen in the dialog, or all) onto the printer; returns how
    many pages were printed."""
    count = document.pageCount()
    first = max(printer.fromPage(), 1) if printer.fromPage() else 1
    last = min(printer.toPage(), count) if printer.toPage() else count
    printer.setFullPage(True)
    dpi = min(printer.resolution(), PRINT_MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        for page in range(first - 1, last):
            if printed:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            target: QRect = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            printed += 1
    finally:
        painter.end()
    return printed


class PdfWindow(QMainWindow):
    """Shows PDF bytes; `on_output` is asked before anything is printed or saved."""

    def __init__(
        self,
        pdf: bytes,
        *,
        title: str,
        file_name: str,
        on_output: OutputHook | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setObjectName("pdf_window")
        self.setWindowTitle(title)
        self.setWindowIcon(app_icon())
        self.pdf = pdf
        self.file_name = safe_file_name(file_name)
        self.on_output = on_output

        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        if self.document.status() is not QPdfDocument.Status.Ready:
            log.error("PDF could not be loaded: %s", self.document.error())

        self.view = QPdfView()
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocumentMargins(QMargins(16, 16, 16, 16))
        self.view.setStyleSheet("QPdfView { background: #8a8f96; }")
        self.setCentralWidget(self.view)

        self.print_action = self._action("print", "Skriv ut…", "print", self.print_document)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.save_action = self._action("save", "Spara som…", "save", self.save_as)
        self.save_action.setShortcuts(
            [QKeySequence("Ctrl+S"), QKeySequence(QKeySequence.StandardKey.SaveAs)]
        )
        self.zoom_out_action = self._action("zoom_out", "Zooma ut", "zoom_out", self.zoom_out)
        self.zoom_out_action.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_in_action = self._action("zoom_in", "Zooma in", "zoom_in", self.zoom_in)
        self.zoom_in_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self.fit_action = self._action("fit_width", "Anpassa till bredd", "fit_width", self.fit)
        self.fit_action.setShortcut(QKeySequence("Ctrl+0"))
        self.close_action = self._action("close", "Stäng", "", self.close)
        self.close_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Close), QKeySequence("Esc")]
        )

        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        toolbar = QToolBar("Dokument")
        toolbar.setObjectName("pdf_toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.print_action)
        toolbar.addAction(self.save_action)
        toolbar.addSeparator()
        toolbar.addAction(self.zoom_out_action)
        toolbar.addWidget(self.zoom_label)
        toolbar.addAction(self.zoom_in_action)
        toolbar.addAction(self.fit_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.page_label)
        for action in (self.zoom_out_action, self.zoom_in_action):
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(toolbar)
        self.addAction(self.close_action)

        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self.view.zoomFactorChanged.connect(self._update_zoom_label)
        self.view.zoomModeChanged.connect(self._update_zoom_label)
        self.view.viewport().installEventFilter(self)
        self._update_page_label()
        self._update_zoom_label()
        self._size_to_screen()

    def _action(self, name: str, text: str, icon_name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{name}")
        if icon_name:
            action.setIcon(icon(icon_name))
        action.setToolTip(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _size_to_screen(self) -> None:
        width, height = 900, 1060
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 40)
        self.resize(max(width, 480), max(height, 400))

    # -- state --------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _update_page_label(self, *_args: object) -> None:
        count = self.page_count
        current = self.view.pageNavigator().currentPage() + 1 if count else 0
        self.page_label.setText(f"Sida {current} av {count}")

    def effective_zoom(self) -> float:
        """The zoom factor in use, also when the view fits the page to its width."""
        if self.view.zoomMode() is QPdfView.ZoomMode.Custom or not self.page_count:
            return float(self.view.zoomFactor())
        margins = self.view.documentMargins()
        usable = self.view.viewport().width() - margins.left() - margins.right()
        page_width = self.document.pagePointSize(0).width() * self.logicalDpiX() / 72
        return max(usable / page_width, ZOOM_MIN) if page_width > 0 else 1.0

    def _update_zoom_label(self, *_args: object) -> None:
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")
        self.fit_action.setEnabled(self.view.zoomMode() is not QPdfView.ZoomMode.FitToWidth)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Fitted to the width, the zoom in use changes whenever the view changes size.
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._update_zoom_label()
        return super().eventFilter(watched, event)

    # -- zoom ---------------------------------------------------------------------------------

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(factor, ZOOM_MIN), ZOOM_MAX))
        self._update_zoom_label()

    def zoom_in(self) -> None:
        self._set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    # -- output -------------------------------------------------------------------------------

    def _allowed(self, saved_to_file: bool) -> bool:
        return self.on_output is None or self.on_output(saved_to_file)

    def save_as(self) -> Path | None:
        """Spara som…: where the file went, or None (cancelled, refused or failed)."""
        path = messages.ask_save_path(self, self.file_name)
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        if not self._allowed(True):
            return None
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            log.warning("saving a PDF failed: %s", type(exc).__name__)
            messages.error(
                self,
                f"Dokumentet kunde inte sparas i {path.parent}. Kontrollera att mappen finns "
                "och att du får skriva i den.",
            )
            return None
        self.statusBar().showMessage(f"Sparat som {path}", 8000)
        return path

    def print_document(self) -> bool:
        """Skriv ut…: True when pages were sent to the printer."""
        if not self.page_count:
            messages.error(self, "Dokumentet kunde inte läsas och kan inte skrivas ut.")
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        if not ask_printer(self, printer, self.page_count):
            return False
        if not printer.isValid():
            messages.error(self, "Ingen skrivare hittades. Välj en skrivare och försök igen.")
            return False
        if not self._allowed(False):
            return False
        printed = print_pdf(self.document, printer)
        if not printed:
            messages.error(self, "Dokumentet kunde inte skickas till skrivaren.")
            return False
        self.statusBar().showMessage("Dokumentet har skickats till skrivaren.", 8000)
        return True

    @classmethod
    def open(
        cls,
        parent: QWidget | None,
        pdf: bytes,
        *,
        title: str,
        file_name: str,
        on_output: OutputHook | None = None,
    ) -> PdfWindow:
        """Show the document in a new window (it deletes itself when closed)."""
        window = cls(pdf, title=title, file_name=file_name, on_output=on_output, parent=parent)
        window.show()
        window.activateWindow()
        return window
