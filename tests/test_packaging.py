"""Every Python package in the source tree is listed in pyproject.toml, so `pip install .`
(not only an editable install) ships it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    source = ROOT / "src"
    found = {
        ".".join(init.parent.relative_to(source).parts) for init in source.rglob("__init__.py")
    }
    assert found - listed == set(), "add these packages to [tool.setuptools] packages"
    mapped = set(config["tool"]["setuptools"]["package-dir"]) - {""}
    missing_dirs = {
        name for name in listed - mapped if not (source / Path(*name.split("."))).is_dir()
    }
    assert all(any(name.startswith(m) for m in mapped) for name in missing_dirs), missing_dirs
