"""Acceptera/Stoppa and Byt utförare för flera personer: the dialogs with qtbot, and the bulk
handler with its dialog and questions patched and the service running on the demo."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from sqlalchemy import func, select
from tests.helpers import FakeHost
from tests.helpers.distribution import Answers, home_care_view

from treserva_desktop.db.models import Assignment, OrgUnit
from treserva_desktop.db.queries.provider_change import unit_change_choices
from treserva_desktop.domain.enums import AssignmentKind, BusinessArea
from treserva_desktop.domain.views.provider_change import UnitChangeChoices
from treserva_desktop.ui.actions import ActionContext
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.accept_or_stop_dialog import AcceptOrStopDialog, Choice
from treserva_desktop.ui.dialogs.change_provider_unit_dialog import (
    ChangeProviderUnitDialog,
    UnitChangeInput,
)
from treserva_desktop.ui.handlers import provider_change
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node, NodeKind, UnitRef


def _shot(widget: object, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))  # type: ignore[attr-defined]


def test_accept_or_stop_shows_the_change_and_returns_the_choice(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("verksamhetschef")
    base = home_care_view(ctx)
    view = dataclasses.replace(
        base,
        kind=AssignmentKind.PROVIDER_CHANGE,
        change_date=base.decision_start + timedelta(days=10),
        previous_unit_name="ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1",
    )
    for button, expected in (("accept_button", Choice.ACCEPT), ("stop_button", Choice.STOP)):
        dialog = AcceptOrStopDialog(view)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        day_before = view.change_date - timedelta(days=1)  # type: ignore[operator]
        assert f"{day_before:%Y-%m-%d}" in dialog.findChild(object, "explanation").text()
        # The takeover date, not the day it was sent, and no empty gaps around the heading.
        assert dialog.header.text() == (
            f"Byte av utförare från Norr grupp 1 den {view.change_date:%Y-%m-%d}"
        )
        assert dialog.header.height() <= dialog.header.heightForWidth(dialog.header.width()) + 2
        assert "\n" not in dialog.header.text()
        _shot(dialog, "accept_or_stop")
        getattr(dialog, button).click()
        assert dialog.choice is expected


def _unit_id(ctx: AppContext, name: str) -> int:
    with ctx.database.read() as session:
        return session.scalars(select(OrgUnit.id).where(OrgUnit.name == name)).one()


def test_unit_dialog_needs_a_unit(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    ctx = make_ctx("verksamhetschef")
    norr_1 = _unit_id(ctx, "Norr grupp 1")
    choices = fetch(ctx, unit_change_choices, norr_1).value
    assert isinstance(choices, UnitChangeChoices)
    dialog = ChangeProviderUnitDialog(choices)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.accept()
    assert dialog.errors.message("to_unit_id") == "Välj den enhet som ska ta över insatserna."
    assert dialog.value is None
    soder = _unit_id(ctx, "Hemtjänst Söder")
    dialog.picker.view.selectionModel().select(
        dialog.picker.proxy_index_of(soder), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    _shot(dialog, "change_provider_unit")
    dialog.accept()
    assert dialog.value is not None
    assert dialog.value.to_unit_id == soder
    assert dialog.value.business_area is BusinessArea.HOME_CARE


def test_bulk_handler_confirms_the_number_and_moves_everyone(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch
) -> None:
    ctx = make_ctx("verksamhetschef")
    host = FakeHost(ctx)
    qtbot.addWidget(host)
    norr_2 = _unit_id(ctx, "Norr grupp 2")
    soder = _unit_id(ctx, "Hemtjänst Söder")
    day = ctx.clock.today() + timedelta(days=1)
    chosen = UnitChangeInput(soder, "ÄO Hemtjänst › Hemtjänst Söder", BusinessArea.HOME_CARE, day)
    monkeypatch.setattr(ChangeProviderUnitDialog, "ask", classmethod(lambda *_a: chosen))
    node = Node(NodeKind.UNIT, "Norr grupp 2", ref=UnitRef(norr_2))

    def changes() -> int:
        with ctx.database.read() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(Assignment)
                    .where(Assignment.kind == AssignmentKind.PROVIDER_CHANGE)
                )
                or 0
            )

    before = changes()
    answers = Answers(monkeypatch, False)  # Nej: nothing moves
    provider_change.change_unit_provider(ActionContext(host, node))
    assert changes() == before
    question = answers.questions[0]
    assert question.startswith("Flytta ")
    assert "från Norr grupp 2 till ÄO Hemtjänst › Hemtjänst Söder" in question
    count = int(question.split()[1])
    answers = Answers(monkeypatch, True)
    changed: list[object] = []
    ctx.events.data_changed.connect(changed.append)
    provider_change.change_unit_provider(ActionContext(host, node))
    qtbot.waitUntil(lambda: bool(answers.infos or answers.errors), timeout=30_000)
    assert answers.errors == []
    assert changed, "the change set is emitted for the tree"
    assert changes() >= before + count
    assert answers.infos == [
        f"{count} personer har skickats som byte av utförare till ÄO Hemtjänst › Hemtjänst Söder."
    ]
