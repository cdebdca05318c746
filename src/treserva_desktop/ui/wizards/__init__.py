"""Wizards, one per module, each built in code with the same ask() contract as dialogs."""
