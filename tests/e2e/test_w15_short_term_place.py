"""W15 Korttidsplats through the main window, as the verksamhetschef of Korttidsboendet Eken:
Uppföljning › Saknar korttidsplats lists the persons with a short-term decision and no place;
Boendeobjekt… adds a place; Boende › Skapa kontrakt… puts the person there (kind
short-term), after which the warning list no longer names them."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.e2e.test_w14_housing_contract import add_objects, select_label
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import HousingContract
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.ui.dialogs.contract_date_dialog import ContractDateDialog
from treserva_desktop.ui.dialogs.contract_window import ContractWindow
from treserva_desktop.ui.dialogs.housing_objects_dialog import HousingObjectsDialog
from treserva_desktop.ui.dialogs.missing_places_dialog import MissingPlacesDialog
from treserva_desktop.ui.dialogs.object_search_dialog import ObjectSearchDialog

UNIT = "Korttidsboendet Eken"
BRANCH = "ÄO Korttidsboende"


def missing_now(driver: E2EDriver) -> list[tuple[int, str]]:
    seen: list[tuple[int, str]] = []

    def read(dialog: MissingPlacesDialog) -> None:
        seen.extend((row.person_id, row.unit_name) for row in dialog.model.rows)
        later(dialog.findChild(QPushButton, "close_button").click)

    script = driver.modals().on(MissingPlacesDialog, read).start()
    driver.choose_from_menu_bar("Uppföljning", "Saknar korttidsplats…")
    script.check()
    return seen


def test_w15_every_short_term_decision_gets_a_place(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    actor = actor_for(demo_db, "verksamhetschef")
    window = driver.open_window(actor)
    today = window.ctx.clock.today()
    missing = missing_now(driver)
    at_eken = [person_id for person_id, unit_name in missing if unit_name == UNIT]
    assert at_eken, "the demo has short-term stays at Eken without a place"
    person_id = at_eken[0]
    person_node = next(
        node
        for node in driver.children(["Mitt skrivbord", "Mina enheter", BRANCH, UNIT])
        if node.person_id == person_id
    )

    script = driver.modals().on(
        HousingObjectsDialog, add_objects(("Plats 1",), HousingKind.SHORT_TERM_PLACE)
    )
    script.start()
    driver.choose_in_context_menu(["Mitt skrivbord", "Mina enheter", BRANCH, UNIT], "Boendeobjekt…")
    script.check()

    answers = driver.answers(True)

    def create(contracts: ContractWindow) -> None:
        later(contracts.create_button.click)

    def pick(dialog: ObjectSearchDialog) -> None:
        # Only short-term places are offered: the demo's vacant one and the new Plats 1.
        assert {row.kind for row in dialog.model.rows} == {HousingKind.SHORT_TERM_PLACE}
        select_label(dialog, "Plats 1")
        later(dialog.contract_button.click)

    def confirm(dialog: ContractDateDialog) -> None:
        later(dialog.ok_button.click)

    def close(contracts: ContractWindow) -> None:
        later(contracts.findChild(QPushButton, "close_button").click)

    script = (
        driver.modals()
        .on(ContractWindow, create)
        .on(ObjectSearchDialog, pick, ready=lambda d: bool(d.model.rows))
        .on(ContractDateDialog, confirm)
        .on(ContractWindow, close, ready=lambda w: w.housing.live is not None)
        .start()
    )
    boende = next(node for node in driver.children(person_node) if node.label == "Boende")
    driver.choose_in_context_menu(boende, "Öppna")
    script.check()
    assert answers.infos == ["Kontraktet är skapat."]
    with demo_db.read() as session:
        contract = session.scalars(
            select(HousingContract).where(
                HousingContract.person_id == person_id, HousingContract.start_date == today
            )
        ).one()
    assert contract.kind is ContractKind.SHORT_TERM
    assert contract.start_date == today
    assert person_id not in [found for found, _unit in missing_now(driver)]
