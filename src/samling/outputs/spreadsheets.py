"""Lists for a spreadsheet, as Excel opens them in the network's language: CSV in UTF-8 with a
BOM (without one Excel reads UTF-8 as Windows-1252: "Ã…sa"), separated by ``;`` where the
decimal comma makes it Excel's list separator (sv, nb, da, nl) and by ``,`` in English, with
CRLF line ends; or an .xlsx workbook. A text cell that a spreadsheet would run as a formula is
made inert in both."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from samling.errors import InvalidInput
from samling.outputs.writer import spreadsheet_cell

if TYPE_CHECKING:
    from samling.domain.people import OrganizationRow, ParticipantRow
    from samling.domain.status import RegistrationList, StatusReport
    from samling.outputs.handouts import SessionList

BOM = "\ufeff"
#: Excel's list separator in each language's countries (Windows' regional settings)
DELIMITERS = {"sv": ";", "nb": ";", "da": ";", "nl": ";", "en": ","}
# characters an .xlsx file cannot hold (XML 1.0): control characters other than tab, LF, CR
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Cell = str | int | float | bool | None


@dataclass
class Sheet:
    """One list: a title (the workbook's sheet name), the column names and the rows."""

    title: str
    columns: list[str]
    rows: list[list[Cell]]


def inert(value: Cell) -> Cell:
    """A cell Excel, LibreOffice and Google Sheets show as text (``writer.spreadsheet_cell``: a
    leading ``'`` before ``=``, ``+``, ``-``, ``@``, tab or CR); numbers and empty cells as they are."""
    if isinstance(value, str):
        text = spreadsheet_cell(value)
        assert isinstance(text, str)
        return text
    return value


def delimiter_for(language: str, given: str | None = None) -> str:
    """``--delimiter`` as given (``tab`` for a tab), else the one Excel expects in the language."""
    if given is None:
        return DELIMITERS.get(language, ",")
    named = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}
    value = named.get(given.casefold(), given)
    if len(value) != 1 or value in "\"'\r\n" or value.isalnum():
        raise InvalidInput(f"--delimiter: {given!r} cannot separate columns", "use ; or , or tab")
    return value


def to_csv(sheet: Sheet, delimiter: str) -> bytes:
    """The list as CSV bytes for Excel: BOM, the delimiter, CRLF, every text cell inert."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([inert(c) for c in sheet.columns])
    for row in sheet.rows:
        writer.writerow(["" if c is None else inert(c) for c in row])
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The lists as one workbook, a sheet each; every text cell is a string, never a formula."""
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
                    cell.value = _ILLEGAL.sub("", value)
                    cell.data_type = "s"  # a string, always: openpyxl takes "=..." for a formula
                else:
                    cell.value = value
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
    """An export written where the organizer asked, atomically (a temporary file, then rename)."""
    from samling.store.files import write_atomic

    if not path.parent.is_dir():
        raise InvalidInput(f"{path}: the folder {path.parent} does not exist", "create it, or name another file")
    write_atomic(path, data)


def _number(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _when(value: object) -> str | None:
    return None if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)


# --- the lists --------------------------------------------------------------------------------


REGISTRATION_COLUMNS = (
    "participant", "name", "email", "organization", "organization_name", "member", "session", "status",
    "position", "online", "late", "fee", "fee_reason", "diet", "note", "seq", "registered_at", "attended",
)  # fmt: skip


def _value(value: object) -> Cell:
    if isinstance(value, Decimal):
        return _number(value)
    if value is None or isinstance(value, str | int | float | bool):
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
        [
            [f.organization, f.name, f.participants, f.free, f.paying, _number(f.amount)]
            for f in report.fees.per_organization
        ],
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
