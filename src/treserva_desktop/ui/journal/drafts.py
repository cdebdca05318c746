"""Drafts of notes being written, kept on this workstation until they are saved.

A note window writes its draft every few seconds to the user's own folder in the data
directory: written whole to a temporary file, flushed to disk and then moved over the old
draft (os.replace), so a crash or a power cut leaves either the previous draft or the new one,
never half of one. Spara removes it; after the next login the application offers what is left.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER = "drafts"


@dataclass(frozen=True, slots=True)
class Draft:
    """What the note window holds: enough to open it again as it was."""

    key: str
    journal_id: int
    entry_id: int | None
    expected_version: int | None
    objection_to_entry_id: int | None
    heading: str
    unit_id: int | None
    event_at: str  # ISO 8601 with its offset
    keywords: tuple[str, ...]
    body: str
    written_at: str  # ISO 8601, local time of this workstation

    @property
    def written(self) -> datetime:
        return datetime.fromisoformat(self.written_at)


def _from_json(data: dict[str, object]) -> Draft:
    values = dict(data)
    keywords = values.get("keywords") or []
    values["keywords"] = tuple(str(k) for k in keywords) if isinstance(keywords, list) else ()
    return Draft(**values)  # type: ignore[arg-type]


class DraftStore:
    """One user's drafts: a JSON file per note window in data_dir/drafts/<user id>/."""

    def __init__(self, data_dir: Path, user_id: int) -> None:
        self.folder = data_dir / FOLDER / str(user_id)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, draft: Draft) -> None:
        """Write the draft atomically; a failure is logged (ids only) and the old one kept."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = json.dumps(asdict(draft), ensure_ascii=False).encode("utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".draft-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, self._path(draft.key))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning(
                "draft for journal id %s not written (%s)", draft.journal_id, type(exc).__name__
            )

    def remove(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def load_all(self) -> list[Draft]:
        """Every readable draft, oldest first; an unreadable file is left where it is."""
        if not self.folder.is_dir():
            return []
        drafts: list[Draft] = []
        for path in self.folder.glob("*.json"):
            try:
                drafts.append(_from_json(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError) as exc:
                log.warning("a draft file could not be read (%s)", type(exc).__name__)
        return sorted(drafts, key=lambda draft: draft.written_at)
