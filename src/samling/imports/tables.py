"""Reading CSV files as people really have them: Excel exports in Windows-1252 or UTF-8 with a
BOM, semicolons (the Nordic Excel default) or commas, headers in the network's language."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from samling import text
from samling.errors import InvalidInput

DELIMITERS = (";", ",", "\t")
#: The longest cell samling takes for a field: a name of 5,000 characters is a column mixed up
#: (or a pasted document), not a name; the row is reported instead of filling the records.
LIMITS = {
    "name": 200,
    "first_name": 200,
    "infix": 50,
    "last_name": 200,
    "email": 254,  # RFC 5321
    "organization": 200,
    "language": 50,
    "phone": 50,
    "diet": 500,
    "session": 200,
    "online": 200,
    "note": 5000,
    "question": 5000,
}


# Control characters other than tab and line feed (and CR, which ends a line) have no place in a
# name or an answer; a web form passes on whatever was typed or pasted. (Only the characters: the
# printable rest of an escape sequence stays visible, for the organizer to see what came.)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text(cell: str) -> str:
    """A cell as samling keeps it: stripped, without control characters."""
    return _CONTROL.sub("", cell).strip()


def shown_header(header: str) -> str:
    """A header as samling prints it: without a BOM, escape sequences or control characters."""
    return text.plain(header.replace("\ufeff", "")).strip()


def parse_delimiter(given: str | None) -> str | None:
    """``--delimiter`` as given: one character, or ``tab``, ``comma``, ``semicolon`` (as the
    exports' ``--delimiter`` takes them); None to guess it from the first line."""
    if given is None:
        return None
    value = text.named_delimiter(given)
    if value is None:
        raise InvalidInput(
            f"--delimiter: {given!r} cannot separate columns", "use ; or , or tab (or leave it out: it is guessed)"
        )
    return value


def overlong(values: dict[str, str]) -> list[str]:
    """What is too long in a row, as ``field: N characters (at most M)``."""
    return [
        f"{name}: {len(value):,} characters (at most {LIMITS[name]:,}); is it the right column?"
        for name, value in values.items()
        if name in LIMITS and len(value) > LIMITS[name]
    ]


@dataclass(frozen=True)
class SecondColumn:
    """A column that means a field another column already gives: reported, never dropped unseen."""

    header: str
    field: str
    chosen: str  # the column the field's values come from
    fallback: bool  # read only where the chosen one is empty (Microsoft Forms' own Name and Email)
    mapped: bool = False  # the chosen one was named with --map


@dataclass
class Table:
    path: Path
    encoding: str  # "xlsx" for a workbook
    delimiter: str  # "" for a workbook
    columns: dict[str, str]  # samling field -> the header of the column its values came from
    ignored: list[str]  # columns nothing reads: reported by name, so that nothing is dropped unseen
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line number, values)
    # the form service's own columns samling does not need (ID, Start time, $submission_id) and
    # the ones the user said to ignore with --map "Column=ignore"
    unused: list[str] = field(default_factory=list)
    # a second column for a field (Kommun beside Organisation, Övrigt twice, Microsoft Forms' own
    # Name beside the form's "Ditt namn"), and a column --map said another one replaces
    seconds: list[SecondColumn] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # every header, as shown_header prints it
    # the values of the columns nothing reads (``ignored``), row by row as ``rows``: a column a
    # form names by a question samling does not know may still be recognised by its answers
    unread: dict[str, list[str]] = field(default_factory=dict)
    # what else the organizer should see beside the columns (a new organization like a known one)
    notes: list[str] = field(default_factory=list)

    @property
    def is_workbook(self) -> bool:
        return self.encoding == "xlsx"

    def where(self, line: int) -> str:
        """How a person finds the row: "line 4" in a CSV file, "row 4" in a workbook."""
        return f"{'row' if self.is_workbook else 'line'} {line}"


#: What Microsoft Forms writes in its own Name and Email columns when the form is open to anyone
ANONYMOUS = frozenset({"anonymous", "anonym", "anoniem", "anonymt"})


def _pick(name: str, candidates: list[tuple[int, str]]) -> tuple[int | None, str]:
    """The first value given, and its column; for an email, the first that looks like an address.
    Microsoft Forms' "anonymous" is no value (the form did not ask who answered)."""
    given = [(p, c) for p, c in candidates if c and c.casefold() not in ANONYMOUS]
    if name == "email":
        given = [c for c in given if "@" in c[1]] or given
    return given[0] if given else (None, "")


_SERVICE_FIELDS = frozenset({"name", "email"})

