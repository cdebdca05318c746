"""ComposeMessageDialog (recipients checklist with a filter) and StopAssignmentDialog."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from tests.helpers.distribution import Answers, home_care_view

from treserva_desktop.db.queries.inbox import recipient_choices
from treserva_desktop.domain.commands.distribution import StopAssignment
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.enums import AssignmentKind, AssignmentStatus
from treserva_desktop.domain.errors import Conflict
from treserva_desktop.domain.inbox_rules import NO_RECIPIENTS, NO_SUBJECT
from treserva_desktop.domain.views.inbox import RecipientChoice
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.stop_assignment_dialog import (
    CONFIRM,
    CONFIRM_CHANGE,
    StopAssignmentDialog,
)
from treserva_desktop.ui.runner import Attempt, fetch

PEOPLE = [
    RecipientChoice(1, "Sara Nyberg", "Samordnare", "Hemtjänst Norr, Hemtjänst Söder"),
    RecipientChoice(2, "Anders Holmgren", "Gruppchef", "Hemtjänst Norr"),
    RecipientChoice(3, "Johan Ekström", "Biståndshandläggare", "Biståndsenheten"),
    RecipientChoice(4, "Amina Hassan", "Undersköterska", "Norr grupp 1"),
]


def compose(qtbot, **kwargs: object) -> ComposeMessageDialog:
    dialog = ComposeMessageDialog(PEOPLE, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_berorda_are_ticked_and_listed_first(qtbot) -> None:
    dialog = compose(qtbot, preselected=[3, 2], subject="Ämne", body="Text", person_id=5)
    assert dialog.visible_texts()[:2] == [
        "Anders Holmgren – Gruppchef (Hemtjänst Norr)",
        "Johan Ekström – Biståndshandläggare (Biståndsenheten)",
    ]
    assert dialog.chosen_ids() == (2, 3)
    assert dialog.count_label.text() == "2 mottagare valda"
    assert dialog.subject.text() == "Ämne"
    assert dialog.body.toPlainText() == "Text"


def test_the_filter_hides_others_but_keeps_their_ticks(qtbot) -> None:
    dialog = compose(qtbot, preselected=[1])
    qtbot.keyClicks(dialog.filter, "norr grupp")
    assert dialog.visible_texts() == ["Amina Hassan – Undersköterska (Norr grupp 1)"]
    dialog.set_checked(4)
    dialog.filter.clear()
    assert len(dialog.visible_texts()) == len(PEOPLE)
    assert set(dialog.chosen_ids()) == {1, 4}
    assert dialog.count_label.text() == "2 mottagare valda"


def test_skicka_needs_a_recipient_and_a_subject(qtbot) -> None:
    dialog = compose(qtbot, person_id=7, assignment_id=8)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("recipient_ids") == NO_RECIPIENTS
    assert dialog.isVisible()
    dialog.set_checked(2)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("recipient_ids") == ""
    assert dialog.errors.message("subject") == NO_SUBJECT
    assert dialog.command is None
    # QTest types ASCII only; the Swedish letters are set as a paste would.
    dialog.subject.setText("  Fördelat  ")
    qtbot.keyClicks(dialog.body, "Hej!")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.command == SendMessage(
        recipient_ids=(2,), subject="Fördelat", body="Hej!", person_id=7, assignment_id=8
    )
    assert not dialog.isVisible()


def test_recipient_choices_offer_every_active_user_but_the_sender(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx("verksamhetschef")
    offered: list[list[str]] = []

    def fake_exec(dialog: ComposeMessageDialog) -> int:
        offered.append(dialog.visible_texts())
        return 0

    monkeypatch.setattr(ComposeMessageDialog, "exec", fake_exec)
    everyone = fetch(ctx, recipient_choices).value
    assert everyone is not None
    assert ComposeMessageDialog.ask(None, everyone, subject="x") is None
    names = " ".join(offered[0])
    assert "Johan Ekström" in names
    assert ctx.actor.display_name not in names


@pytest.fixture
def stop_view(make_ctx: Callable[[str], AppContext]):
    return home_care_view(make_ctx("verksamhetschef"))


def stop_dialog(qtbot, view) -> StopAssignmentDialog:
    dialog = StopAssignmentDialog(view)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_new_assignment_is_stopped_only_as_misdirected(
    qtbot, stop_view, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)
    assert stop_view.kind is AssignmentKind.NEW
    dialog = stop_dialog(qtbot, stop_view)
    # Stoppa uppdrag is offered only with Felskickat ticked and a reason given.
    assert not dialog.stop_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "Fel omrade")
    assert not dialog.stop_button.isEnabled()
    dialog.misdirected.setChecked(True)
    assert dialog.stop_button.isEnabled()
    dialog.reason.setPlainText("   ")
    assert not dialog.stop_button.isEnabled()
    assert answers.questions == []
    dialog.reason.setPlainText("Personen bor i Söder.")
    assert dialog.stop_button.isEnabled()
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert answers.questions == [CONFIRM]
    assert dialog.command == StopAssignment(
        assignment_id=stop_view.assignment_id,
        reason="Personen bor i Söder.",
        misdirected=True,
        expected_version=stop_view.version,
    )


def test_a_refusal_from_the_service_is_shown_in_the_dialog(
    qtbot, stop_view, monkeypatch: pytest.MonkeyPatch
) -> None:
    Answers(monkeypatch, True)
    submitted: list[StopAssignment] = []

    def submit(_dialog: object, command: StopAssignment) -> Attempt[int]:
        submitted.append(command)
        return Attempt(None, refused=Conflict("Uppdraget har ändrats av någon annan."))

    dialog = StopAssignmentDialog(stop_view, submit=submit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.misdirected.setChecked(True)
    dialog.reason.setPlainText("Personen bor i Söder.")
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert len(submitted) == 1
    assert dialog.isVisible()
    assert dialog.command is None
    assert dialog.submitted is None
    assert dialog.errors.general.text() == "Uppdraget har ändrats av någon annan."
    assert dialog.errors.general.isVisible()


def test_a_provider_change_needs_only_a_reason_and_nej_keeps_it_open(
    qtbot, stop_view, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, False)
    view = dataclasses.replace(stop_view, kind=AssignmentKind.PROVIDER_CHANGE)
    dialog = stop_dialog(qtbot, view)
    qtbot.keyClicks(dialog.reason, "Ingen plats")
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert answers.questions == [CONFIRM_CHANGE]
    assert dialog.command is None
    assert dialog.isVisible()


def test_an_accepted_assignment_cannot_be_stopped(qtbot, stop_view, monkeypatch) -> None:
    Answers(monkeypatch)
    view = dataclasses.replace(stop_view, status=AssignmentStatus.ACCEPTED)
    dialog = stop_dialog(qtbot, view)
    dialog.misdirected.setChecked(True)
    qtbot.keyClicks(dialog.reason, "x")
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert "kan inte stoppas" in dialog.errors.message()
    assert dialog.command is None
