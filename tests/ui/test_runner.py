"""The runner: one transaction per action, DomainError to messages.error, change events."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import AppSetting
from treserva_desktop.domain.changes import ChangeKind, ChangeSet, Touched, changes
from treserva_desktop.domain.commands import MarkMessageRead
from treserva_desktop.domain.errors import DomainError, NotFound, ValidationError
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.context import AppContext


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(messages, "error", lambda _parent, text, **_kw: texts.append(text))
    return texts


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("verksamhetschef")


def setting(ctx: AppContext, key: str) -> str | None:
    with ctx.database.read() as session:
        return session.scalar(select(AppSetting.value).where(AppSetting.key == key))


def collect_changes(ctx: AppContext) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)
    return seen


def test_domain_error_is_shown_and_rolled_back(ctx: AppContext, shown: list[str]) -> None:
    seen = collect_changes(ctx)

    def refuse(session: Session, _actor: Actor, _command: MarkMessageRead) -> int:
        session.add(AppSetting(key="runner_test", value="written"))
        session.flush()
        raise ValidationError("Datumet kan inte ligga i framtiden.")

    result = runner.run(
        ctx, None, changes(ChangeKind.MESSAGES)(refuse), MarkMessageRead(message_id=1)
    )
    assert result is None
    assert shown == ["Datumet kan inte ligga i framtiden."]
    assert setting(ctx, "runner_test") is None
    assert seen == []


def test_success_commits_and_emits_once(ctx: AppContext, shown: list[str]) -> None:
    seen = collect_changes(ctx)

    def write(session: Session, actor: Actor, command: MarkMessageRead) -> int:
        session.add(AppSetting(key="runner_test", value=str(actor.user_id)))
        return command.message_id * 2

    declared = changes(ChangeKind.MESSAGES, ChangeKind.PERSONS)(write)
    result = runner.run(ctx, None, declared, MarkMessageRead(message_id=21))
    assert result == 42
    assert shown == []
    assert setting(ctx, "runner_test") == str(ctx.actor.user_id)
    assert seen == [ChangeSet(frozenset({ChangeKind.MESSAGES, ChangeKind.PERSONS}))]


def test_a_service_that_says_what_it_touched_emits_those_ids(
    ctx: AppContext, shown: list[str]
) -> None:
    seen = collect_changes(ctx)

    def touched(command: MarkMessageRead, result: int) -> Touched:
        return Touched(units={result}, persons=[command.message_id])

    @changes(ChangeKind.EXECUTIONS, touches=touched)
    def write(session: Session, _actor: Actor, command: MarkMessageRead) -> int:
        session.add(AppSetting(key="runner_test", value="touched"))
        return command.message_id + 100

    assert runner.run(ctx, None, write, MarkMessageRead(message_id=5)) == 105
    assert shown == []
    # Assignments and messages were not said: unknown, so every one counts as touched.
    assert seen == [
        ChangeSet(
            frozenset({ChangeKind.EXECUTIONS}), units=frozenset({105}), persons=frozenset({5})
        )
    ]
    assert seen[0].touches_unit(105)
    assert not seen[0].touches_unit(104)
    assert seen[0].touches_assignment(1)


def test_a_failing_touches_refreshes_by_kind_after_the_commit(
    ctx: AppContext, shown: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    seen = collect_changes(ctx)

    def broken(_command: MarkMessageRead, _result: int) -> Touched:
        raise KeyError("Anna Andersson")

    @changes(ChangeKind.PERSONS, touches=broken)
    def write(session: Session, _actor: Actor, command: MarkMessageRead) -> int:
        session.add(AppSetting(key="runner_test", value="broken touches"))
        return command.message_id

    with caplog.at_level(logging.ERROR):
        assert runner.run(ctx, None, write, MarkMessageRead(message_id=6)) == 6
    assert setting(ctx, "runner_test") == "broken touches"
    assert seen == [ChangeSet(frozenset({ChangeKind.PERSONS}))]
    assert "KeyError" in caplog.text
    assert "Anna" not in caplog.text


def test_unexpected_error_is_logged_without_its_text_and_shown_generically(
    ctx: AppContext, shown: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    seen = collect_changes(ctx)

    personal_data = "Andersson, Karin 19380412-1234"

    def crash(_session: Session, _actor: Actor, _command: MarkMessageRead) -> None:
        raise RuntimeError(personal_data)

    with caplog.at_level(logging.INFO):
        assert runner.run(ctx, None, crash, MarkMessageRead(message_id=5)) is None
    assert len(shown) == 1
    assert shown[0].startswith(runner.GENERIC_ERROR)
    incident = re.search(r"Incident-id: ([0-9A-Z]{4}-[0-9A-Z]{4})", shown[0])
    assert incident is not None
    assert seen == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    # The log line carries the same incident id, so Användarstöd can find the traceback.
    assert f"incident {incident.group(1)}" in logged
    assert "RuntimeError" in logged
    assert "'message_id': 5" in logged
    assert "19380412" not in logged
    assert "Andersson" not in logged


def test_read_maps_errors_like_run(ctx: AppContext, shown: list[str]) -> None:
    def query(_session: Session, actor: Actor, factor: int) -> int:
        return actor.user_id * factor

    assert runner.read(ctx, query, 3) == ctx.actor.user_id * 3

    def missing(_session: Session, _actor: Actor) -> None:
        raise NotFound("Personen finns inte.")

    assert runner.read(ctx, missing) is None
    assert shown == ["Personen finns inte."]
    fetched = runner.fetch(ctx, missing)
    assert not fetched.ok
    assert fetched.error == "Personen finns inte."
    assert shown == ["Personen finns inte."]


def test_attempt_hands_a_refusal_back_without_showing_it(ctx: AppContext, shown: list[str]) -> None:
    seen = collect_changes(ctx)

    @changes(ChangeKind.MESSAGES)
    def refuse(_session: Session, _actor: Actor, _command: MarkMessageRead) -> int:
        raise ValidationError("Ämnet saknas.", field="subject")

    done = runner.attempt(ctx, None, refuse, MarkMessageRead(message_id=1))
    assert not done.ok
    assert done.refused is not None
    assert done.refused.field == "subject"
    assert not done.failed
    assert shown == []
    assert seen == []


def test_run_lets_on_refused_show_the_message_itself(ctx: AppContext, shown: list[str]) -> None:
    handled: list[str] = []

    def refuse(_session: Session, _actor: Actor, _command: MarkMessageRead) -> int:
        raise ValidationError("Ämnet saknas.", field="subject")

    def inline(error: DomainError) -> bool:
        handled.append(error.message)
        return True

    assert runner.run(ctx, None, refuse, MarkMessageRead(message_id=1), on_refused=inline) is None
    assert handled == ["Ämnet saknas."]
    assert shown == []


def test_an_undeclared_function_changes_nothing_the_views_know(
    ctx: AppContext, shown: list[str]
) -> None:
    seen = collect_changes(ctx)

    def write(session: Session, _actor: Actor, _command: MarkMessageRead) -> int:
        session.add(AppSetting(key="runner_test", value="x"))
        return 1

    assert runner.run(ctx, None, write, MarkMessageRead(message_id=1)) == 1
    assert seen == []


def test_submit_runs_the_service_and_emits_what_it_declares(
    ctx: AppContext, shown: list[str]
) -> None:
    seen = collect_changes(ctx)

    @changes(ChangeKind.PERSONS)
    def write(session: Session, _actor: Actor, command: MarkMessageRead) -> int:
        session.add(AppSetting(key="runner_test", value="submitted"))
        return command.message_id

    submit: runner.Submit[MarkMessageRead, int] = runner.submitter(ctx, write)
    done = submit(None, MarkMessageRead(message_id=3))  # type: ignore[arg-type]
    assert done.ok
    assert done.value == 3
    assert seen == [ChangeSet(frozenset({ChangeKind.PERSONS}))]
    submitted = runner.Submitted(MarkMessageRead(message_id=3), done)
    assert submitted.value == 3
    refused = runner.Submitted(MarkMessageRead(message_id=3), runner.Attempt(None, failed=True))
    assert refused.value is None


def test_only_the_runner_and_background_open_sessions_in_the_ui() -> None:
    """Widgets, dialogs and handlers go through the runner core (login included)."""
    ui = Path(runner.__file__).parent
    allowed = {ui / "runner.py", ui / "background.py"}
    opening = re.compile(r"\.(transaction|read)\(\)\s+as\s+session")
    offenders = [
        str(path.relative_to(ui))
        for path in sorted(ui.rglob("*.py"))
        if path not in allowed and opening.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
