"""Every listing's --csv opens in Excel as the network's language has it: UTF-8 with a BOM, `;`
for sv, nb, da and nl and `,` for en (or --delimiter), no cell a formula; and --xlsx."""

from __future__ import annotations

import csv
import io
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
