"""The registry is collected from the handler modules' ACTIONS and checked once."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from functools import partial

import pytest
from PySide6.QtGui import QKeySequence

from treserva_desktop.ui import actions, handlers
from treserva_desktop.ui.action_ids import ActionId
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.actions import FEATURES, REGISTRY, RegistryError, collect, validate


def handler_modules() -> dict[str, object]:
    return {
        info.name: importlib.import_module(f"{handlers.__name__}.{info.name}")
        for info in pkgutil.iter_modules(handlers.__path__)
    }


def test_every_handler_module_with_actions_is_collected() -> None:
    declared = {name: m.ACTIONS for name, m in handler_modules().items() if hasattr(m, "ACTIONS")}
    assert set(declared) == {
        "accounts",
        "authority",
        "checklists",
        "distribution",
        "executions",
        "follow_up",
        "general",
        "genomforande",
        "housing",
        "statistics",
        "unit_statistics",
        "deviations",
        "unexecuted",
        "plan_compilation",
        "inbox",
        "journals",
        "persons",
        "plans",
        "reading",
        "provider_change",
        "not_current",
        "service_case",
        "log_extract",
    }
    collected = [id(feature) for feature in FEATURES]
    for name, feature in declared.items():
        assert collected.count(id(feature)) == 1, name


def test_each_action_is_declared_next_to_its_handler() -> None:
    for name, module in handler_modules().items():
        for action_spec in getattr(module, "ACTIONS", ()):
            handler = action_spec.handler
            target = handler.func if isinstance(handler, partial) else handler
            assert target.__module__ == module.__name__, (name, action_spec.id)


def test_menus_list_actions_section_by_section() -> None:
    ranks = [s.section.rank for s in REGISTRY]
    assert ranks == sorted(ranks)
    assert collect(FEATURES) == REGISTRY


def spec_of(action_id: ActionId) -> ActionSpec:
    return actions.spec(action_id)


def test_the_registry_as_declared_is_valid() -> None:
    validate(REGISTRY)


def test_a_duplicate_or_missing_action_is_refused() -> None:
    doubled = (*REGISTRY, spec_of(ActionId.ABOUT))
    with pytest.raises(RegistryError, match="about is declared more than once"):
        validate(doubled)
    missing = tuple(s for s in REGISTRY if s.id is not ActionId.QUIT)
    with pytest.raises(RegistryError, match="quit has no ActionSpec"):
        validate(missing)


@pytest.mark.parametrize(
    "shortcut", ["F5", "f5", QKeySequence.StandardKey.Quit, QKeySequence.StandardKey.HelpContents]
)
def test_a_shortcut_used_twice_is_refused(shortcut: str | QKeySequence.StandardKey) -> None:
    # About has no shortcut of its own; give it one already taken.
    clash = dataclasses.replace(spec_of(ActionId.ABOUT), shortcut=shortcut)
    specs = tuple(clash if s.id is ActionId.ABOUT else s for s in REGISTRY)
    with pytest.raises(RegistryError, match="share a shortcut"):
        validate(specs)


@pytest.mark.parametrize(
    ("action_id", "text", "opens_dialog"),
    [
        (ActionId.ABOUT, "Om Treserva Desktop", True),
        (ActionId.REFRESH, "Uppdatera…", False),
        (ActionId.ABOUT, "Om Treserva Desktop...", True),
    ],
)
def test_ellipsis_marks_exactly_the_actions_that_open_a_dialog(
    action_id: ActionId, text: str, opens_dialog: bool
) -> None:
    wrong = dataclasses.replace(spec_of(action_id), text=text, opens_dialog=opens_dialog)
    specs = tuple(wrong if s.id is action_id else s for s in REGISTRY)
    with pytest.raises(RegistryError, match=str(action_id)):
        validate(specs)


def test_collect_orders_by_section_and_keeps_the_declared_order_within_one() -> None:
    first, second = spec_of(ActionId.PERSON_RECORD), spec_of(ActionId.OPEN_FIRST_ASSIGNMENT)
    late = spec_of(ActionId.ABOUT)
    rest = tuple(s for s in REGISTRY if s not in (first, second, late))
    ordered = collect(((late, second), rest, (first,)))
    ids = [s.id for s in ordered]
    assert ids.index(ActionId.OPEN_FIRST_ASSIGNMENT) < ids.index(ActionId.PERSON_RECORD)
    assert ids[-1] is ActionId.ABOUT
