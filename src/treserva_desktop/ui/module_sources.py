"""Source lines that PySide6 leaves behind on every import.

Once PySide6 is imported, its import hook (shibokensupport's `feature_imported`) reads the
whole source of every module imported after it, through `inspect.getsource`, to see whether
the module mentions PySide6. `inspect` reads through `linecache`, which keeps every line of
every such file for the rest of the process. After start-up that is some 200,000 lines
(SQLAlchemy, pydantic, the holiday tables, this package), about 25 MB that nothing reads
again: on the municipal benchmark it was the difference between a peak of 284 and 259 MB.

So what linecache holds of files on disk is dropped after each burst of imports: when the
start-up imports are done, when the main window is shown and after each action (whose
dialogs and documents import their modules on first use). A traceback reads the file again
when it needs lines. Entries without a file on disk (registered by code that generates
source, with no modification time) are kept: they could not be read again.
"""

from __future__ import annotations

import linecache


def forget_module_sources() -> int:
    """Drop linecache's lines of files on disk; how many files were dropped."""
    # A snapshot: another thread may be importing (and adding) while this runs.
    on_disk = [
        name
        for name, entry in list(linecache.cache.items())
        if len(entry) == 4 and entry[1] is not None
    ]
    for name in on_disk:
        linecache.cache.pop(name, None)
    return len(on_disk)
