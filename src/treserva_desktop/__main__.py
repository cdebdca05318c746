"""Allows `python -m treserva_desktop`."""

from treserva_desktop.cli import main

raise SystemExit(main())
