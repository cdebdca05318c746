"""A PostgreSQL database of a test's own: created empty (or migrated), dropped afterwards.

A migrated database is a copy of a template migrated once per test process (CREATE DATABASE
... TEMPLATE copies files, which is much faster than running the migrations per test); the
template is dropped when the process ends."""

from __future__ import annotations

import atexit
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL_ENV = "TRESERVA_TEST_DATABASE_URL"


_template: list[str] = []


def _migrated_template(base_url: str) -> str:
    """The name of this process's migrated template database, made on first use."""
    if _template:
        return _template[0]
    from treserva_desktop.db import migrate
    from treserva_desktop.db.database import Database

    name = f"treserva_tpl_{uuid.uuid4().hex[:12]}"
    _run(base_url, f'CREATE DATABASE "{name}"')
    database = Database(make_url(base_url).set(database=name).render_as_string(False))
    try:
        migrate.upgrade(database)
    finally:
        database.dispose()
    _template.append(name)
    atexit.register(_run, base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return name


def _run(base_url: str, statement: str) -> None:
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


@contextmanager
def scratch_postgres_url(prefix: str = "treserva_test", *, migrated: bool = False) -> Iterator[str]:
    """The URL of a new database on the test server (skips the test without one): empty,
    or with `migrated` already at the newest schema; dropped when the block ends,
    connections still open or not."""
    base_url = os.environ.get(PG_URL_ENV)
    if not base_url:
        pytest.skip(f"{PG_URL_ENV} is not set")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{_migrated_template(base_url)}"' if migrated else ""
    _run(base_url, f'CREATE DATABASE "{name}"{template}')
    try:
        yield make_url(base_url).set(database=name).render_as_string(False)
    finally:
        _run(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
