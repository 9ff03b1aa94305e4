"""`samling registrations import` with real exports: Microsoft Forms (.xlsx), Google Forms and
Nettskjema (CSV), each in the five languages (tests/forms/, written by tests/forms/make_forms.py
from the services' documented layouts)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import MEETING, samling

from samling.store import Store

FORMS = Path(__file__).resolve().parent / "forms"
EXPORTS = sorted(p.name for p in FORMS.iterdir() if p.suffix in (".csv", ".xlsx"))
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DINNER = {"sv": "Middag på kvällen?", "nb": "Middag?", "da": "Middag?", "nl": "Diner?", "en": "Dinner?"}


def files(root: Path) -> dict[str, bytes]:
    """Every record of the folder and its bytes (hidden files, locks and outputs left out)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


def first_answers(name: str, count: int, target: Path) -> Path:
    """The export as it was earlier, with its first ``count`` answers (a cumulative export grows)."""
    source = FORMS / name
    if source.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(source)
        sheet = book.active
        assert sheet is not None
        sheet.delete_rows(count + 2, sheet.max_row)
        book.save(target)
    else:
        data = source.read_bytes()
        lines = data.split(b"\r\n")
        target.write_bytes(b"\r\n".join(lines[: count + 1]) + b"\r\n")
    return target


def test_there_is_an_export_for_each_service_and_language() -> None:
    assert len(EXPORTS) == 15
    assert {n.split("-")[0] for n in EXPORTS} == {"microsoft", "google", "nettskjema"}


@pytest.mark.parametrize("name", EXPORTS)
def test_a_real_export_from_each_service_and_language(net: Path, name: str) -> None:
    language = Path(name).stem.split("-")[1]
    data = samling("registrations", "import", str(FORMS / name), "--json").json()
    assert isinstance(data, dict)
    assert [(r["participant"], r["action"]) for r in data["rows"]] == [
        ("asa-oberg", "registered"),
        ("kari-nordmann", "registered"),  # from a library new to the network: a member, seats are free
        ("jan-de-vries", "registered"),  # Dutch: Voornaam | Tussenvoegsel | Achternaam
        ("asa-oberg", "updated"),  # a second answer: a new diet and a question
    ]
    # the dinner question samling does not know is reported by name, never dropped unseen
    assert data["ignored_columns"] == [DINNER[language]]
    assert data["month_first"] is name.startswith("google-en")
    store = Store(net)
    registrations = store.registrations(MEETING)
    asa = registrations.load("asa-oberg")
    # arrival is the completion time (not Microsoft Forms' start time, not the time of the import)
    assert asa.registered_at == dt.datetime(2026, 1, 20, 10, 15, 22, tzinfo=STOCKHOLM)
    assert asa.diet == "vegan"  # the later answer's, for the catering order
    kari = registrations.load("kari-nordmann")
    assert (kari.status, kari.member, kari.organization) == ("registered", True, "hamar-bibliotek")
    assert store.organizations.load("hamar-bibliotek").member is True
    jan = registrations.load("jan-de-vries")
    assert jan.online and jan.status == "registered"
    assert store.participants.load("jan-de-vries").name == "Jan de Vries"
    assert [(q.by, q.text, q.asked_at) for q in store.questions(MEETING).load_all().values()] == [
        (
            "asa-oberg",
            "How do other libraries handle interlibrary loans?",
            dt.datetime(2026, 1, 25, 8, 0, tzinfo=STOCKHOLM),
        )
    ]
    # the same export again: every answer is recognised, nothing is written
    before = files(net)
    again = samling("registrations", "import", str(FORMS / name), "--json").json()
    assert isinstance(again, dict)
    assert [r["action"] for r in again["rows"]] == ["skipped"] * 4
    assert files(net) == before
    assert samling("check").exit_code == 0


