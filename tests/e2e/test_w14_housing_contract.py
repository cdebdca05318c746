"""W14 Boendekontrakt through the main window, as the verksamhetschef of Lindgården:
Boendeobjekt… on the unit (two apartments), Mina enheter › Lindgården › person › Boende ›
Skapa kontrakt… (Sök objekt › Kontrakt › datum › Ja), Byt objekt… (the organisation picker
behind "…", the vacant objects, Kontrakt, the date of the change, Ja), Avsluta kontrakt…
(dates out of order refused, then Spara), and Genväg › Kontraktslista by personnummer."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import HousingContract, HousingObject, OrgUnit, Person
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.db.queries.housing import executed_housing
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.ui.dialogs.contract_date_dialog import ContractDateDialog
from treserva_desktop.ui.dialogs.contract_end_dialog import ContractEndDialog
from treserva_desktop.ui.dialogs.contract_list_dialog import ContractListDialog
from treserva_desktop.ui.dialogs.contract_window import ContractWindow
from treserva_desktop.ui.dialogs.housing_objects_dialog import HousingObjectsDialog
from treserva_desktop.ui.dialogs.object_search_dialog import ObjectSearchDialog
from treserva_desktop.ui.dialogs.organisation_dialog import OrganisationDialog
from treserva_desktop.ui.tree.nodes import NodeKind

UNIT = "Lindgården"


def select_label(dialog: ObjectSearchDialog, label: str) -> None:
    row = next(i for i, item in enumerate(dialog.model.rows) if item.label == label)
    dialog.table.selectRow(row)


def add_objects(labels: tuple[str, ...], kind: HousingKind) -> object:
    def fill(dialog: HousingObjectsDialog) -> None:
        for label in labels:
            dialog.label.setText(label)
            dialog.address.setText("Lindvägen 3")
            dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))
            dialog.add_button.click()
        assert [item.label for item in dialog.model.rows] == list(labels)
        later(dialog.findChild(QPushButton, "close_button").click)

    return fill


def test_w14_contract_change_of_object_end_and_list(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    actor = actor_for(demo_db, "verksamhetschef")
    window = driver.open_window(actor)
    today = window.ctx.clock.today()
    with demo_db.read() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
        person = next(
            item
            for item in tree_queries.unit_persons_page(session, actor, unit_id).items
            if executed_housing(session, item.id, [unit_id], BusinessArea.NURSING_HOME, today)
        )
        number = session.get(Person, person.id).identity_number  # type: ignore[union-attr]

    # Boendeobjekt… on the unit: Lgh 101 and Lgh 102.
    script = driver.modals().on(
        HousingObjectsDialog, add_objects(("Lgh 101", "Lgh 102"), HousingKind.APARTMENT)
    )
    script.start()
    driver.choose_in_context_menu(
        ["Mitt skrivbord", "Mina enheter", "ÄO Vårdboende", UNIT], "Boendeobjekt…"
    )
    script.check()

    boende = ["Mitt skrivbord", "Mina enheter", "ÄO Vårdboende", UNIT, person.name, "Boende"]
    node = driver.node(boende)
    assert node.kind is NodeKind.BOENDE
    answers = driver.answers(True, True, True)
    seen: dict[str, object] = {}

    def create(window: ContractWindow) -> None:
        assert window.housing.executed
        assert window.create_button.isEnabled()
        later(window.create_button.click)

    def pick_first(dialog: ObjectSearchDialog) -> None:
        assert dialog.organisation.text() == UNIT
        select_label(dialog, "Lgh 101")
        later(dialog.contract_button.click)

    def confirm_date(dialog: ContractDateDialog) -> None:
        later(dialog.ok_button.click)

    def change(window: ContractWindow) -> None:
        later(window.change_button.click)

    def open_picker(dialog: ObjectSearchDialog) -> None:
        dialog.model.set_rows([])
        later(dialog.pick_button.click)

    def choose_unit(dialog: OrganisationDialog) -> None:
        assert dialog.picker.select_unit(unit_id)
        later(dialog.ok_button.click)

    def pick_second(dialog: ObjectSearchDialog) -> None:
        assert [item.label for item in dialog.model.rows] == ["Lgh 102"]
        select_label(dialog, "Lgh 102")
        later(dialog.contract_button.click)

    def change_date(dialog: ContractDateDialog) -> None:
        dialog.start.set_value(today + timedelta(days=1))
        later(dialog.ok_button.click)

    def end(window: ContractWindow) -> None:
        assert window.selected() is not None
        later(window.end_button.click)

    def end_dates(dialog: ContractEndDialog) -> None:
        dialog.notice_on.set_value(today + timedelta(days=5))
        dialog.move_out_on.set_value(today + timedelta(days=4))
        dialog.reason.setCurrentIndex(dialog.reason.findData("deceased"))
        dialog.ok_button.click()  # refused at Utflyttningsdatum: nothing saved, stays open
        seen["end_error"] = dialog.errors.message("move_out_on")
        dialog.move_out_on.set_value(today + timedelta(days=35))
        later(dialog.ok_button.click)

    def close(window: ContractWindow) -> None:
        seen["rows"] = [(row.object_label, row.status) for row in window.model.rows]
        later(window.findChild(QPushButton, "close_button").click)

    script = (
        driver.modals()
        .on(ContractWindow, create)
        .on(ObjectSearchDialog, pick_first, ready=lambda d: bool(d.model.rows))
        .on(ContractDateDialog, confirm_date)
        .on(ContractWindow, change, ready=lambda w: w.housing.live is not None)
        .on(ObjectSearchDialog, open_picker, ready=lambda d: bool(d.model.rows))
        .on(OrganisationDialog, choose_unit)
        .on(ObjectSearchDialog, pick_second, ready=lambda d: bool(d.model.rows))
        .on(ContractDateDialog, change_date)
        .on(
            ContractWindow,
            end,
            ready=lambda w: len(w.housing.contracts) == 2 and w.end_button.isEnabled(),
        )
        .on(ContractEndDialog, end_dates)
        .on(ContractWindow, close, ready=lambda w: not w.end_button.isEnabled())
        .start()
    )
    offered = driver.choose_in_context_menu(node, "Öppna")
    script.check()
    assert offered[0].default
    assert seen["end_error"] == "Utflyttningsdatum kan inte vara före uppsägningsdatum."
    assert answers.infos == ["Kontraktet är skapat.", "Bytet är klart."]
    assert "Lgh 102" in answers.questions[1]
    assert "avslutas dagen före" in answers.questions[1]
    assert seen["rows"] == [("Lgh 102", "Uppsagt"), ("Lgh 101", "Uppsagt")]

    with demo_db.read() as session:
        contracts = session.execute(
            select(HousingContract, HousingObject.label)
            .join(HousingObject, HousingObject.id == HousingContract.object_id)
            .where(HousingContract.person_id == person.id)
            .order_by(HousingContract.start_date)
        ).all()
    (first, first_label), (second, second_label) = contracts
    assert (first_label, first.start_date, first.move_out_on) == ("Lgh 101", today, today)
    assert first.end_reason_code == "object_change"
    assert (second_label, second.start_date) == ("Lgh 102", today + timedelta(days=1))
    assert second.kind is ContractKind.RENTAL
    assert (second.notice_on, second.move_out_on) == (
        today + timedelta(days=5),
        today + timedelta(days=35),
    )
    assert second.end_reason_code == "deceased"

    # Genväg › Kontraktslista: by personnummer, current and past.
    def search(dialog: ContractListDialog) -> None:
        dialog.identity.setText(number)
        dialog.search_button.click()
        seen["listed"] = [(row.object_label, row.period) for row in dialog.model.rows]
        later(dialog.findChild(QPushButton, "close_button").click)

    script = driver.modals().on(ContractListDialog, search).start()
    driver.choose_from_menu_bar("Genväg", "Kontraktslista…")
    script.check()
    assert seen["listed"] == [
        (
            "Lgh 102",
            f"{today + timedelta(days=1):%Y-%m-%d} – {today + timedelta(days=35):%Y-%m-%d}",
        ),
        ("Lgh 101", f"{today:%Y-%m-%d} – {today:%Y-%m-%d}"),
    ]
