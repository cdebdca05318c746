"""Dialogs, one per module, each built in code with an ask() classmethod."""
