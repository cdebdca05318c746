"""Drafts survive anything: the real note window, text going in, is killed with SIGKILL; the
next login offers the draft ("Det finns ett osparat utkast …  Återställ?") and reopens the note
window with the text, of which nothing older than the draft interval is lost. Spara then puts
it in the journal and removes the draft."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from tests.helpers.actors import actor_for
from tests.helpers.assignment_world import build_world
from tests.helpers.distribution import Answers
from tests.helpers.note_typist import typed_text
from tests.helpers.windows import open_main_window

from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import JournalEntry
from treserva_desktop.domain.commands.journals import CreateJournal
from treserva_desktop.services import journals
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.journal.drafts import DraftStore
from treserva_desktop.ui.journal.note_window import DRAFT_INTERVAL_MS, NoteWindow

ROOT = Path(__file__).resolve().parents[2]
TYPING_S = 6.0


def _journal(database: Database) -> int:
    world = build_world(database)
    sent = world.send_billable()
    world.distribute(sent)
    with database.transaction() as session:
        return journals.create_journal(
            session,
            world.actor("personal"),
            CreateJournal(
                person_id=sent.person_id,
                unit_id=world.units["Norr grupp 1"],
                template_code="home_care",
            ),
        ).journal_id


def _read_line(process: subprocess.Popen[bytes]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, "the typist ended"
    return line.decode().strip()


def test_a_killed_note_window_leaves_a_draft_that_is_offered_back(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    database_path = tmp_path / "crash.sqlite3"
    data_dir = tmp_path / "data"
    database = Database(f"sqlite:///{database_path}")
    migrate.upgrade(database)
    journal_id = _journal(database)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.helpers.note_typist",
            str(database_path),
            str(data_dir),
            "personal",
            str(journal_id),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
    )
    try:
        assert _read_line(process) == "ready"
        started = time.monotonic()
        typed: list[tuple[float, int]] = []
        while time.monotonic() - started < TYPING_S:
            line = _read_line(process)
            typed.append((time.monotonic(), int(line.split()[1])))
        killed_at = time.monotonic()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert process.returncode == -signal.SIGKILL

    actor = actor_for(database, "personal")
    drafts = DraftStore(data_dir, actor.user_id).load_all()
    assert len(drafts) == 1
    draft = drafts[0]
    # Whatever was typed up to a draft interval (and a margin) before the kill is in it.
    margin_s = DRAFT_INTERVAL_MS / 1000 + 1.5  # a busy machine fires the timer late
    safe = max((n for at, n in typed if at <= killed_at - margin_s), default=0)
    assert safe > 0
    assert len(draft.body) >= len(typed_text(safe))
    assert typed_text(len(typed) + 5).startswith(draft.body)

    # The next login: offered, Ja, and the note window holds the text.
    answers = Answers(monkeypatch, True)
    ctx = AppContext.create(database, Settings(data_dir=data_dir), actor)
    window = open_main_window(qtbot, ctx)

    def shown() -> list[NoteWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, NoteWindow)] + [
            w for w in window.findChildren(NoteWindow) if w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(shown()), timeout=10000)
    assert "osparat utkast" in answers.questions[0]
    assert answers.questions[0].endswith(
        "Ja öppnar anteckningen med texten. Nej tar bort utkastet."
    )
    note = shown()[0]
    assert note.text.toPlainText() == draft.body
    assert "Återställt från utkast" in note.status.text()
    assert note.save()
    with database.read() as session:
        bodies = session.scalars(
            select(JournalEntry.body).where(JournalEntry.journal_id == journal_id)
        ).all()
    assert bodies == [draft.body.strip()]
    assert DraftStore(data_dir, actor.user_id).load_all() == []
    note.close()
    database.dispose()
