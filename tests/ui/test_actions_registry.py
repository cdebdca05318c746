"""The action registry: ids, texts, which node kinds each action applies to, built menus."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar
from tests.helpers import FakeHost

from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.ui import actions, messages
from treserva_desktop.ui.actions import (
    REGISTRY,
    ActionContext,
    ActionId,
    MenuId,
    build_context_menu,
    build_menu_bar,
    build_toolbar,
    build_window_actions,
)
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.not_current_lookback_dialog import NotCurrentLookbackDialog
from treserva_desktop.ui.handlers import general
from treserva_desktop.ui.tree.nodes import (
    AssignmentRef,
    MessageRef,
    Node,
    NodeKind,
    NodeRef,
    PersonRef,
    UnitRef,
)


@pytest.fixture
def host(qtbot, make_ctx: Callable[[str], AppContext]) -> FakeHost:
    fake = FakeHost(make_ctx("verksamhetschef"))
    qtbot.addWidget(fake)
    return fake


def node(kind: NodeKind, ref: NodeRef = None) -> Node:
    return Node(kind=kind, label=kind.value, ref=ref)


def test_ids_are_unique_and_all_registered() -> None:
    ids = [spec.id for spec in REGISTRY]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(ActionId)


def test_dialog_actions_and_only_they_end_with_an_ellipsis() -> None:
    for spec in REGISTRY:
        assert spec.text.endswith("…") == spec.opens_dialog, spec.id
        assert not spec.text.endswith("..."), spec.id


def test_which_actions_apply_to_which_node_kinds(host: FakeHost) -> None:
    actor = host.ctx.actor

    def ids_for(kind: NodeKind) -> list[ActionId]:
        return [spec.id for spec in actions.context_specs(node(kind), actor)]

    # Acceptera och fördela never applies to a person outside Nya uppdrag: not shown at all.
    assert ids_for(NodeKind.PERSON) == [
        ActionId.PERSON_RECORD,
        ActionId.CHECKLISTS,
        ActionId.SERVICE_CASES,
        ActionId.LOG_EXTRACT,
        ActionId.REGISTER_DEVIATION,
        ActionId.REFRESH,
    ]
    assert ids_for(NodeKind.UNIT) == [
        ActionId.OPEN,
        ActionId.CHANGE_PROVIDER_FOR_UNIT,
        ActionId.REGISTER_DEVIATION,
        ActionId.REFRESH,
    ]
    assert ids_for(NodeKind.INTERVENTION) == [ActionId.CHANGE_PROVIDER, ActionId.REFRESH]
    assert ids_for(NodeKind.ASSIGNMENT) == [
        ActionId.READ_ASSIGNMENT,
        ActionId.ACCEPT_AND_DISTRIBUTE,
        ActionId.STOP_ASSIGNMENT,
        ActionId.REFRESH,
    ]
    assert ids_for(NodeKind.MESSAGE) == [
        ActionId.REPLY_MESSAGE,
        ActionId.NEW_MESSAGE,
        ActionId.REFRESH,
    ]
    assert ids_for(NodeKind.FOLDER_NOT_CURRENT) == [
        ActionId.OPEN,
        ActionId.REFRESH,
        ActionId.NOT_CURRENT_LOOKBACK,
        ActionId.NOT_CURRENT_SHOW_REMOVED,
    ]
    assert ids_for(NodeKind.NOTICE) == []
    for kind in NodeKind:
        assert ActionId.LOGOUT not in ids_for(kind)

    def default_for(kind: NodeKind) -> ActionId | None:
        default = actions.default_spec(node(kind), actor)
        return default.id if default is not None else None

    # Enter or a double-click on a person opens the person window (it expands with its arrow
    # or the Right key); folders, units and Insats GF open (expand) in the tree.
    assert default_for(NodeKind.PERSON) is ActionId.PERSON_RECORD
    for kind in (
        NodeKind.FOLDER_DESKTOP,
        NodeKind.FOLDER_NEW_ASSIGNMENTS,
        NodeKind.FOLDER_INBOX,
        NodeKind.FOLDER_MY_PERSONS,
        NodeKind.FOLDER_NOT_CURRENT,
        NodeKind.FOLDER_MY_UNITS,
        NodeKind.FOLDER_DEVIATIONS,
        NodeKind.UNIT,
        NodeKind.INSATS_GF,
    ):
        assert default_for(kind) is ActionId.OPEN, kind
    assert default_for(NodeKind.ASSIGNMENT) is ActionId.READ_ASSIGNMENT
    assert default_for(NodeKind.DEVIATION) is ActionId.OPEN_DEVIATION
    assert default_for(NodeKind.NOTICE) is None


def new_assignment_person() -> tuple[Node, Node]:
    """A person under Mitt skrivbord › Nya uppdrag with one waiting assignment."""
    folder = node(NodeKind.FOLDER_NEW_ASSIGNMENTS)
    person = node(NodeKind.PERSON, PersonRef(1))
    assignment = node(NodeKind.ASSIGNMENT, AssignmentRef(1, 7))
    folder.set_children([person])
    person.set_children([assignment])
    return person, assignment


def person_under(kind: NodeKind) -> Node:
    parent = node(kind)
    person = node(NodeKind.PERSON, PersonRef(1))
    parent.set_children([person])
    return person


def every_kind_of_node() -> list[Node]:
    return [
        *(node(kind) for kind in NodeKind),
        new_assignment_person()[0],
        person_under(NodeKind.UNIT),
        person_under(NodeKind.FOLDER_MY_PERSONS),
        person_under(NodeKind.FOLDER_NOT_CURRENT),
    ]


def test_every_node_has_at_most_one_default_action(host: FakeHost) -> None:
    for each in every_kind_of_node():
        specs = actions.context_specs(each, host.ctx.actor)
        defaults = [s.id for s in specs if s.is_default_for(each)]
        assert len(defaults) <= 1, (each.path(), defaults)
        if each.kind is NodeKind.PERSON:
            assert len(defaults) == 1, each.path()


def test_accept_and_distribute_is_only_offered_on_a_person_under_new_assignments(
    host: FakeHost,
) -> None:
    actor = host.ctx.actor
    accept = actions.spec(ActionId.ACCEPT_AND_DISTRIBUTE)
    person, assignment = new_assignment_person()
    assert accept.applies(person)
    assert accept.applies(assignment)
    assert ActionId.ACCEPT_AND_DISTRIBUTE in [s.id for s in actions.context_specs(person, actor)]
    for kind in (NodeKind.UNIT, NodeKind.FOLDER_MY_PERSONS, NodeKind.FOLDER_NOT_CURRENT):
        elsewhere = person_under(kind)
        assert not accept.applies(elsewhere), kind
        menu = build_context_menu(host, elsewhere, host)
        assert menu is not None
        assert "Acceptera och fördela…" not in [a.text() for a in menu.actions()], kind


def test_a_person_under_new_assignments_defaults_to_its_assignment(host: FakeHost) -> None:
    actor = host.ctx.actor
    person, assignment = new_assignment_person()
    default = actions.default_spec(person, actor)
    assert default is not None
    assert default.id is ActionId.OPEN_FIRST_ASSIGNMENT
    # The person window is still in the menu, just not the default there.
    assert [s.id for s in actions.context_specs(person, actor)] == [
        ActionId.PERSON_RECORD,
        ActionId.OPEN_FIRST_ASSIGNMENT,
        ActionId.ACCEPT_AND_DISTRIBUTE,
        ActionId.LOG_EXTRACT,
        ActionId.REGISTER_DEVIATION,
        ActionId.REFRESH,
    ]
    menu = build_context_menu(host, person, host)
    assert menu is not None
    assert menu.defaultAction() is not None
    assert menu.defaultAction().text() == "Visa uppdrag"
    actions.trigger(default, ActionContext(host, person))
    assert host.calls == [("open", person), ("open", assignment)]

    elsewhere = actions.default_spec(person_under(NodeKind.UNIT), actor)
    assert elsewhere is not None
    assert elsewhere.id is ActionId.PERSON_RECORD
    assert actions.spec(ActionId.OPEN_FIRST_ASSIGNMENT) not in actions.context_specs(
        person_under(NodeKind.FOLDER_MY_PERSONS), actor
    )


def test_permissions_hide_actions_from_roles_that_never_hold_them(
    make_ctx: Callable[[str], AppContext],
) -> None:
    personal = make_ctx("personal").actor
    manager = make_ctx("gruppchef").actor
    lookback = actions.spec(ActionId.NOT_CURRENT_LOOKBACK)
    go_new = actions.spec(ActionId.GO_NEW_ASSIGNMENTS)
    assert not lookback.visible_for(personal)
    assert not go_new.visible_for(personal)
    assert lookback.visible_for(manager)
    assert go_new.visible_for(manager)
    folder = node(NodeKind.FOLDER_NOT_CURRENT)
    assert ActionId.NOT_CURRENT_LOOKBACK not in [
        s.id for s in actions.context_specs(folder, personal)
    ]


@pytest.mark.parametrize(
    ("username", "offered"),
    [
        ("admin", False),  # reaches no person: the search would always come back empty
        ("handlaggare", True),
        ("personal", True),
        ("gruppchef", True),
    ],
)
def test_sok_person_is_offered_only_to_roles_that_may_search_persons(
    qtbot, make_ctx: Callable[[str], AppContext], username: str, offered: bool
) -> None:
    fake = FakeHost(make_ctx(username))
    qtbot.addWidget(fake)
    window_actions = build_window_actions(fake, fake)
    menu_bar = QMenuBar(fake)
    build_menu_bar(window_actions, menu_bar)
    texts = [a.text() for menu in window_actions.menus.values() for a in leaves(menu)]
    assert ("Sök person…" in texts) is offered
    assert (ActionId.SEARCH_PERSON in window_actions.actions) is offered  # Ctrl+F too


def test_menu_bar_and_toolbar_are_built_from_the_registry(host: FakeHost) -> None:
    window_actions = build_window_actions(host, host)
    menu_bar = QMenuBar(host)
    build_menu_bar(window_actions, menu_bar)
    titles = [action.text() for action in menu_bar.actions()]
    # Myndighet holds no action for this role: left out.
    assert titles == ["&Arkiv", "&Visa", "&Genväg", "&Uppföljning", "&Hjälp"]

    def texts(menu_id: MenuId) -> list[str]:
        menu = window_actions.menus[menu_id]
        return [a.text() for a in menu.actions() if not a.isSeparator()]

    assert texts(MenuId.FILE) == ["Byt lösenord…", "Logga ut", "Avsluta"]
    assert texts(MenuId.VIEW) == [
        "Uppdatera",
        "Ej aktuella – att avsluta…",
        "Visa borttagna i Ej aktuella",
    ]
    assert "Nya uppdrag" in texts(MenuId.SHORTCUTS)
    assert texts(MenuId.HELP) == ["Användarstöd…", "Om Treserva Desktop…"]
    assert texts(MenuId.FOLLOW_UP) == [
        "Väntande uppdrag…",
        "Saknar korttidsplats…",
        "Individstatistik…",
        "Statistik…",
        "Avvikelsestatistik…",
        "Ej verkställda beslut…",
        "Uppföljning och &administration",
    ]
    # The manual's path: Uppföljning › Uppföljning och administration › Sammanställningar ›
    # Genomförandeplan…, nested menus built from the spec's submenu titles.
    follow_up = window_actions.menus[MenuId.FOLLOW_UP]
    administration = follow_up.actions()[-1].menu()
    assert isinstance(administration, QMenu)
    assert administration.objectName() == "submenu_uppföljning_och_administration"
    compilations = administration.actions()[0].menu()
    assert isinstance(compilations, QMenu)
    assert compilations.title() == "&Sammanställningar"
    assert compilations.actions() == [window_actions.actions[ActionId.PLAN_COMPILATION]]

    refresh = window_actions.actions[ActionId.REFRESH]
    assert refresh.shortcut() == QKeySequence("F5")
    assert window_actions.actions[ActionId.QUIT].shortcut() == QKeySequence(
        QKeySequence.StandardKey.Quit
    )

    toolbar = QToolBar(host)
    build_toolbar(window_actions, toolbar)
    assert [a.text() for a in toolbar.actions()] == [
        "Uppdatera",
        "Genomförande",
        "Användarstöd…",
    ]


def leaves(menu: QMenu) -> list[QAction]:
    """The actions of a menu and of its submenus, separators left out."""
    found: list[QAction] = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found.extend(leaves(submenu))
        elif not action.isSeparator():
            found.append(action)
    return found


@pytest.mark.parametrize(
    ("username", "titles"),
    [
        ("handlaggare", ["&Arkiv", "&Visa", "&Genväg", "&Myndighet", "&Hjälp"]),
        ("personal", ["&Arkiv", "&Visa", "&Genväg", "&Hjälp"]),
        ("gruppchef", ["&Arkiv", "&Visa", "&Genväg", "&Uppföljning", "&Hjälp"]),
        ("samordnare", ["&Arkiv", "&Visa", "&Genväg", "&Uppföljning", "&Hjälp"]),
        ("verksamhetschef", ["&Arkiv", "&Visa", "&Genväg", "&Uppföljning", "&Hjälp"]),
    ],
)
def test_a_menu_is_left_out_when_the_role_has_no_action_in_it(
    qtbot, make_ctx: Callable[[str], AppContext], username: str, titles: list[str]
) -> None:
    fake = FakeHost(make_ctx(username))
    qtbot.addWidget(fake)
    window_actions = build_window_actions(fake, fake)
    menu_bar = QMenuBar(fake)
    build_menu_bar(window_actions, menu_bar)
    assert [action.text() for action in menu_bar.actions()] == titles
    for menu_id, menu in window_actions.menus.items():
        shown = leaves(menu)
        assert shown, menu_id
        # Every entry is a real registry action, never a disabled placeholder.
        assert all(a in window_actions.actions.values() for a in shown), menu_id


def test_submenus_keep_their_place_and_sections(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submenu sits where its first action would be; actions of another section inside it
    are set apart by a separator, and two actions share one submenu."""
    about = dataclasses.replace(
        actions.spec(ActionId.ABOUT), menu=MenuId.FOLLOW_UP, submenu=("&Extra", "&Djupare")
    )
    support = dataclasses.replace(
        actions.spec(ActionId.SUPPORT), menu=MenuId.FOLLOW_UP, submenu=("&Extra",)
    )
    monkeypatch.setattr(actions, "REGISTRY", (*actions.REGISTRY, support, about))
    fake = FakeHost(make_ctx("gruppchef"))
    qtbot.addWidget(fake)
    window_actions = build_window_actions(fake, fake)
    build_menu_bar(window_actions, QMenuBar(fake))
    follow_up = window_actions.menus[MenuId.FOLLOW_UP]
    extra = [a for a in follow_up.actions() if a.text() == "&Extra"]
    assert len(extra) == 1
    submenu = extra[0].menu()
    assert isinstance(submenu, QMenu)
    entries = submenu.actions()
    assert entries[0] is window_actions.actions[ActionId.SUPPORT]
    assert entries[1].isSeparator()
    deeper = entries[2].menu()
    assert isinstance(deeper, QMenu)
    assert deeper.actions() == [window_actions.actions[ActionId.ABOUT]]
    # The separator before the submenu: Hjälp's section follows Uppföljning's.
    index = follow_up.actions().index(extra[0])
    assert follow_up.actions()[index - 1].isSeparator()


