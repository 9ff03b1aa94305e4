"""`samling participant import`: member lists as people really have them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import samling

from samling.store import Store

SWEDISH = (
    "Namn;E-post;Bibliotek;Specialkost\n"
    "Bjørn Ødegård;bjorn@example.se;Växjö kommun;\n"
    "Åsa Öberg;asa@example.se;Nya Biblioteket i Ljungby;vegan\n"
)


@pytest.mark.parametrize(
    ("encoding", "bom", "delimiter"),
    [
        ("utf-8", b"", ";"),
        ("utf-8", b"\xef\xbb\xbf", ";"),
        ("cp1252", b"", ";"),
        ("utf-8", b"", ","),
        ("cp1252", b"", ","),
    ],
)
def test_encodings_and_delimiters(net: Path, encoding: str, bom: bytes, delimiter: str) -> None:
    text = SWEDISH.replace("Bjørn", "Björn") if encoding == "cp1252" else SWEDISH  # ø exists in cp1252, ö too
    text = text.replace(";", delimiter)
    Path("members.csv").write_bytes(bom + text.replace("\n", "\r\n").encode(encoding))
    result = samling("participant", "import", "members.csv", "--json")
    data = result.json()
    assert data["delimiter"] == delimiter
    actions = {c["email"]: c["action"] for c in data["changes"]}
    # Bjørn's row says what his record says; in cp1252 his name is spelled Björn, which is a change.
    bjorn = "update" if encoding == "cp1252" else "unchanged"
    assert actions == {"bjorn@example.se": bjorn, "asa@example.se": "update"}
    store = Store(net)
    asa = store.participants.load("asa-oberg")
    assert asa.diet == "vegan"
    assert asa.organization == "nya-biblioteket-i-ljungby"
    assert store.organizations.load("nya-biblioteket-i-ljungby").name == "Nya Biblioteket i Ljungby"
    assert store.participants.load("bjorn-odegard").name == text.split("\n")[1].split(delimiter)[0]


@pytest.mark.parametrize(
    "header",
    [
        "Navn,E-post,Organisasjon",
        "Naam,E-mailadres,Organisatie",
        "Name,Email,Organization",
        "Navn;Mailadresse;Arbejdssted",
        "Förnamn;Efternamn;E-post;Bibliotek",
    ],
)
def test_headers_in_each_language(net: Path, header: str) -> None:
    sep = ";" if ";" in header else ","
    if "Efternamn" in header:
        row = sep.join(["Kari", "Nordmann", "kari@example.no", "Hamar bibliotek"])
    else:
        row = sep.join(["Kari Nordmann", "kari@example.no", "Hamar bibliotek"])
    Path("m.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    samling("participant", "import", "m.csv")
    kari = Store(net).participants.load("kari-nordmann")
    assert (kari.name, kari.email, kari.organization) == ("Kari Nordmann", "kari@example.no", "hamar-bibliotek")


def test_excel_unicode_text_export(net: Path) -> None:
    """Excel's "Unicode text" is UTF-16 with a BOM and tabs."""
    Path("m.txt").write_bytes(
        "Navn\tE-post\tBibliotek\nKari Nordmann\tkari@example.no\tHamar bibliotek\n".encode("utf-16")
    )
    data = samling("participant", "import", "m.txt", "--json").json()
    assert (data["encoding"], data["delimiter"]) == ("utf-16", "\t")
    assert Store(net).participants.load("kari-nordmann").organization == "hamar-bibliotek"


def test_unreadable_files_are_one_line(net: Path) -> None:
    Path("broken.csv").write_bytes(b"\xff\xfe\x00")  # a UTF-16 BOM, then half a character
    assert "cannot be read as it" in samling("participant", "import", "broken.csv", ok=False).stderr
    assert "cannot be read as it" in samling("registrations", "import", "broken.csv", ok=False).stderr
    Path("elf.csv").write_bytes(b"\x7fELF\x02\x01\x01\x00" * 20)
    for command in ("participant", "registrations"):
        error = samling(command, "import", "elf.csv", ok=False).stderr
        assert "elf.csv: not a CSV file or an Excel workbook (it holds binary data)" in error
        assert "ELF" not in error


def test_dry_run_writes_nothing(net: Path) -> None:
    before = sorted(p.name for p in Path("participants").iterdir())
    Path("m.csv").write_text("Name,Email\nKari Nordmann,kari@example.no\n", encoding="utf-8")
    result = samling("participant", "import", "m.csv", "--dry-run")
    assert "line 2: new kari-nordmann (Kari Nordmann <kari@example.no>)" in result.stdout
    assert "Nothing was written" in result.stdout
    assert sorted(p.name for p in Path("participants").iterdir()) == before


