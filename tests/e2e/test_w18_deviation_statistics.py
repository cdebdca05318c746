"""W18 Uppföljning › Avvikelsestatistik…: the gruppchef opens it from the menu bar; it shows at
once their unit (sub-units rolled up), every type, the last twelve months: the table, and the
chart of the unit's deviations month by month (its data, not its pixels), both the query's
figures. Visa for Fall narrows both. Exportera CSV… writes the table shown in the background
(the file's lines checked), Exportera PDF… opens chart and table in the PDF window (its text
checked with pypdf); nothing goes to the audit trail: counts per unit name nobody."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.deviation_statistics import deviation_table
from treserva_desktop.domain.deviation_statistics_rules import NOTE
from treserva_desktop.domain.unit_statistics_rules import period_text
from treserva_desktop.domain.views.deviations import DeviationTable
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.deviation_statistics_dialog import DeviationStatisticsDialog
from treserva_desktop.ui.pdf_window import PdfWindow


def test_group_manager_sees_the_chart_and_exports_the_table(
    qtbot,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = make_ctx("gruppchef")
    window = driver.open_window(ctx)
    target = tmp_path / "avvikelser"
    asked: list[str] = []

    def ask_save_path(_parent: object, suggested: str, **_kw: object) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(messages, "ask_save_path", ask_save_path)
    with demo_db.read() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEvent))
    seen: dict[str, object] = {}

    def show_and_export(dialog: DeviationStatisticsDialog) -> None:
        everything = dialog.shown_table
        assert everything is not None
        seen["all"] = everything
        seen["unit_id"] = dialog.unit.currentData()
        seen["months"] = (everything.months[0], everything.months[-1])
        chart = dialog.chart.chart
        assert chart is not None
        assert len(chart.categories) == 12
        assert chart.series[0].values == tuple(float(n) for n in everything.rows[0].counts)
        assert dialog.model.rowCount() == len(everything.rows)
        # Fall only: table and chart follow.
        dialog.type.setCurrentIndex(dialog.type.findData("fall"))
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
        falls = dialog.shown_table
        assert falls is not None
        assert falls.type_name == "Fall"
        seen["falls"] = falls
        seen["fall_chart"] = dialog.chart.chart
        seen["description"] = dialog.chart.accessibleDescription()
        qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.export_status.isVisible, timeout=20_000)
        seen["status"] = dialog.export_status.text()
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.findChildren(PdfWindow)), timeout=20_000)
        pdf_window = dialog.findChildren(PdfWindow)[0]
        seen["pdf"] = pdf_window.pdf
        seen["pdf_title"] = pdf_window.windowTitle()
        pdf_window.close()
        dialog.reject()

    script = driver.modals(timeout_s=60).on(DeviationStatisticsDialog, show_and_export).start()
    action = driver.choose_from_menu_bar("Uppföljning", "Avvikelsestatistik…")
    assert action is window.window_actions.actions[ActionId.DEVIATION_STATISTICS]
    script.check()

    everything, falls = seen["all"], seen["falls"]
    assert isinstance(everything, DeviationTable)
    assert isinstance(falls, DeviationTable)
    unit_id = seen["unit_id"]
    assert isinstance(unit_id, int)
    first, last = seen["months"]  # type: ignore[misc]
    with demo_db.read() as session:
        assert deviation_table(session, ctx.actor, unit_id, None, first, last) == everything
        assert deviation_table(session, ctx.actor, unit_id, "fall", first, last) == falls
        audit_after = session.scalar(select(func.count()).select_from(AuditEvent))
    assert everything.rows[0].total > 0  # the demo has deviations to count
    assert falls.rows[0].total <= everything.rows[0].total
    fall_chart = seen["fall_chart"]
    assert fall_chart is not None
    assert fall_chart.series[0].values == tuple(  # type: ignore[attr-defined]
        float(n) for n in falls.rows[0].counts
    )
    assert str(seen["description"]).startswith(
        f"Avvikelser per månad – {falls.rows[0].unit_name} · Fall."
    )

    written = target.with_suffix(".csv")
    assert str(written) in str(seen["status"])
    assert asked == [
        f"Avvikelsestatistik {falls.rows[0].unit_name} Fall {first:%Y-%m}–{last:%Y-%m}.csv"
    ]
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(written.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert lines[:7] == [
        ["Avvikelsestatistik"],
        ["Enhet", falls.rows[0].unit_name],
        ["Typ", "Fall"],
        ["Period", period_text(first, last)],
        [NOTE],
        [],
        ["Enhet", *(f"{month:%Y-%m}" for month in falls.months), "Totalt"],
    ]
    assert lines[7:] == [
        [row.unit_name, *(str(n) for n in row.counts), str(row.total)] for row in falls.rows
    ]

    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(seen["pdf"])).pages  # type: ignore[arg-type]
    )
    unit = falls.rows[0].unit_name
    for words in ("Avvikelsestatistik", unit, "Fall", period_text(first, last), "Totalt"):
        assert words in text, words
    assert f"Avvikelser per månad – {unit} · Fall" in text
    assert all(row.unit_name in text for row in falls.rows)
    assert (
        str(seen["pdf_title"]) == f"Avvikelsestatistik – {unit}, Fall, {period_text(first, last)}"
    )
    assert audit_after == audit_before  # counts only: nothing to audit
