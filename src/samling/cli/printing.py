"""Printing for people (plain text and tables that never read user text as markup) and for
scripts (JSON of the core's typed results)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def table(*columns: str, title: str | None = None, no_wrap: tuple[str, ...] = ()) -> Table:
    from rich.table import Table

    grid = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for n, column in enumerate(columns):
        # ids are what people type next: never cut or wrap the first column.
        grid.add_column(column, no_wrap=n == 0 or column in no_wrap, overflow="fold")
    return grid


def add_row(grid: Table, *values: object) -> None:
    """A row of user text, shown as plain text, never read as rich markup."""
    from rich.text import Text

    grid.add_row(*(Text("" if v is None else str(v)) for v in values))


def echo(message: str = "") -> None:
    """Print plain text (no markup, no wrapping of user data)."""
    print(message)


def jsonable(value: object) -> Any:
    """The core's results as JSON values: dataclasses and records as objects, amounts as plain
    numbers (450, not "450.00"), dates and times in ISO 8601, paths with forward slashes."""
    from samling.models import plain_number

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    return value


def print_json(data: object) -> None:
    print(json.dumps(jsonable(data), ensure_ascii=False, indent=2, sort_keys=False))


def record_json(record_id: str, record: BaseModel) -> dict[str, Any]:
    return {"id": record_id, **record.model_dump(mode="json")}


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 registration``, ``2 registrations`` (the organizer's terminal speaks English)."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def show_record(record_id: str, record: BaseModel, *, json: bool) -> None:
    """One record as ``key  value`` lines (empty keys left out), or as JSON."""
    data = record_json(record_id, record)
    if json:
        print_json(data)
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        if value not in (None, [], {}):
            echo(f"{key:<{width}}  {value}")
