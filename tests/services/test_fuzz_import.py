"""Fuzzing of the assignment import (issue 9): no exception but ImportFailed, Swedish messages
only, and a refused file changes no row.

Four kinds of input: arbitrary bytes, arbitrary JSON (keys from the file format mixed with
others), valid files with a few parts replaced, removed or added (hostile values included),
and valid files cut off or with a character inserted. The command line gets the same files and
must answer with exit 0 or 1, never an unexpected error (exit 2) or a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.helpers.assignment_world import World, build_world
from tests.helpers.fuzz import (
    HOSTILE_INTS,
    HOSTILE_TEXTS,
    assert_swedish,
    fuzz_settings,
    hostile_dates,
    junk,
    row_counts,
)
from tests.helpers.import_records import file_of, record

from treserva_desktop import cli
from treserva_desktop.db.database import Database
from treserva_desktop.services.assignment_import import ImportFailed, import_assignments

FIELD_NAMES = (
    "format",
    "version",
    "uppdrag",
    "uppdrag_id",
    "person",
    "personnummer",
    "fornamn",
    "efternamn",
    "beslut",
    "beslutsdatum",
    "fran",
    "till",
    "insatser",
    "typ",
    "timmar",
    "per",
    "mal",
    "mottagare",
    "enhet",
    "enhet_id",
    "avsandare",
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(HOSTILE_INTS),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(HOSTILE_TEXTS),
    hostile_dates.map(lambda day: day.isoformat()),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), children, max_size=5
        ),
    ),
    max_leaves=20,
)


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """A valid file of one to three records with up to three parts replaced, removed or added."""
    document: dict[str, Any] = json.loads(
        file_of([record(n) for n in range(1, draw(st.integers(1, 3)) + 1)])
    )
    for _ in range(draw(st.integers(0, 3))):
        container: Any = document
        while True:
            keys = list(container) if isinstance(container, dict) else range(len(container))
            if not keys:
                break
            key = draw(st.sampled_from(list(keys)))
            child = container[key]
            if isinstance(child, dict | list) and child and draw(st.booleans()):
                container = child
                continue
            operation = draw(st.sampled_from(("replace", "remove", "add")))
            if operation == "replace":
                container[key] = draw(st.one_of(json_scalars, junk, json_values))
            elif operation == "remove" and isinstance(container, dict):
                del container[key]
            elif isinstance(container, dict):
                container[draw(st.sampled_from(FIELD_NAMES))] = draw(json_scalars)
            else:
                container.append(draw(json_values))
            break
    return _encode(document)


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    """A valid file cut off somewhere, or with one character inserted."""
    data = file_of([record(1)])
    position = draw(st.integers(0, len(data)))
    if draw(st.booleans()):
        return data[:position]
    inserted = draw(
        st.sampled_from(
            [b"{", b"}", b"[", b'"', b",", b"\\", b"\x00", b"\xff", b"9" * 5000, b"[" * 1200]
        )
    )
    return data[:position] + inserted + data[position:]


import_files = st.one_of(
    st.binary(max_size=200),
    json_values.map(_encode),
    mutated_files(),
    mutated_files(),
    damaged_files(),
)


@pytest.fixture
def fuzz_world(sqlite_db: Database) -> World:
    return build_world(sqlite_db)


def test_fuzz_the_import_service(fuzz_world: World) -> None:
    database = fuzz_world.db
    outcomes = {"imported": 0, "refused": 0}

    @fuzz_settings()
    @given(data=import_files)
    def run(data: bytes) -> None:
        before = row_counts(database)
        try:
            with database.transaction() as session:
                report = import_assignments(session, None, data)
        except ImportFailed as error:
            assert error.problems  # noqa: PT017 - either outcome is valid here
            for problem in error.problems:
                assert_swedish(str(problem))
            assert row_counts(database) == before
            outcomes["refused"] += 1
            return
        assert row_counts(database)["assignments"] == before["assignments"] + report.records
        outcomes["imported"] += 1

    run()
    print(f"\nfuzz import: {outcomes}")
    assert outcomes["refused"] > 0


def test_fuzz_the_import_command(
    data_dir_with_world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir_with_world / "fuzz.json"
    codes: dict[int, int] = {}

    @fuzz_settings()
    @given(data=import_files)
    def run(data: bytes) -> None:
        path.write_bytes(data)
        code = cli.main(["import-assignments", str(path)])
        out, err = capsys.readouterr()
        assert code in (0, 1), err
        assert "Traceback" not in out + err
        if code == 1:
            assert_swedish(err)
        codes[code] = codes.get(code, 0) + 1

    run()
    print(f"\nfuzz import command: exit codes {codes}")


@pytest.fixture
def data_dir_with_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line's default database (SQLite in the data dir) holding the test world."""
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    assert cli.main(["db", "upgrade"]) == 0
    database = Database(f"sqlite:///{tmp_path / 'treserva.sqlite3'}")
    try:
        build_world(database)
    finally:
        database.dispose()
    return tmp_path
