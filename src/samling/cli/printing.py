"""Printing for people (plain text and tables that never read user text as markup, nor as the
terminal's control sequences) and for scripts (JSON of the core's typed results)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from samling import text as samling_text

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console
    from rich.table import Table

    from samling.outputs.spreadsheets import Sheet


def plain(text: str) -> str:
    """``text`` as the terminal should show it: escape sequences and control characters (all but
    line feed and tab) removed, so that a name from a web form cannot clear the screen, set the
    clipboard or retitle the window."""
    return samling_text.plain(text)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def table(*columns: str, title: str | None = None, no_wrap: tuple[str, ...] = ()) -> Table:
    from rich.table import Table
    from rich.text import Text

    heading = Text(plain(title)) if title is not None else None
    grid = Table(title=heading, title_justify="left", show_edge=False, pad_edge=False)
    for n, column in enumerate(columns):
        # ids are what people type next: never cut or wrap the first column.
        grid.add_column(column, no_wrap=n == 0 or column in no_wrap, overflow="fold")
    return grid


def add_row(grid: Table, *values: object) -> None:
    """A row of user text, shown as plain text, never read as rich markup."""
    from rich.text import Text

    grid.add_row(*(Text("" if v is None else plain(str(v))) for v in values))


def echo(message: str = "") -> None:
    """Print plain text (no markup, no wrapping of user data, no control characters)."""
    print(plain(message))


def jsonable(value: object) -> Any:
    """The core's results as JSON values: dataclasses and records as objects, amounts as plain
    numbers (450, not "450.00"), dates and times in ISO 8601, paths with forward slashes."""
    from pydantic import BaseModel  # here, not at start-up: `samling --help` needs no pydantic

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


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def print_json(data: object) -> None:
    """JSON, with every control character escaped: json escapes C0 itself; DEL, C1 and the
    bidirectional overrides (which ``ensure_ascii=False`` would leave raw) are escaped here."""
    text = json.dumps(jsonable(data), ensure_ascii=False, indent=2, sort_keys=False)
    print(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


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


# --- lists for a spreadsheet: --csv, --xlsx, --delimiter ----------------------------------------

CsvOption = Annotated[
    bool,
    typer.Option(
        "--csv",
        help="Print CSV for Excel: UTF-8 with BOM, separated by ; (sv, nb, da, nl) or , (en), formulas made inert.",
    ),
]
XlsxOption = Annotated[
    Path | None,
    typer.Option("--xlsx", help="Write an Excel workbook to this file.", show_default=False),
]
DelimiterOption = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        help="With --csv: the column separator (default: the network's language's; tab for a tab).",
        show_default=False,
    ),
]


def one_output(*, json: bool, csv: bool, xlsx: Path | None, delimiter: str | None = None) -> None:
    """Refuse two outputs at once (``--json`` with ``--csv`` or ``--xlsx``; ``--csv`` with
    ``--xlsx`` is one list printed and the workbook written) and ``--delimiter`` without ``--csv``."""
    from samling.errors import InvalidInput

    if json and (csv or xlsx is not None):
        given = "--csv" if csv else "--xlsx"
        raise InvalidInput(f"--json and {given} are two outputs; choose one", f"leave out --json or {given}")
    if delimiter is not None and not csv:
        raise InvalidInput("--delimiter goes with --csv", "add --csv, or leave --delimiter out")


def spreadsheet(sheets: list[Sheet], *, language: str, csv: bool, xlsx: Path | None, delimiter: str | None) -> bool:
    """Print the first list as CSV (``--csv``) and/or write them all to a workbook (``--xlsx``);
    False when neither was asked for."""
    import sys

    from samling.outputs.spreadsheets import delimiter_for, to_csv, to_xlsx, write_file

    one_output(json=False, csv=csv, xlsx=xlsx, delimiter=delimiter)
    if not csv and xlsx is None:
        return False
    separator = delimiter_for(language, delimiter)
    if xlsx is not None:
        write_file(xlsx, to_xlsx(sheets))
        print(f"Wrote {xlsx}.", file=sys.stderr if csv else sys.stdout)
    if csv:
        sys.stdout.flush()
        sys.stdout.buffer.write(to_csv(sheets[0], separator, language))
        sys.stdout.buffer.flush()
    return True
