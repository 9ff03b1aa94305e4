"""The records of one kind in one folder: ``<folder>/<id>.toml``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from samling.errors import AlreadyExists, InvalidRecord, NotFound, Problem
from samling.store.cache import ReadCache
from samling.store.files import is_record_name

M = TypeVar("M", bound=BaseModel)


class Collection(Generic[M]):
    """The records of one kind in one folder: ``<folder>/<id>.toml``.

    Reads go through ``cache``: a ``Store`` passes its own, so that every collection it hands
    out (``store.registrations(mid)`` makes a new one per call) shares what was read."""

    def __init__(self, folder: Path, model: type[M], label: str, cache: ReadCache | None = None) -> None:
        self.folder = folder
        self.model = model
        self.label = label
        self.cache = cache if cache is not None else ReadCache()

    def path(self, record_id: str) -> Path:
        return self.folder / f"{record_id}.toml"

    def ids(self) -> list[str]:
        # scandir knows each entry's type from the listing itself: no stat per file.
        try:
            with os.scandir(self.folder) as entries:
                return sorted(e.name.removesuffix(".toml") for e in entries if is_record_name(e.name) and e.is_file())
        except (FileNotFoundError, NotADirectoryError):
            return []

    def exists(self, record_id: str) -> bool:
        return self.path(record_id).is_file()

    def load(self, record_id: str) -> M:
        path = self.path(record_id)
        try:
            return self.cache.load(path, self.model)
        except FileNotFoundError:
            raise NotFound(
                f"no {self.label} {record_id!r} ({path.parent.name}/{path.name} does not exist)",
                f"list them with `samling {self.label} list`" if self.label in _LISTABLE else None,
            ) from None

    def load_all(self) -> dict[str, M]:
        """Every record, in id order. Every broken file is reported at once."""
        records: dict[str, M] = {}
        problems: list[Problem] = []
        for record_id in self.ids():
            try:
                records[record_id] = self.cache.load(self.path(record_id), self.model)
            except InvalidRecord as error:
                problems.extend(error.problems)
            except FileNotFoundError:  # removed while we listed: not a record any more
                continue
        if problems:
            raise InvalidRecord(problems, "fix the files, then run `samling check`")
        return records

    def create(self, record_id: str, record: M) -> None:
        try:
            self.cache.save(self.path(record_id), record, create=True)
        except AlreadyExists:
            raise AlreadyExists(
                f"{self.label} {record_id!r} already exists",
                "choose another id with --id, or edit the existing record",
            ) from None

    def save(self, record_id: str, record: M) -> bool:
        return self.cache.save(self.path(record_id), record)

    def remove(self, record_id: str) -> bool:
        """Delete the record's file (False when there was none); inside ``Store.lock``, as part
        of the command's one unit of change."""
        path = self.path(record_id)
        if not path.is_file():
            return False
        if self.cache.journal is not None:
            self.cache.journal.before(path)
        path.unlink(missing_ok=True)
        self.cache.forget(path)
        return True


_LISTABLE = {"organization": "org", "participant": "participant", "venue": "venue"}
