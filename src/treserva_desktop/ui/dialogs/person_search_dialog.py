"""Genväg › Sök person…: by identity number in any common form or by the start of a name;
the chosen person is confirmed by name and number before anything is opened."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.identity import kind_of_display
from treserva_desktop.domain.views.persons import PersonSearchResult
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.runner import Fetched
from treserva_desktop.ui.widgets.common import read_only_table
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

INTRO = (
    "Skriv personnummer (ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN eller födelsedatum ÅÅÅÅMMDD) eller "
    "början av namnet, t.ex. Andersson, Berg eller Andersson, Ka."
)
CONFIRM = "Är det rätt person?\n\n{name}\n{kind}: {number}{extra}"
TEST_MARK = "Testperson"


class SearchAnswer(Protocol):
    """The first results of a search and whether more persons matched (db.queries'
    SearchPage; the dialog does not import the database layer)."""

    @property
    def results(self) -> list[PersonSearchResult]: ...

    @property
    def more(self) -> bool: ...


# The search itself (db.queries.person_search through the runner), injected by the handler.
SearchFn = Callable[[str], Fetched[SearchAnswer]]


def identity_kind_label(identity_display: str) -> str:
    """Personnummer, Samordningsnummer or Reservnummer, read from the number itself."""
    return kind_of_display(identity_display).label


def _marks(result: PersonSearchResult) -> str:
    marks = []
    if result.protected_identity:
        marks.append("Skyddad identitet")
    if result.is_test_data:
        marks.append(TEST_MARK)
    return ", ".join(marks)


def _marks_tooltip(result: PersonSearchResult) -> str:
    notes = []
    if result.protected_identity:
        notes.append("Skyddad identitet: adress och kontaktuppgifter visas inte.")
    if result.is_test_data:
        notes.append("Testperson: påhittad person i demodatabasen.")
    return "\n".join(notes)


RESULT_COLUMNS: list[Column[PersonSearchResult]] = [
    Column("Namn", lambda r: r.name),
    Column("Personnummer", lambda r: r.identity_display),
    Column("Adress", lambda r: r.address),
    Column(
        "Anmärkning",
        _marks,
        tooltip=_marks_tooltip,
    ),
]
ADDRESS_COLUMN = 2
# Columns are fitted to the widest of this many longest texts (by length) per column.
FITTED_TEXTS = 8
# Room around a cell's text (the item delegate's margins and the grid), and a cap.
CELL_PADDING = 24
MAX_FITTED_WIDTH = 380


class PersonSearchDialog(QDialog):
    """Enter searches while the text is new, and opens the marked person otherwise."""

    def __init__(self, search_fn: SearchFn, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("person_search_dialog")
        self.setWindowTitle("Sök person")
        self.search_fn = search_fn
        self.chosen: PersonSearchResult | None = None
        self._searched_text: str | None = None

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.text = QLineEdit(text)
        self.text.setObjectName("search_text")
        self.text.setAccessibleName("Personnummer eller namn")
        self.text.setPlaceholderText("Personnummer eller namn")
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self._update_buttons)
        self.search_button = QPushButton("&Sök")
        self.search_button.setObjectName("search_button")
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(self.text, 1)
        search_row.addWidget(self.search_button)

        self.model: RowTableModel[PersonSearchResult] = RowTableModel(RESULT_COLUMNS)
        self.table = read_only_table("search_results")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sökresultat")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # The address takes what is left; the other columns are fitted once per search from
        # their longest texts (_fit_columns), not in ResizeToContents mode, where Qt asks the
        # model for every role of dozens of cells at each layout (selecting a row is one):
        # that was a third of a search's time.
        header.setSectionResizeMode(ADDRESS_COLUMN, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.status = QLabel()
        self.status.setObjectName("search_status")
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Öppna", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("open_button")
        cancel = buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(720, 440)
        self.open_button.setDefault(True)
        self.text.setFocus()
        self._update_buttons()

    # -- searching ----------------------------------------------------------------------------

    def search(self) -> list[PersonSearchResult]:
        text = self.text.text()
        self._searched_text = text
        fetched = self.search_fn(text)
        if fetched.value is None:
            self.model.set_rows([])
            self._set_status(fetched.error or "", error=True)
            self.text.setFocus()
            self._update_buttons()
            return []
        results = fetched.value.results
        self.model.set_rows(results)
        self._fit_columns()
        if fetched.value.more:
            # Not "200 personer hittades": more matched than are listed.
            self.table.selectRow(0)
            self.table.setFocus()
            self._set_status(
                f"Fler än {len(results)} personer hittades; de {len(results)} första i "
                "namnordning visas. Skriv mer av namnet, t.ex. Andersson, Ka, eller "
                "personnumret för att hitta rätt person."
            )
        elif results:
            self.table.selectRow(0)
            self.table.setFocus()
            count = "1 person" if len(results) == 1 else f"{len(results)} personer"
            self._set_status(f"{count} hittades. Markera rätt person och välj Öppna.")
        else:
            self._set_status("Ingen person hittades bland dem du har behörighet till.")
            self.text.setFocus()
        self._update_buttons()
        return results

    def _fit_columns(self) -> None:
        """Each column but the address as wide as its title or its widest text, measured on
        the FITTED_TEXTS longest texts: a name's width follows its length closely enough."""
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        rows = self.model.rows
        for column, spec in enumerate(RESULT_COLUMNS):
            if column == ADDRESS_COLUMN:
                continue
            texts = heapq.nlargest(FITTED_TEXTS, {spec.value(row) for row in rows}, key=len)
            width = max(
                [header_metrics.horizontalAdvance(spec.title)]
                + [metrics.horizontalAdvance(text) for text in texts]
            )
            self.table.setColumnWidth(column, min(width + CELL_PADDING, MAX_FITTED_WIDTH))

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        style = "color:#b00020;" if error else "color:#555555;"
        # A new style sheet re-polishes the label and lays the dialog out again: only on a
        # change between an error and a plain status.
        if self.status.styleSheet() != style:
            self.status.setStyleSheet(style)

    def selected(self) -> PersonSearchResult | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        return self.model.row(index)

    def _update_buttons(self, *_args: object) -> None:
        # Öppna stays enabled: it is the default button, and Enter on new text searches.
        self.open_button.setToolTip(
            "Öppna den markerade personen"
            if self._results_current()
            else "Sök först – Enter söker på den inskrivna texten"
        )

    def _results_current(self) -> bool:
        return self._searched_text == self.text.text() and self.selected() is not None

    def _double_clicked(self, _index: QModelIndex) -> None:
        self.accept()

    # -- choosing -----------------------------------------------------------------------------

    def confirm(self, result: PersonSearchResult) -> bool:
        """Name and number shown once more: a wrong number has caused real harm."""
        extra = "\n\nObs! Testperson i demodatabasen." if result.is_test_data else ""
        text = CONFIRM.format(
            name=result.name,
            kind=identity_kind_label(result.identity_display),
            number=result.identity_display,
            extra=extra,
        )
        return messages.confirm(self, text, title="Bekräfta person")

    def accept(self) -> None:
        if not self._results_current():
            self.search()
            return
        result = self.selected()
        if result is None or not self.confirm(result):
            return
        self.chosen = result
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, search_fn: SearchFn, text: str = ""
    ) -> PersonSearchResult | None:
        """The confirmed person, or None when the user cancels."""
        dialog = cls(search_fn, parent, text)
        return run_modal(dialog, lambda: dialog.chosen)
