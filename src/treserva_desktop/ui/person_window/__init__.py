"""The person window (Personuppgifter): tabs that edit a person's record, and its dialogs."""
