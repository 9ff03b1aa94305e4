"""Every listing's --csv opens in Excel as the network's language has it: UTF-8 with a BOM, `;`
for sv, nb, da and nl and `,` for en (or --delimiter), no cell a formula; and --xlsx."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MEETING, samling

FORMULA = ("=", "+", "-", "@")
# Excel's list separator in each language's countries: how it splits a double-clicked CSV
EXCEL_SEPARATOR = {"sv": ";", "nb": ";", "da": ";", "nl": ";", "en": ","}

LISTINGS = [
    ("registrations", "--csv"),
    ("participant", "list", "--csv"),
    ("participant", "find", "example", "--csv"),
    ("org", "list", "--csv"),
    ("status", "--csv"),
    ("status", "--csv", "--sheet", "fees"),
    ("status", "--csv", "--sheet", "catering"),
]


def excel_reads(data: bytes, language: str) -> list[list[str]]:
    """A CSV as Excel reads it when double-clicked: UTF-8 only with a BOM (else the ANSI code page),
    split by the locale's list separator; a leading ' makes a cell text."""
    assert data.startswith(b"\xef\xbb\xbf"), "no BOM: Excel reads UTF-8 as Windows-1252 (Ã…sa)"
    text = data[3:].decode("utf-8")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=EXCEL_SEPARATOR[language]))


def stdout_bytes(*args: str) -> bytes:
    return samling(*args).stdout.encode("utf-8")


def hostile(net: Path) -> None:
    samling("participant", "add", "=HYPERLINK(\"http://evil.example\",\"x\")", "--email", "evil@example.se",
            "--org", "vaxjo-kommun", "--diet", "+glutenfri", "--phone", "-1", "--id", "evil")  # fmt: skip
    samling("org", "add", "@Bibliotek", "--id", "at-bibliotek", "--city", "=1+1")
    samling("participant", "add", "Åsa Ödegård", "--email", "asa.o@example.se", "--org", "at-bibliotek")
    for pid in ("evil", "asa-oberg", "bjorn-odegard", "asa-odegard"):
        samling("register", pid, *(["--diet", "-laktosfri"] if pid == "asa-oberg" else []))


def set_language(net: Path, language: str) -> None:
    path = net / "samling.toml"
    text = path.read_text(encoding="utf-8").replace('language = "sv"', f'language = "{language}"')
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("language", ["sv", "nb", "da", "nl", "en"])
@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_each_csv_opens_in_excel(net: Path, language: str, args: tuple[str, ...]) -> None:
    hostile(net)
    set_language(net, language)
    rows = excel_reads(stdout_bytes(*args), language)
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows), "columns out of line"
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA)], "a cell Excel would run as a formula"
    if args[0] in ("registrations", "participant"):
        assert "Åsa Öberg" in cells
        assert '\'=HYPERLINK("http://evil.example","x")' in cells


def test_the_catering_order_and_the_fees(net: Path) -> None:
    hostile(net)
    catering = excel_reads(stdout_bytes("status", "--csv", "--sheet", "catering"), "sv")
    assert catering[0] == ["session", "date", "diet", "lunch", "who"]
    assert ["vaxjo", "2026-03-12", "'+glutenfri", "1", '\'=HYPERLINK("http://evil.example","x")'] in catering
    assert ["vaxjo", "2026-03-12", "standard", "1", ""] in catering
    fees = excel_reads(stdout_bytes("status", "--csv", "--sheet", "fees"), "sv")
    assert fees[0][-1] == "amount (SEK)"
    assert "is not one of" in samling("status", "--csv", "--sheet", "menu", ok=False).stderr


def test_delimiter_option(net: Path) -> None:
    data = stdout_bytes("participant", "list", "--csv", "--delimiter", "tab")
    assert (
        data.splitlines()[0] == b"\xef\xbb\xbfid\tname\temail\torganization\torganization_name\tlanguage\tdiet\tphone"
    )
    data = stdout_bytes("org", "list", "--csv", "--delimiter", ",")
    assert data.splitlines()[0].startswith(b"\xef\xbb\xbfid,name,member")
    bad = samling("org", "list", "--csv", "--delimiter", "ab", ok=False)
    assert "--delimiter: 'ab' cannot separate columns" in bad.stderr
    assert "--delimiter goes with --csv" in samling("org", "list", "--delimiter", ";", ok=False).stderr


def test_xlsx_opens_with_every_cell_as_text(net: Path) -> None:
    from openpyxl import load_workbook

    hostile(net)
    for args, sheets in [
        (("registrations",), ["Registrations"]),
        (("participant", "list"), ["Participants"]),
        (("org", "list"), ["Organizations"]),
        (("status",), ["Sessions", "Fees", "Catering"]),
        (("status", "--sheet", "catering"), ["Catering", "Sessions", "Fees"]),
    ]:
        target = Path("out.xlsx")
        out = samling(*args, "--xlsx", str(target)).stdout
        assert f"Wrote {target}." in out
        book = load_workbook(target)
        assert book.sheetnames == sheets
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value}"
        target.unlink()
    book = load_workbook(_write("registrations"))
    values = [[c.value for c in row] for row in book["Registrations"].iter_rows()]
    assert values[0][:3] == ["participant", "name", "email"]
    assert ["evil", '=HYPERLINK("http://evil.example","x")'] in [row[:2] for row in values]
    missing = samling("registrations", "--xlsx", "nowhere/out.xlsx", ok=False)
    assert "the folder nowhere does not exist" in missing.stderr


def _write(*args: str) -> Path:
    target = Path("list.xlsx")
    samling(*args, "--xlsx", str(target))
    return target


def test_csv_and_xlsx_at_once(net: Path) -> None:
    result = samling("registrations", MEETING, "--csv", "--xlsx", "r.xlsx")
    assert result.stdout.startswith("\ufeffparticipant;")
    assert "Wrote r.xlsx." in result.stderr
    assert Path("r.xlsx").exists()


def _column(rows: list[list[str]], name: str, key: str = "participant") -> dict[str, str]:
    """A column of a list as Excel reads it, by the row's first cell (its id)."""
    index = rows[0].index(name)
    return {row[rows[0].index(key)]: row[index] for row in rows[1:]}


