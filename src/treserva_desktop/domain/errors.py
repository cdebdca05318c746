"""DomainError family. Messages are Swedish and shown to the user verbatim."""


class DomainError(Exception):
    """A rule refused the action. `message` is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DomainError):
    """Input that breaks a rule; `field` names the offending field where there is one."""


class PermissionDenied(DomainError):
    """The actor's role or unit scope does not allow the action."""


class NotFound(DomainError):
    """The record does not exist (or is outside what the actor may see)."""


class Conflict(DomainError):
    """Someone else changed the record first (version mismatch or a state that moved on)."""


class AuthenticationFailed(DomainError):
    """Wrong username or password, or a locked account."""
