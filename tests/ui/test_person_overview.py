"""The person overview (top right when a person is selected): the sections follow each other
without empty gaps, and Fakturamottagare says Ja or Nej."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from tests.helpers.windows import open_main_window

from treserva_desktop.domain.enums import Folder, IdentityKind, RelationKind
from treserva_desktop.domain.views import PersonOverview, RelationView
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.nodes import NodeKind
from treserva_desktop.ui.widgets.common import section_title

OVERVIEW = PersonOverview(
    id=1,
    name="Rolf Hedlund",
    identity_display="19510821-3496",
    identity_kind=IdentityKind.PERSONAL,
    protected_identity=False,
    is_test_data=True,
    address="Tallvägen 46, 586 35 Storköping",
    phone="031-390 06 14",
    billing_area="HT-N – Hemtjänst Norr",
    relations=(
        RelationView(1, RelationKind.NEXT_OF_KIN, "Camilla Bergman", "040-628 04 43", "", True),
        RelationView(2, RelationKind.REFERENCE_PERSON, "Jenny Sandberg", "", "", False),
    ),
    ongoing=(),
)


def test_sections_have_no_gaps_and_fakturamottagare_says_ja_or_nej(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    # The main window's default size: a tall pane, the room left below the sections.
    window.resize(1400, 860)
    person = window.model.find(
        lambda n: n.kind is NodeKind.PERSON, window.model.folder_node(Folder.MY_UNITS)
    )
    assert person is not None
    window.tree.select_node(person)
    pane = window.person_pane
    assert window.panes.currentWidget() is pane
    pane.show_overview(OVERVIEW)
    qtbot.waitUntil(lambda: pane.relations.isVisible() and pane.width() > 800)
    model = pane.relations.model
    column = [
        model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
    ].index("Fakturamottagare")
    assert [model.index(row, column).data() for row in range(2)] == ["Ja", "Nej"]
    # Between the relations and Pågående insatser only that section's title and spacing.
    title = section_title("Pågående insatser").sizeHint().height()
    spacing = pane.details.layout().spacing()

    def packed() -> bool:
        gap = pane.ongoing.geometry().top() - pane.relations.geometry().bottom()
        return gap <= title + 3 * spacing

    qtbot.waitUntil(packed)
    assert pane.ongoing.geometry().bottom() < pane.height() // 2


def test_the_tables_carry_their_section_names(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    """The headings are labels of their own; a screen reader names the tables as well."""
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    pane = window.person_pane
    assert pane.relations.table.accessibleName() == "Relationer"
    assert pane.ongoing.table.accessibleName() == "Pågående insatser"
    assert window.execution_pane.table.accessibleName() == "Insatsens rader"