@pytest.mark.parametrize(
    ("language", "amount"), [("sv", "12,5"), ("nb", "12,5"), ("da", "12,5"), ("nl", "12,5"), ("en", "12.5")]
)
def test_amounts_as_excel_reads_them_in_the_language(net: Path, language: str, amount: str) -> None:
    samling("meeting", "edit", MEETING, "--fee", "12.50")
    samling("register", "asa-oberg")
    samling("register", "bjorn-odegard")  # the second from Växjö kommun pays
    set_language(net, language)
    fees = _column(excel_reads(stdout_bytes("registrations", "--csv"), language), "fee")
    assert fees == {"asa-oberg": "0", "bjorn-odegard": amount}
    sheet = excel_reads(stdout_bytes("status", "--csv", "--sheet", "fees"), language)
    assert _column(sheet, "amount (SEK)", "organization") == {"vaxjo-kommun": amount}
    if language != "en":
        # a comma-separated list in a decimal-comma language: the amount is quoted, columns in line
        data = stdout_bytes("status", "--csv", "--sheet", "fees", "--delimiter", ",")
        assert b',"12,5"\r\n' in data
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows[1][-1] == "12,5" and len(rows[1]) == len(rows[0])
    from openpyxl import load_workbook

    book = load_workbook(_write("status"))
    assert [c.value for c in book["Fees"][2]][-1] == 12.5  # a number in the workbook


def test_registrations_have_the_role_column_of_json(net: Path) -> None:
    samling("register", "asa-oberg", "--role", "speaker")
    samling("register", "bjorn-odegard")
    json_rows = samling("registrations", "--json").json()["registrations"]  # type: ignore[index]
    rows = excel_reads(stdout_bytes("registrations", "--csv"), "sv")
    assert rows[0] == list(json_rows[0])  # the columns of --json, in its order
    assert _column(rows, "role") == {"asa-oberg": "speaker", "bjorn-odegard": ""}
    from openpyxl import load_workbook

    values = [[c.value for c in row] for row in load_workbook(_write("registrations"))["Registrations"].iter_rows()]
    assert values[0][-1] == "role"
    assert {row[0]: row[-1] for row in values[1:]} == {"asa-oberg": "speaker", "bjorn-odegard": None}


