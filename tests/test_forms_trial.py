"""What a new organizer found trying `samling registrations import` and `samling participant import`
on real exports: each defect, as the organizer met it."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from conftest import MEETING, samling

from samling.store import Store


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


# --- 1. --delimiter by name, as the exports take it


@pytest.mark.parametrize("command", ["registrations", "participant"])
@pytest.mark.parametrize(("given", "separator"), [("tab", "\t"), ("comma", ","), ("semicolon", ";"), (";", ";")])
def test_delimiter_by_name(net: Path, command: str, given: str, separator: str) -> None:
    header = ["Tidstämpel", "E-post", "Namn", "Organisation"]
    row = ["2026-01-20 10:00", "ny@example.se", "Ny Person", "Växjö kommun"]
    if command == "participant":
        header, row = header[1:], row[1:]
    write("form.csv", separator.join(header) + "\n" + separator.join(row) + "\n")
    data = samling(command, "import", "form.csv", "--delimiter", given, "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["delimiter"] == separator


@pytest.mark.parametrize("command", ["registrations", "participant"])
@pytest.mark.parametrize("given", ["", "xx", "a", '"'])
def test_a_bad_delimiter_is_one_line(net: Path, command: str, given: str) -> None:
    write("form.csv", "E-post;Namn\nny@example.se;Ny\n")
    result = samling(command, "import", "form.csv", "--delimiter", given, ok=False)
    assert result.exit_code == 2
    assert f"error: --delimiter: {given!r} cannot separate columns" in result.stderr
    assert "hint: use ; or , or tab" in result.stderr


# --- 2. an answer imported before, after the organizer corrected the address


def test_a_corrected_address_does_not_make_a_second_person(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation;Frågor\n"
        "2026-01-20 10:00;nyy@exmaple.se;Ny Person;Växjö kommun;Om e-böcker\n",
    )
    samling("registrations", "import", form)
    samling("participant", "edit", "ny-person", "--email", "ny@example.se")
    out = samling("registrations", "import", form).stdout
    assert "line 2: Ny Person: skipped (imported before)" in out
    assert "nyy@exmaple.se is not the address on record (ny@example.se)" in out
    store = Store(net)
    assert sorted(store.participants.ids()) == sorted(
        ["asa-oberg", "bjorn-odegard", "cecilia-ungerback", "elna-hansson", "lina-holmer", "ny-person"]
    )
    assert len(store.questions(MEETING).load_all()) == 1


def test_a_new_address_with_a_registered_name_is_pointed_out(net: Path) -> None:
    samling("register", "asa-oberg")
    form = write(
        "form.csv", "Tidstämpel;E-post;Namn;Organisation\n2026-01-25 10:00;asa@privat.se;Åsa Öberg;Växjö kommun\n"
    )
    out = samling("registrations", "import", form).stdout
    assert "asa-oberg (asa@example.se) of the same name is registered too" in out
    assert "`samling participant merge asa-oberg asa-oberg-2`" in out


# --- 3. a known person's empty fields are filled in; the phone is stored


def test_a_known_person_gets_organization_phone_and_language_from_the_form(net: Path) -> None:
    samling("participant", "add", "Utan Org", "--email", "utan@example.se")
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation;Telefon;Språk\n"
        "2026-01-20 10:00;utan@example.se;Utan Org;Lessebo kommun;070-123 45 67;norska\n"
        "2026-01-20 10:05;asa@example.se;Åsa Öberg;Lessebo kommun;;\n"
        "2026-01-20 10:10;ny@example.se;Ny Person;Lessebo kommun;+46 70 765 43 21;\n",
    )
    out = samling("registrations", "import", form).stdout
    assert "Utan Org: registered, session vaxjo; language, organization, phone filled in on the record" in out
    assert "the form says organization 'Lessebo kommun', the record 'Växjö kommun' (kept)" in out
    store = Store(net)
    utan = store.participants.load("utan-org")
    assert (utan.organization, utan.phone, utan.language) == ("lessebo-kommun", "070-123 45 67", "nb")
    registration = store.registrations(MEETING).load("utan-org")
    assert (registration.member, registration.organization) == (True, "lessebo-kommun")  # a member, not waiting
    assert store.participants.load("asa-oberg").organization == "vaxjo-kommun"
    assert store.participants.load("ny-person").phone == "+46 70 765 43 21"
    again = samling("registrations", "import", form).stdout
    assert "Utan Org: skipped (imported before)" in again
    # someone registered by hand, whose record lacks a phone
    samling("register", "lina-holmer")
    later = write(
        "later.csv", "Tidstämpel;E-post;Namn;Organisation;Telefon\n2026-02-01 10:00;lina@example.se;Lina;;0470-1\n"
    )
    assert (
        "Lina Holmér: already registered; phone filled in on the record"
        in samling("registrations", "import", later).stdout
    )
    assert Store(net).participants.load("lina-holmer").phone == "0470-1"


def test_someone_new_answering_twice_in_one_export(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation;Telefon;Kostönskemål\n"
        "2026-01-20 10:00;ny@example.se;Ny Person;Växjö kommun;;\n"
        "2026-01-21 10:00;ny@example.se;Ny Person;Växjö kommun;0470-1;vegan\n",
    )
    out = samling("registrations", "import", form).stdout
    assert "line 3: Ny Person: already registered; diet; phone filled in on the record" in out
    assert Store(net).registrations(MEETING).load("ny-person").diet == "vegan"
    assert Store(net).participants.load("ny-person").phone == "0470-1"


def test_someone_new_whose_first_answer_was_refused(net: Path) -> None:
    samling("venue", "add", "Lessebo bibliotek", "--id", "lessebo", "--city", "Lessebo")
    samling("session", "add", MEETING, "--date", "2026-03-19", "--venue", "lessebo")
    samling("session", "cancel", "lessebo", "--meeting", MEETING)
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation;Pass\n"
        "2026-01-20 10:00;ny@example.se;Ny Person;Växjö kommun;lessebo\n"
        "2026-01-21 10:00;ny@example.se;Ny Person;Växjö kommun;vaxjo\n",
    )
    out = samling("registrations", "import", form).stdout
    assert "line 2: Ny Person: refused: session lessebo" in out
    assert "line 3: Ny Person (new participant): registered, session vaxjo" in out
    assert Store(net).participants.load("ny-person").email == "ny@example.se"
    assert samling("check").exit_code == 0


# --- 4. --map wins over a column found by its header


def test_map_wins_and_the_other_column_is_reported(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation;Anmäld;Privat e-post\n"
        "2026-01-28 09:00;ny@example.se;Ny Person;Växjö kommun;2026-01-20 08:00;ny@privat.se\n",
    )
    data = samling("registrations", "import", form, "--map", "Anmäld=timestamp", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["timestamp"] == "2026-01-20T08:00:00+01:00"
    assert data["columns"]["timestamp"] == "Anmäld"
    assert {
        "header": "Tidstämpel",
        "field": "timestamp",
        "chosen": "Anmäld",
        "fallback": False,
        "mapped": True,
    } in data["second_columns"]
    out = samling("registrations", "import", form, "--map", "Privat e-post=email", "--dry-run").stdout
    assert "Not imported: 'E-post'; --map takes email from 'Privat e-post'" in out
    data = samling("registrations", "import", form, "--map", "Privat e-post=email", "--json").json()
    assert isinstance(data, dict)
    assert Store(net).participants.load("ny-person").email == "ny@privat.se"


def test_two_maps_for_one_field_are_refused(net: Path) -> None:
    form = write("form.csv", "Tidstämpel;E-post;Namn;A;B\n2026-01-20 10:00;ny@example.se;Ny;x;y\n")
    result = samling("registrations", "import", form, "--map", "A=note", "--map", "B=note", ok=False)
    assert "--map: columns 'A' and 'B' are both mapped to note" in result.stderr


# --- 5. headers as forms ask them


@pytest.mark.parametrize(
    "header",
    [
        "Deltar du på plats eller online?",
        "Deltager du fysisk eller online?",
        "Hvor deltar du?",
        "Deltar du fysisk eller på nett?",
    ],
)
def test_a_header_asking_on_site_or_online_is_the_online_column(net: Path, header: str) -> None:
    form = write(
        "form.csv",
        f"Tidstämpel;E-post;Namn;Organisation;{header}\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Online via Teams\n"
        "2026-01-20 10:01;lina@example.se;Lina Holmér;Växjö kommun;På plats\n",
    )
    data = samling("registrations", "import", form, "--json").json()
    assert isinstance(data, dict)
    assert data["columns"]["online"] == header
    registrations = Store(net).registrations(MEETING)
    assert registrations.load("asa-oberg").online is True
    assert registrations.load("lina-holmer").online is False


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Arbejdsplads", "organization"),
        ("Arbeidsplass", "organization"),
        ("Virksomhed", "organization"),
        ("Myndighet", "organization"),
        ("Werkgever", "organization"),
        ("Affiliation", "organization"),
        ("Bemærkninger", "note"),
        ("Anmerkninger", "note"),
        ("Emailadresse", "email"),
        ("Mobilnummer", "phone"),
    ],
)
def test_more_headers(net: Path, header: str, field: str) -> None:
    columns = {"timestamp": "Tidsstempel", "name": "Navn", "email": "E-post", "organization": "Organisation"}
    columns[field] = header
    values = {"timestamp": "2026-01-20 10:00", "name": "Ny Person", "email": "ny@example.dk"}
    values |= {"organization": "Växjö kommun", "note": "x", "phone": "12345678"}
    names = list(columns)
    write("form.csv", ";".join(columns[n] for n in names) + "\n" + ";".join(values[n] for n in names) + "\n")
    data = samling("registrations", "import", "form.csv", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["columns"][field] == header
    assert data["ignored_columns"] == []


def test_no_organization_column_is_refused_until_said(net: Path) -> None:
    form = write("form.csv", "Tidstämpel;E-post;Namn;Arbeitsstelle\n2026-01-20 10:00;ny@example.se;Ny Person;KB\n")
    result = samling("registrations", "import", form, ok=False)
    assert result.exit_code == 2
    assert "no organization column (found: 'Tidstämpel', 'E-post', 'Namn', 'Arbeitsstelle')" in result.stderr
    assert "1 new person would have no organization and wait as a non-member" in result.stderr
    assert '--map "Column=organization"' in result.stderr
    assert not (net / "participants" / "ny-person.toml").exists()
    samling("registrations", "import", form, "--map", "Arbeitsstelle=organization")
    assert Store(net).registrations(MEETING).load("ny-person").status == "registered"
    # known people only: nothing to refuse
    form = write("known.csv", "Tidstämpel;E-post;Namn\n2026-01-20 10:00;asa@example.se;Åsa Öberg\n")
    samling("registrations", "import", form)
    form = write("new.csv", "Tidstämpel;E-post;Namn\n2026-01-20 10:00;x@example.se;X\n")
    out = samling("registrations", "import", form, "--without-organization").stdout
    assert "X (new participant): waitlisted (position 1), session vaxjo" in out


# --- 6. every column the import does not read is named


def test_columns_not_needed_and_second_columns_are_reported(net: Path) -> None:
    form = write(
        "form.csv",
        "ID;Tidstämpel;Senast ändrad;E-post;Namn;Arbetsplats;Kommun;Övrigt;Övrigt\n"
        "1;2026-01-20 10:00;;ny@example.se;Ny Person;;Solna;note A;note B\n",
    )
    out = samling("registrations", "import", form, "--dry-run").stdout
    assert "Not needed: 'ID'\n" in out  # Senast ändrad: read, for edited answers
    assert "Not imported: 'Kommun', a second column for organization (read from 'Arbetsplats')" in out
    assert "Not imported: 'Övrigt', a second column for note (read from 'Övrigt')" in out
    data = samling("registrations", "import", form, "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert [(c["header"], c["field"]) for c in data["second_columns"]] == [
        ("Kommun", "organization"),
        ("Övrigt", "note"),
    ]


def test_microsoft_forms_own_name_and_email_columns(net: Path) -> None:
    """The JSON names the column the values came from; the service's own one is a fallback."""
    form = write(
        "form.csv",
        "ID;Starttid;Sluttid;E-post;Namn;Ditt namn;Din e-postadress;Organisation\n"
        "1;2026-01-20 10:00;2026-01-20 10:05;anonymous;anonymous;Ny Person;ny@example.se;Växjö kommun\n"
        "2;2026-01-20 11:00;2026-01-20 11:05;anonymous;anonymous;Ny Två;ny2@example.se;Växjö kommun\n",
    )
    data = samling("registrations", "import", form, "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["columns"]["name"] == "Ditt namn" and data["columns"]["email"] == "Din e-postadress"
    assert {(c["header"], c["fallback"]) for c in data["second_columns"]} == {("E-post", True), ("Namn", True)}
    out = samling("registrations", "import", form, "--dry-run").stdout
    assert "Column 'Namn': read for name only where 'Ditt namn' is empty" in out
    assert "Not needed: 'ID', 'Starttid'" in out


def test_an_anonymous_answer_says_the_form_asked_no_address(net: Path) -> None:
    form = write(
        "form.csv",
        "ID;Sluttid;E-post;Namn;Organisation\n1;2026-01-20 10:05;anonymous;anonymous;Växjö kommun\n",
    )
    result = samling("registrations", "import", form, ok=False)
    assert "line 2: email: empty: the form collected no email address" in result.stderr
    assert "@-sign" not in result.stderr


# --- 7. "Last, First" only when it is one


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Öberg, Åsa", "Åsa Öberg"),
        ("van der Berg, Jan", "Jan van der Berg"),
        ("Lindqvist, Maja Lena", "Maja Lena Lindqvist"),
        ("Eva Lind, KB", "Eva Lind, KB"),
        ("Anna Svensson, bibliotekarie", "Anna Svensson, bibliotekarie"),
        ("Lind, Eva, fil.dr", "Lind, Eva, fil.dr"),
        ("KB, Eva", "KB, Eva"),
        ("ÖBERG, ÅSA", "ÅSA ÖBERG"),
        ("Öberg, Åsa Maria", "Åsa Maria Öberg"),
    ],
)
def test_last_first_is_swapped_only_when_it_is_one(written: str, name: str) -> None:
    from samling.imports.members import row_name

    assert row_name({"name": written}) == name


