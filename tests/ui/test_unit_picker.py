"""The organisation tree picker's model under Qt's model tester: structure, resets, lookups."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.ui.widgets.unit_picker import UNIT_ID_ROLE, OrgUnitModel

K = OrgUnitKind


@pytest.fixture(autouse=True)
def _application(qapp: object) -> None:
    """The model's icons need a QApplication; alone (the first test of an xdist worker) the
    model tester would otherwise abort the interpreter."""


HOME = BusinessArea.HOME_CARE
UNITS = [
    ReceiverUnit(1, "Kommunen", K.MUNICIPALITY, None, None, False),
    ReceiverUnit(2, "ÄO Utförare", K.DEPARTMENT, None, 1, False),
    ReceiverUnit(3, "ÄO Hemtjänst", K.BRANCH, HOME, 2, True),
    ReceiverUnit(4, "Hemtjänst Norr", K.UNIT, HOME, 3, True),
    ReceiverUnit(5, "Norr grupp 1", K.SUBUNIT, HOME, 4, True),
    ReceiverUnit(6, "Hemtjänst Söder", K.UNIT, HOME, 3, True),
    ReceiverUnit(7, "Myndighet äldreomsorg", K.DEPARTMENT, BusinessArea.AUTHORITY, 1, False),
]


def ids_below(model: OrgUnitModel, parent: QModelIndex) -> list[int]:
    return [model.index(row, 0, parent).data(UNIT_ID_ROLE) for row in range(model.rowCount(parent))]


def test_model_passes_the_qt_model_tester(qtmodeltester) -> None:
    model = OrgUnitModel(UNITS)
    qtmodeltester.check(model)

    root = QModelIndex()
    assert ids_below(model, root) == [1]
    assert ids_below(model, model.index_of(1)) == [2, 7]
    assert ids_below(model, model.index_of(3)) == [4, 6]
    assert model.parent(model.index_of(5)) == model.index_of(4)
    assert not model.parent(model.index_of(1)).isValid()
    assert model.index_of(6).row() == 1
    assert model.columnCount() == 1
    assert model.unit_at(root) is None
    assert model.flags(root) == Qt.ItemFlag.NoItemFlags


def test_resets_keep_the_model_consistent(qtmodeltester) -> None:
    model = OrgUnitModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0

    model.set_units(UNITS)
    assert model.rowCount() == 1
    assert model.path(5) == "Kommunen › ÄO Utförare › ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1"

    # A unit whose parent is not listed is shown at the top level.
    orphan = ReceiverUnit(9, "Fristående enhet", K.UNIT, HOME, 42, True)
    model.set_units([*UNITS[:3], orphan])
    assert ids_below(model, QModelIndex()) == [1, 9]
    assert model.unit(4) is None
    assert not model.index_of(4).isValid()
    assert model.path(9) == "Fristående enhet"

    model.set_units([])
    assert model.rowCount() == 0


def test_children_listed_before_their_parents_still_go_under_them(qtmodeltester) -> None:
    # Sorted by name, "ÄO Hemtjänst" comes after its units.
    model = OrgUnitModel(sorted(UNITS, key=lambda unit: unit.name))
    qtmodeltester.check(model)
    assert ids_below(model, QModelIndex()) == [1]
    assert model.path(5) == "Kommunen › ÄO Utförare › ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1"
