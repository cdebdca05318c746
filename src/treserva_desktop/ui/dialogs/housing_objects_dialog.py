"""Boendeobjekt: a unit's apartments, rooms and short-term places with today's occupant;
Lägg till a new object, Avveckla one that is let no more (never deleted)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.housing import AddHousingObject, RetireHousingObject
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.housing_rules import HousingKind, object_kinds
from treserva_desktop.domain.views.housing import HousingObjectView
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Attempt, Fetched
from treserva_desktop.ui.widgets.common import fit_columns_in, muted_label, read_only_table
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors
from treserva_desktop.ui.widgets.forms import line_edit, press_on_enter, row
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

ListObjects = Callable[[int], Fetched[list[HousingObjectView]]]
AddObject = Callable[[QWidget, AddHousingObject], Attempt[int]]
RetireObject = Callable[[QWidget, RetireHousingObject], Attempt[int]]
# Avveckla's refusal text, if it would be refused (checked before asking), else None.
MayRetire = Callable[[RetireHousingObject], str | None]

COLUMNS: tuple[Column[HousingObjectView], ...] = (
    Column("Objekt", lambda item: item.label),
    Column("Typ", lambda item: item.kind.label),
    Column("Adress", lambda item: item.address),
    Column("Status", lambda item: item.status),
    Column("Boende i dag", lambda item: item.occupant),
    Column("Belagda dagar i månaden", lambda item: str(item.occupied_days), align_right=True),
)
# Adress takes the room left; Objekt and Boende i dag give way when the dialog is narrow
# (elided, the tool tip holds them); Typ, Status and the day count are never cut.
STRETCH_COLUMN = 2
LONG_TEXT_COLUMNS = (0, 4)
SIZE = QSize(940, 560)


class HousingObjectsDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        units: Sequence[tuple[int, str]],
        unit_id: int | None,
        today: date,
        list_objects: ListObjects,
        add: AddObject,
        retire: RetireObject,
        may_retire: MayRetire | None = None,
        areas: Mapping[int, BusinessArea | None] | None = None,
    ) -> None:
        """`areas`: each unit's verksamhet, which decides the kinds Nytt objekt offers."""
        super().__init__(parent)
        self._areas = dict(areas or {})
        self.setObjectName("housing_objects_dialog")
        self.setWindowTitle("Boendeobjekt")
        self.setWindowIcon(icon("housing"))
        self._list = list_objects
        self._add = add
        self._retire = retire
        self._may_retire = may_retire
        self.errors = FieldErrors("error_general")
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setAccessibleName("Enhet")
        for choice_id, name in units:
            self.unit.addItem(name, choice_id)
        if unit_id is not None and self.unit.findData(unit_id) >= 0:
            self.unit.setCurrentIndex(self.unit.findData(unit_id))
        self.unit.currentIndexChanged.connect(lambda _i: self._unit_changed())
        self.model = RowTableModel(
            COLUMNS, muted=lambda item: item.retired_on is not None, parent=self
        )
        self.table = read_only_table("housing_objects")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Boendeobjekt")
        self.status = muted_label("")
        self.status.setObjectName("objects_status")

        self.label = line_edit("label", "Beteckning", "t.ex. Lgh 1101")
        self.label.setMaxLength(MAX_LENGTHS["housing_label"])
        self.address = line_edit("address", "Adress")
        self.address.setMaxLength(MAX_LENGTHS["housing_address"])
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.setAccessibleName("Typ")
        self._offer_kinds()
        self.add_button = QPushButton("&Lägg till")
        self.add_button.setObjectName("add_object")
        self.add_button.clicked.connect(self.add)
        new = QGroupBox("Nytt objekt")
        new_form = QFormLayout(new)
        new_form.addRow("&Beteckning:", self.errors.wrap(self.label, "label"))
        new_form.addRow("A&dress:", self.errors.wrap(self.address, "address"))
        new_form.addRow("T&yp:", self.errors.wrap(row(self.kind, self.add_button), "kind"))

        self.retired_on = DateField("retired_on", "Avvecklas från", today)
        self.retire_button = QPushButton("A&vveckla…")
        self.retire_button.setObjectName("retire_object")
        self.retire_button.clicked.connect(self.retire)
        retire_form = QFormLayout()
        retire_form.addRow(
            "Markerat objekt avvecklas &från:",
            self.errors.wrap(row(self.retired_on, self.retire_button), "retired_on"),
        )

        buttons = QDialogButtonBox()
        close = buttons.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        buttons.rejected.connect(self.reject)
        # Enter does what the row it is typed in is for: the new object's fields add it, the
        # date avvecklar the marked object (which asks first). Elsewhere it does nothing: it
        # never closes the dialog with a half-typed object or retires one by surprise.
        press_on_enter(self.add_button, self.label, self.address, self.kind)
        press_on_enter(self.retire_button, self.retired_on)
        close.setAutoDefault(False)
        form = QFormLayout()
        form.addRow("&Enhet:", self.unit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(retire_form)
        layout.addWidget(new)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        # Sized before the first list, which is fitted to the dialog's width.
        size = SIZE
        screen = self.screen()
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size() * 0.95)
        self.resize(size)
        self.reload()

    def _unit_changed(self) -> None:
        self._offer_kinds()
        self.reload()

    def _offer_kinds(self) -> None:
        """The kinds the unit's verksamhet has, its usual one chosen (Korttidsplats at a
        korttidsboende, Lägenhet at a vårdboende); every kind when the area is unknown."""
        unit_id = self.unit_id()
        area = self._areas.get(unit_id) if unit_id is not None else None
        kinds = object_kinds(area) or tuple(HousingKind)
        self.kind.clear()
        for kind in kinds:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(0)

    def unit_id(self) -> int | None:
        value = self.unit.currentData()
        return value if isinstance(value, int) else None

    def reload(self) -> None:
        unit_id = self.unit_id()
        if unit_id is None:
            self.status.setText("Du hanterar inga vårdboenden eller korttidsboenden.")
            return
        found = self._list(unit_id)
        rows = found.value or []
        self.model.set_rows(rows)
        fit_columns_in(self.table, LONG_TEXT_COLUMNS, self, stretch=STRETCH_COLUMN)
        vacant = sum(1 for item in rows if item.status == "Ledigt")
        self.status.setText(
            found.error
            or f"{len(rows)} objekt, {vacant} {'ledigt' if vacant == 1 else 'lediga'} i dag."
        )

    def selected(self) -> HousingObjectView | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row(indexes[0]) if indexes else None

    def add(self) -> None:
        unit_id = self.unit_id()
        if unit_id is None:
            return
        self.errors.clear()
        command = AddHousingObject(
            unit_id=unit_id,
            label=self.label.text().strip(),
            address=self.address.text().strip(),
            kind=HousingKind(str(self.kind.currentData())),
        )
        outcome = self._add(self, command)
        if outcome.refused is not None:
            self.errors.show(outcome.refused.field, outcome.refused.message)
            return
        if outcome.ok:
            self.label.clear()
            self.address.clear()
            self.reload()
            self.label.setFocus()  # ready for the next object

    def retire(self) -> None:
        chosen = self.selected()
        self.errors.clear()
        if chosen is None:
            self.errors.show("retired_on", "Markera objektet som ska avvecklas.")
            return
        day = self.retired_on.value()
        command = RetireHousingObject(
            object_id=chosen.id, retired_on=day, expected_version=chosen.version
        )
        # Refused at once when it would be (a contract runs then): never asked, then refused.
        refusal = self._may_retire(command) if self._may_retire is not None else None
        if refusal:
            self.errors.show("retired_on", refusal)
            return
        if not messages.confirm(
            self,
            f"Vill du avveckla {chosen.label} från {day:%Y-%m-%d}? Objektet kan inte hyras ut "
            "efter det, men finns kvar med sina kontrakt.",
            title="Avveckla objekt",
            default_yes=False,
        ):
            return
        outcome = self._retire(self, command)
        if outcome.refused is not None:
            self.errors.show(outcome.refused.field, outcome.refused.message)
            return
        if outcome.ok:
            self.reload()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        units: Sequence[tuple[int, str]],
        unit_id: int | None,
        today: date,
        list_objects: ListObjects,
        add: AddObject,
        retire: RetireObject,
        may_retire: MayRetire | None = None,
        areas: Mapping[int, BusinessArea | None] | None = None,
    ) -> None:
        dialog = cls(
            parent,
            units=units,
            unit_id=unit_id,
            today=today,
            list_objects=list_objects,
            add=add,
            retire=retire,
            may_retire=may_retire,
            areas=areas,
        )
        run_modal(dialog, lambda: None)
