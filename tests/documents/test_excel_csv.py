"""The one CSV writer of the exports: Excel's Swedish form, written line by line through a
file beside the target that takes its name only when complete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from treserva_desktop.documents.excel_csv import excel_csv_text, write_excel_csv


def test_lines_are_semicolon_separated_crlf_utf8_with_bom(tmp_path: Path) -> None:
    target = tmp_path / "Individstatistik 2026-11.csv"
    lines = [("Enhet", "Timmar"), ("Åsens vårdboende – avd 2", "12,5"), ('Citat "x"; y', "")]
    write_excel_csv(target, lines)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == excel_csv_text(lines)
    assert excel_csv_text(lines) == (
        'Enhet;Timmar\r\nÅsens vårdboende – avd 2;12,5\r\n"Citat ""x""; y";\r\n'
    )
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_failing_line_leaves_the_earlier_file_and_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_bytes(b"tidigare export")

    def lines() -> Iterator[tuple[str, ...]]:
        yield ("Personnummer",)
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_excel_csv(target, lines())
    assert target.read_bytes() == b"tidigare export"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_a_folder_that_cannot_be_written_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_excel_csv(tmp_path / "saknas" / "export.csv", [("a",)])