@pytest.mark.parametrize(
    ("language", "yes", "no"),
    [("sv", "ja", "nej"), ("nb", "ja", "nei"), ("da", "ja", "nej"), ("nl", "ja", "nee"), ("en", "yes", "no")],
)
def test_yes_and_no_in_the_languages_words(net: Path, language: str, yes: str, no: str) -> None:
    samling("register", "asa-oberg")
    samling("register", "elna-hansson", "--online")  # from a non-member
    samling("attended", "asa-oberg")
    set_language(net, language)
    rows = excel_reads(stdout_bytes("registrations", "--csv"), language)
    assert _column(rows, "member") == {"asa-oberg": yes, "elna-hansson": no}
    assert _column(rows, "online") == {"asa-oberg": no, "elna-hansson": yes}
    assert _column(rows, "attended") == {"asa-oberg": yes, "elna-hansson": ""}  # not yet known: empty
    orgs = excel_reads(stdout_bytes("org", "list", "--csv"), language)
    assert _column(orgs, "member", "id")["foretaget-ab"] == no
    sessions = excel_reads(stdout_bytes("status", "--csv"), language)
    assert _column(sessions, "cancelled", "session") == {"vaxjo": no}
    from openpyxl import load_workbook

    values = [[c.value for c in row] for row in load_workbook(_write("registrations"))["Registrations"].iter_rows()]
    member = values[0].index("member")
    assert {row[0]: row[member] for row in values[1:]} == {"asa-oberg": True, "elna-hansson": False}


def test_control_characters_are_left_out(net: Path) -> None:
    from samling.outputs.spreadsheets import clean, csv_text

    assert clean("a\ufffe\x01b\r\nc\rd\te") == "ab\nc\nd\te"  # \ufffe: not in an .xlsx file's XML
    assert csv_text("\r=1+1", "sv") == "'\n=1+1"  # a line break first is no way around the '
    samling(
        "participant", "add", "Bell\x07 Person", "--email", "bell@example.se", "--org", "vaxjo-kommun", "--id", "bell"
    )
    samling("participant", "edit", "bell", "--diet", "Veg\x1b[31man\x1b]0;title\x07\x9b2J")
    samling("register", "bell", "--note", "one\r\ntwo\x00")
    for args in (("participant", "list", "--csv"), ("registrations", "--csv")):
        data = stdout_bytes(*args)
        assert {c for c in data.decode("utf-8") if c < " " or "\x7f" <= c <= "\x9f"} <= {"\r", "\n"}
        rows = excel_reads(data, "sv")
        assert _column(rows, "name", rows[0][0])["bell"] == "Bell Person"
        assert _column(rows, "diet", rows[0][0])["bell"] == "Vegan"
    note = _column(excel_reads(stdout_bytes("registrations", "--csv"), "sv"), "note")["bell"]
    assert note == "one\ntwo"  # a line break in the cell, as Excel's Alt+Enter makes it
    from openpyxl import load_workbook

    values = [[c.value for c in row] for row in load_workbook(_write("registrations"))["Registrations"].iter_rows()]
    bell = next(row for row in values if row[0] == "bell")
    assert bell[values[0].index("name")] == "Bell Person"
    assert bell[values[0].index("diet")] == "Vegan"


def test_a_phone_number_shows_as_written_and_stays_inert(net: Path) -> None:
    from samling.outputs.spreadsheets import ZERO_WIDTH_SPACE, csv_text

    for phone in ("+46 8 123 45 67", "+46701234567", "+46 (0)8-123 45", "-1", "+1-2"):
        # only digits and + - ( ): at worst arithmetic on numbers; text by an invisible first character
        assert csv_text(phone, "sv") == ZERO_WIDTH_SPACE + phone
    for phone in ("0612345678", "08 123 45 67", "4512345678", "45 12 34 56 78"):
        # digits Excel would make a number of (the leading zero lost, or 4.51E+09): text as well
        assert csv_text(phone, "nl") == ZERO_WIDTH_SPACE + phone
    assert (csv_text(901.0, "da"), csv_text(Decimal("900.00"), "da"), csv_text(450.5, "da")) == ("901", "900", "450,5")
    for number in ("12345", "2026", "1 000"):  # a postal code, a year: as they are
        assert csv_text(number, "sv") == number
    for formula in ("+A1", "-2+3*A1", "+46 8 123 =1", "+1;2", "=1+1", "@SUM(1)", "-", "+", "+ -"):
        assert csv_text(formula, "sv") == "'" + formula
    samling("participant", "edit", "asa-oberg", "--phone", "+46 8 123")
    rows = excel_reads(stdout_bytes("participant", "list", "--csv"), "sv")
    assert _column(rows, "phone", "id")["asa-oberg"] == "\u200b+46 8 123"
    from openpyxl import load_workbook

    values = [
        [c.value for c in row] for row in load_workbook(_write("participant", "list"))["Participants"].iter_rows()
    ]
    assert next(row for row in values if row[0] == "asa-oberg")[-1] == "+46 8 123"  # a text cell as it is


