"""The records of one kind in one folder: ``<folder>/<id>.toml``."""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from samling.errors import AlreadyExists, InvalidRecord, NotFound, Problem
from samling.store.files import is_record_file
from samling.store.records import load_record, save_record

M = TypeVar("M", bound=BaseModel)


class Collection(Generic[M]):
    """The records of one kind in one folder: ``<folder>/<id>.toml``."""

    def __init__(self, folder: Path, model: type[M], label: str) -> None:
        self.folder = folder
        self.model = model
        self.label = label

    def path(self, record_id: str) -> Path:
        return self.folder / f"{record_id}.toml"

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.iterdir() if is_record_file(p) and p.is_file())

    def exists(self, record_id: str) -> bool:
        return self.path(record_id).is_file()

    def load(self, record_id: str) -> M:
        path = self.path(record_id)
        try:
            return load_record(path, self.model)
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
                records[record_id] = load_record(self.path(record_id), self.model)
            except InvalidRecord as error:
                problems.extend(error.problems)
            except FileNotFoundError:  # removed while we listed: not a record any more
                continue
        if problems:
            raise InvalidRecord(problems, "fix the files, then run `samling check`")
        return records

    def create(self, record_id: str, record: M) -> None:
        try:
            save_record(self.path(record_id), record, create=True)
        except AlreadyExists:
            raise AlreadyExists(
                f"{self.label} {record_id!r} already exists",
                "choose another id with --id, or edit the existing record",
            ) from None

    def save(self, record_id: str, record: M) -> bool:
        return save_record(self.path(record_id), record)


_LISTABLE = {"organization": "org", "participant": "participant", "venue": "venue"}
