"""Data shipped with the application: icons, journal templates, keyword lists, phrase texts."""
