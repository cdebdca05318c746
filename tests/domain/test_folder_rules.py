"""Which desktop folders a role has: Mina personer only for roles that may read persons."""

from __future__ import annotations

import pytest

from treserva_desktop.domain.enums import Folder, Role
from treserva_desktop.domain.folder_rules import MY_PERSONS_PERMISSION, has_folder
from treserva_desktop.domain.rules import ROLE_PERMISSIONS, Actor, RoleGrant


def actor_with(role: Role) -> Actor:
    return Actor(
        user_id=1,
        username="u",
        display_name="U",
        grants=(RoleGrant(role, 1, "Kommunen"),),
        scope={role: frozenset({1})},
    )


@pytest.mark.parametrize("role", list(Role))
def test_mina_personer_is_offered_exactly_where_it_can_hold_persons(role: Role) -> None:
    actor = actor_with(role)
    assert has_folder(actor, Folder.MY_PERSONS) == (role in ROLE_PERMISSIONS[MY_PERSONS_PERMISSION])
    assert has_folder(actor, Folder.INBOX)


def test_the_administrator_and_the_handlaggare_have_no_mina_personer() -> None:
    assert not has_folder(actor_with(Role.ADMINISTRATOR), Folder.MY_PERSONS)
    assert not has_folder(actor_with(Role.NEEDS_ASSESSOR), Folder.MY_PERSONS)
    for role in (Role.CARE_STAFF, Role.COORDINATOR, Role.GROUP_MANAGER, Role.NURSE):
        assert has_folder(actor_with(role), Folder.MY_PERSONS)
