"""Small building blocks shared by the panes and dialogs: headings, badges, labels, tables."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMargins, QSize, Qt
from PySide6.QtGui import QFont, QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QWidget,
)

BADGE_STYLES = {
    "test": "background:#fff3c4; color:#6b5200; border:1px solid #d9b84a;",
    "protected": "background:#fde2e1; color:#8a1c14; border:1px solid #d9736b;",
    "info": "background:#e3eef9; color:#1f4e79; border:1px solid #8fb3d9;",
}


class WrappingLabel(QLabel):
    """A word-wrapping label that takes only the height its text needs at its width.

    QFormLayout sizes a wrapping label by its size hint, which assumes a narrow label and so
    leaves a tall gap around a one-line message.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        # Qt's height for a width can be a line too generous: keep any slack below the text.
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()  # a label reused for another message must not keep the old height

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        fixed = (self.minimumHeight(), self.maximumHeight())
        # QLabel's height for a width never goes below the minimum height, so a shorter text
        # or a wider label could not shrink it.
        self.setMinimumHeight(0)
        height = self.heightForWidth(self.width())
        if height <= 0:
            self.setMinimumHeight(fixed[0])
        elif fixed != (height, height):
            self.setFixedHeight(height)
        else:
            self.setMinimumHeight(height)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), self.maximumHeight()))


def heading(text: str = "", *, scale: float = 1.35) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 2)
    return label


def badge(text: str, style: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"{BADGE_STYLES[style]} border-radius:3px; padding:1px 6px;")
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return label


def protected_badge() -> QLabel:
    """The marker shown wherever a person with protected identity appears."""
    return badge("Skyddad identitet", "protected")


def person_row(object_name: str) -> tuple[QHBoxLayout, QLabel, QLabel]:
    """A one-line person label followed by the (hidden until needed) protected badge."""
    person = value_label()
    person.setWordWrap(False)
    person.setObjectName(object_name)
    protected = protected_badge()
    row = QHBoxLayout()
    row.setSpacing(8)
    row.addWidget(person)
    row.addWidget(protected)
    row.addStretch(1)
    return row, person, protected


def value_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def muted_label(text: str = "") -> QLabel:
    label = value_label(text)
    label.setStyleSheet("color:#555555;")
    return label


def icon_heading(icon: QIcon, text: str) -> tuple[QWidget, QLabel, QLabel]:
    """An icon and a heading on one row; returns the row, the icon label and the heading."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    icon_label = QLabel()
    icon_label.setPixmap(icon.pixmap(32, 32))
    title = heading(text)
    layout.addWidget(icon_label)
    layout.addWidget(title, 1)
    return row, icon_label, title


# Rows around the visible ones that sizing a column to its contents looks at: a list of
# thousands of rows costs the same to fit as one of a hundred (Qt's default is 1000 rows).
FIT_ROWS = 100


def read_only_table(object_name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(object_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    return table


class ListOrEmpty(QStackedWidget):
    """A list, or in its place a sentence saying why it is empty (and how to start): never a
    bare grid of column headers, which reads as if the list failed to load. `show_list`
    switches between the two; the sentence may change with the reason (a filter, say)."""

    def __init__(self, view: QWidget, empty_text: str = "", *, object_name: str) -> None:
        super().__init__()
        self.view = view
        self.empty = muted_label(empty_text)
        self.empty.setObjectName(object_name)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.addWidget(view)
        self.addWidget(self.empty)

    def show_list(self, has_rows: bool, empty_text: str | None = None) -> None:
        """The list when it has rows; otherwise the sentence (`empty_text` when given)."""
        if empty_text is not None:
            self.empty.setText(empty_text)
        self.setCurrentWidget(self.view if has_rows else self.empty)


# A long name column (Insats, Utförarenhet) is never wider or narrower than these.
LONG_TEXT_CAP = 240
LONG_TEXT_MIN = 90


def fit_columns(table: QTableView) -> None:
    """Size columns to their contents (the visible rows and FIT_ROWS around them), the last
    one stretching."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count() - 1):
        header.resizeSection(column, min(header.sectionSize(column) + 16, 380))


