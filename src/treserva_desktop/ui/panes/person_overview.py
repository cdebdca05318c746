"""Top right when a person is selected: personal data, relations and ongoing interventions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.queries.persons import person_overview
from treserva_desktop.domain.views import ExecutionRowView, PersonOverview, RelationView
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node
from treserva_desktop.ui.widgets.common import (
    badge,
    fit_columns,
    fit_height,
    heading,
    muted_label,
    protected_badge,
    read_only_table,
    section_title,
    value_label,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

RELATION_COLUMNS: list[Column[RelationView]] = [
    Column("Relation", lambda r: r.kind.label),
    Column("Namn", lambda r: r.name),
    Column("Telefon", lambda r: r.phone),
    Column("Adress", lambda r: r.address),
    Column("Fakturamottagare", lambda r: "Ja" if r.is_invoice_recipient else "Nej"),
]

ONGOING_COLUMNS: list[Column[ExecutionRowView]] = [
    Column("Insats", lambda r: r.intervention_name),
    Column("Utförarenhet", lambda r: r.unit_name),
    Column("Fr.o.m.", lambda r: f"{r.start_date:%Y-%m-%d}"),
    Column("T.o.m.", lambda r: f"{r.end_date:%Y-%m-%d}" if r.end_date else "Tills vidare"),
    Column("Tidsåtgång", lambda r: r.time_text or "–"),
    Column("Status", lambda r: r.status.label),
]


class _TableOrEmpty(QStackedWidget):
    """A table, or a short sentence when it has no rows (never an empty grid)."""

    def __init__(
        self, table_name: str, title: str, empty_text: str, model: RowTableModel[Any]
    ) -> None:
        super().__init__()
        self.model = model
        self.table = read_only_table(table_name)
        # The section heading above is a label of its own: the table carries its name too.
        self.table.setAccessibleName(title)
        self.table.setModel(model)
        self.empty = muted_label(empty_text)
        self.empty.setObjectName(f"{table_name}_empty")
        self.addWidget(self.table)
        self.addWidget(self.empty)

    def set_rows(self, rows: list[Any]) -> None:
        self.model.set_rows(rows)
        if rows:
            fit_columns(self.table)
            self.setCurrentWidget(self.table)
            fit_height(self.table, len(rows))
            self.setMaximumHeight(self.table.maximumHeight())
        else:
            self.setCurrentWidget(self.empty)
            self.setMaximumHeight(self.empty.sizeHint().height())


class PersonOverviewPane(QWidget):
    """Shows one person; the read is audited by the query."""

    # Välj: open the person window for the shown person (emits the person id).
    choose_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person_overview")
        self.ctx = ctx
        self.overview: PersonOverview | None = None

        self.icon = QLabel()
        self.icon.setPixmap(icon("person").pixmap(32, 32))
        self.name = heading()
        self.name.setObjectName("person_name")
        self.test_badge = badge("Testperson", "test")
        self.test_badge.setObjectName("test_badge")
        self.test_badge.setToolTip("Påhittad person i demodatabasen")
        self.protected_badge = protected_badge()
        self.protected_badge.setObjectName("protected_badge")
        self.protected_badge.setToolTip(
            "Personen har skyddade personuppgifter: adress och telefon visas inte och "
            "all åtkomst loggas."
        )
        title_row = QHBoxLayout()
        title_row.addWidget(self.icon)
        title_row.addWidget(self.name, 1)
        title_row.addWidget(self.protected_badge)
        title_row.addWidget(self.test_badge)
        self.choose_button = QPushButton("Välj")
        self.choose_button.setObjectName("choose_person")
        self.choose_button.setToolTip("Öppna personuppgifterna (Alt+Enter)")
        self.choose_button.clicked.connect(self._choose)
        title_row.addWidget(self.choose_button)

        self.identity_label = QLabel("Personnummer:")
        self.identity = value_label()
        self.identity.setObjectName("identity")
        self.address = value_label()
        self.address.setObjectName("address")
        self.phone = value_label()
        self.phone.setObjectName("phone")
        self.billing_area = value_label()
        self.billing_area.setObjectName("billing_area")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.identity_label, self.identity)
        form.addRow("Adress:", self.address)
        form.addRow("Telefon:", self.phone)
        form.addRow("Debiteringsområde:", self.billing_area)

        self.relations = _TableOrEmpty(
            "relations",
            "Relationer",
            "Inga registrerade relationer.",
            RowTableModel(RELATION_COLUMNS),
        )
        self.ongoing = _TableOrEmpty(
            "ongoing",
            "Pågående insatser",
            "Inga pågående insatser vid dina enheter.",
            RowTableModel(ONGOING_COLUMNS),
        )

        self.error = muted_label()
        self.error.setObjectName("person_error")
        self.error.hide()

        # What is shown of a person the user may see; hidden whole when they may not.
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(form)
        details.addWidget(section_title("Relationer"))
        details.addWidget(self.relations, 2)
        details.addWidget(section_title("Pågående insatser"))
        details.addWidget(self.ongoing, 3)

        # The sections follow each other at their own heights, the room left below them: a
        # stretch on the details spread it between the sections as empty gaps.
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(self.error)
        layout.addWidget(self.details)
        layout.addStretch(1)

    def show_node(self, node: Node) -> None:
        if node.person_id is not None:
            self.show_person(node.person_id, node.title)
        else:
            self._show_error(node.title, "")

    def show_person(self, person_id: int, fallback_title: str = "") -> None:
        fetched = fetch(self.ctx, person_overview, person_id)
        if fetched.value is None:
            self._show_error(fallback_title, fetched.error or "")
            return
        self.show_overview(fetched.value)

    def show_overview(self, overview: PersonOverview) -> None:
        self.overview = overview
        self.error.hide()
        self.details.show()
        self.choose_button.show()
        self.name.setText(overview.name)
        self.icon.setPixmap(
            icon("person_protected" if overview.protected_identity else "person").pixmap(32, 32)
        )
        self.test_badge.setVisible(overview.is_test_data)
        self.protected_badge.setVisible(overview.protected_identity)
        self.identity_label.setText(f"{overview.identity_kind.label}:")
        self.identity.setText(overview.identity_display)
        self.address.setText(overview.address or "Ingen adress registrerad")
        self.phone.setText(overview.phone or "Inget telefonnummer registrerat")
        self.billing_area.setText(overview.billing_area or "Inte angivet")
        self.relations.set_rows(list(overview.relations))
        self.ongoing.set_rows(list(overview.ongoing))
        for widget in (self.address, self.phone, self.billing_area):
            empty = widget.text().startswith(("Ingen", "Inget", "Inte"))
            widget.setStyleSheet("color:#555555; font-style:italic;" if empty else "")

    def _choose(self) -> None:
        if self.overview is not None:
            self.choose_requested.emit(self.overview.id)

    def _show_error(self, title: str, text: str) -> None:
        self.overview = None
        self.name.setText(title or "Personen kan inte visas")
        self.test_badge.hide()
        self.protected_badge.hide()
        self.error.setText(text)
        self.error.setWordWrap(True)
        self.error.show()
        self.details.hide()
        self.choose_button.hide()
        for widget in (self.identity, self.address, self.phone, self.billing_area):
            widget.setText("–")
        self.relations.set_rows([])
        self.ongoing.set_rows([])
