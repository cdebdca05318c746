"""The NSIS script: rules a reader can check in the text, and (where makensis is installed,
as in CI) a compile with warnings as errors, signing hooks included."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "installer" / "treserva-desktop.nsi"
MAKENSIS = shutil.which("makensis")


def _code() -> str:
    """The script without comments, with continuation lines joined."""
    lines = [line.split(";", 1)[0] for line in SCRIPT.read_text(encoding="utf-8").splitlines()]
    return re.sub(r"\\\n\s*", " ", "\n".join(lines))


def test_every_message_box_has_a_silent_default() -> None:
    boxes = [line for line in _code().splitlines() if line.strip().startswith("MessageBox")]
    assert boxes
    assert all("/SD " in line for line in boxes), boxes


def test_install_location_is_read_in_the_view_it_is_written_in() -> None:
    code = _code()
    assert "InstallDirRegKey" not in code  # read before .onInit, in the 32-bit view
    on_init = code[
        code.index("Function .onInit") : code.index("FunctionEnd", code.index("Function .onInit"))
    ]
    assert on_init.index("SetRegView 64") < on_init.index('"InstallLocation"')


def test_machine_wide_options_match_the_settings() -> None:
    from treserva_desktop.configuration import CONFIGURABLE, SECTION

    code = _code()
    keys = re.findall(r'!insertmacro CONFIG_OPTION "/[A-Z]+=" "(\w+)"', code)
    assert {"database_url", "database_passfile", "idle_lock_minutes"} <= set(keys)
    assert set(keys) <= CONFIGURABLE
    assert f'!define APP_NAME "{SECTION}"' in code


def _compile(tmp_path: Path, *defines: str) -> subprocess.CompletedProcess[str]:
    payload = tmp_path / "TreservaDesktop"
    (payload / "_internal").mkdir(parents=True, exist_ok=True)
    for name in ("TreservaDesktop.exe", "treserva-desktop.exe", "_internal/base_library.zip"):
        (payload / name).write_bytes(b"stand-in")
    assert MAKENSIS is not None
    return subprocess.run(
        [
            MAKENSIS,
            "-V2",
            "-WX",
            "-DFAST_COMPRESSION",
            f"-DDIST_DIR={payload}",
            f"-DOUT_FILE={tmp_path / 'TreservaDesktop-0.1.0-setup.exe'}",
            *defines,
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(MAKENSIS is None, reason="makensis is not installed (apt-get install nsis)")
@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in signer is a shell script")
def test_script_compiles_without_warnings_and_signs_both_executables(tmp_path: Path) -> None:
    refused = _compile(tmp_path)
    assert refused.returncode != 0
    assert "PUBLISHER saknas" in refused.stdout + refused.stderr

    log = tmp_path / "signed.log"
    signer = tmp_path / "sign.sh"
    signer.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n', encoding="utf-8")
    signer.chmod(0o755)
    result = _compile(tmp_path, "-DPUBLISHER=Exempel kommun", "-DSIGN", f"-DSIGN_COMMAND={signer}")
    assert result.returncode == 0, result.stdout + result.stderr
    signed = log.read_text(encoding="utf-8").splitlines()
    # The uninstaller (a temporary file, before it is packed) and then the installer.
    assert len(signed) == 2
    assert signed[-1].endswith("TreservaDesktop-0.1.0-setup.exe")
