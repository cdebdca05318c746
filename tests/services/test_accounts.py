"""Accounts: Byt lösenord, the lock screen, logout, and the systemadministratör's user management
(only that role, only units in reach, never delete), each change audited with ids only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from tests.helpers import actor_for
from tests.helpers.accounts import MovableClock, audit_actions, user_row

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, OrgUnit, RoleAssignment, User
from treserva_desktop.db.queries import accounts as account_queries
from treserva_desktop.domain.account_rules import (
    INACTIVE,
    MAX_FAILED_LOGINS,
    MIN_PASSWORD_LENGTH,
    WRONG_PASSWORD,
    SessionEnding,
)
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.commands.accounts import (
    ChangePassword,
    CreateUser,
    GrantRole,
    Logout,
    RevokeRole,
    SetPassword,
    SetUserActive,
    UnlockSession,
)
from treserva_desktop.domain.enums import AuditAction, Role
from treserva_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import accounts, auth

NEW = "ett nytt långt lösenord"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def db(demo_db: Database, clock: MovableClock) -> Iterator[Database]:
    database = Database(str(demo_db.url), clock=clock)
    yield database
    database.dispose()


def logs_in(database: Database, username: str, password: str) -> bool:
    with database.transaction() as session:
        outcome = auth.login(session, None, Login(username=username, password=password))
    return outcome.actor is not None


def run(database: Database, fn, actor: Actor, command):  # type: ignore[no-untyped-def]
    with database.transaction() as session:
        return fn(session, actor, command)


def unit_id(database: Database, name: str) -> int:
    with database.read() as session:
        return session.scalars(select(OrgUnit.id).where(OrgUnit.name == name)).one()


def grants_of(database: Database, user_id: int) -> set[tuple[Role, int]]:
    with database.read() as session:
        rows = session.execute(
            select(RoleAssignment.role, RoleAssignment.unit_id).where(
                RoleAssignment.user_id == user_id
            )
        ).all()
    return {(role, unit) for role, unit in rows}


# -- Byt lösenord --------------------------------------------------------------------------


def test_change_password_needs_the_current_one_and_then_only_the_new_one_works(
    db: Database,
) -> None:
    actor = actor_for(db, "personal")
    answer = run(
        db,
        accounts.change_password,
        actor,
        ChangePassword(current_password="demo", new_password=NEW, repeated_password=NEW),
    )
    assert answer.ok
    assert logs_in(db, "personal", NEW)
    assert not logs_in(db, "personal", "demo")
    stored = user_row(db, "personal").password_hash
    assert stored.startswith("$argon2id$")
    assert NEW not in stored
    assert audit_actions(db, actor.user_id)[-3][0] is AuditAction.PASSWORD_CHANGED


@pytest.mark.parametrize(
    ("new", "repeated", "field", "text"),
    [
        ("kort", "kort", "new_password", f"minst {MIN_PASSWORD_LENGTH} tecken"),
        (NEW, NEW + "x", "repeated_password", "inte lika"),
        ("demodemodemo", "demodemodemo", None, None),
    ],
)
def test_change_password_policy_in_swedish_at_the_field(
    db: Database, new: str, repeated: str, field: str | None, text: str | None
) -> None:
    actor = actor_for(db, "personal")
    command = ChangePassword(current_password="demo", new_password=new, repeated_password=repeated)
    if field is None:
        assert run(db, accounts.change_password, actor, command).ok
        return
    with pytest.raises(ValidationError) as refused:
        run(db, accounts.change_password, actor, command)
    assert refused.value.field == field
    assert text in refused.value.message
    assert logs_in(db, "personal", "demo")  # nothing changed


def test_the_new_password_must_differ_from_the_current() -> None:
    from treserva_desktop.domain.account_rules import check_new_password

    with pytest.raises(ValidationError, match="skilja sig"):
        check_new_password(NEW, NEW, current=NEW)


def test_a_wrong_current_password_counts_towards_the_lockout_and_is_committed(
    db: Database,
) -> None:
    actor = actor_for(db, "personal")
    command = ChangePassword(current_password="fel", new_password=NEW, repeated_password=NEW)
    answers = [run(db, accounts.change_password, actor, command) for _ in range(MAX_FAILED_LOGINS)]
    assert [a.ok for a in answers] == [False] * MAX_FAILED_LOGINS
    assert answers[0].message == WRONG_PASSWORD
    assert answers[0].field == "current_password"
    assert answers[-1].message.startswith("Kontot är låst till kl.")
    assert not logs_in(db, "personal", "demo")  # locked for every way in


# -- lock screen and logout ------------------------------------------------------------------


def test_unlock_takes_the_users_own_password_under_the_lockout_rules(db: Database) -> None:
    actor = actor_for(db, "samordnare")
    with db.transaction() as session:
        auth.lock_session(session, actor, None)
    wrong = run(db, auth.unlock_session, actor, UnlockSession(password="fel"))
    assert (wrong.ok, wrong.message) == (False, WRONG_PASSWORD)
    # Another user's password does not unlock this session.
    assert not run(db, auth.unlock_session, actor, UnlockSession(password="fel2")).ok
    assert run(db, auth.unlock_session, actor, UnlockSession(password="demo")).ok
    actions = [a for a, _ in audit_actions(db, actor.user_id)]
    assert actions[-4:] == [
        AuditAction.SESSION_LOCKED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
        AuditAction.SESSION_UNLOCKED,
    ]


def test_unlock_locks_out_after_five_failures(db: Database) -> None:
    actor = actor_for(db, "samordnare")
    for _ in range(MAX_FAILED_LOGINS):
        answer = run(db, auth.unlock_session, actor, UnlockSession(password="fel"))
    assert answer.message.startswith("Kontot är låst")
    assert not run(db, auth.unlock_session, actor, UnlockSession(password="demo")).ok


def test_a_deactivated_user_cannot_unlock(db: Database) -> None:
    actor = actor_for(db, "samordnare")
    admin = actor_for(db, "admin")
    run(db, accounts.set_user_active, admin, SetUserActive(user_id=actor.user_id, active=False))
    answer = run(db, auth.unlock_session, actor, UnlockSession(password="demo"))
    assert (answer.ok, answer.message) == (False, INACTIVE)


def test_logout_is_audited_with_how_the_session_ended(db: Database) -> None:
    actor = actor_for(db, "gruppchef")
    for ending in SessionEnding:
        run(db, auth.logout, actor, Logout(ending=ending))
    with db.read() as session:
        rows = session.execute(
            select(AuditEvent.user_id, AuditEvent.role, AuditEvent.details).where(
                AuditEvent.action == AuditAction.LOGOUT
            )
        ).all()
    assert [(user, role, details["ending"]) for user, role, details in rows] == [
        (actor.user_id, "group_manager", ending.value) for ending in SessionEnding
    ]


# -- user management -----------------------------------------------------------------------

NON_ADMINS = ["verksamhetschef", "gruppchef", "samordnare", "personal", "handlaggare"]


@pytest.mark.parametrize("username", [*NON_ADMINS, "sjukskoterska"])
def test_only_the_systemadministrator_manages_users(db: Database, username: str) -> None:
    actor = actor_for(db, username)
    target = user_row(db, "personal").id
    norr = unit_id(db, "Hemtjänst Norr")
    attempts = [
        (accounts.create_user, _create("ny.person")),
        (accounts.grant_role, GrantRole(user_id=target, role=Role.COORDINATOR, unit_id=norr)),
        (accounts.revoke_role, RevokeRole(user_id=target, role=Role.CARE_STAFF, unit_id=norr)),
        (accounts.set_user_active, SetUserActive(user_id=target, active=False)),
        (accounts.set_password, SetPassword(user_id=target, password=NEW, repeated_password=NEW)),
    ]
    for fn, command in attempts:
        with pytest.raises(PermissionDenied, match="administrera systemet"):
            run(db, fn, actor, command)
    with db.read() as session:
        with pytest.raises(PermissionDenied):
            account_queries.list_users(session, actor)
        with pytest.raises(PermissionDenied):
            account_queries.unit_choices(session, actor)
        with pytest.raises(PermissionDenied):
            account_queries.user_detail(session, actor, target)
        assert session.scalar(select(func.count()).select_from(User).where(User.active)) == 7


def _create(username: str, password: str = NEW) -> CreateUser:
    return CreateUser(
        username=username,
        display_name="Ny Person",
        title="Undersköterska",
        password=password,
        repeated_password=password,
    )


def test_create_grant_and_log_in(db: Database) -> None:
    admin = actor_for(db, "admin")
    user_id = run(db, accounts.create_user, admin, _create("Ny.Person"))
    norr_1 = unit_id(db, "Norr grupp 1")
    run(
        db,
        accounts.grant_role,
        admin,
        GrantRole(user_id=user_id, role=Role.CARE_STAFF, unit_id=norr_1),
    )
    assert grants_of(db, user_id) == {(Role.CARE_STAFF, norr_1)}
    with db.transaction() as session:
        outcome = auth.login(session, None, Login(username="ny.person", password=NEW))
    assert outcome.actor is not None
    assert outcome.actor.username == "ny.person"  # stored in lower case
    assert norr_1 in outcome.actor.scope[Role.CARE_STAFF]
    events = audit_actions(db, user_id)
    assert [a for a, _ in events][:2] == [AuditAction.CREATE, AuditAction.GRANT_ROLE]
    assert events[1][1] == {"role": "care_staff"}
    with db.read() as session:
        grant_event = session.execute(
            select(AuditEvent.user_id, AuditEvent.unit_id).where(
                AuditEvent.action == AuditAction.GRANT_ROLE
            )
        ).one()
    assert grant_event == (admin.user_id, norr_1)


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (_create("personal"), "username"),  # taken (any case)
        (_create("PERSONAL"), "username"),
        (_create("1abc"), "username"),
        (_create("å"), "username"),
        (_create("ny.person", password="kort"), "password"),
    ],
)
def test_create_user_refuses_bad_input_and_changes_nothing(
    db: Database, command: CreateUser, field: str
) -> None:
    admin = actor_for(db, "admin")
    with pytest.raises(ValidationError) as refused:
        run(db, accounts.create_user, admin, command)
    assert refused.value.field == field
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 7


def test_create_user_needs_a_name(db: Database) -> None:
    admin = actor_for(db, "admin")
    command = CreateUser(
        username="ny", display_name=" ", password=NEW, repeated_password=NEW, title=""
    )
    with pytest.raises(ValidationError, match="namn"):
        run(db, accounts.create_user, admin, command)


def test_grant_twice_and_revoke_what_is_not_there_are_refused(db: Database) -> None:
    admin = actor_for(db, "admin")
    target = user_row(db, "personal").id
    norr_1 = unit_id(db, "Norr grupp 1")
    with pytest.raises(Conflict):
        run(
            db,
            accounts.grant_role,
            admin,
            GrantRole(user_id=target, role=Role.CARE_STAFF, unit_id=norr_1),
        )
    with pytest.raises(NotFound):
        run(
            db,
            accounts.revoke_role,
            admin,
            RevokeRole(user_id=target, role=Role.NURSE, unit_id=norr_1),
        )
    with pytest.raises(NotFound):
        run(
            db,
            accounts.grant_role,
            admin,
            GrantRole(user_id=99999, role=Role.NURSE, unit_id=norr_1),
        )


def test_revoke_takes_the_reach_away_and_is_audited(db: Database) -> None:
    admin = actor_for(db, "admin")
    target = user_row(db, "personal").id
    norr_1 = unit_id(db, "Norr grupp 1")
    run(
        db,
        accounts.revoke_role,
        admin,
        RevokeRole(user_id=target, role=Role.CARE_STAFF, unit_id=norr_1),
    )
    assert grants_of(db, target) == set()
    assert actor_for(db, "personal").scope == {}
    assert audit_actions(db, target)[-1] == (AuditAction.REVOKE_ROLE, {"role": "care_staff"})


def test_grants_only_at_units_within_the_administrators_reach(db: Database) -> None:
    """An administrator granted at one branch administers that branch only."""
    admin = actor_for(db, "admin")
    hemtjanst = unit_id(db, "ÄO Hemtjänst")
    vard = unit_id(db, "ÄO Vårdboende")
    local_admin = run(db, accounts.create_user, admin, _create("lokal.admin"))
    run(
        db,
        accounts.grant_role,
        admin,
        GrantRole(user_id=local_admin, role=Role.ADMINISTRATOR, unit_id=hemtjanst),
    )
    local = actor_for(db, "lokal.admin")
    target = user_row(db, "personal").id
    run(
        db,
        accounts.grant_role,
        local,
        GrantRole(user_id=target, role=Role.COORDINATOR, unit_id=hemtjanst),
    )
    with pytest.raises(PermissionDenied, match="för den här enheten"):
        run(
            db,
            accounts.grant_role,
            local,
            GrantRole(user_id=target, role=Role.COORDINATOR, unit_id=vard),
        )
    with db.read() as session:
        choices = {c.id for c in account_queries.unit_choices(session, local)}
    assert hemtjanst in choices
    assert vard not in choices
    # Nor may a local administrator take over someone whose role lies elsewhere.
    elsewhere = user_row(db, "verksamhetschef").id  # granted at all three branches
    with pytest.raises(PermissionDenied, match="utanför din behörighet"):
        run(
            db,
            accounts.set_password,
            local,
            SetPassword(user_id=elsewhere, password=NEW, repeated_password=NEW),
        )
    with pytest.raises(PermissionDenied, match="utanför din behörighet"):
        run(db, accounts.set_user_active, local, SetUserActive(user_id=elsewhere, active=False))
    # Someone within the branch only: allowed.
    run(db, accounts.set_user_active, local, SetUserActive(user_id=target, active=False))


def test_deactivate_and_reactivate_never_delete(db: Database) -> None:
    admin = actor_for(db, "admin")
    target = user_row(db, "personal").id
    run(db, accounts.set_user_active, admin, SetUserActive(user_id=target, active=False))
    assert not logs_in(db, "personal", "demo")
    with pytest.raises(Conflict, match="redan inaktiverat"):
        run(db, accounts.set_user_active, admin, SetUserActive(user_id=target, active=False))
    with db.read() as session:
        assert session.get(User, target) is not None
        assert session.scalar(select(func.count()).select_from(User)) == 7
    run(db, accounts.set_user_active, admin, SetUserActive(user_id=target, active=True))
    assert logs_in(db, "personal", "demo")
    actions = [a for a, _ in audit_actions(db, target)]
    assert AuditAction.DEACTIVATE_USER in actions
    assert AuditAction.REACTIVATE_USER in actions


def test_reactivating_lifts_a_lockout(db: Database) -> None:
    admin = actor_for(db, "admin")
    for _ in range(MAX_FAILED_LOGINS):
        logs_in(db, "personal", "fel")
    assert not logs_in(db, "personal", "demo")
    target = user_row(db, "personal").id
    run(db, accounts.set_user_active, admin, SetUserActive(user_id=target, active=False))
    run(db, accounts.set_user_active, admin, SetUserActive(user_id=target, active=True))
    assert logs_in(db, "personal", "demo")


def test_the_administrator_cannot_lock_themselves_out(db: Database) -> None:
    admin = actor_for(db, "admin")
    root = admin.grants[0].unit_id
    with pytest.raises(PermissionDenied, match="ditt eget konto"):
        run(db, accounts.set_user_active, admin, SetUserActive(user_id=admin.user_id, active=False))
    with pytest.raises(PermissionDenied, match="din egen roll"):
        run(
            db,
            accounts.revoke_role,
            admin,
            RevokeRole(user_id=admin.user_id, role=Role.ADMINISTRATOR, unit_id=root),
        )


def test_list_users_filters_pages_and_shows_grants(db: Database) -> None:
    admin = actor_for(db, "admin")
    with db.read() as session:
        everyone = account_queries.list_users(session, admin)
        assert len(everyone.users) == 7
        assert not everyone.more
        found = account_queries.list_users(session, admin, "SAMORD")
        assert [u.username for u in found.users] == ["samordnare"]
        assert {g.label for g in found.users[0].grants} == {
            "Samordnare, Hemtjänst Norr",
            "Samordnare, Hemtjänst Söder",
        }
        page = account_queries.list_users(session, admin, limit=3)
        assert (len(page.users), page.more) == (3, True)
        assert account_queries.list_users(session, admin, "%").users == ()


def test_every_admin_error_is_a_domain_error_in_swedish(db: Database) -> None:
    admin = actor_for(db, "admin")
    with pytest.raises(DomainError) as refused:
        run(db, accounts.set_user_active, admin, SetUserActive(user_id=99999, active=False))
    assert refused.value.message == "Användaren finns inte."


def test_the_administrator_sets_a_new_password_which_also_lifts_a_lockout(db: Database) -> None:
    admin = actor_for(db, "admin")
    target = user_row(db, "personal").id
    for _ in range(MAX_FAILED_LOGINS):
        logs_in(db, "personal", "fel")
    run(
        db,
        accounts.set_password,
        admin,
        SetPassword(user_id=target, password=NEW, repeated_password=NEW),
    )
    assert logs_in(db, "personal", NEW)
    assert not logs_in(db, "personal", "demo")
    assert (AuditAction.PASSWORD_CHANGED, {"set_by": "administrator"}) in audit_actions(db, target)


def test_set_password_refusals(db: Database) -> None:
    admin = actor_for(db, "admin")
    target = user_row(db, "personal").id
    with pytest.raises(PermissionDenied, match="administrera systemet"):
        run(
            db,
            accounts.set_password,
            actor_for(db, "verksamhetschef"),
            SetPassword(user_id=target, password=NEW, repeated_password=NEW),
        )
    with pytest.raises(PermissionDenied, match="Byt lösenord"):
        run(
            db,
            accounts.set_password,
            admin,
            SetPassword(user_id=admin.user_id, password=NEW, repeated_password=NEW),
        )
    with pytest.raises(ValidationError, match="minst 12 tecken") as short:
        run(
            db,
            accounts.set_password,
            admin,
            SetPassword(user_id=target, password="kort", repeated_password="kort"),
        )
    assert short.value.field == "password"
    with pytest.raises(NotFound):
        run(
            db,
            accounts.set_password,
            admin,
            SetPassword(user_id=99999, password=NEW, repeated_password=NEW),
        )
    assert logs_in(db, "personal", "demo")  # nothing changed
