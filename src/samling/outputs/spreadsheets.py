"""Lists for a spreadsheet, as Excel opens them in the network's language: CSV in UTF-8 with a
BOM (without one Excel reads UTF-8 as Windows-1252: "Ã…sa"), separated by ``;`` where the
decimal comma makes it Excel's list separator (sv, nb, da, nl) and by ``,`` in English, with
CRLF line ends; or an .xlsx workbook.

In CSV a number is written as that Excel reads one (``12,5`` with the decimal comma), yes and no
as the language's words (``ja``/``nej``), and control characters and escape sequences are left
out. A text cell that a spreadsheet would run as a formula is made inert: a leading ``'``
(OWASP's advice), except for a value of only digits, spaces, ``+``, ``-`` and parentheses (a
phone number, ``+46 8 123 45 67``). Such a value can only ever be arithmetic on numbers (no
function, no cell, no link), so it gets an invisible zero-width space instead, which Excel shows
as nothing where it would show the ``'``; the cell is text either way. In a workbook numbers and
booleans are real ones and every text cell is a string, never a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from samling import text as samling_text
from samling.errors import InvalidInput
from samling.outputs.writer import spreadsheet_cell

if TYPE_CHECKING:
    from samling.domain.people import OrganizationRow, ParticipantRow
    from samling.domain.status import RegistrationList, StatusReport
    from samling.outputs.handouts import SessionList

BOM = "\ufeff"
#: Excel's list separator in each language's countries (Windows' regional settings)
DELIMITERS = {"sv": ";", "nb": ";", "da": ";", "nl": ";", "en": ","}
#: the decimal separator Excel reads a number with there (the reason for the ``;`` above)
DECIMAL_SEPARATORS = {"sv": ",", "nb": ",", "da": ",", "nl": ",", "en": "."}
#: yes and no in a CSV cell: words an organizer filters on (``1``/``0`` would read as counts)
YES_NO = {
    "sv": ("ja", "nej"),
    "nb": ("ja", "nei"),
    "da": ("ja", "nej"),
    "nl": ("ja", "nee"),
    "en": ("yes", "no"),
}
# What no cell should hold: escape sequences (CSI, and OSC/DCS/... up to their end), then any
# other C0 or C1 control character and DEL, except tab and line feed (a line break in a cell),
# and the two non-characters an .xlsx file's XML cannot hold.
#: a text that can only be arithmetic on numbers if run as a formula: a phone number
_ARITHMETIC = re.compile(r"[+\-][0-9 ()+\-]*[0-9][0-9 ()+\-]*")
#: a text of digits Excel would turn into a number, losing a leading zero or showing 4.51E+09:
#: a phone number without + (0612345678, 45 12 34 56 78)
_DIGITS = re.compile(r"0[0-9 ]*[0-9]|[0-9][0-9 ]{7,}")
#: shows as nothing, and makes the cell text: Excel starts a formula only at its first character
ZERO_WIDTH_SPACE = "\u200b"

Cell = str | int | float | Decimal | bool | None


@dataclass
class Sheet:
    """One list: a title (the workbook's sheet name), the column names and the rows."""

    title: str
    columns: list[str]
    rows: list[list[Cell]]


def clean(text: str) -> str:
    """``text`` without escape sequences and control characters (a line break kept as LF)."""
    if text.isprintable():  # the common case, at C speed
        return text
    return samling_text.plain(text.replace("\r\n", "\n").replace("\r", "\n"))


def inert(value: str) -> str:
    """A cell Excel, LibreOffice and Google Sheets show as text: one that would start a formula
    (``=``, ``+``, ``-``, ``@``, a tab or line break first) gets a leading ``'``
    (``writer.spreadsheet_cell``), a phone number (``+46 8 123``, ``0612345678``) a zero-width
    space, so that it stays text (its + and leading zero kept) without a visible apostrophe."""
    if _ARITHMETIC.fullmatch(value) or _DIGITS.fullmatch(value):
        return ZERO_WIDTH_SPACE + value
    if value.startswith("\n"):  # as a CR (a cell break to some readers): a line break first
        return "'" + value
    text = spreadsheet_cell(value)
    assert isinstance(text, str)
    return text


def csv_text(value: Cell, language: str) -> str:
    """One CSV cell as Excel in ``language`` reads it: numbers with its decimal separator, yes and
    no in its words, text cleaned and inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = YES_NO.get(language, YES_NO["en"])
        return yes if value else no
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        # "f": never 1E+3 or 1e-05, which Excel would not read as the amount
        amount = Decimal(str(value)) if isinstance(value, float) else value
        if amount == amount.to_integral_value():
            return str(int(amount))  # 901, not 901,0 beside 900
        return format(amount, "f").replace(".", DECIMAL_SEPARATORS.get(language, "."))
    return inert(clean(value))


def delimiter_for(language: str, given: str | None = None) -> str:
    """``--delimiter`` as given (``tab`` for a tab), else the one Excel expects in the language."""
    if given is None:
        return DELIMITERS.get(language, ",")
    value = samling_text.named_delimiter(given)
    if value is None:
        raise InvalidInput(f"--delimiter: {given!r} cannot separate columns", "use ; or , or tab")
    return value


def to_csv(sheet: Sheet, delimiter: str, language: str = "en") -> bytes:
    """The list as CSV bytes for Excel in ``language``: BOM, the delimiter, CRLF, every cell as
    ``csv_text`` writes it (a cell holding the delimiter, ``12,5`` with ``--delimiter ,``, quoted)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_text(c, language) for c in sheet.columns])
    for row in sheet.rows:
        writer.writerow([csv_text(c, language) for c in row])
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The lists as one workbook, a sheet each: numbers and booleans real ones, every text cell
    a string (never a formula) without control characters."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for blank in list(book.worksheets):
        book.remove(blank)
    for sheet in sheets:
        # a sheet's name: at most 31 characters, none of []:*?/\
        page = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", sheet.title)[:31] or "Sheet")
        grid: list[list[Cell]] = [list(sheet.columns), *sheet.rows]
        for n, row in enumerate(grid, start=1):
            for m, value in enumerate(row, start=1):
                cell = page.cell(row=n, column=m)
                if isinstance(value, str):
                    cell.value = clean(value)
                    cell.data_type = "s"  # a string, always: openpyxl takes "=..." for a formula
                else:
                    cell.value = _number(value) if isinstance(value, Decimal) else value
                if n == 1:
                    cell.font = Font(bold=True)
        page.freeze_panes = "A2"
        for m, name in enumerate(sheet.columns, start=1):
            width = max([len(str(name)), *(len(str(r[m - 1] or "")) for r in sheet.rows[:200])])
            page.column_dimensions[page.cell(row=1, column=m).column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_file(path: Path, data: bytes) -> None:
    """An export written where the organizer asked, atomically (a temporary file, then rename).
    Only a regular file is replaced: a folder, a device (``/dev/full``), a pipe or a socket at
    the name is refused, as a link is by ``write_atomic``."""
    import os
    import stat

    from samling.store.files import write_atomic

    if path == Path():  # "" (and "."): Typer makes both the current folder
        raise InvalidInput("--xlsx needs a file name", "name the workbook, e.g. --xlsx list.xlsx")
    if not path.parent.is_dir():
        raise InvalidInput(f"{path}: the folder {path.parent} does not exist", "create it, or name another file")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        pass
    except OSError as error:
        raise OSError(error.errno, error.strerror, os.fspath(path)) from None
    else:
        if stat.S_ISDIR(mode):
            raise InvalidInput(f"{path} is a folder", f"name a file in it, e.g. {path / 'list.xlsx'}")
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise InvalidInput(f"{path} is not a regular file; samling does not replace it", "name another file")
    try:
        write_atomic(path, data)
    except OSError as error:
        # the error names the temporary file (".list.xlsx.30ab...tmp"): name the one asked for
        raise OSError(error.errno, error.strerror, os.fspath(path)) from None


def _number(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _when(value: object) -> str | None:
    return None if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)


# --- the lists --------------------------------------------------------------------------------


REGISTRATION_COLUMNS = (
    "participant", "name", "email", "organization", "organization_name", "member", "session", "status",
    "position", "online", "late", "fee", "fee_reason", "diet", "note", "seq", "registered_at", "attended", "role",
)  # fmt: skip


def _value(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | Decimal | bool):
        return value
    return _when(value)


def registrations_sheet(listing: RegistrationList) -> Sheet:
    """The columns of ``registrations --json``, in its order (the fees in ``listing.currency``)."""
    rows = [[_value(getattr(r, name)) for name in REGISTRATION_COLUMNS] for r in listing.registrations]
    return Sheet("Registrations", list(REGISTRATION_COLUMNS), rows)


def participants_sheet(people: list[ParticipantRow]) -> Sheet:
    columns = ["id", "name", "email", "organization", "organization_name", "language", "diet", "phone"]
    rows: list[list[Cell]] = [
        [
            r.id,
            r.participant.name,
            r.participant.email,
            r.participant.organization,
            r.organization_name,
            r.participant.language,
            r.participant.diet,
            r.participant.phone,
        ]
        for r in people
    ]
    return Sheet("Participants", columns, rows)


def organizations_sheet(organizations: list[OrganizationRow]) -> Sheet:
    columns = ["id", "name", "member", "participants", "email", "contact", "city"]
    rows: list[list[Cell]] = [
        [
            r.id,
            r.organization.name,
            r.organization.member,
            r.participants,
            r.organization.email,
            r.organization.contact,
            r.organization.city,
        ]
        for r in organizations
    ]
    return Sheet("Organizations", columns, rows)


STATUS_SHEETS = ("sessions", "fees", "catering")


def status_sheets(report: StatusReport, catering: list[SessionList]) -> dict[str, Sheet]:
    """The status screen as three lists: the sessions' seats, the fees per organization (for the
    finance office) and the catering order (per session and diet, with whose it is)."""
    sessions = Sheet(
        "Sessions",
        [
            "session",
            "date",
            "start",
            "end",
            "venue",
            "seats",
            "on_site",
            "online",
            "free",
            "waiting",
            "lunch",
            "coffee",
            "cancelled",
        ],
        [
            [
                s.id,
                s.date.isoformat(),
                s.start,
                s.end,
                s.venue_name,
                s.capacity,
                s.on_site,
                s.online,
                s.free,
                s.waitlisted,
                s.catering.lunch,
                s.catering.coffee,
                s.cancelled,
            ]
            for s in report.sessions
        ],
    )
    fees = Sheet(
        "Fees",
        ["organization", "name", "participants", "free", "paying", f"amount ({report.fees.currency})"],
        [[f.organization, f.name, f.participants, f.free, f.paying, f.amount] for f in report.fees.per_organization],
    )
    order: list[list[Cell]] = []
    for session in catering:
        special = sum(len(names) for _, names in session.special_diets)
        order.append([session.id, session.date.isoformat(), "standard", session.on_site - special, ""])
        for diet, names in session.special_diets:
            order.append([session.id, session.date.isoformat(), diet, len(names), ", ".join(names)])
    return {
        "sessions": sessions,
        "fees": fees,
        "catering": Sheet("Catering", ["session", "date", "diet", "lunch", "who"], order),
    }
