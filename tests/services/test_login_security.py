"""Login security (issue 9, item 8): lockout after 5 failures for 15 minutes, audited; unknown
users answered alike and in comparable time; "inaktiverat" only after a correct password;
argon2id with a salt per user; old scrypt hashes verify and are rehashed at the next login."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from tests.helpers.accounts import MovableClock, audit_actions, legacy_scrypt_hash, user_row

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import UnknownLoginName, User
from treserva_desktop.db.passwords import (
    MEMORY_COST_KIB,
    TIME_COST,
    hash_password,
    is_usable,
    needs_rehash,
    unusable_password,
    verify_password,
)
from treserva_desktop.domain.account_rules import (
    INACTIVE,
    LOCKOUT_DURATION,
    MAX_FAILED_LOGINS,
    WRONG_CREDENTIALS,
)
from treserva_desktop.domain.commands import Login
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.services._passwords import unknown_name_key
from treserva_desktop.services.auth import LoginOutcome, login

USER = "samordnare"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def db(demo_db: Database, clock: MovableClock) -> Iterator[Database]:
    """The demo database on a clock the test moves."""
    database = Database(str(demo_db.url), clock=clock)
    yield database
    database.dispose()


def attempt(database: Database, username: str, password: str) -> LoginOutcome:
    with database.transaction() as session:
        return login(session, None, Login(username=username, password=password))


def set_user(database: Database, username: str, **values: object) -> None:
    with database.transaction() as session:
        session.execute(update(User).where(User.username == username).values(**values))


def test_five_failures_lock_the_account_for_15_minutes_and_say_until_when(
    db: Database, clock: MovableClock
) -> None:
    for n in range(1, MAX_FAILED_LOGINS):
        outcome = attempt(db, USER, "fel")
        assert (outcome.actor, outcome.message, outcome.failed_attempts) == (
            None,
            WRONG_CREDENTIALS,
            n,
        )
    fifth = attempt(db, USER, "fel")
    until = clock.now() + LOCKOUT_DURATION
    assert fifth.actor is None
    assert fifth.locked_until == until
    local = until.astimezone()
    assert fifth.message.startswith(f"Kontot är låst till kl. {local:%H.%M}")
    assert "5 misslyckade inloggningsförsök" in fifth.message

    # Locked: the right password does not get in, and the refusal is the same.
    clock.advance(LOCKOUT_DURATION - timedelta(seconds=1))
    still = attempt(db, USER, "demo")
    assert still.actor is None
    assert still.message == fifth.message

    # Once the 15 minutes have passed the right password works and clears the count.
    clock.advance(timedelta(seconds=1))
    assert attempt(db, USER, "demo").actor is not None
    row = user_row(db, USER)
    assert (row.failed_logins, row.locked_until) == (0, None)


def test_300_wrong_passwords_at_speed_then_the_right_one_stays_locked_out(
    db: Database,
) -> None:
    """The probe of issue 9: 300 wrong passwords, then the right one worked."""
    outcomes = [attempt(db, USER, f"fel{n}") for n in range(300)]
    assert sum(o.message == WRONG_CREDENTIALS for o in outcomes) == MAX_FAILED_LOGINS - 1
    assert attempt(db, USER, "demo").actor is None


def test_lockout_and_every_failure_are_audited(db: Database) -> None:
    user_id = user_row(db, USER).id
    for _ in range(MAX_FAILED_LOGINS + 1):
        attempt(db, USER, "fel")
    events = audit_actions(db, user_id)
    assert [action for action, _ in events] == [
        *[AuditAction.LOGIN_FAILED] * MAX_FAILED_LOGINS,
        AuditAction.ACCOUNT_LOCKED,
        AuditAction.LOGIN_FAILED,
    ]
    assert events[4][1] == {"reason": "wrong_password", "failures": 5}
    assert events[5][1]["failures"] == MAX_FAILED_LOGINS
    assert events[6][1] == {"reason": "locked"}
    # No password, user name or text in any of them.
    assert all(set(details) <= {"reason", "failures", "until"} for _, details in events)


def test_a_success_resets_the_count_so_only_five_in_a_row_lock(db: Database) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        attempt(db, USER, "fel")
    assert attempt(db, USER, "demo").actor is not None
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert attempt(db, USER, "fel").message == WRONG_CREDENTIALS
    assert user_row(db, USER).locked_until is None


def test_unknown_user_gets_the_same_answer_and_an_audit_row_without_the_name(
    db: Database,
) -> None:
    unknown = attempt(db, "finns.inte", "fel")
    known = attempt(db, USER, "fel")
    assert unknown.message == known.message == WRONG_CREDENTIALS
    assert unknown.actor is known.actor is None
    events = audit_actions(db, None)
    assert events == [(AuditAction.LOGIN_FAILED, {"reason": "unknown_user", "failures": 1})]


def test_an_unknown_name_locks_after_five_like_an_account(
    db: Database, clock: MovableClock
) -> None:
    """Otherwise a sixth try would tell that the name does not exist."""
    known = [attempt(db, USER, "fel").message for _ in range(MAX_FAILED_LOGINS + 1)]
    unknown = [attempt(db, "finns.inte", "fel").message for _ in range(MAX_FAILED_LOGINS + 1)]
    assert unknown == known
    assert unknown[-1].startswith("Kontot är låst till kl.")
    clock.advance(LOCKOUT_DURATION)
    assert attempt(db, "finns.inte", "fel").message == WRONG_CREDENTIALS
    # Another unknown name (another bucket) is not affected; nothing stores the name.
    assert attempt(db, "inte.heller", "fel").message == WRONG_CREDENTIALS
    with db.read() as session:
        keys = session.scalars(select(UnknownLoginName.name_key)).all()
    assert sorted(keys) == sorted({unknown_name_key("finns.inte"), unknown_name_key("inte.heller")})
    assert all(len(key) == 4 for key in keys)
    events = audit_actions(db, None)
    assert AuditAction.ACCOUNT_LOCKED in [action for action, _ in events]


def _timed(database: Database, username: str, password: str) -> float:
    start = time.perf_counter()
    attempt(database, username, password)
    return time.perf_counter() - start


def test_unknown_and_known_users_take_comparable_time(db: Database) -> None:
    """Medians of interleaved attempts. Before: 0.2 ms unknown against 29 ms known (x145).
    The tolerance: within a factor of 2 either way, far from x145 and well above the noise
    of a shared CI machine."""
    known: list[float] = []
    unknown: list[float] = []
    for n in range(12):
        set_user(db, USER, failed_logins=0, locked_until=None)
        known.append(_timed(db, USER, f"fel{n}"))
        unknown.append(_timed(db, f"ingen{n % 4}", f"fel{n}"))  # each name below the lockout
    ratio = statistics.median(unknown) / statistics.median(known)
    print(
        f"login timing: unknown {statistics.median(unknown) * 1000:.1f} ms, "
        f"known {statistics.median(known) * 1000:.1f} ms, ratio {ratio:.2f}"
    )
    assert 0.5 < ratio < 2.0
    # A real hash was verified each time, not a shortcut.
    assert statistics.median(unknown) > 0.005


def test_inactive_is_said_only_after_the_correct_password(db: Database) -> None:
    set_user(db, USER, active=False)
    wrong = attempt(db, USER, "fel")
    assert wrong.message == WRONG_CREDENTIALS
    right = attempt(db, USER, "demo")
    assert (right.actor, right.message) == (None, INACTIVE)
    events = audit_actions(db, user_row(db, USER).id)
    assert events[-1] == (AuditAction.LOGIN_FAILED, {"reason": "inactive"})


def test_an_inactive_account_locks_like_any_other(db: Database) -> None:
    set_user(db, USER, active=False)
    for _ in range(MAX_FAILED_LOGINS):
        attempt(db, USER, "fel")
    assert attempt(db, USER, "demo").message.startswith("Kontot är låst")


def test_an_old_scrypt_hash_verifies_and_is_rehashed_to_argon2id_at_login(db: Database) -> None:
    old = legacy_scrypt_hash("demo", b"0123456789abcdef")
    set_user(db, USER, password_hash=old)
    assert attempt(db, USER, "fel").actor is None
    assert user_row(db, USER).password_hash == old  # a wrong password changes nothing
    assert attempt(db, USER, "demo").actor is not None
    new = user_row(db, USER).password_hash
    assert new.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert not needs_rehash(new)
    assert audit_actions(db, user_row(db, USER).id)[-1] == (AuditAction.LOGIN, {"rehashed": True})
    assert attempt(db, USER, "demo").actor is not None
    assert user_row(db, USER).password_hash == new  # not rehashed again


def test_demo_users_each_have_their_own_argon2id_salt(db: Database) -> None:
    with db.read() as session:
        hashes = session.scalars(select(User.password_hash)).all()
    salts = [stored.split("$")[4] for stored in hashes]
    assert all(stored.startswith("$argon2id$") for stored in hashes)
    assert len(set(salts)) == len(salts) == len(hashes)


def test_hash_parameters_follow_owasp_and_every_hash_gets_a_new_salt() -> None:
    # OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
    assert (MEMORY_COST_KIB, TIME_COST) == (19_456, 2)
    first, second = hash_password("lösenord"), hash_password("lösenord")
    assert first != second
    assert verify_password("lösenord", first)
    assert verify_password("lösenord", second)
    assert not verify_password("Lösenord", first)


def test_an_unusable_password_never_verifies() -> None:
    stored = unusable_password("demo-staff")
    assert not is_usable(stored)
    assert not verify_password("demo-staff", stored)
    assert not verify_password("", stored)
    assert not needs_rehash(stored)
    assert not verify_password("x", "scrypt$bad")  # unreadable: refused, no exception


def test_a_user_without_a_usable_password_is_answered_as_a_wrong_password(db: Database) -> None:
    set_user(db, USER, password_hash=unusable_password())
    outcome = attempt(db, USER, "demo-staff")
    assert (outcome.actor, outcome.message) == (None, WRONG_CREDENTIALS)


def test_unknown_names_are_counted_by_one_upsert_on_both_databases(any_db: Database) -> None:
    """SQLite and PostgreSQL each take the dialect's INSERT … ON CONFLICT for the count."""
    messages = [attempt(any_db, "ingen.alls", "fel").message for _ in range(MAX_FAILED_LOGINS)]
    assert messages[:-1] == [WRONG_CREDENTIALS] * (MAX_FAILED_LOGINS - 1)
    assert messages[-1].startswith("Kontot är låst till kl.")
    with any_db.read() as session:
        row = session.get(UnknownLoginName, unknown_name_key("INGEN.alls "))
        assert row is not None
        assert (row.failed_logins, row.locked_until is not None) == (0, True)
