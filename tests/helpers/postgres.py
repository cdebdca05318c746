"""A PostgreSQL database of a test's own: created empty, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL_ENV = "TRESERVA_TEST_DATABASE_URL"


@contextmanager
def scratch_postgres_url(prefix: str = "treserva_test") -> Iterator[str]:
    """The URL of a new, empty database on the test server (skips the test without one);
    the database is dropped when the block ends, connections still open or not."""
    base_url = os.environ.get(PG_URL_ENV)
    if not base_url:
        pytest.skip(f"{PG_URL_ENV} is not set")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
