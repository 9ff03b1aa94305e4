"""Reading and writing TOML the way samling stores it.

Writing is deterministic: keys in the order given (the model's field order), scalars and plain
arrays first, then ``[tables]`` and ``[[arrays of tables]]`` always in block form, UTF-8, LF and one
trailing newline. tomli_w formats each value; the layout is ours, because tomli_w writes a short
array of tables inline and a long one as blocks, which would make two sessions of one meeting
look different in the same file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from samling.errors import InvalidRecord, Problem


def load(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax or encoding error becomes an ``InvalidRecord`` with the line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _unreadable(path, error) from None
    return parse(data, path)


def read(path: Path) -> tuple[bytes, os.stat_result]:
    """A file's bytes and the status of the file they were read from (the same open file, so
    that a replacement between the two cannot pair one file's status with another's bytes).
    ``FileNotFoundError`` is left to the caller; any other ``OSError`` is an ``InvalidRecord``."""
    try:
        with path.open("rb") as handle:
            return handle.read(), os.fstat(handle.fileno())
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _unreadable(path, error) from None


def _unreadable(path: Path, error: OSError) -> InvalidRecord:
    return InvalidRecord([Problem(path, None, f"cannot be read ({error.strerror})")])


def parse(data: bytes, path: Path) -> dict[str, Any]:
    """Parse the bytes of the TOML file ``path`` (named in the problems)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidRecord([Problem(path, None, f"is not UTF-8 (line {line}); save it as UTF-8")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidRecord([Problem(path, None, f"invalid TOML: {error}")]) from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: no record is this deep.
        raise InvalidRecord(
            [Problem(path, None, "nested too deeply (arrays or tables within each other); is it the right file?")]
        ) from None


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _scalar_lines(table: dict[str, Any]) -> list[str]:
    lines = []
    for key, value in table.items():
        if isinstance(value, dict) or _is_table_array(value):
            continue
        # A multi-line string reads best in a file a person edits, but in one a carriage return
        # is a line break like any other and comes back as "\n": such a text is written escaped.
        multiline = not _has_carriage_return(value)
        lines.append(tomli_w.dumps({key: value}, multiline_strings=multiline).rstrip("\n"))
    return lines


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, list):
        return any(_has_carriage_return(v) for v in value)
    return False


def _key(name: str) -> str:
    # tomli_w quotes keys that need it; reuse that instead of re-implementing bare-key rules.
    return tomli_w.dumps({name: 0}).split(" = ", 1)[0]


def _blocks(table: dict[str, Any], prefix: str) -> list[str]:
    out: list[str] = []
    for key, value in table.items():
        name = f"{prefix}{_key(key)}"
        if isinstance(value, dict):
            out.append("")
            out.append(f"[{name}]")
            out.extend(_scalar_lines(value))
            out.extend(_blocks(value, name + "."))
        elif _is_table_array(value):
            for item in value:
                out.append("")
                out.append(f"[[{name}]]")
                out.extend(_scalar_lines(item))
                out.extend(_blocks(item, name + "."))
    return out


def dumps(data: dict[str, Any]) -> str:
    lines = _scalar_lines(data) + _blocks(data, "")
    while lines and lines[0] == "":
        lines.pop(0)
    return "\n".join(lines) + "\n"