@pytest.mark.parametrize("service", ["microsoft-nb.xlsx", "google-sv.csv", "nettskjema-nb.csv"])
def test_a_cumulative_export_applies_only_what_is_new_and_never_undoes_a_cancellation(net: Path, service: str) -> None:
    early = first_answers(service, 2, Path("early" + Path(service).suffix))
    first = samling("registrations", "import", str(early)).stdout
    assert "Imported: 2 registered" in first
    samling("register", "bjorn-odegard")  # by hand, between the two exports
    samling("unregister", "kari-nordmann")
    out = samling("registrations", "import", str(FORMS / service)).stdout
    assert "Åsa Öberg: skipped (imported before)" in out
    # the answer that registered her, imported before: not an answer after unregistering
    assert "Kari Nordmann: skipped (imported before; unregistered since, on 2026-02-01)" in out
    assert "answered again after unregistering" not in out
    assert "Jan de Vries (new participant): registered online" in out
    assert "Åsa Öberg: already registered; diet, question added" in out
    registrations = Store(net).registrations(MEETING)
    assert registrations.load("kari-nordmann").status == "cancelled"
    # Jan answered before Bjørn registered by hand, but arrived later (his answer is in the later export)
    assert registrations.load("jan-de-vries").seq > registrations.load("bjorn-odegard").seq
    before = files(net)
    assert (
        "0 registered, 0 waitlisted, 0 updated, 4 skipped"
        in samling("registrations", "import", str(FORMS / service)).stdout
    )
    assert files(net) == before


def test_a_late_second_answer_with_a_question_is_taken(net: Path) -> None:
    Path("form.csv").write_text(
        "Tidsstämpel;E-postadress;Namn;Kostönskemål;Frågor till mötet\n"
        "2026-01-20 10:15:22;asa@example.se;Åsa Öberg;;\n"
        "2026-02-27 08:00:00;asa@example.se;Åsa Öberg;laktosfri;Kan vi prata om e-böcker?\n"
        "2026-02-27 09:00:00;lina@example.se;Lina Holmér;;\n",
        encoding="utf-8",
    )
    out = samling("registrations", "import", "form.csv").stdout
    assert "line 3: Åsa Öberg: already registered; diet, question added" in out
    assert "line 4: Lina Holmér: refused: registration for" in out  # a new registration after the deadline
    store = Store(net)
    assert store.registrations(MEETING).load("asa-oberg").diet == "laktosfri"
    assert [q.text for q in store.questions(MEETING).load_all().values()] == ["Kan vi prata om e-böcker?"]