def test_a_submenu_needs_a_menu_and_titles() -> None:
    specs = [s for s in actions.REGISTRY if s.id is not ActionId.ABOUT]
    loose = dataclasses.replace(actions.spec(ActionId.ABOUT), menu=None, submenu=("&Extra",))
    with pytest.raises(actions.RegistryError, match="a submenu needs a menu"):
        actions.validate([*specs, loose])
    blank = dataclasses.replace(actions.spec(ActionId.ABOUT), submenu=(" ",))
    with pytest.raises(actions.RegistryError, match="submenu title is empty"):
        actions.validate([*specs, blank])


def test_a_menu_appears_once_the_role_holds_an_action_in_it(
    qtbot, make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = dataclasses.replace(
        actions.spec(ActionId.ABOUT), menu=MenuId.AUTHORITY, permission=Permission.END_EXECUTION
    )
    monkeypatch.setattr(actions, "REGISTRY", (*actions.REGISTRY, extra))
    for username, expected in (("gruppchef", True), ("personal", False)):
        fake = FakeHost(make_ctx(username))
        qtbot.addWidget(fake)
        window_actions = build_window_actions(fake, fake)
        build_menu_bar(window_actions, QMenuBar(fake))
        assert (MenuId.AUTHORITY in window_actions.menus) is expected, username


def test_follow_up_menu_is_for_those_who_receive_assignments(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    waiting = actions.spec(ActionId.WAITING_ASSIGNMENTS)
    assert waiting.menu is MenuId.FOLLOW_UP
    assert waiting.permission is Permission.VIEW_NEW_ASSIGNMENTS
    for username, expected in (
        ("verksamhetschef", True),
        ("gruppchef", True),
        ("samordnare", True),
        ("personal", False),
        ("handlaggare", False),
    ):
        fake = FakeHost(make_ctx(username))
        qtbot.addWidget(fake)
        window_actions = build_window_actions(fake, fake)
        build_menu_bar(window_actions, QMenuBar(fake))
        assert (MenuId.FOLLOW_UP in window_actions.menus) is expected, username
        assert (ActionId.WAITING_ASSIGNMENTS in window_actions.actions) is expected, username


def test_enabled_state_is_computed_when_the_menu_opens(
    host: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    window_actions = build_window_actions(host, host)
    build_menu_bar(window_actions, QMenuBar(host))
    refresh = window_actions.actions[ActionId.REFRESH]
    assert refresh.isEnabled()
    disabled = dataclasses.replace(actions.spec(ActionId.REFRESH), enabled=lambda _a: False)
    monkeypatch.setitem(actions.SPECS, ActionId.REFRESH, disabled)
    window_actions.menus[MenuId.VIEW].aboutToShow.emit()
    assert not refresh.isEnabled()


def test_context_menu_lists_applicable_actions_with_the_default(host: FakeHost) -> None:
    person = node(NodeKind.PERSON, PersonRef(1))
    menu = build_context_menu(host, person, host)
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Öppna personuppgifter…",
        "Checklistor",
        "Ärenden (boservice)…",
        "Logguttag…",
        "Registrera avvikelse…",
        "Uppdatera",
    ]
    assert menu.defaultAction() is not None
    assert menu.defaultAction().text() == "Öppna personuppgifter…"

    unit = node(NodeKind.UNIT, UnitRef(1))
    menu = build_context_menu(host, unit, host)
    assert menu is not None
    assert menu.defaultAction() is not None
    assert menu.defaultAction().text() == "Öppna"
    menu.defaultAction().trigger()
    assert host.calls == [("open", unit)]
    assert build_context_menu(host, node(NodeKind.NOTICE), host) is None


def test_refresh_on_a_leaf_reloads_its_parent(host: FakeHost) -> None:
    folder = node(NodeKind.FOLDER_INBOX)
    message = node(NodeKind.MESSAGE, MessageRef(3))
    folder.set_children([message])
    general.refresh(ActionContext(host, message))
    general.refresh(ActionContext(host, folder))
    general.refresh(ActionContext(host, None))
    assert host.calls == [("reload", folder), ("reload", folder), ("reload", None)]


def test_lookback_handler_stores_the_choice_and_reloads_the_folder(
    host: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NotCurrentLookbackDialog, "ask", classmethod(lambda *_a: 30))
    seen: list[ChangeSet] = []
    host.ctx.events.data_changed.connect(seen.append)
    general.choose_not_current_lookback(ActionContext(host, None))
    assert host.ctx.preferences.not_current_lookback_days == 30
    # A view setting: no ids, Ej aktuella refreshes by kind.
    assert seen == [ChangeSet(frozenset({ChangeKind.VIEW_SETTINGS}))]
    # Cancel changes nothing.
    monkeypatch.setattr(NotCurrentLookbackDialog, "ask", classmethod(lambda *_a: None))
    general.choose_not_current_lookback(ActionContext(host, None))
    assert host.ctx.preferences.not_current_lookback_days == 30
    assert len(seen) == 1


def test_trigger_turns_a_failing_handler_into_a_swedish_message(
    host: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, **_kw: shown.append(text))

    def broken(_actx: ActionContext) -> None:
        raise RuntimeError("bug")

    spec = dataclasses.replace(actions.spec(ActionId.REFRESH), handler=broken)
    actions.trigger(spec, ActionContext(host, None))
    assert len(shown) == 1
    assert "oväntat fel" in shown[0]
    assert "Incident-id: " in shown[0]


def test_go_to_and_session_handlers(host: FakeHost) -> None:
    actions.trigger(actions.spec(ActionId.GO_INBOX), ActionContext(host, None))
    actions.trigger(actions.spec(ActionId.LOGOUT), ActionContext(host, None))
    actions.trigger(actions.spec(ActionId.QUIT), ActionContext(host, None))
    assert host.calls == [("go", Folder.INBOX), ("logout", None), ("quit", None)]


def test_lookback_dialog_returns_the_chosen_days(qtbot) -> None:
    dialog = NotCurrentLookbackDialog(90)
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData(180))
    assert dialog.spin.value() == 180
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)  # Annat antal dagar
    dialog.spin.setValue(45)
    dialog.accept()
    assert dialog.days == 45
