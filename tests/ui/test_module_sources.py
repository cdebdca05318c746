"""ui/module_sources.py: the source lines linecache keeps of imported files are dropped after
start-up and after each action, and what cannot be read again is kept."""

from __future__ import annotations

import dataclasses
import importlib
import linecache
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.helpers import FakeHost

from treserva_desktop.ui import actions, messages
from treserva_desktop.ui.action_ids import ActionId
from treserva_desktop.ui.action_spec import ActionContext
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.module_sources import forget_module_sources

GENERATED = "<generated treserva test source>"


@pytest.fixture
def cached_file(tmp_path: Path) -> str:
    """A file on disk whose lines linecache holds, as after inspect.getsource."""
    path = tmp_path / "some_module.py"
    path.write_text("VALUE = 1\n", encoding="utf-8")
    assert linecache.getlines(str(path)) == ["VALUE = 1\n"]
    assert str(path) in linecache.cache
    return str(path)


@pytest.fixture
def generated_entry() -> Iterator[object]:
    """Source registered by code that generates it: no file, no modification time."""
    entry = (12, None, ["x = 1\n"], GENERATED)
    linecache.cache[GENERATED] = entry
    yield entry
    linecache.cache.pop(GENERATED, None)


def test_files_on_disk_are_dropped_and_generated_source_is_kept(
    cached_file: str, generated_entry: object
) -> None:
    dropped = forget_module_sources()
    assert dropped >= 1
    assert cached_file not in linecache.cache
    assert linecache.cache[GENERATED] == generated_entry
    # A traceback can still show the file: it is read again.
    assert linecache.getline(cached_file, 1) == "VALUE = 1\n"
    # Nothing left to drop but what must stay.
    forget_module_sources()
    assert forget_module_sources() == 0
    assert GENERATED in linecache.cache


def test_a_module_imported_after_pyside6_leaves_no_lines_once_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtCore  # noqa: F401  (the hook this is about is PySide6's)

    (tmp_path / "imported_after_qt.py").write_text("ANSWER = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("imported_after_qt")
    try:
        assert module.ANSWER == 42
        forget_module_sources()
        assert str(tmp_path / "imported_after_qt.py") not in linecache.cache
    finally:
        sys.modules.pop("imported_after_qt", None)


def test_an_action_forgets_what_it_read_even_when_it_fails(
    qtbot: QtBot,
    make_ctx: Callable[[str], AppContext],
    cached_file: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = FakeHost(make_ctx("verksamhetschef"))
    qtbot.addWidget(host)
    monkeypatch.setattr(messages, "error", lambda *_a, **_kw: None)
    second = tmp_path / "read_by_the_action.py"
    second.write_text("B = 2\n", encoding="utf-8")

    def reads_a_source(_actx: ActionContext) -> None:
        linecache.getlines(str(second))
        raise RuntimeError("bug")

    spec = dataclasses.replace(actions.spec(ActionId.REFRESH), handler=reads_a_source)
    actions.trigger(spec, ActionContext(host, None))
    assert cached_file not in linecache.cache
    assert str(second) not in linecache.cache
