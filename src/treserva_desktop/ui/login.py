"""The login dialog's database side: runs auth.login through the runner core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError as PydanticValidationError

from treserva_desktop.db.database import Database
from treserva_desktop.domain.commands import Login
from treserva_desktop.services import auth
from treserva_desktop.ui import runner
from treserva_desktop.ui.context import database_label
from treserva_desktop.ui.dialogs.login_dialog import LoginAnswer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _demo_check(session: Session, _actor: None, _command: None) -> bool:
    from treserva_desktop.demo import is_demo_database

    return is_demo_database(session)


BUSY_LOGIN = "Databasen är upptagen just nu. Försök logga in igen om en liten stund."


class DatabaseLogin:
    """A LoginBackend over one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def location(self) -> str:
        return database_label(self.database)

    def is_demo(self) -> bool:
        """The hint is a convenience: any failure (logged by the core) just leaves it out."""
        return runner.call(self.database, None, _demo_check, None, write=False).value is True

    def log_in(self, username: str, password: str) -> LoginAnswer:
        try:
            command = Login(username=username, password=password)
        except PydanticValidationError:
            return LoginAnswer(None, auth.WRONG_CREDENTIALS, counted=True)
        done = runner.log_in(self.database, command)
        if done.refused is not None:
            return LoginAnswer(None, done.refused.message)
        if done.busy:
            return LoginAnswer(None, BUSY_LOGIN)
        outcome = done.value
        if outcome is None:
            # An unexpected error, logged by the core; the dialog says so in its own words.
            return LoginAnswer(None)
        if outcome.actor is None:
            # Every checked password counts, an unknown user's too (the counter must not tell
            # them apart); a refusal because the account is already locked does not.
            counted = outcome.locked_until is None or outcome.failed_attempts > 0
            return LoginAnswer(None, outcome.message or auth.WRONG_CREDENTIALS, counted=counted)
        return LoginAnswer(outcome.actor)