def test_an_ambiguous_date_stops_the_import_and_names_the_column(net: Path) -> None:
    Path("form.csv").write_text(
        "Date,E-post,Navn\n1/2/2026 10:00:00,asa@example.se,Åsa Öberg\n2/1/2026 11:00:00,lina@example.se,Lina\n",
        encoding="utf-8",
    )
    result = samling("registrations", "import", "form.csv", ok=False)
    assert result.exit_code == 2
    assert "column 'Date': a date like 1/2/2026 may be day first or month first" in result.stderr
    assert "--day-first or --month-first" in result.stderr
    assert not (net / "meetings" / MEETING / "registrations").exists()
    data = samling("registrations", "import", "form.csv", "--month-first", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert [r["timestamp"] for r in data["rows"]] == ["2026-01-02T10:00:00+01:00", "2026-02-01T11:00:00+01:00"]
    data = samling("registrations", "import", "form.csv", "--day-first", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert [r["timestamp"] for r in data["rows"]] == ["2026-01-02T11:00:00+01:00", "2026-02-01T10:00:00+01:00"]


@pytest.mark.parametrize(
    ("header", "stamp", "expected"),
    [
        ("Timestamp", "07/05/2026 10:00:00", "2026-05-07"),  # British English: day first, zero-padded
        ("Timestamp", "7/5/2026 10:00:00", "2026-07-05"),  # Google Forms, US English: month first
        ("Tidsstempel", "07/05/2026 10:00", "2026-05-07"),  # as --date 07/05/2026 means
        ("Tidsstempel", "20/01/2026 10:00", "2026-01-20"),
        ("Tidsstempel", "1/20/2026 10:00", "2026-01-20"),  # only month first can be right
        ("Tidspunkt", "20.01.2026 10.00", "2026-01-20"),
        ("Tijdstempel", "7-5-2026 10:00:00", "2026-05-07"),
        ("Completion time", "5/7/2026 1:05:00 PM", "2026-05-07"),  # the 12-hour clock: US English
        ("$created", "2026-05-07T08:00:00Z", "2026-05-07"),
    ],
)
def test_one_date_policy(net: Path, header: str, stamp: str, expected: str) -> None:
    Path("form.csv").write_text(f"{header},Email,Name\n{stamp},asa@example.se,Åsa Öberg\n", encoding="utf-8")
    data = samling("registrations", "import", "form.csv", "--dry-run", "--late", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["timestamp"][:10] == expected


def test_localized_microsoft_headers_give_the_arrival_time(net: Path) -> None:
    """Start time alone is the arrival time only when there is no completion time."""
    Path("form.csv").write_text(
        "ID;Begintijd;Tijd van voltooien;E-mail;Naam\n1;2026-01-20 10:00:00;2026-01-20 10:09:00;asa@example.se;Åsa\n",
        encoding="utf-8",
    )
    data = samling("registrations", "import", "form.csv", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["timestamp"] == "2026-01-20T10:09:00+01:00"
    assert data["not_needed_columns"] == ["ID", "Begintijd"]
    Path("start.csv").write_text(
        "Starttid;E-post;Namn\n2026-01-21 10:00:00;lina@example.se;Lina Holmér\n", encoding="utf-8"
    )
    data = samling("registrations", "import", "start.csv", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["timestamp"] == "2026-01-21T10:00:00+01:00"


def test_map_says_what_a_column_is(net: Path) -> None:
    Path("form.csv").write_text(
        "Tidsstämpel,E-post,Namn,Vad vill du äta?,Middag\n2026-01-20 10:00:00,asa@example.se,Åsa,glutenfri,ja\n",
        encoding="utf-8",
    )
    out = samling("registrations", "import", "form.csv", "--dry-run").stdout
    assert "Not imported, columns samling does not know: 'Vad vill du äta?', 'Middag'" in out
    data = samling(
        "registrations", "import", "form.csv", "--map", "Vad vill du äta?=diet", "--map", "Middag=ignore", "--json"
    ).json()
    assert isinstance(data, dict)
    assert data["ignored_columns"] == [] and data["not_needed_columns"] == ["Middag"]
    assert Store(net).registrations(MEETING).load("asa-oberg").diet == "glutenfri"
    bad = samling("registrations", "import", "form.csv", "--map", "Middag=dinner", ok=False)
    assert "--map: 'Middag=dinner': 'dinner' is not a field samling reads" in bad.stderr
    missing = samling("registrations", "import", "form.csv", "--map", "Lunch=diet", ok=False)
    assert "--map names 'lunch', which is not a column of the file" in missing.stderr


def test_new_organizations_follow_one_rule(net: Path) -> None:
    Path("form.csv").write_text(
        "Tidsstämpel,E-post,Namn,Bibliotek\n2026-01-20 10:00:00,ny@example.se,Ny Person,Nytt bibliotek\n",
        encoding="utf-8",
    )
    samling("registrations", "import", "form.csv", "--non-members")
    store = Store(net)
    assert store.organizations.load("nytt-bibliotek").member is False
    registration = store.registrations(MEETING).load("ny-person")
    assert (registration.status, registration.member) == ("waitlisted", False)  # non-members wait, as the rule says


def test_names_as_forms_give_them(net: Path) -> None:
    Path("form.csv").write_text(
        "Tidsstämpel;Ditt namn;Din e-postadress;Språk\n"
        "2026-01-20 10:00:00;Lindqvist, Maja;maja@example.se;norska\n"
        "2026-01-20 10:01:00;Per Olsen;per@example.dk;danska\n",
        encoding="utf-8",
    )
    samling("registrations", "import", "form.csv", "--without-organization")
    people = Store(net).participants
    maja = people.load("maja-lindqvist")
    assert (maja.name, maja.language) == ("Maja Lindqvist", "nb")
    assert people.load("per-olsen").language == "da"


@pytest.mark.parametrize(
    ("answer", "online"),
    [
        ("Zoom, annonsert senere", True),
        ("Online via Teams", True),
        ("Digitalt", True),
        ("Ja", True),
        ("På plats", False),
        ("Fysisk oppmøte", False),
        ("Op locatie", False),
        ("In person", False),
        ("Nej", False),
        ("Inte digitalt", False),
        ("", False),
    ],
)
def test_is_online(answer: str, online: bool) -> None:
    from samling.imports.forms import is_online

    assert is_online(answer) is online


def test_a_workbook_that_is_not_one_is_one_line(net: Path) -> None:
    Path("form.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    result = samling("registrations", "import", "form.xlsx", ok=False)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: form.xlsx: cannot be read as an Excel workbook (File is not a zip file)"]


def test_full_disk_in_the_middle_leaves_nothing(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writes fail half-way (ENOSPC): the command says so in one line, and the folder is as
    before (the journal of store.lock rolls the part written back)."""
    import errno

    from samling.store import collection

    before = files(net)
    real = collection.Collection.create
    count = {"n": 0}

    def failing(self: collection.Collection, record_id: str, record: object) -> None:  # type: ignore[type-arg]
        count["n"] += 1
        if count["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, record_id, record)  # type: ignore[arg-type]

    monkeypatch.setattr(collection.Collection, "create", failing)
    result = samling("registrations", "import", str(FORMS / "google-sv.csv"), ok=False)
    assert result.exit_code == 74
    assert "Traceback" not in result.output
    monkeypatch.undo()
    assert files(net) == before


def test_csv_as_excel_saved_it_from_an_xlsx_in_memory() -> None:
    """The reader of a workbook turns dates into ISO text, never into something ambiguous."""
    from openpyxl import Workbook

    from samling.imports.tables import _workbook_rows

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Completion time", "Email", "Count"])
    sheet.append([dt.datetime(2026, 5, 7, 10, 0), "a@example.se", 3.0])
    out = io.BytesIO()
    book.save(out)
    assert _workbook_rows(Path("x.xlsx"), out.getvalue())[1] == ["2026-05-07T10:00:00", "a@example.se", "3"]


def test_a_typed_date_and_a_form_date_mean_the_same_day(net: Path) -> None:
    """07/05/2026 is 7 May, typed (--date) or exported by a form."""
    created = samling("new", "Sommarträff", "--date", "07/05/2026", "--venue", "vaxjo", "--json").json()
    assert isinstance(created, dict)
    assert created["id"].startswith("2026-05-07-")
    Path("form.csv").write_text("Tidsstämpel,E-post,Namn\n07/05/2026 10:00,asa@example.se,Åsa\n", encoding="utf-8")
    data = samling("registrations", "import", "form.csv", "--meeting", MEETING, "--late", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["timestamp"] == "2026-05-07T10:00:00+02:00"


def test_an_answer_applied_once_is_not_applied_again_over_a_later_hand_edit(net: Path) -> None:
    samling("registrations", "import", str(FORMS / "google-sv.csv"))
    registration = Path(f"meetings/{MEETING}/registrations/asa-oberg.toml")
    text = registration.read_text(encoding="utf-8")
    assert "answered_at = 2026-01-25 08:00:00+01:00" in text  # her second answer, applied
    registration.write_text(text.replace('diet = "vegan"', 'diet = "vegan, inga nötter"'), encoding="utf-8")
    out = samling("registrations", "import", str(FORMS / "google-sv.csv")).stdout
    assert "line 5: Åsa Öberg: skipped (imported before)" in out
    assert Store(net).registrations(MEETING).load("asa-oberg").diet == "vegan, inga nötter"


def test_an_answer_sent_before_a_registration_by_hand_gives_its_question_only(net: Path) -> None:
    samling("register", "asa-oberg", "--diet", "fisk")  # at 2026-02-01 09:00
    Path("form.csv").write_text(
        "Tidsstämpel,E-post,Namn,Kostönskemål,Frågor\n2026-01-30 10:00:00,asa@example.se,Åsa,vegan,Om fjärrlån\n",
        encoding="utf-8",
    )
    out = samling("registrations", "import", "form.csv").stdout
    assert "line 2: Åsa Öberg: already registered; question added" in out
    assert Store(net).registrations(MEETING).load("asa-oberg").diet == "fisk"
    again = samling("registrations", "import", "form.csv").stdout
    assert "line 2: Åsa Öberg: skipped (registered by hand on 2026-02-01, after this answer)" in again