# --- 8. dates after now; an answer imported before, after unregistering


def test_an_answer_from_the_future_is_pointed_out(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation\n2026-02-08 10:00;asa@example.se;Åsa Öberg;Växjö kommun\n",
    )
    out = samling("registrations", "import", form).stdout
    assert "sent 2026-02-08 10:00, which is after now: is the date right?" in out
    assert "Warning: 1 answer dated after now" in out


def test_the_answer_that_registered_someone_unregistered_since_was_imported_before(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation\n2026-02-05 10:00;ny@example.se;Ny Person;Växjö kommun\n",
    )
    samling("registrations", "import", form)
    samling("unregister", "ny-person")  # now, 2026-02-01: before the answer's (future) date
    out = samling("registrations", "import", form).stdout
    assert "Ny Person: skipped (imported before; unregistered since, on 2026-02-01)" in out
    assert "answered again after unregistering" not in out


# --- 9. files that are not what they say


@pytest.mark.parametrize("command", ["registrations", "participant"])
def test_an_old_xls_or_a_protected_workbook(net: Path, command: str) -> None:
    Path("form.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = samling(command, "import", "form.xlsx", ok=False)
    assert result.exit_code == 2
    assert "an old .xls workbook, or a password-protected (or sensitivity-labelled) one" in result.stderr
    assert "save it as .xlsx" in result.stderr
    assert "Ð" not in result.stderr


def test_no_email_column_lists_every_column_and_no_escapes(net: Path) -> None:
    write("form.csv", "Tidstämpel;Namn;\x1b[31mSkostorlek\x1b[0m;Organisation\n2026-01-20 10:00;Ny;42;KB\n")
    result = samling("registrations", "import", "form.csv", ok=False)
    assert "no email column (found: 'Tidstämpel', 'Namn', 'Skostorlek', 'Organisation')" in result.stderr
    assert "\x1b" not in result.stderr


# --- 10. cells of any length


def test_overlong_cells_are_reported_by_row(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Organisation;Kost;Frågor\n"
        f"2026-01-20 10:00;ny@example.se;{'N' * 5000};KB;;\n"
        f"2026-01-20 10:01;ny2@example.se;Ny Två;KB;{'d' * 20000};{'q' * 50000}\n",
    )
    result = samling("registrations", "import", form, ok=False)
    assert "line 2: name: 5,000 characters (at most 200)" in result.stderr
    assert "line 3: diet: 20,000 characters (at most 500)" in result.stderr
    assert "line 3: question: 50,000 characters (at most 5,000)" in result.stderr
    members = write("m.csv", f"Namn;E-post\n{'N' * 300};ny@example.se\n")
    assert "line 2: name: 300 characters" in samling("participant", "import", members, ok=False).stderr


# --- 12. Excel serial dates


def test_an_excel_serial_date(net: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Completion time", "Email", "Name", "Organization"])
    sheet.append([46042.4375, "ny@example.se", "Ny Person", "Växjö kommun"])  # 20 January 2026, 10:30
    book.save("form.xlsx")
    data = samling("registrations", "import", "form.xlsx", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["timestamp"] == "2026-01-20T10:30:00+01:00"


# --- 13. small things


def test_month_first_and_day_first_together_are_refused(net: Path) -> None:
    form = write("form.csv", "Tidstämpel;E-post;Namn\n2026-01-20 10:00;asa@example.se;Åsa\n")
    result = samling("registrations", "import", form, "--month-first", "--day-first", ok=False)
    assert result.exit_code == 2
    assert "--month-first and --day-first contradict each other" in result.stderr


def test_every_answer_refused_is_a_failure(net: Path) -> None:
    samling("cancel", MEETING)
    form = write("form.csv", "Tidstämpel;E-post;Namn\n2026-01-20 10:00;asa@example.se;Åsa\n")
    result = samling("registrations", "import", form, ok=False)
    assert result.exit_code == 6
    assert "line 2: Åsa Öberg: refused: meeting" in result.stdout
    assert "error: nothing was imported: every answer was refused (1 answer)" in result.stderr


def test_the_move_hint_is_one_command(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidstämpel;E-post;Namn;Deltar du på plats eller online?\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;På plats\n"
        "2026-01-21 10:00;asa@example.se;Åsa Öberg;Online\n",
    )
    out = samling("registrations", "import", form).stdout
    assert f"move them with `samling register asa-oberg --meeting {MEETING} --update --session vaxjo --online`" in out


def test_one_new_participant_and_one_new_organization(net: Path) -> None:
    form = write("form.csv", "Tidstämpel;E-post;Namn;Organisation\n2026-01-20 10:00;ny@example.se;Ny;Nytt bibliotek\n")
    assert "1 new participant." in samling("registrations", "import", form).stdout
    members = write("m.csv", "Namn;E-post;Organisation\nNy Två;ny2@example.se;Ett till bibliotek\n")
    assert "1 new organization (" in samling("participant", "import", members).stdout


# --- 11. linear time: the import's own way of seating people agrees with register_in


@pytest.mark.parametrize("seed", range(8))
def test_the_fast_seating_agrees_with_register_in(net: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from samling.imports.seating import Seating

    chance = random.Random(seed)
    orgs = ["Växjö kommun", "Lessebo kommun", "Företaget AB", "Nytt bibliotek", ""]
    sessions = ["vaxjo"]
    if seed >= 3:  # two sessions, one of them with two seats; some answer for a session called off
        samling("venue", "add", "Lessebo bibliotek", "--id", "lessebo", "--capacity", "2", "--city", "Lessebo")
        samling("session", "add", MEETING, "--date", "2026-03-19", "--venue", "lessebo")
        samling("session", "add", MEETING, "--date", "2026-03-26", "--venue", "lessebo", "--session", "extra")
        samling("session", "cancel", "extra", "--meeting", MEETING)
        sessions = ["vaxjo", "lessebo", "lessebo", "extra"]
    lines = ["Tidstämpel;E-post;Namn;Organisation;Deltar du på plats eller online?;Pass;Frågor"]
    start = dt.datetime(2026, 1, 10, 9, 0)
    for n in range(40):
        at = start + dt.timedelta(hours=chance.randint(0, 900))
        how = chance.choice(["På plats", "På plats", "Online"])
        who = chance.randint(0, 30)  # some answer twice
        question = chance.choice(["", "", f"Fråga {n}"])
        lines.append(
            f"{at:%Y-%m-%d %H:%M};p{who}@example.se;Person {who};{chance.choice(orgs)};{how};"
            f"{chance.choice(sessions)};{question}"
        )
    write("form.csv", "\n".join(lines) + "\n")
    if seed % 2:
        samling("register", "asa-oberg", "--session", "vaxjo")
        samling("register", "elna-hansson", "--session", "vaxjo")  # a non-member, waiting
    if seed % 3 == 0:
        monkeypatch.setenv("SAMLING_NOW", "2026-02-27T09:00:00")  # after the deadline: non-members may come
    fast = samling("registrations", "import", "form.csv", "--late", "--dry-run", "--json").json()
    monkeypatch.setattr(Seating, "fast", False)
    slow = samling("registrations", "import", "form.csv", "--late", "--dry-run", "--json").json()
    assert isinstance(fast, dict) and isinstance(slow, dict)
    assert fast["rows"] == slow["rows"]
    assert any(r["action"] == "waitlisted" for r in fast["rows"])


def test_a_member_list_without_an_organization_column_is_pointed_out(net: Path) -> None:
    members = write("m.csv", "Namn;E-post;Arbeitsstelle\nNy Person;ny@example.se;KB\n")
    out = samling("participant", "import", members).stdout
    assert "Warning: no organization column: 1 new participant without an organization" in out
    assert "Not imported, columns samling does not know: 'Arbeitsstelle'" in out
