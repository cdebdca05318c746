"""No traceback ever from the command line, and nothing of a person in its log.

Hostile import files get Swedish messages (exit 1); anything unexpected gets a Swedish message
with an incident id (exit 2), and the log has the frames under that id but no message that
could carry a name or a personnummer.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.helpers.example_import import example_records
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop import cli
from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.incidents import LOG_FILE, safe_traceback

INCIDENT = re.compile(r"incident ([0-9A-Z]{4}-[0-9A-Z]{4})")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    yield tmp_path
    # The command line configured the root logger for this directory; leave it as found.
    for handler in list(logging.getLogger().handlers):
        if str(tmp_path) in str(getattr(handler, "baseFilename", "")):
            logging.getLogger().removeHandler(handler)
            handler.close()


def _log_text(data_dir: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    path = data_dir / "logs" / LOG_FILE
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _demo_example(data_dir: Path) -> dict[str, Any]:
    assert cli.main(["demo", "--persons", "4"]) == 0
    records: dict[str, Any] = example_records(SYSTEM_CLOCK.today())
    return records


def _write(path: Path, content: bytes | dict[str, Any]) -> Path:
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False).encode("utf-8")
    path.write_bytes(content)
    return path


def _personal_data(records: dict[str, Any]) -> list[str]:
    persons = [record["person"] for record in records["uppdrag"]]
    return [p[key] for p in persons for key in ("fornamn", "efternamn", "personnummer")] + [
        p["personnummer"].replace("-", "") for p in persons
    ]


def _hostile(records: dict[str, Any], kind: str) -> bytes | dict[str, Any]:
    first = records["uppdrag"][0]
    if kind == "nesting":
        return b'{"uppdrag": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    if kind == "digits":
        first["mottagare"] = {"enhet_id": 7}
        text = json.dumps(records, ensure_ascii=False)
        return text.replace('"enhet_id": 7', '"enhet_id": ' + "9" * 4300).encode("utf-8")
    if kind == "id_2_63":
        first["mottagare"] = {"enhet_id": 2**63}
    elif kind == "id_2_31":
        first["mottagare"] = {"enhet_id": 2**31}
    elif kind == "nul":
        first["person"]["gatuadress"] = "Lärkvägen\x0012"
    elif kind == "epoch_date":
        first["beslut"]["fran"] = 0
    elif kind == "full_width":
        first["person"]["personnummer"] = "１９４００３０７-２３８８"
    return records


HOSTILE = ["nesting", "digits", "id_2_63", "id_2_31", "nul", "epoch_date", "full_width"]


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_import_files_get_a_swedish_message_and_exit_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    records = _demo_example(data_dir)
    capsys.readouterr()
    path = _write(data_dir / f"{kind}.json", _hostile(records, kind))
    assert cli.main(["import-assignments", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "Importfilen innehåller" in err
    assert "Inget har importerats." in err
    for secret in _personal_data(records):
        assert secret not in _log_text(data_dir), secret


@pytest.mark.postgres
@pytest.mark.parametrize("kind", ["id_2_31", "nul"])
def test_hostile_import_files_on_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    with scratch_postgres_url("treserva_cli_fuzz") as url:
        assert cli.main(["--database-url", url, "demo", "--persons", "4"]) == 0
        records = example_records(SYSTEM_CLOCK.today())
        path = _write(tmp_path / f"{kind}.json", _hostile(records, kind))
        capsys.readouterr()
        assert cli.main(["--database-url", url, "import-assignments", str(path)]) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "Inget har importerats." in err


def test_an_unexpected_error_is_an_incident_without_personal_data(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _demo_example(data_dir)
    path = _write(data_dir / "example.json", records)
    secrets = _personal_data(records)

    def fail(*_args: object) -> None:
        # As SQLAlchemy does: the statement's parameters in the message.
        try:
            raise KeyError(secrets[0])
        except KeyError as inner:
            raise RuntimeError(f"INSERT failed, parameters: {secrets}") from inner

    monkeypatch.setattr("treserva_desktop.services.assignment_import.import_assignments", fail)
    capsys.readouterr()
    assert cli.main(["import-assignments", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    found = INCIDENT.search(err)
    assert found is not None, err
    assert err.startswith("Ett oväntat fel inträffade (incident ")
    assert str(data_dir / "logs" / LOG_FILE) in err
    log_text = _log_text(data_dir)
    assert f"incident {found.group(1)}: unexpected RuntimeError in command import-assignments" in (
        log_text
    )
    assert "Traceback (most recent call last):" in log_text
    assert "builtins.KeyError (message withheld)" in log_text
    assert "in fail" in log_text
    for secret in secrets:
        assert secret not in out + err + log_text, secret


def test_a_logged_exception_elsewhere_keeps_its_message_out_of_the_log(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["db", "upgrade"]) == 0
    surname = "".join(["Berg", "qvist"])  # not in the source line the traceback shows
    try:
        raise ValueError(f"Elsa {surname} 19400307-2388")
    except ValueError:
        logging.getLogger("treserva_desktop.test").exception("while doing something")
    log_text = _log_text(data_dir)
    assert "while doing something" in log_text
    assert "builtins.ValueError (message withheld)" in log_text
    assert "Bergqvist" not in log_text
    assert "Bergqvist" not in capsys.readouterr().err


def test_safe_traceback_keeps_the_nearest_frames_of_a_deep_recursion() -> None:
    def down(n: int) -> int:
        return down(n + 1)

    try:
        down(0)
    except RecursionError as error:
        text = safe_traceback(error)
    assert "earlier frames left out" in text
    assert "in down" in text
    assert len(text.splitlines()) < 100
    assert text.endswith("builtins.RecursionError (message withheld)")


def test_an_unwritable_log_dir_still_prints_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(blocker))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    code = cli.main(["db", "current"])
    err = capsys.readouterr().err
    assert code in (1, 2)
    assert "Traceback" not in err
