"""CSV as Excel with a Swedish locale opens it: semicolon-separated, CRLF line ends, UTF-8 with
a BOM. Every export file is written through here, line by line: a municipal month is tens of
thousands of lines, and building the whole text first (and then its encoded copy) cost the
monthly statistics export about 40 MB at once."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

DELIMITER = ";"
LINE_END = "\r\n"


def excel_csv_text(lines: Iterable[Sequence[object]]) -> str:
    """The lines as the file's text (without the BOM): for a preview or a test."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=DELIMITER, lineterminator=LINE_END).writerows(lines)
    return buffer.getvalue()


def write_excel_csv(path: Path, lines: Iterable[Sequence[object]]) -> None:
    """Write the lines to `path` as they come, through a file beside it that takes its name
    only when complete: a full disk or a failing line leaves no half file, and a file
    already there stays as it was."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with open(handle, "w", encoding="utf-8-sig", newline="") as file:
            csv.writer(file, delimiter=DELIMITER, lineterminator=LINE_END).writerows(lines)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
