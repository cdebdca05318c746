"""treserva-desktop: case management client for elder-care providers."""

__version__ = "0.1.0"
