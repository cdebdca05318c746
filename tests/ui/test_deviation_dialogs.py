"""The deviation dialogs on their own: Registrera avvikelse (labels and shortcuts, the
command built, refusals at the field), the deviation window (what a manager may do in each
state, nothing for the reporter, a refusal shown at its field) and Avvikelsestatistik."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from tests.helpers.enter_key import default_buttons, enter_in, show_active

from treserva_desktop.domain.commands.deviations import AnalyseDeviation, RegisterDeviation
from treserva_desktop.domain.deviation_rules import DeviationCategory, DeviationState, Escalation
from treserva_desktop.domain.errors import Conflict
from treserva_desktop.domain.views.deviations import (
    DeviationHistoryItem,
    DeviationResult,
    DeviationTable,
    DeviationTableRow,
    DeviationTypeView,
    DeviationView,
    RegistrationUnit,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs.deviation_dialog import DeviationDialog
from treserva_desktop.ui.dialogs.deviation_statistics_dialog import DeviationStatisticsDialog
from treserva_desktop.ui.dialogs.deviation_window import DeviationCommand, DeviationWindow
from treserva_desktop.ui.runner import Attempt, Fetched
from treserva_desktop.ui.widgets.deviation_text import history_text

NOW = datetime(2026, 12, 2, 9, 30).astimezone()
TODAY = NOW.date()
UNITS = [RegistrationUnit(3, "Norr grupp 1"), RegistrationUnit(4, "Norr grupp 2")]
TYPES = [DeviationTypeView("fall", "Fall"), DeviationTypeView("medication", "Läkemedel")]
VIEW = DeviationView(
    id=9,
    unit_id=3,
    unit_name="Norr grupp 1",
    person_id=7,
    person_name="Öberg, Märta",
    category=DeviationCategory.SOL,
    type_code="fall",
    type_name="Fall",
    reporter_name="Amina Hassan",
    reported_at=(NOW - timedelta(hours=1)).astimezone(UTC),
    occurred_at=(NOW - timedelta(hours=2)).astimezone(UTC),
    place="Badrummet",
    description="Hittades sittande på golvet i badrummet.",
    immediate_action="Hjälpte upp, ringde sjuksköterskan.",
    state=DeviationState.REGISTERED,
    cause="",
    consequence="",
    risk=None,
    decided_actions="",
    feedback="",
    escalation=None,
    investigation_started_on=None,
    investigation_ended_on=None,
    mas_assessed_on=None,
    ivo_reported_on=None,
    version=1,
    may_handle=True,
    history=(
        DeviationHistoryItem(
            at=(NOW - timedelta(hours=1)).astimezone(UTC),
            user_name="Amina Hassan",
            step="register",
            state=DeviationState.REGISTERED,
            changes={"description": [None, "Hittades sittande på golvet i badrummet."]},
        ),
    ),
)


def shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def save_screenshot(widget: QWidget, name: str) -> None:
    """Set TRESERVA_SCREENSHOTS=<dir> to keep a picture of the dialog for a human to look at."""
    folder = os.environ.get("TRESERVA_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def registration(qtbot, submitted: list[RegisterDeviation], **kw: object) -> DeviationDialog:  # type: ignore[no-untyped-def]
    def submit(_parent: QWidget, command: RegisterDeviation) -> Attempt[DeviationResult]:
        submitted.append(command)
        return Attempt(DeviationResult(1, command.unit_id, command.person_id, 2))

    values: dict[str, object] = {
        "units": UNITS,
        "unit_id": 3,
        "person_id": 7,
        "person_text": "Öberg, Märta",
        "types": TYPES,
        "now": lambda: NOW,
        "submit": submit,
    }
    values.update(kw)
    return shown(qtbot, DeviationDialog(None, **values))  # type: ignore[arg-type]


def test_every_registration_field_has_a_label_with_a_shortcut(qtbot) -> None:
    dialog = registration(qtbot, [])
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert {
        "&Enhet:",
        "&Kategori:",
        "T&yp:",
        "&Tidpunkt:",
        "&Plats:",
        "&Vad hände:",
        "&Omedelbar åtgärd:",
    } <= labels
    assert dialog.ok_button.text() == "&Spara"
    # Tidpunkt is now by default; the unit of the node is fixed.
    assert dialog.day.value() == TODAY
    assert (dialog.time.time().hour(), dialog.time.time().minute()) == (9, 30)
    assert not dialog.unit.isEnabled()
    save_screenshot(dialog, "registrera_avvikelse.png")


def test_the_command_is_built_from_the_fields(qtbot) -> None:
    submitted: list[RegisterDeviation] = []
    dialog = registration(qtbot, submitted, unit_id=None, person_id=None, person_text="enheten")
    assert dialog.unit.isEnabled()
    dialog.unit.setCurrentIndex(1)
    dialog.category.setCurrentIndex(dialog.category.findData("hsl"))
    dialog.type.setCurrentIndex(dialog.type.findData("medication"))
    dialog.place.setText(" Köket ")
    dialog.description.setPlainText("Kvällsdosen var inte given.")
    dialog.ok_button.click()
    (command,) = submitted
    assert command.unit_id == 4
    assert command.person_id is None
    assert command.category is DeviationCategory.HSL
    assert (command.type_code, command.place) == ("medication", "Köket")
    assert command.occurred_at == NOW.replace(second=0, microsecond=0)


@pytest.mark.parametrize(
    ("fill", "field", "message"),
    [
        (lambda d: None, "type_code", "Välj en typ av avvikelse i listan."),
        (
            lambda d: d.type.setCurrentIndex(1),
            "description",
            "Beskriv vad som hände.",
        ),
        (
            lambda d: (
                d.type.setCurrentIndex(1),
                d.description.setPlainText("Föll."),
                d.time.setTime(d.time.time().addSecs(3600)),
            ),
            "occurred_at",
            "Tidpunkten för händelsen kan inte ligga i framtiden.",
        ),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_sent(
    qtbot, fill: object, field: str, message: str
) -> None:
    submitted: list[RegisterDeviation] = []
    dialog = registration(qtbot, submitted)
    fill(dialog)  # type: ignore[operator]
    dialog.ok_button.click()
    assert dialog.errors.message(field) == message
    assert submitted == []
    assert dialog.isVisible()


class FakeSteps:
    def __init__(self, view: DeviationView, refusal: Conflict | None = None) -> None:
        self.view = view
        self.refusal = refusal
        self.sent: list[DeviationCommand] = []

    def load(self, _parent: QWidget) -> DeviationView:
        return self.view

    def submit(self, _parent: QWidget, command: DeviationCommand) -> Attempt[DeviationResult]:
        self.sent.append(command)
        if self.refusal is not None:
            return Attempt(None, refused=self.refusal)
        self.view = replace(
            self.view, state=DeviationState.UNDER_ANALYSIS, version=self.view.version + 1
        )
        return Attempt(DeviationResult(self.view.id, 3, 7))


def window(qtbot, view: DeviationView, steps: FakeSteps | None = None) -> DeviationWindow:  # type: ignore[no-untyped-def]
    return shown(qtbot, DeviationWindow(None, view, steps or FakeSteps(view), TODAY))


@pytest.mark.parametrize(
    ("state", "enabled"),
    [
        (DeviationState.REGISTERED, {"analyse"}),
        (DeviationState.UNDER_ANALYSIS, {"analyse", "actions", "escalate"}),
        (DeviationState.ACTIONS_DECIDED, {"analyse", "actions", "escalate", "feedback"}),
        (
            DeviationState.FEEDBACK_GIVEN,
            {"analyse", "actions", "escalate", "feedback", "close_deviation"},
        ),
        (DeviationState.CLOSED, set()),
    ],
)
def test_the_buttons_follow_the_state(qtbot, state: DeviationState, enabled: set[str]) -> None:
    shown_window = window(qtbot, replace(VIEW, state=state))
    buttons = {
        "analyse": shown_window.analyse_button,
        "actions": shown_window.actions_button,
        "feedback": shown_window.feedback_button,
        "escalate": shown_window.escalate_button,
        "close_deviation": shown_window.close_button,
    }
    assert {name for name, button in buttons.items() if button.isEnabled()} == enabled
    assert shown_window.cause.isReadOnly() is (state is DeviationState.CLOSED)


def test_the_reporter_follows_but_does_not_handle(qtbot) -> None:
    shown_window = window(qtbot, replace(VIEW, may_handle=False))
    assert not shown_window.analyse_button.isEnabled()
    assert shown_window.close_button.isHidden()
    assert "inte handlägga" in shown_window.state_label.text()
    assert "Hittades sittande" in shown_window.report.text()
    assert "Registrerad – Amina Hassan" in shown_window.history.toPlainText()


def test_a_step_is_sent_with_the_shown_version_and_the_window_reloads(qtbot) -> None:
    steps = FakeSteps(VIEW)
    shown_window = window(qtbot, VIEW, steps)
    shown_window.analyse_button.click()
    assert shown_window.errors.message("cause") == "Ange orsaken till avvikelsen."
    assert steps.sent == []
    shown_window.cause.setPlainText("Halkigt golv.")
    shown_window.consequence.setPlainText("Blåmärke.")
    shown_window.analyse_button.click()
    (command,) = steps.sent
    assert isinstance(command, AnalyseDeviation)
    assert (command.deviation_id, command.expected_version) == (9, 1)
    assert shown_window.view.state is DeviationState.UNDER_ANALYSIS
    assert shown_window.actions_button.isEnabled()
    assert shown_window.changed
    save_screenshot(
        window(qtbot, replace(VIEW, state=DeviationState.ACTIONS_DECIDED, cause="Halkigt golv.")),
        "avvikelse.png",
    )


def test_a_refusal_is_shown_and_nothing_changes(qtbot) -> None:
    steps = FakeSteps(VIEW, refusal=Conflict("Avvikelsen har ändrats av någon annan."))
    shown_window = window(qtbot, VIEW, steps)
    shown_window.cause.setPlainText("Orsak")
    shown_window.consequence.setPlainText("Konsekvens")
    shown_window.analyse_button.click()
    assert shown_window.errors.general.text() == "Avvikelsen har ändrats av någon annan."
    assert shown_window.view.state is DeviationState.REGISTERED
    assert not shown_window.changed


def test_statistics_show_units_by_month(qtbot) -> None:
    asked: list[tuple[int, str | None, date, date]] = []
    months = (date(2026, 11, 1), date(2026, 12, 1))

    def load(unit: int, code: str | None, first: date, last: date) -> Fetched[DeviationTable]:
        asked.append((unit, code, first, last))
        rows = (
            DeviationTableRow(3, "Hemtjänst Norr", 0, (3, 1)),
            DeviationTableRow(4, "Norr grupp 1", 1, (2, 1)),
        )
        return Fetched(DeviationTable(months, "Fall", rows))

    exported: list[DeviationTable] = []

    def export_csv(_parent: QWidget, table: DeviationTable, done: Callable[[str], None]) -> None:
        exported.append(table)
        done("Avvikelsestatistiken har exporterats till /tmp/a.csv.")

    pdfs: list[DeviationTable] = []

    def export_pdf(_parent: QWidget, table: DeviationTable, done: Callable[[str], None]) -> None:
        pdfs.append(table)
        done("Avvikelsestatistiken visas som PDF i ett eget fönster.")

    dialog = shown(
        qtbot,
        DeviationStatisticsDialog(
            None,
            units=UNITS,
            types=TYPES,
            today=TODAY,
            load=load,
            export_csv=export_csv,
            export_pdf=export_pdf,
        ),
    )
    # Shown at once for the first unit (the manager's own), all types, the last twelve months.
    assert asked == [(3, None, date(2026, 1, 1), date(2026, 12, 1))]
    model = dialog.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == ["Enhet", "2026-11", "2026-12", "Totalt"]
    assert [model.data(model.index(0, i)) for i in range(4)] == ["Hemtjänst Norr", "3", "1", "4"]
    # The chart: the chosen unit (its sub-units included) month by month.
    chart = dialog.chart.chart
    assert chart is not None
    assert chart.categories == ("nov 2026", "dec 2026")
    assert [series.values for series in chart.series] == [(3.0, 1.0)]
    assert dialog.chart.accessibleName() == "Diagram: avvikelser per månad för enheten"
    assert dialog.chart.accessibleDescription() == (
        "Avvikelser per månad – Hemtjänst Norr · Fall. nov 2026: Avvikelser 3. "
        "dec 2026: Avvikelser 1."
    )
    # Exportera CSV… hands the table shown to the export and shows where it went.
    assert dialog.csv_button.isEnabled()
    assert dialog.csv_button.text() == "Exportera &CSV…"
    qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
    assert exported == [dialog.shown_table]
    assert exported[0].rows[1].unit_name == "Norr grupp 1"
    assert dialog.export_status.isVisible()
    assert "exporterats" in dialog.export_status.text()
    assert dialog.pdf_button.text() == "Exportera &PDF…"
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert pdfs == [dialog.shown_table]
    assert "PDF" in dialog.export_status.text()
    dialog.last.setDate(dialog.first.date().addMonths(-1))
    dialog.show_button.click()
    assert dialog.errors.message("last_month") == "Sista månaden kan inte vara före den första."
    assert len(asked) == 1
    assert dialog.chart.chart is chart  # a refused Visa leaves what was shown
    save_screenshot(dialog, "avvikelsestatistik.png")


def test_statistics_fit_a_laptop_screen_and_export_needs_an_export(qtbot) -> None:
    """1366×768 with a task bar: the dialog fits in 700 pixels; Exportera CSV… and PDF… are
    only there when the handler gives the export, and only enabled once a table is shown."""
    dialog = shown(
        qtbot,
        DeviationStatisticsDialog(
            None,
            units=[],
            types=TYPES,
            today=TODAY,
            load=lambda *_a: pytest.fail("nothing to load without a unit"),
            export_csv=lambda *_a: pytest.fail("nothing to export"),
        ),
    )
    assert dialog.size().height() <= 700
    assert dialog.size().width() <= 1366
    assert dialog.minimumSizeHint().height() <= 700
    assert dialog.csv_button.isVisible()
    assert not dialog.csv_button.isEnabled()
    assert not dialog.pdf_button.isVisible()  # no PDF export given
    assert dialog.chart.chart is None
    dialog.show_button.click()
    assert dialog.errors.message("unit_id") == "Du har ingen enhet att ta fram statistik för."
    plain = shown(
        qtbot,
        DeviationStatisticsDialog(
            None, units=[], types=TYPES, today=TODAY, load=lambda *_a: pytest.fail("no unit")
        ),
    )
    assert not plain.csv_button.isVisible()
    assert not plain.pdf_button.isVisible()


def test_escape_asks_before_a_typed_report_is_thrown_away(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = {"yes": False}

    def confirm(_parent: object, text: str, **_kw: object) -> bool:
        asked.append(text)
        return answer["yes"]

    monkeypatch.setattr(messages, "confirm", confirm)
    dialog = registration(qtbot, [])
    dialog.reject()  # nothing typed: closes without asking
    assert asked == []
    dialog = registration(qtbot, [])
    dialog.description.setPlainText("Hittades på golvet.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 1
    assert dialog.isVisible()  # Nej: keep writing
    answer["yes"] = True
    dialog.reject()
    assert not dialog.isVisible()


def test_closing_during_a_lex_sarah_investigation_is_refused_before_the_question(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        messages, "confirm", lambda *_a, **_kw: pytest.fail("asked although it would refuse")
    )
    view = replace(
        VIEW,
        state=DeviationState.FEEDBACK_GIVEN,
        cause="Halkigt golv.",
        consequence="Blåmärke.",
        decided_actions="Halkskydd.",
        feedback="Tack.",
        escalation=Escalation.LEX_SARAH,
        investigation_started_on=TODAY,
    )
    steps = FakeSteps(view)
    shown_window = window(qtbot, view, steps)
    shown_window.close_button.click()
    assert "Lex Sarah-utredningen pågår" in shown_window.errors.message("investigation_ended_on")
    assert steps.sent == []


def test_the_history_shows_type_names_and_local_times() -> None:
    view = replace(
        VIEW,
        history=(
            DeviationHistoryItem(
                at=NOW.astimezone(UTC),
                user_name="Amina Hassan",
                step="register",
                state=DeviationState.REGISTERED,
                changes={
                    "type_code": [None, "fall"],
                    "occurred_at": [None, datetime(2026, 12, 2, 12, 30, tzinfo=UTC).isoformat()],
                    "category": [None, "sol"],
                },
            ),
        ),
    )
    text = history_text(view, {"medication": "Läkemedel"})
    local = datetime(2026, 12, 2, 12, 30, tzinfo=UTC).astimezone()
    assert "Typ: Fall" in text
    assert f"Tidpunkt: {local:%Y-%m-%d %H:%M}" in text
    assert "Kategori: SoL" in text
    assert "T12:30" not in text


def test_the_deviation_window_fits_a_laptop_screen(qtbot) -> None:
    """1366×768 with a task bar: the window, its Avsluta and Stäng, fit in 700 pixels."""
    shown_window = window(qtbot, VIEW)
    assert shown_window.minimumSizeHint().height() <= 700
    shown_window.resize(1024, 700)
    save_screenshot(shown_window, "avvikelse_1024x700.png")
    done = shown_window.findChild(QWidget, "done_button")
    assert done is not None
    assert done.isVisible()


@pytest.mark.parametrize(
    ("category", "preset", "offered"),
    [
        (DeviationCategory.SOL, Escalation.LEX_SARAH, {Escalation.LEX_SARAH}),
        (DeviationCategory.HSL, Escalation.MAS, {Escalation.MAS}),
        (DeviationCategory.OTHER, None, set(Escalation)),
    ],
)
def test_escalation_offers_what_the_category_allows(
    qtbot, category: DeviationCategory, preset: Escalation | None, offered: set[Escalation]
) -> None:
    view = replace(VIEW, category=category, state=DeviationState.UNDER_ANALYSIS, cause="x")
    shown_window = window(qtbot, view)
    combo = shown_window.escalation
    assert combo.currentData() == (preset.value if preset else None)
    model = combo.model()
    enabled = {
        Escalation(combo.itemData(i)) for i in range(combo.count()) if model.item(i).isEnabled()
    }
    assert enabled == offered


def test_the_type_proposes_its_usual_category_until_one_is_chosen(qtbot) -> None:
    dialog = registration(qtbot, [])
    dialog.type.setCurrentIndex(dialog.type.findData("medication"))
    assert dialog.category.currentData() == DeviationCategory.HSL.value
    dialog.type.setCurrentIndex(dialog.type.findData("fall"))
    assert dialog.category.currentData() == DeviationCategory.SOL.value
    # The reporter's own choice stays.
    dialog.category.setCurrentIndex(dialog.category.findData(DeviationCategory.OTHER.value))
    dialog.category.activated.emit(dialog.category.currentIndex())
    dialog.type.setCurrentIndex(dialog.type.findData("medication"))
    assert dialog.category.currentData() == DeviationCategory.OTHER.value


def test_enter_in_a_handling_field_neither_closes_the_window_nor_sends_a_step(qtbot) -> None:
    """Stäng was the only auto-default button, so Enter in Risk closed the window with the
    analysis half typed."""
    steps = FakeSteps(VIEW)
    shown_window = window(qtbot, replace(VIEW, state=DeviationState.UNDER_ANALYSIS), steps)
    show_active(qtbot, shown_window)
    shown_window.cause.setPlainText("Halkigt golv.")
    enter_in(qtbot, shown_window.risk)
    assert shown_window.isVisible()
    enter_in(qtbot, shown_window.escalation)
    assert shown_window.isVisible()
    assert steps.sent == []
    assert default_buttons(shown_window) == []