# A header that asks "on site or online?" names the online column, whatever else it names: "Deltar
# du på plats eller online?" has the session's "plats", "Deltager du fysisk eller online?" the
# name's "deltager". Both kinds of word in one header is the question.
_ON_SITE = re.compile(
    r"(?<!\w)(på plats|plats|på stedet|fysisk\w*|fysiek\w*|on site|in person|i person|op locatie)(?!\w)"
)
_ONLINE = re.compile(r"(?<!\w)(online|digital\w*|på nett(?:et)?|nett|remote|teams|zoom|distans|på afstand)(?!\w)")


def asks_online(normalized: str) -> bool:
    """Whether a header asks how the person takes part: on site or online."""
    return bool(_ON_SITE.search(normalized) and _ONLINE.search(normalized))


def asks_yes_online(header: str) -> bool:
    """Whether a header asks a yes-or-no "online?" ("Online", "Deltar du digitalt?"), so that
    "Ja" means online; under "Fysisk eller online?" or "Deltagelse" it says neither."""
    normalized = normalize_header(header)
    return bool(_ONLINE.search(normalized)) and not _ON_SITE.search(normalized)


def _match_questions(
    headers: list[str],
    aliases: dict[str, set[str]],
    taken: set[str],
    found: dict[str, list[int]],
    ignored: list[str],
) -> None:
    """Forms name a column by its question ("Hvilket møde?", "Vilket bibliotek arbetar du på?"):
    a header no alias matches exactly is taken for a field when one of that field's words stands
    in it as a whole word, only one field fits, and the field has no column yet (``taken``), or
    is the name or email, which Microsoft Forms has columns of its own for (empty or "anonymous":
    the first real value wins). A header asking "on site or online?" is the online column."""
    for position, header in enumerate(headers):
        text = shown_header(header)
        if text not in ignored:
            continue
        normalized = normalize_header(text)
        fits = {
            name
            for name, words in aliases.items()
            if (name not in taken or name in _SERVICE_FIELDS)
            and any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", normalized) for word in words)
        }
        if "online" in aliases and "online" not in taken and asks_online(normalized):
            fits = {"online"}
        if len(fits) > 1 and "question" in fits:
            fits = {"question"}  # "Vragen voor de bijeenkomst", "Spørsmål til møtet": a question
        if len(fits) > 1 and "session" in fits:
            fits -= {"name"}  # "Hvilket møde deltager du i?": which meeting, not the participant
        if len(fits) == 1:
            name = fits.pop()
            found.setdefault(name, []).append(position)
            if name not in _SERVICE_FIELDS:
                taken.add(name)
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
    delimiter = parse_delimiter(delimiter)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE2: Excel 97-2003's .xls, or an .xlsx encrypted by a password or a sensitivity label
        raise InvalidInput(
            f"{path}: an old .xls workbook, or a password-protected (or sensitivity-labelled) one",
            "open it in Excel and save it as .xlsx (without a password or label) or as CSV",
        )
    if data.startswith(b"PK\x03\x04"):  # a zip: an Excel workbook
        sheet = _workbook_rows(path, data)
        return _table(path, "xlsx", "", sheet, list(range(1, len(sheet) + 1)), aliases, mapping, metadata)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding:
        raise InvalidInput(
            f"{path}: not a CSV file or an Excel workbook (it holds binary data)",
            "save it from the spreadsheet or the form service as .xlsx or CSV",
        )
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
    """Columns recognised, rows as {field: value}: the part of reading that CSV and xlsx share.

    Which column gives a field: the one named with ``--map`` (the user knows best: a column found
    by its header is then a second one), else the first found. A second column is not read, and
    reported (``Table.seconds``), except the name and email: Microsoft Forms adds its own (empty,
    or "anonymous") beside the form's questions, so each row takes the first real value, and the
    column that gave most of them is the one reported as read."""
    if not grid or not any(cell.strip() for cell in grid[0]):
        raise InvalidInput(f"{path}: the file is empty", "the first line must name the columns")
    headers = grid[0]
    shown = [shown_header(h) for h in headers]
    lookup = {alias: name for name, names in aliases.items() for alias in names}
    ignored: list[str] = []
    unused: list[str] = []
    normalized = [normalize_header(h) for h in shown]
    missing = [header for header in mapping if header not in normalized]
    if missing:
        raise InvalidInput(
            f"{path}: --map names {', '.join(repr(m) for m in missing)}, which is not a column of the file",
            f"its columns are: {', '.join(_short(h) for h in shown if h)}",
        )
    mapped: dict[str, int] = {}  # field -> the column --map names for it
    found: dict[str, list[int]] = {}  # field -> columns found by their header, in order
    for position, header in enumerate(shown):
        name = mapping.get(normalized[position])
        if name == IGNORE:
            unused.append(header)
            continue
        if name is not None:
            if name in mapped and normalized[mapped[name]] != normalized[position]:
                raise InvalidInput(
                    f"--map: columns {shown[mapped[name]]!r} and {header!r} are both mapped to {name}",
                    "map one column to each field (and the other one to ignore, if it is not needed)",
                )
            if name in mapped:  # the same header twice: the first one is meant
                found.setdefault(name, []).append(position)
            else:
                mapped[name] = position
            continue
        name = lookup.get(normalized[position])
        if name is None and normalized[position] in metadata:
            unused.append(header)
        elif name:
            found.setdefault(name, []).append(position)
        elif header:
            ignored.append(header)
    _match_questions(headers, aliases, set(mapped) | set(found), found, ignored)
    reading, seconds = _reading(mapped, found)
    table = Table(path, encoding, delimiter, {}, ignored, unused=unused, headers=shown)
    gave: dict[int, int] = {}  # column -> rows whose value it gave
    for line, cells in zip(numbers[1:], grid[1:], strict=True):
        if not any(cell.strip() for cell in cells):
            continue
        values: dict[str, str] = {}
        for name, where in reading.items():
            source, value = _pick(name, [(i, _text(cells[i])) for i in where if i < len(cells)])
            values[name] = value
            if source is not None:
                gave[source] = gave.get(source, 0) + 1
        table.rows.append((line, values))
        _keep_unread(table, shown, cells)
    for name, where in reading.items():
        # the column the values came from: the one that gave most of them (the first on a tie)
        chosen = max(where, key=lambda p: (gave.get(p, 0), -p))
        table.columns[name] = shown[chosen]
        seconds += [(p, name, True) for p in where if p != chosen]
    table.seconds = [
        SecondColumn(shown[p], name, table.columns[name], fallback, mapped=name in mapped)
        for p, name, fallback in sorted(seconds)
    ]
    return table


