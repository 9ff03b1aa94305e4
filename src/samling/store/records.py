"""One record, one TOML file: reading it into its model, writing it deterministically, and not
rewriting it when nothing changed."""

from __future__ import annotations

import os
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


def read_record(path: Path, model: type[M]) -> tuple[M, os.stat_result]:
    """The record in ``path`` and the status of the file it was read from (for ``ReadCache``)."""
    data, status = toml.read(path)
    return _validate(toml.parse(data, path), path, model), status


def load_record(path: Path, model: type[M]) -> M:
    return _validate(toml.load(path), path, model)


def _validate(data: dict[str, Any], path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidRecord(problems_from(error, model, path)) from None


def write_record(path: Path, record: BaseModel, *, create: bool = False) -> os.stat_result:
    """Write ``record`` (atomically, deterministically); return the written file's status."""
    return write_atomic(path, to_toml(record).encode("utf-8"), create=create)


def save_record(path: Path, record: BaseModel, *, create: bool = False) -> bool:
    """Write ``record``; return False when the file already holds an equal record (not rewritten,
    so a hand-formatted file keeps its comments and git shows no change).

    This reads the file to compare; a ``Store`` compares with the record it has already read
    (``Store.cache``)."""
    from samling.store.cache import ReadCache

    return ReadCache().save(path, record, create=create)
