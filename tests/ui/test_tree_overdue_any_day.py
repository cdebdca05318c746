"""Nya uppdrag marks overdue assignments in the tree whatever weekday or holiday it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from tests.helpers import actor_for

from treserva_desktop.clock import FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.demo import generate_demo
from treserva_desktop.domain.enums import Folder
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.loader import TreeLoader
from treserva_desktop.ui.tree.model import OVERDUE_COLOR, TreeModel


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2026, 11, 30), id="monday"),
        pytest.param(date(2026, 11, 29), id="sunday"),
        pytest.param(date(2026, 12, 28), id="monday-after-christmas"),
        pytest.param(date(2026, 6, 22), id="monday-after-midsummer"),
    ],
)
def test_overdue_assignments_are_red_on_any_day(
    qapp: object, tmp_path: Path, day: date, new_sqlite_db: Callable[..., Database]
) -> None:
    database = new_sqlite_db(FixedClock(day))
    try:
        with database.transaction() as session:
            generate_demo(session, persons=24, seed=7)
        ctx = AppContext.create(
            database,
            Settings(data_dir=tmp_path / "data"),
            actor_for(database, "verksamhetschef"),
        )
        model = TreeModel(TreeLoader(ctx), ctx.events)
        folder = model.folder_node(Folder.NEW_ASSIGNMENTS)
        model.fetchMore(model.index_for(folder))
        assignments = [a for person in folder.children for a in person.children]
        overdue = [a for a in assignments if a.overdue]
        assert overdue
        assert len(overdue) < len(assignments)
        assert folder.overdue
        index = model.index_for(overdue[0])
        assert model.data(index, Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOR
    finally:
        database.dispose()
