"""Uppföljning › Ej verkställda beslut… through the main window: a decision made four months
ago and never executed is on the current quarter's list (and on the dashboard tile), the
previous quarter can be shown, the list is exported with one EXPORT per person, and a row
opens the person in the tree (a decision never distributed: its assignment under Nya
uppdrag)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers.actors import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, OrgUnit
from treserva_desktop.documents.unexecuted_csv import CSV_HEADER
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    PersonInput,
    SendNewAssignment,
)
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.plan_rules import add_months
from treserva_desktop.domain.unexecuted_rules import Quarter, Reason
from treserva_desktop.services.authority import send_new_assignment
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.unexecuted_decisions_dialog import UnexecutedDecisionsDialog
from treserva_desktop.ui.tree.nodes import NodeKind


def send_waiting_decision(database: Database, decided_on: date) -> int:
    """A handläggare's decision of `decided_on` sent to Hemtjänst Norr; returns the person."""
    with database.transaction() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == "Hemtjänst Norr")).one()
    actor = actor_for(database, "handlaggare")
    with database.transaction() as session:
        sent = send_new_assignment(
            session,
            actor,
            SendNewAssignment(
                person=PersonInput(
                    identity_number=make_personal_number(date(1936, 3, 9), 412),
                    first_name="Väntan",
                    last_name="Långström",
                ),
                decision=DecisionInput(decided_on=decided_on, period_start=decided_on),
                interventions=(InterventionInput(type_code="safety_alarm"),),
                goals="Känna sig trygg i hemmet.",
                receiver_unit_id=unit_id,
            ),
        )
    return sent.person_id


def test_the_quarter_list_its_export_and_a_person(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = make_ctx("gruppchef")
    today = ctx.clock.today()
    person_id = send_waiting_decision(demo_db, add_months(today, -4))
    window = driver.open_window(ctx)
    target = tmp_path / "ej-verkstallda"
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: target)
    seen: dict[str, object] = {}

    def look_and_export(dialog: UnexecutedDecisionsDialog) -> None:
        assert dialog.chosen_quarter() == Quarter.of(today)
        qtbot.waitUntil(lambda: dialog.decisions is not None)
        current = dialog.decisions
        assert current is not None
        rows = [row for row in current.rows if row.person_id == person_id]
        assert len(rows) == 1
        assert rows[0].reason is Reason.NOT_EXECUTED
        assert rows[0].resolved_on is None
        assert rows[0].days_since_decision == (today - add_months(today, -4)).days
        seen["count"] = len(current.rows)
        # The previous quarter, then back with Visa.
        dialog.quarter.setCurrentIndex(1)
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.decisions is not None)
        assert dialog.decisions is not None
        assert dialog.decisions.quarter == Quarter.of(today).previous
        dialog.quarter.setCurrentIndex(0)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.decisions is not None)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.export_status.isVisible)
        row = next(i for i, r in enumerate(dialog.model.rows) if r.person_id == person_id)
        dialog.table.setFocus()
        dialog.table.setCurrentIndex(dialog.model.index(row, 0))
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)

    script = driver.modals().on(UnexecutedDecisionsDialog, look_and_export).start()
    action = driver.choose_from_menu_bar("Uppföljning", "Ej verkställda beslut…")
    assert action is window.window_actions.actions[ActionId.UNEXECUTED_DECISIONS]
    script.check()

    # Never distributed: the person's assignment is selected under Nya uppdrag.
    node = window.current_node()
    assert node is not None
    assert node.kind is NodeKind.ASSIGNMENT
    assert node.person_id == person_id
    written = target.with_suffix(".csv")
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert tuple(lines[0]) == CSV_HEADER
    assert len(lines) - 1 == seen["count"]
    with demo_db.read() as session:
        exports = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()
    assert person_id in {e.person_id for e in exports}
    assert all(e.details == {"view": "unexecuted_decisions"} for e in exports)
