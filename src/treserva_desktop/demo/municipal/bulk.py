"""Chunked bulk inserts with ids assigned here, in foreign-key order, and a text progress bar."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import Base, Person
from treserva_desktop.demo.builder import ID_MODELS, WRITE_ORDER, advance_id_sequences
from treserva_desktop.domain.numbers import grouped

# Inserted through the mapped class, so the ORM's Python-side column defaults (such as
# derived search columns) are filled exactly as for rows added one by one.
_THROUGH_MAPPER: frozenset[type[Base]] = frozenset({Person})

Row = dict[str, Any]


class BulkWriter:
    """Buffers plain row dicts per table and inserts them as executemany chunks.

    Whenever `chunk_rows` rows are buffered, every table is flushed in WRITE_ORDER, so a
    buffered child row always finds its parent already inserted: memory stays bounded by
    the chunk, not by the size of the municipality. All rows of a table must carry the same
    keys (one executemany statement per chunk).
    """

    def __init__(self, session: Session, *, chunk_rows: int = 8_000) -> None:
        self.session = session
        self.chunk_rows = chunk_rows
        self.counts: dict[type[Base], int] = dict.fromkeys(WRITE_ORDER, 0)
        self._buffers: dict[type[Base], list[Row]] = {model: [] for model in WRITE_ORDER}
        self._buffered = 0
        self._last_id: dict[type[Base], int] = {}
        for model in ID_MODELS:
            column = model.__table__.c.id
            self._last_id[model] = session.scalar(select(func.max(column))) or 0

    def next_id(self, model: type[Base]) -> int:
        self._last_id[model] += 1
        return self._last_id[model]

    def add(self, model: type[Base], row: Row) -> None:
        self._buffers[model].append(row)
        self._buffered += 1
        if self._buffered >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        for model in WRITE_ORDER:
            rows = self._buffers[model]
            if not rows:
                continue
            table = Base.metadata.tables[model.__tablename__]
            target = insert(model) if model in _THROUGH_MAPPER else insert(table)
            self.session.execute(target, rows)
            self.counts[model] += len(rows)
            self._buffers[model] = []
        self._buffered = 0

    def finish(self) -> None:
        """Flush the rest and, on PostgreSQL, move each id sequence past the ids given here."""
        self.flush()
        advance_id_sequences(self.session)


class Progress:
    """A one-line progress bar on a text stream: stage, done/total and per cent.

    On a terminal the line is redrawn in place; otherwise (a log file, a pipe) a line is
    written at every tenth of the stage, so the output stays short.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self._tty = self.stream.isatty()
        self._stage = ""
        self._total = 1
        self._shown = -1

    def start(self, stage: str, total: int) -> None:
        self._stage = stage
        self._total = max(1, total)
        self._shown = -1
        self.update(0)

    def update(self, done: int) -> None:
        done = min(done, self._total)
        per_mille = done * 1000 // self._total
        step = per_mille if self._tty else per_mille // 100 * 100
        if step == self._shown:
            return
        self._shown = step
        line = (
            f"{self._stage:<26} {grouped(done):>10}/{grouped(self._total)} {per_mille / 10:5.1f} %"
        )
        if self._tty:
            end = "\n" if done >= self._total else ""
            self.stream.write(f"\r{line}{end}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        self.update(self._total)


class SilentProgress(Progress):
    """Progress that reports nothing (library use, tests)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def update(self, done: int) -> None:
        return
