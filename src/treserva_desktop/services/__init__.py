"""Use cases: functions (session, actor, command) -> view or id. The caller owns the transaction."""
