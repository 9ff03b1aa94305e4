"""Reading CSV files as people really have them: Excel exports in Windows-1252 or UTF-8 with a
BOM, semicolons (the Nordic Excel default) or commas, headers in the network's language."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from samling.errors import InvalidInput

DELIMITERS = (";", ",", "\t")
# Control characters other than tab and line feed (and CR, which ends a line) have no place in a
# name or an answer; a web form passes on whatever was typed or pasted, escape sequences included.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text(cell: str) -> str:
    """A cell as samling keeps it: stripped, without control characters."""
    return _CONTROL.sub("", cell).strip()


@dataclass
class Table:
    path: Path
    encoding: str
    delimiter: str
    columns: dict[str, str]  # samling field -> header as written in the file
    ignored: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line number, values)


def _pick(name: str, candidates: list[str]) -> str:
    """The first value given; for an email, the first that looks like an address."""
    given = [c for c in candidates if c]
    if name == "email":
        return next((c for c in given if "@" in c), given[0] if given else "")
    return given[0] if given else ""


def _match_questions(
    headers: list[str],
    aliases: dict[str, set[str]],
    columns: dict[str, str],
    positions: dict[str, list[int]],
    ignored: list[str],
) -> None:
    """Forms name a column by its question ("Hvilket møde?", "Vilket bibliotek arbetar du på?"):
    a header no alias matches exactly is taken for a field when one of that field's words stands
    in it as a whole word, only one field fits, and the field has no column yet."""
    for position, header in enumerate(headers):
        text = header.strip()
        if text not in ignored:
            continue
        normalized = normalize_header(text)
        fits = {
            name
            for name, words in aliases.items()
            if name not in columns and any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", normalized) for word in words)
        }
        if len(fits) == 1:
            name = fits.pop()
            columns[name] = text
            positions[name] = [position]
            ignored.remove(text)


def normalize_header(text: str) -> str:
    text = text.replace("\ufeff", "").strip().strip(":*?").strip().casefold()
    return re.sub(r"[\s_]+", " ", text)


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise InvalidInput(f"cannot read the file as {encoding}: {error}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"the file starts like UTF-16 but cannot be read as it ({error.reason})",
                "save it again from the spreadsheet as CSV (UTF-8)",
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page, cp1252 for all five languages.
        return data.decode("cp1252", errors="replace"), "cp1252"


def read_table(
    path: Path,
    aliases: dict[str, set[str]],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Table:
    """Read ``path``; ``aliases`` maps each samling field to the headers that mean it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as error:
        raise InvalidInput(f"{path}: cannot be read ({error.strerror})") from None
    text, used_encoding = decode(data, encoding)
    lines = text.splitlines(keepends=True)
    skip = 0
    if lines and lines[0].strip().lower().startswith("sep="):
        # Excel writes "sep=;" on the first line when asked to; honour it.
        delimiter = delimiter or lines[0].strip()[4:5] or None
        skip = 1
    body = "".join(lines[skip:])
    first = body.split("\n", 1)[0]
    if not first.strip():
        raise InvalidInput(f"{path}: the file is empty", "the first line must name the columns")
    if delimiter is None:
        delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    headers = next(reader)
    lookup = {alias: name for name, names in aliases.items() for alias in names}
    columns: dict[str, str] = {}
    positions: dict[str, list[int]] = {}
    ignored: list[str] = []
    for position, header in enumerate(headers):
        name = lookup.get(normalize_header(header))
        if name:
            # Several columns can mean one field: Microsoft Forms exports its own Name and Email
            # (empty, or "anonymous") beside the form's questions "Navn" and "E-post".
            columns.setdefault(name, header.replace("\ufeff", "").strip())
            positions.setdefault(name, []).append(position)
        elif header.strip():
            ignored.append(header.strip())
    _match_questions(headers, aliases, columns, positions, ignored)
    table = Table(path, used_encoding, delimiter, columns, ignored)
    while True:
        line = reader.line_num + 1 + skip
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise InvalidInput(f"{path}: line {line}: {error}") from None
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: _pick(name, [_text(cells[i]) for i in where if i < len(cells)]) for name, where in positions.items()
        }
        table.rows.append((line, values))
    return table