def _keep_unread(table: Table, shown: list[str], cells: list[str]) -> None:
    for position, header in enumerate(shown):
        if header in table.ignored:
            table.unread.setdefault(header, []).append(_text(cells[position]) if position < len(cells) else "")


def _reading(
    mapped: dict[str, int], found: dict[str, list[int]]
) -> tuple[dict[str, list[int]], list[tuple[int, str, bool]]]:
    """Which columns are read for each field; the rest are second columns (position, field, and
    whether it is read where the first is empty)."""
    reading: dict[str, list[int]] = {}
    seconds: list[tuple[int, str, bool]] = []
    for name in [*mapped, *(n for n in found if n not in mapped)]:
        candidates = found.get(name, [])
        if name in mapped:
            reading[name] = [mapped[name]]
            seconds += [(p, name, False) for p in candidates]
        elif name in _SERVICE_FIELDS:
            reading[name] = candidates
        else:
            reading[name] = candidates[:1]
            seconds += [(p, name, False) for p in candidates[1:]]
    return reading, seconds


def _short(header: str, width: int = 40) -> str:
    return header if len(header) <= width else header[: width - 1] + "…"


def column_report(table: Table, fields: str) -> list[str]:
    """What the import did not read, in lines for the organizer: every column by name (unknown,
    not needed, a second one for a field), so that nothing is dropped unseen. ``fields`` is the
    hint's examples ("diet, note, question, ...")."""
    lines = []
    if table.ignored:
        lines.append(f"Not imported, columns samling does not know: {', '.join(repr(c) for c in table.ignored)}")
        lines.append(f'  say what one is with --map "{table.ignored[0]}=FIELD" ({fields}) or =ignore')
    for second in table.seconds:
        if second.fallback:
            lines.append(f"Column {second.header!r}: read for {second.field} only where {second.chosen!r} is empty")
        elif second.mapped:
            lines.append(f"Not imported: {second.header!r}; --map takes {second.field} from {second.chosen!r}")
        else:
            lines.append(
                f"Not imported: {second.header!r}, a second column for {second.field} "
                f'(read from {second.chosen!r}); choose with --map "{second.header}={second.field}" or =ignore'
            )
    if table.unused:
        lines.append(f"Not needed: {', '.join(repr(c) for c in table.unused)}")
    lines += [f"Warning: {note}" for note in table.notes]
    return lines
