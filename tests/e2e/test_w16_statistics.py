"""W16 Uppföljning › Statistik…: a group manager opens the window from the menu bar, chooses
Verksamhet, their unit with its sub-units and three months, Visa (in the background), sees the
tables and the charts, exports CSV and PDF (the PDF opens in the PDF window; its text is
checked with pypdf); the figures are those of the service, only from units in their scope,
and nothing is written to the audit trail. Care staff have no Statistik."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, OrgUnit
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import BusinessArea, Permission
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.unit_statistics import UnitStatistics
from treserva_desktop.services.unit_statistics import unit_statistics
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.unit_statistics_window import UnitStatisticsWindow
from treserva_desktop.ui.pdf_window import PdfWindow


def test_group_manager_shows_and_exports_statistics(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = make_ctx("gruppchef")
    window = driver.open_window(ctx)
    home = ctx.actor.granted_unit(Permission.VIEW_STATISTICS)
    assert home is not None
    last = Month.of(ctx.clock.today()).previous
    first = last.previous.previous
    target = tmp_path / "statistik"
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a, **_kw: target)
    with demo_db.read() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEvent))
    seen: dict[str, object] = {}

    def show_and_export(dialog: UnitStatisticsWindow) -> None:
        assert dialog.picker.selected_unit() is not None
        assert dialog.picker.selected_unit().id == home  # type: ignore[union-attr]
        dialog.area.setCurrentIndex(dialog.area.findText(BusinessArea.HOME_CARE.label))
        dialog.picker.select_unit(home)
        assert dialog.sub_units.isChecked()
        dialog.first_month.setDate(QDate(first.first.year, first.first.month, 1))
        dialog.last_month.setDate(QDate(last.first.year, last.first.month, 1))
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.statistics is not None, timeout=20_000)
        shown = dialog.statistics
        assert shown is not None
        seen["shown"] = shown
        interventions = dialog.section_view("interventions")
        assert interventions.model.rowCount() == len(shown.section("interventions").rows) > 0
        assert interventions.chart.chart is not None
        assert len(interventions.chart.chart.categories) == 3
        assert interventions.chart.accessibleDescription().startswith(
            "Personer med pågående insats sista dagen i månaden."
        )
        picture = interventions.chart.grab()
        assert not picture.isNull()
        dialog.tabs.setCurrentIndex(1)
        assert dialog.tabs.tabText(1) == "Korttidsplatser"

        qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.export_status.isVisible)
        assert str(target.with_suffix(".csv")) in dialog.export_status.text()
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.findChildren(PdfWindow)), timeout=20_000)
        pdf_window = dialog.findChildren(PdfWindow)[0]
        seen["pdf"] = pdf_window.pdf
        seen["pdf_title"] = pdf_window.windowTitle()
        pdf_window.close()
        dialog.reject()

    script = driver.modals(timeout_s=60).on(UnitStatisticsWindow, show_and_export).start()
    action = driver.choose_from_menu_bar("Uppföljning", "Statistik…")
    assert action is window.window_actions.actions[ActionId.UNIT_STATISTICS]
    script.check()

    shown = seen["shown"]
    assert isinstance(shown, UnitStatistics)
    command = ShowUnitStatistics(
        business_area=BusinessArea.HOME_CARE,
        unit_id=home,
        include_sub_units=True,
        first_month=first.first,
        last_month=last.first,
    )
    with demo_db.read() as session:
        again = unit_statistics(session, ctx.actor, command)
        audit_after = session.scalar(select(func.count()).select_from(AuditEvent))
    assert again == shown
    assert audit_after == audit_before  # counts only: nothing to audit
    rows = shown.section("interventions").rows
    with demo_db.read() as session:
        scope = set(
            session.scalars(
                select(OrgUnit.name).where(
                    OrgUnit.id.in_(ctx.actor.units_with(Permission.VIEW_STATISTICS))
                )
            )
        )
    assert {row[1] for row in rows} - {"Totalt"} <= scope
    assert {row[0] for row in rows} <= {first.label, last.previous.label, last.label}

    written = target.with_suffix(".csv")
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert lines[1] == ["Verksamhet", "Hemtjänst"]
    header = lines.index(list(shown.section("interventions").columns))
    assert lines[header - 1] == ["Insatser"]
    assert len(lines[header + 1 : header + 1 + len(rows)]) == len(rows)

    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(seen["pdf"])).pages  # type: ignore[arg-type]
    )
    assert "Statistik" in text
    for word in ("Verksamhet", "Hemtjänst", "Enhet", "Period", "Insatser", "Korttidsplatser"):
        assert word in text
    assert "Pågår sista dagen" in text
    assert shown.unit_name in text
    assert str(seen["pdf_title"]).startswith(f"Statistik – {shown.unit_name}")


def test_care_staff_have_no_statistics(
    driver: E2EDriver, make_ctx: Callable[[str], AppContext]
) -> None:
    window = driver.open_window(make_ctx("personal"))
    assert ActionId.UNIT_STATISTICS not in window.window_actions.actions
