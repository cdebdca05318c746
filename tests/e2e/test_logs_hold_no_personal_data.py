"""No personal data in logs (issue 9): the e2e workflows run again in a pytest of their own with
every logger at DEBUG into a file; then the file is scanned for every name, identity number
(each written form), address, contact detail and free text (goals, messages, reasons, changed
values) that the workflows' demo databases held at the end of each test. None may appear."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers.personal_data_plugin import OUT_ENV

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve()
# Shorter names and texts would match ordinary words; a two-letter name is not scanned.
MIN_NAME = 3
MIN_TEXT = 6
TEXT_PREFIX = 40


def run_workflows(tmp_path: Path) -> tuple[str, list[dict[str, list[str]]]]:
    log_file = tmp_path / "e2e-debug.log"
    data_file = tmp_path / "personal-data.jsonl"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(HERE.parent),
            f"--ignore={HERE}",
            "-p",
            "tests.helpers.personal_data_plugin",
            "-p",
            "no:cacheprovider",
            "--log-level=DEBUG",
            f"--log-file={log_file}",
            "--log-file-level=DEBUG",
            "-q",
            "-x",
        ],
        cwd=ROOT,
        env={**os.environ, OUT_ENV: str(data_file), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    records = [json.loads(line) for line in data_file.read_text(encoding="utf-8").splitlines()]
    return log_file.read_text(encoding="utf-8"), records


def needles(records: list[dict[str, list[str]]]) -> dict[str, re.Pattern[str]]:
    """Each piece of personal data and how to find it: names as whole words, numbers and
    texts as they are (a long text by its beginning, each of its lines on its own)."""
    patterns: dict[str, re.Pattern[str]] = {}
    for record in records:
        for name in record["names"]:
            if len(name) >= MIN_NAME:
                patterns[name] = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        for number in record["numbers"]:
            patterns[number] = re.compile(re.escape(number))
        for text in record["texts"]:
            for line in {text, *text.splitlines()}:
                piece = line.strip()[:TEXT_PREFIX]
                if len(piece) >= MIN_TEXT:
                    patterns[piece] = re.compile(re.escape(piece))
    return patterns


def test_the_e2e_workflows_log_no_personal_data(tmp_path: Path) -> None:
    log, records = run_workflows(tmp_path)
    patterns = needles(records)
    lines = log.splitlines()
    leaks = sorted(
        {
            f"{needle!r} in: {line[:200]}"
            for needle, pattern in patterns.items()
            for line in lines
            if pattern.search(line)
        }
    )
    print(
        f"log scan: {len(lines)} log lines from {len(records)} e2e tests at DEBUG, "
        f"{len(patterns)} pieces of personal data looked for, {len(leaks)} found"
    )
    # The run did log, and did see the demo's people: the scan is not vacuous.
    assert len(records) >= 10
    assert len(lines) > 50
    assert sum(len(record["numbers"]) for record in records) > 100
    assert leaks == []
