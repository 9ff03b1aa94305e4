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
    encoding: str  # "xlsx" for a workbook
    delimiter: str  # "" for a workbook
    columns: dict[str, str]  # samling field -> header as written in the file
    ignored: list[str]  # columns nothing reads: reported by name, so that nothing is dropped unseen
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line number, values)
    # the form service's own columns samling does not need (ID, Start time, $submission_id) and
    # the ones the user said to ignore with --map "Column=ignore"
    unused: list[str] = field(default_factory=list)

    @property
    def is_workbook(self) -> bool:
        return self.encoding == "xlsx"

    def where(self, line: int) -> str:
        """How a person finds the row: "line 4" in a CSV file, "row 4" in a workbook."""
        return f"{'row' if self.is_workbook else 'line'} {line}"


#: What Microsoft Forms writes in its own Name and Email columns when the form is open to anyone
ANONYMOUS = frozenset({"anonymous", "anonym", "anoniem", "anonymt"})


def _pick(name: str, candidates: list[str]) -> str:
    """The first value given; for an email, the first that looks like an address."""
    given = [c for c in candidates if c and c.casefold() not in ANONYMOUS]
    if name == "email":
        return next((c for c in given if "@" in c), given[0] if given else "")
    return given[0] if given else ""


_SERVICE_FIELDS = frozenset({"name", "email"})


def _match_questions(
    headers: list[str],
    aliases: dict[str, set[str]],
    columns: dict[str, str],
    positions: dict[str, list[int]],
    ignored: list[str],
) -> None:
    """Forms name a column by its question ("Hvilket møde?", "Vilket bibliotek arbetar du på?"):
    a header no alias matches exactly is taken for a field when one of that field's words stands
    in it as a whole word, only one field fits, and the field has no column yet, or is the name
    or email, which Microsoft Forms has columns of its own for (empty or "anonymous": the
    first real value wins)."""
    for position, header in enumerate(headers):
        text = header.strip()
        if text not in ignored:
            continue
        normalized = normalize_header(text)
        fits = {
            name
            for name, words in aliases.items()
            if (name not in columns or name in _SERVICE_FIELDS)
            and any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", normalized) for word in words)
        }
        if len(fits) > 1 and "question" in fits:
            fits = {"question"}  # "Vragen voor de bijeenkomst", "Spørsmål til møtet": a question
        if len(fits) == 1:
            name = fits.pop()
            columns.setdefault(name, text)
            positions.setdefault(name, []).append(position)
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


IGNORE = "ignore"


def parse_mapping(given: list[str] | None, fields: set[str]) -> dict[str, str]:
    """``--map "Kolumn=field"`` options as {normalized header: field or "ignore"}."""
    mapping: dict[str, str] = {}
    for item in given or []:
        header, sep, name = item.rpartition("=")
        name = name.strip().casefold().replace("-", "_").replace(" ", "_")
        if not sep or not header.strip():
            raise InvalidInput(f"--map: {item!r} is not COLUMN=FIELD", 'e.g. --map "Kosthold=diet"')
        if name not in fields and name != IGNORE:
            raise InvalidInput(
                f"--map: {item!r}: {name!r} is not a field samling reads",
                f"use one of: {', '.join(sorted(fields))}, or {IGNORE}",
            )
        mapping[normalize_header(header)] = name
    return mapping


def _cell(value: object) -> str:
    """A workbook cell as text: a date and time as ISO 8601 (never ambiguous), 3.0 as 3."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook_rows(path: Path, data: bytes) -> list[list[str]]:
    """The first sheet of an .xlsx file (Microsoft Forms' export), as rows of text."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as error:  # a damaged or foreign zip fails in many ways inside openpyxl
        raise InvalidInput(
            f"{path}: cannot be read as an Excel workbook ({error})", "save it again from Excel as .xlsx or as CSV"
        ) from None


def read_table(
    path: Path,
    aliases: dict[str, set[str]],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    mapping: dict[str, str] | None = None,
    metadata: frozenset[str] = frozenset(),
) -> Table:
    """Read ``path`` (CSV, or the first sheet of an .xlsx workbook); ``aliases`` maps each samling
    field to the headers that mean it, ``mapping`` (from ``--map``) says what other headers are,
    ``metadata`` names the form service's own columns that are known and not needed."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as error:
        raise InvalidInput(f"{path}: cannot be read ({error.strerror})") from None
    mapping = mapping or {}
    if data.startswith(b"PK\x03\x04"):  # a zip: an Excel workbook
        sheet = _workbook_rows(path, data)
        return _table(path, "xlsx", "", sheet, list(range(1, len(sheet) + 1)), aliases, mapping, metadata)
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
    grid: list[list[str]] = []
    numbers: list[int] = []
    while True:
        line = reader.line_num + 1 + skip
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise InvalidInput(f"{path}: line {line}: {error}") from None
        grid.append(cells)
        numbers.append(line)
    return _table(path, used_encoding, delimiter, grid, numbers, aliases, mapping, metadata)


def _table(
    path: Path,
    encoding: str,
    delimiter: str,
    grid: list[list[str]],
    numbers: list[int],
    aliases: dict[str, set[str]],
    mapping: dict[str, str],
    metadata: frozenset[str],
) -> Table:
    """Columns recognised, rows as {field: value}: the part of reading that CSV and xlsx share."""
    if not grid or not any(cell.strip() for cell in grid[0]):
        raise InvalidInput(f"{path}: the file is empty", "the first line must name the columns")
    headers = grid[0]
    lookup = {alias: name for name, names in aliases.items() for alias in names}
    columns: dict[str, str] = {}
    positions: dict[str, list[int]] = {}
    ignored: list[str] = []
    unused: list[str] = []
    found = {normalize_header(h) for h in headers}
    missing = [header for header in mapping if header not in found]
    if missing:
        shown = ", ".join(h.replace("\ufeff", "").strip() for h in headers if h.strip())
        raise InvalidInput(
            f"{path}: --map names {', '.join(repr(m) for m in missing)}, which is not a column of the file",
            f"its columns are: {shown}",
        )
    for position, header in enumerate(headers):
        normalized = normalize_header(header)
        shown = header.replace("\ufeff", "").strip()
        name = mapping.get(normalized) or lookup.get(normalized)
        if name == IGNORE or (name is None and normalized in metadata):
            unused.append(shown)
        elif name:
            # Several columns can mean one field: Microsoft Forms exports its own Name and Email
            # (empty, or "anonymous") beside the form's questions "Navn" and "E-post".
            columns.setdefault(name, shown)
            positions.setdefault(name, []).append(position)
        elif shown:
            ignored.append(shown)
    _match_questions(headers, aliases, columns, positions, ignored)
    table = Table(path, encoding, delimiter, columns, ignored, unused=unused)
    for line, cells in zip(numbers[1:], grid[1:], strict=True):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: _pick(name, [_text(cells[i]) for i in where if i < len(cells)]) for name, where in positions.items()
        }
        table.rows.append((line, values))
    return table