def fit_columns_sharing(table: QTableView, long_texts: tuple[int, ...]) -> None:
    """Every column exactly as wide as its contents (a status is never cut), except the
    `long_texts` columns (names), which take their contents up to a cap and elide beyond
    it, the tool tip holding the whole text. Where even that does not fit, a horizontal
    scroll bar appears, below the rows (see fit_height_with_scroll_bar)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    table.resizeColumnsToContents()
    for column in range(header.count()):
        if column in long_texts:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            width = header.sectionSize(column) + 16
            header.resizeSection(column, max(min(width, LONG_TEXT_CAP), LONG_TEXT_MIN))
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def fit_columns_within(
    table: QTableView, long_texts: tuple[int, ...], width: int, *, stretch: int | None = None
) -> None:
    """Columns that fit `width` side by side, so a wide list needs no horizontal scroll bar:
    each column takes its contents (and header), the `long_texts` columns at most
    LONG_TEXT_CAP; while the whole is wider than `width`, the widest of the long columns
    give way first, down to LONG_TEXT_MIN, eliding their text (the tool tip holds it). Every
    column can still be dragged wider; the last one stretches to the table's edge.

    With `stretch`, that column (the list's main text, e.g. Ämne) takes what is left instead
    of the last one, also when the table is resized, and a short last column (Läst, a date)
    keeps its width; it shares the room like a long column, never below LONG_TEXT_MIN."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    count = header.count()
    # Not the sections' sizes after resizeColumnsToContents: the stretched last one keeps
    # the width it was stretched to.
    wanted = [
        max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        for column in range(count)
    ]
    longs = [column for column in long_texts if column < count]
    if stretch is not None and stretch < count and stretch not in longs:
        longs.append(stretch)
    for column in longs:
        wanted[column] = max(min(wanted[column] + 16, LONG_TEXT_CAP), LONG_TEXT_MIN)
    budget = width - sum(w for column, w in enumerate(wanted) if column not in longs)
    for column, share in _shares(budget, {column: wanted[column] for column in longs}).items():
        wanted[column] = share
    for column in range(count):
        header.resizeSection(column, wanted[column])
    if stretch is not None and stretch < count:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fit_columns_in(
    table: QTableView, long_texts: tuple[int, ...], host: QWidget, *, stretch: int | None = None
) -> None:
    """fit_columns_within the width the table has, room kept for the vertical scroll bar a
    long list shows; before it is shown, within `host` (the widget whose layout holds the
    table across its width) less that layout's margins."""
    if table.isVisible():
        width = table.width()
    else:
        layout = host.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        width = host.width() - margins.left() - margins.right()
    width -= 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    fit_columns_within(table, long_texts, width, stretch=stretch)


def _shares(budget: int, wanted: dict[int, int]) -> dict[int, int]:
    """The long columns' widths within `budget`: the narrow ones keep theirs, the widest
    share what is left equally (never below LONG_TEXT_MIN)."""
    shares = dict(wanted)
    left = budget
    ordered = sorted(wanted, key=lambda column: wanted[column])
    for position, column in enumerate(ordered):
        even = left // (len(ordered) - position)
        if wanted[column] <= even:
            left -= wanted[column]
            continue
        for rest in ordered[position:]:
            shares[rest] = max(even, LONG_TEXT_MIN)
        break
    return shares


def export_status_label() -> QLabel:
    """Where a list dialog says, under its list, where its export was saved (hidden until
    then)."""
    label = muted_label()
    label.setObjectName("export_status")
    label.setWordWrap(True)
    label.hide()
    return label


def fit_height_with_scroll_bar(table: QTableView, rows: int) -> None:
    """fit_height, plus room for a horizontal scroll bar so it never covers the last row."""
    fit_height(table, rows)
    extra = table.horizontalScrollBar().sizeHint().height()
    table.setMaximumHeight(table.maximumHeight() + extra)


def fit_height(table: QTableView, rows: int) -> None:
    """Cap the table at the height its rows need, so short lists do not leave a blank grid."""
    header = table.horizontalHeader().sizeHint().height()
    row_height = table.verticalHeader().defaultSectionSize()
    table.setMaximumHeight(header + row_height * rows + 2 * table.frameWidth())


def export_and_close_buttons(
    dialog: QDialog, tooltip: str, export: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """A list dialog's Exportera… (never the default: Enter keeps running the dialog's own
    search) and Stäng (also Escape), wired to `export` and the dialog's reject."""
    buttons = QDialogButtonBox()
    export_button = buttons.addButton("&Exportera…", QDialogButtonBox.ButtonRole.ActionRole)
    export_button.setObjectName("export_button")
    export_button.setToolTip(tooltip)
    export_button.setAutoDefault(False)
    export_button.clicked.connect(export)
    close = buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
    close.setAutoDefault(False)
    buttons.rejected.connect(dialog.reject)
    return buttons, export_button