def test_reimport_updates_by_email_and_is_idempotent(net: Path) -> None:
    Path("m.csv").write_text(
        "Name,Email,Diet\nBjørn Ødegård,BJORN@example.se,vegetarian\nNy Person,ny@example.se,\n", encoding="utf-8"
    )
    first = samling("participant", "import", "m.csv", "--json").json()
    assert [c["action"] for c in first["changes"]] == ["update", "create"]
    assert first["changes"][0]["changed"] == ["diet"]
    second = samling("participant", "import", "m.csv", "--json").json()
    assert [c["action"] for c in second["changes"]] == ["unchanged", "unchanged"]
    assert len(Store(net).participants.ids()) == 6


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(net: Path) -> None:
    Path("m.csv").write_text(
        "Namn;E-post\nGod Rad;god@example.se\nUtan Adress;\nFel Adress;fel@\n"
        ";tomtnamn@example.se\nDubbel;god@example.se\n",
        encoding="utf-8",
    )
    result = samling("participant", "import", "m.csv", ok=False)
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 4 problems:"
    assert any(line.strip().startswith("m.csv: line 3: email:") for line in lines)
    assert any(line.strip().startswith("m.csv: line 4: email: value is not a valid email address") for line in lines)
    assert any(line.strip().startswith("m.csv: line 5: name: must not be empty") for line in lines)
    assert any(line.strip() == "m.csv: line 6: email: god@example.se is also on line 2" for line in lines)
    assert "nothing was imported" in result.stderr
    assert not Store(net).participants.exists("god-rad")


def test_multiline_cell_keeps_line_numbers_true(net: Path) -> None:
    Path("m.csv").write_text('Name,Email,Diet\n"A B",a@example.se,"no nuts\nno fish"\nC D,bad\n', encoding="utf-8")
    assert "m.csv: line 4: email:" in samling("participant", "import", "m.csv", ok=False).stderr


def test_excel_sep_line_and_missing_columns(net: Path) -> None:
    Path("m.csv").write_text("sep=,\nName,Email\nKari Nordmann,kari@example.no\n", encoding="utf-8")
    samling("participant", "import", "m.csv")
    Path("n.csv").write_text("Foo;Bar\n1;2\n", encoding="utf-8")
    assert "must name a name column and an email column" in samling("participant", "import", "n.csv", ok=False).stderr
    assert "no such file" in samling("participant", "import", "missing.csv", ok=False).stderr


def test_same_name_different_person_gets_a_suffix(net: Path) -> None:
    Path("m.csv").write_text("Name,Email\nÅsa Öberg,asa.other@example.se\n", encoding="utf-8")
    samling("participant", "import", "m.csv")
    assert Store(net).participants.load("asa-oberg-2").email == "asa.other@example.se"


def test_member_list_as_an_excel_workbook(net: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "Organisatie", "Taal", "Dieet"])
    sheet.append(["Jan", "de", "Vries", "jan@example.nl", "Bibliotheek Utrecht", "Nederlands", "vegetarisch"])
    sheet.append(["Anne", "van der", "Berg", "anne@example.nl", "Bibliotheek Utrecht", "engels", None])
    book.save("leden.xlsx")
    data = samling("participant", "import", "leden.xlsx", "--json").json()
    assert isinstance(data, dict)
    assert data["encoding"] == "xlsx"
    people = Store(net).participants
    jan = people.load("jan-de-vries")
    assert (jan.name, jan.language, jan.diet, jan.organization) == (
        "Jan de Vries",
        "nl",
        "vegetarisch",
        "bibliotheek-utrecht",
    )
    assert people.load("anne-van-der-berg").language == "en"


def test_bad_rows_of_a_workbook_are_named_by_row(net: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Namn", "E-post"])
    sheet.append(["Utan Adress", None])
    book.save("m.xlsx")
    assert "m.xlsx: row 2: email:" in samling("participant", "import", "m.xlsx", ok=False).stderr


@pytest.mark.parametrize(
    ("language", "code"),
    [("norska", "nb"), ("danska", "da"), ("engelska", "en"), ("Svenska", "sv"), ("Noors", "nb"), ("dansk", "da")],
)
def test_language_names_in_each_language(net: Path, language: str, code: str) -> None:
    Path("m.csv").write_text(f"Namn;E-post;Språk\nKari Nordmann;kari@example.no;{language}\n", encoding="utf-8")
    samling("participant", "import", "m.csv")
    assert Store(net).participants.load("kari-nordmann").language == code


def test_last_name_first_and_unknown_columns(net: Path) -> None:
    Path("m.csv").write_text(
        'Namn;E-post;Kosthold;Titel\n"Nordmann, Kari";kari@example.no;vegan;Bibliotekarie\n', encoding="utf-8"
    )
    out = samling("participant", "import", "m.csv").stdout
    assert "Not imported, columns samling does not know: 'Titel'" in out
    assert '--map "Titel=FIELD"' in out
    kari = Store(net).participants.load("kari-nordmann")
    assert (kari.name, kari.diet) == ("Kari Nordmann", "vegan")
    Path("n.csv").write_text(
        "Namn;E-post;Mobilnummer\nLina Holmér;lina@example.se;+46 70 123 45 67\n", encoding="utf-8"
    )
    data = samling("participant", "import", "n.csv", "--map", "Mobilnummer=phone", "--json").json()
    assert isinstance(data, dict)
    assert data["ignored_columns"] == []
    assert Store(net).participants.load("lina-holmer").phone == "+46 70 123 45 67"
