"""Demo users as the services see them."""

from __future__ import annotations

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services.auth import load_actor


def actor_for(database: Database, username: str) -> Actor:
    """The Actor of a user, loaded as the login does it."""
    with database.transaction() as session:
        user_id = user_id_for_username(session, username)
        assert user_id is not None, username
        return load_actor(session, user_id)
