"""W14 Boendekontrakt through the main window, as the verksamhetschef of Lindgården:
Boendeobjekt… on the unit (two apartments), Mina enheter › Lindgården › person › Boende ›
Skapa kontrakt… (Sök objekt › Kontrakt › datum › Ja), Byt objekt… (the organisation picker
behind "…", the vacant objects, Kontrakt, the date of the change, Ja), Avsluta kontrakt…
(dates out of order refused, then Spara), and Genväg › Kontraktslista by personnummer."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import Exists, select
from sqlalchemy.orm import Session
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.execution_world import child
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Execution,
    HousingContract,
    HousingObject,
    Intervention,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.db.queries.housing import EXECUTED, executed_housing
from treserva_desktop.domain.commands.housing import AddHousingObject, CreateContract
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.services import housing
from treserva_desktop.ui.dialogs.contract_date_dialog import ContractDateDialog
from treserva_desktop.ui.dialogs.contract_end_dialog import ContractEndDialog
from treserva_desktop.ui.dialogs.contract_list_dialog import ContractListDialog
from treserva_desktop.ui.dialogs.contract_window import ContractWindow
from treserva_desktop.ui.dialogs.end_execution_dialog import EndExecutionDialog
from treserva_desktop.ui.dialogs.execution_window import ExecutionWindow
from treserva_desktop.ui.dialogs.housing_objects_dialog import HousingObjectsDialog
from treserva_desktop.ui.dialogs.object_search_dialog import ObjectSearchDialog
from treserva_desktop.ui.dialogs.organisation_dialog import OrganisationDialog
from treserva_desktop.ui.panes.housing_pane import OPEN_HINT
from treserva_desktop.ui.tree.nodes import NodeKind
from treserva_desktop.ui.widgets.date_field import to_qdate

UNIT = "Lindgården"


def live_contract_of(person_id: Any, today: date) -> Exists:
    """Whether the person holds a contract running on `today` (the demo gives most housing
    residents one; these tests start from a resident who has none yet)."""
    return (
        select(HousingContract.id)
        .where(
            HousingContract.person_id == person_id,
            HousingContract.start_date <= today,
            HousingContract.move_out_on.is_(None) | (HousingContract.move_out_on >= today),
        )
        .exists()
    )


def has_live_contract(session: Session, person_id: int, today: date) -> bool:
    return bool(session.scalar(select(live_contract_of(person_id, today))))


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
        # Added to the unit's demo objects (the demo's are Lägenhet N and Korttidsplats N).
        listed = [item.label for item in dialog.model.rows]
        assert set(labels) <= set(listed), listed
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
            and not has_live_contract(session, item.id, today)
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
    # Selected, Boende lists the person's contracts at the unit: none running yet.
    driver.select(node)
    pane = window.housing_pane
    assert window.panes.currentWidget() is pane
    assert person.name in pane.subtitle.text()
    assert "Aktuellt kontrakt" not in pane.text.text()
    assert all(row.status == "Avslutat" for row in pane.model.rows)
    assert pane.hint.text() == OPEN_HINT
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
        mine = [item.label for item in dialog.model.rows if item.label.startswith("Lgh")]
        assert mine == ["Lgh 102"]
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

    # Back in the main window, the selected Boende lists both contracts (the pane read them
    # anew after each change), and a double-click on one opens the contract window.
    driver.select(driver.node(boende))
    assert window.panes.currentWidget() is pane
    # Lgh 102 is moved into tomorrow: Kommande until then.
    assert f"Kommande kontrakt: Lgh 102 från {today + timedelta(days=1):%Y-%m-%d}." in (
        pane.text.text()
    )
    listed = [
        [pane.model.data(pane.model.index(row, column)) for column in range(5)]
        for row in range(pane.model.rowCount())
    ]
    assert listed[:2] == [
        [
            "Lgh 102",
            "Lägenhet",
            f"{today + timedelta(days=1):%Y-%m-%d}",
            f"{today + timedelta(days=35):%Y-%m-%d}",
            "Uppsagt",
        ],
        ["Lgh 101", "Lägenhet", f"{today:%Y-%m-%d}", f"{today:%Y-%m-%d}", "Uppsagt"],
    ]

    def reopened(window: ContractWindow) -> None:
        seen["reopened"] = [row.object_label for row in window.model.rows]
        later(window.findChild(QPushButton, "close_button").click)

    script = driver.modals().on(ContractWindow, reopened).start()
    table = pane.table
    point = table.visualRect(pane.model.index(0, 0)).center()
    driver.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    driver.qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    script.check()
    assert seen["reopened"][:2] == ["Lgh 102", "Lgh 101"]

    # Genväg › Boende › Kontraktslista: by personnummer, current and past.
    def search(dialog: ContractListDialog) -> None:
        dialog.identity.setText(number)
        dialog.search_button.click()
        seen["listed"] = [(row.object_label, row.period) for row in dialog.model.rows]
        later(dialog.findChild(QPushButton, "close_button").click)

    script = driver.modals().on(ContractListDialog, search).start()
    driver.choose_from_menu_path("Genväg", "Boende", "Kontraktslista…")
    script.check()
    assert seen["listed"] == [
        (
            "Lgh 102",
            f"{today + timedelta(days=1):%Y-%m-%d} – {today + timedelta(days=35):%Y-%m-%d}",
        ),
        ("Lgh 101", f"{today:%Y-%m-%d} – {today:%Y-%m-%d}"),
    ]


def test_ending_the_housing_intervention_offers_to_end_the_contract(
    driver: E2EDriver, demo_db: Database
) -> None:
    """Rätta/Avsluta of the special-housing row while a contract is live: the warning names
    the contract, and after OK the manager is asked to end it too (utflyttning proposed on
    the row's T.o.m.)."""
    actor = actor_for(demo_db, "verksamhetschef")
    window = driver.open_window(actor)
    today = window.ctx.clock.today()
    end = today + timedelta(days=10)
    with demo_db.transaction() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
        row = session.scalars(
            select(Execution)
            .join(Intervention, Intervention.id == Execution.intervention_id)
            .where(
                Execution.unit_id == unit_id,
                Intervention.type_code == "special_housing",
                Execution.status.in_(EXECUTED),
                Execution.start_date <= today,
                Execution.end_date.is_(None) | (Execution.end_date > end),
                ~live_contract_of(Execution.person_id, today),
            )
            .order_by(Execution.id)
            .limit(1)
        ).one()
        person_id, intervention_id, row_id = row.person_id, row.intervention_id, row.id
        object_id = housing.add_object(
            session,
            actor,
            AddHousingObject(unit_id=unit_id, label="Lgh 201", kind=HousingKind.APARTMENT),
        )
        housing.create_contract(
            session,
            actor,
            CreateContract(person_id=person_id, object_id=object_id, start_date=today),
        )
    unit = driver.node(["Mitt skrivbord", "Mina enheter", "ÄO Vårdboende", UNIT])
    person = child(driver, unit, kind=NodeKind.PERSON, person_id=person_id)
    insats = child(driver, person, kind=NodeKind.INSATS_GF)
    driver.select(
        child(driver, insats, kind=NodeKind.INTERVENTION, intervention_id=intervention_id)
    )

    answers = driver.answers(True, True, False)
    seen: dict[str, object] = {}

    def choose_row(dialog: ExecutionWindow) -> None:
        later(dialog.end_button.click)

    def end_row(dialog: EndExecutionDialog) -> None:
        seen["warnings"] = dialog.warnings
        dialog.end.setDate(to_qdate(end))
        dialog.reason.setCurrentIndex(dialog.reason.findText("Avliden"))
        later(dialog.ok_button.click)

    def end_contract(dialog: ContractEndDialog) -> None:
        seen["proposed"] = dialog.move_out_on.value()
        dialog.reason.setCurrentIndex(dialog.reason.findData("deceased"))
        later(dialog.ok_button.click)

    def close(dialog: ExecutionWindow) -> None:
        later(dialog.close_button.click)

    script = (
        driver.modals()
        .on(ExecutionWindow, choose_row)
        .on(EndExecutionDialog, end_row)
        .on(ContractEndDialog, end_contract)
        .on(
            ExecutionWindow,
            close,
            ready=lambda w: any(r.id == row_id and r.end_date == end for r in w.view.rows),
        )
        .start()
    )
    window.execution_pane.choose_button.click()
    script.check()
    assert any("Lgh 201" in text for text in seen["warnings"])  # type: ignore[attr-defined]
    assert "Lgh 201" in answers.questions[0]
    assert seen["proposed"] == end
    with demo_db.read() as session:
        contract = session.scalars(
            select(HousingContract).where(HousingContract.person_id == person_id)
        ).one()
    assert (contract.notice_on, contract.move_out_on) == (today, end)
    assert contract.end_reason_code == "deceased"
