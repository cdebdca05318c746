"""The Genomförande window: new assignments of the user's units to acknowledge (Kvittera)."""
