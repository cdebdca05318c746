"""The typing side of the draft crash test: the real journal and note windows on a SQLite
file, with text going into the note a little at a time (as typing does), until the process is
killed. After each piece it prints "typed LENGTH" (one write, after the text is in the window).

Run as `python -m tests.helpers.note_typist DATABASE DATA_DIR USERNAME JOURNAL_ID` from the
repository root."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from tests.helpers.actors import actor_for

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.journals import journal_view
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.journal.journal_window import JournalWindow
from treserva_desktop.ui.runner import fetch

PIECE_MS = 20


def piece(number: int) -> str:
    """The text typed in step `number`: the test makes the same text to compare with."""
    return f"Rad {number}: hjälpte till med frukost, dusch och påklädning. "


def typed_text(pieces: int) -> str:
    return "".join(piece(n) for n in range(pieces))


def main(database_path: str, data_dir: str, username: str, journal_id: str) -> None:
    app = QApplication([])
    database = Database(f"sqlite:///{database_path}")
    ctx = AppContext.create(database, Settings(data_dir=data_dir), actor_for(database, username))
    view = fetch(ctx, journal_view, int(journal_id)).value
    assert view is not None
    window = JournalWindow(ctx, view)
    window.show()
    note = window.new_note()
    assert note is not None
    count = [0]

    def type_piece() -> None:
        note.text.moveCursor(note.text.textCursor().MoveOperation.End)
        note.text.insertPlainText(piece(count[0]))
        count[0] += 1
        os.write(1, f"typed {count[0]}\n".encode())

    timer = QTimer()
    timer.timeout.connect(type_piece)
    timer.start(PIECE_MS)
    os.write(1, b"ready\n")
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:5])
