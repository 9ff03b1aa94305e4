"""One record, one TOML file: reading it into its model, writing it deterministically, and not
rewriting it when nothing changed."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from samling.errors import InvalidRecord
from samling.models import problems_from
from samling.store import toml
from samling.store.files import write_atomic

M = TypeVar("M", bound=BaseModel)


def to_toml(record: BaseModel) -> str:
    data = record.model_dump(mode="python", exclude_none=True)
    return toml.dumps(_prune(data))


def _prune(value: Any) -> Any:
    """Leave out empty lists and tables: a hand-written file need not spell them out."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ([], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def load_record(path: Path, model: type[M]) -> M:
    data = toml.load(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidRecord(problems_from(error, model, path)) from None


def save_record(path: Path, record: BaseModel, *, create: bool = False) -> bool:
    """Write ``record``; return False when the file already holds an equal record (not rewritten,
    so a hand-formatted file keeps its comments and git shows no change)."""
    if not create and path.exists():
        with contextlib.suppress(InvalidRecord, FileNotFoundError):
            if load_record(path, type(record)) == record:
                return False
    write_atomic(path, to_toml(record).encode("utf-8"), create=create)
    return True