@pytest.mark.parametrize(
    "args",
    [
        ("registrations", "--json", "--csv"),
        ("registrations", "--json", "--xlsx", "r.xlsx"),
        ("participant", "list", "--json", "--csv"),
        ("participant", "find", "oberg", "--csv", "--json"),
        ("participant", "find", "nobody", "--csv", "--json"),
        ("org", "list", "--json", "--csv"),
        ("org", "list", "--json", "--xlsx", "o.xlsx"),
        ("status", "--csv", "--json"),
        ("status", "--json", "--xlsx", "s.xlsx"),
    ],
    ids=" ".join,
)
def test_two_outputs_at_once_are_refused(net: Path, args: tuple[str, ...]) -> None:
    result = samling(*args, ok=False)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: --json and --") and "\nhint: " in result.stderr
    assert not list(Path().glob("*.xlsx"))


def test_options_that_need_csv(net: Path) -> None:
    for args in (("status", "--sheet", "fees"), ("status", "--json", "--sheet", "fees")):
        result = samling(*args, ok=False)
        assert (result.exit_code, result.stderr) == (
            2,
            "error: --sheet goes with --csv (or --xlsx)\nhint: add --csv, or leave --sheet out\n",
        )
    for args in (("status", "--delimiter", ";"), ("registrations", "--json", "--delimiter", ";")):
        assert "error: --delimiter goes with --csv" in samling(*args, ok=False).stderr


def test_xlsx_needs_a_regular_file(net: Path, tmp_path: Path) -> None:
    import os

    for given, message in [
        ("", "error: --xlsx needs a file name\n"),
        (".", "error: --xlsx needs a file name\n"),
        (str(tmp_path), f"error: {tmp_path} is a folder\n"),
    ]:
        result = samling("org", "list", "--xlsx", given, ok=False)
        assert result.exit_code == 2
        assert result.stderr.startswith(message) and result.stderr.count("\n") == 2, result.stderr
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # a device or a pipe at the name stays what it is
    result = samling("status", MEETING, "--xlsx", str(fifo), ok=False)
    assert result.stderr.startswith(f"error: {fifo} is not a regular file; samling does not replace it\n")
    assert fifo.is_fifo()
    existing = Path("old.xlsx")
    existing.write_bytes(b"old")
    samling("org", "list", "--xlsx", str(existing))  # a regular file is replaced
    assert existing.read_bytes().startswith(b"PK")


def test_a_failed_write_names_the_file_given(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from samling.store import files

    def refuse(path: Path, data: bytes, **_: object) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(path.parent / f".{path.name}.30ab12.tmp"))

    monkeypatch.setattr(files, "write_atomic", refuse)
    result = samling("registrations", MEETING, "--xlsx", "list.xlsx", ok=False)
    assert result.stderr.splitlines()[0] == "error: Permission denied: list.xlsx"
    assert ".tmp" not in result.stderr


def test_at_no_fee_an_extra_is_no_free_place(net: Path) -> None:
    text = (net / "samling.toml").read_text(encoding="utf-8").replace("fee = 450", "fee = 0")
    (net / "samling.toml").write_text(text, encoding="utf-8")
    samling("register", "asa-oberg")
    samling("register", "bjorn-odegard")
    reasons = _column(excel_reads(stdout_bytes("registrations", "--csv"), "sv"), "fee_reason")
    assert reasons == {"asa-oberg": "free", "bjorn-odegard": "extra"}
    fees = excel_reads(stdout_bytes("status", "--csv", "--sheet", "fees"), "sv")
    assert fees[1] == ["vaxjo-kommun", "Växjö kommun", "2", "1", "1", "0"]
    assert "paying" not in samling("status", MEETING).stdout  # the screen: nobody owes money
