"""A second tester's realistic web-form exports for `samling registrations import` and
`samling participant import`: each defect, as the tester met it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MEETING, samling

from samling.store import Store


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


# --- 1. a Nordic or Dutch header: the day first, no question


@pytest.mark.parametrize("header", ["Tidsstempel", "Tijdstempel", "Fuldførelsestidspunkt", "Tidsstämpel"])
@pytest.mark.parametrize("stamp", ["12/01/2026 10.00.00", "12/1/2026 10:00:00", "1/2/2026 10.00"])
def test_a_localized_header_reads_the_day_first(net: Path, header: str, stamp: str) -> None:
    write("form.csv", f"{header},E-post,Navn\n{stamp},asa@example.se,Åsa Öberg\n")
    data = samling("registrations", "import", "form.csv", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    day, month = (int(x) for x in stamp.split("/")[:2])
    assert data["rows"][0]["timestamp"].startswith(f"2026-{month:02d}-{day:02d}T10:00")


def test_a_localized_header_still_reads_a_date_that_can_only_be_month_first(net: Path) -> None:
    write("form.csv", "Tidsstempel,E-post,Navn\n1/20/2026 10:00,asa@example.se,Åsa Öberg\n")
    data = samling("registrations", "import", "form.csv", "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["timestamp"].startswith("2026-01-20T10:00")


def test_an_english_header_is_still_ambiguous(net: Path) -> None:
    write("form.csv", "Date,E-post,Navn\n1/2/2026 10:00:00,asa@example.se,Åsa Öberg\n")
    result = samling("registrations", "import", "form.csv", ok=False)
    assert "may be day first or month first" in result.stderr


# --- 2. "no special diet" is no diet; one diet typed two ways is one


NO_DIETS = ["Ingen", "Nej", "-", "Nej tak", "Ingen særlige", "N/A", "Inga", "Nei", "Nei takk", "Geen", "Nee"]
NO_DIETS += ["None", "No", "Nothing", "Inget", "Ingen spesielle", "—", "ingen.", " NEJ "]


def test_no_special_diet_answers_are_no_diet_and_one_diet_is_one(net: Path) -> None:
    emails = [f"p{i}@example.se" for i in range(len(NO_DIETS) + 2)]
    rows = [f"2026-01-20 10:{i:02d};{emails[i]};Person {chr(65 + i)};Växjö kommun;{d}" for i, d in enumerate(NO_DIETS)]
    rows.append(f"2026-01-20 09:00;{emails[-2]};Vege Tar;Växjö kommun;Vegetar")
    rows.append(f"2026-01-20 09:01;{emails[-1]};Vege Tarr;Växjö kommun;vegetar ")
    write("form.csv", "Tidsstämpel;E-post;Namn;Organisation;Kost\n" + "\n".join(rows) + "\n")
    samling("registrations", "import", "form.csv", "--late")
    store = Store(net)
    diets = {r.diet for r in store.registrations(MEETING).load_all().values()}
    assert diets == {None, "Vegetar"}
    people = {p.diet for p in store.participants.load_all().values()}
    assert people == {None, "Vegetar"}
    sheet = samling("status", "--csv", "--sheet", "catering").stdout
    assert ";vegetar;2;" in sheet.casefold()
    assert not any(word.strip().casefold() in sheet.casefold() for word in ["Nej tak", "Ingen særlige", "Nothing"])


@pytest.mark.parametrize("typed", ["Ingen", "Nej tak", "n/a", "-", "None"])
def test_a_no_diet_word_typed_by_hand_is_the_standard_meal(net: Path, typed: str) -> None:
    samling("register", "asa-oberg", "--diet", typed)
    samling("register", "lina-holmer", "--diet", "Vegetar ")
    samling("register", "bjorn-odegard", "--diet", "vegetar")
    out = samling("status").stdout
    assert "lunch and coffee for 3: 1 standard, 2 vegetar" in out


def test_participant_import_stores_no_diet(net: Path) -> None:
    write("list.csv", "Namn;E-post;Kost\nNy Person;ny@example.se;Nej tak\nAnna Ny;anna@example.se;Glutenfri \n")
    samling("participant", "import", "list.csv")
    store = Store(net)
    assert store.participants.load("ny-person").diet is None
    assert store.participants.load("anna-ny").diet == "Glutenfri"


# --- 3. hybrid forms: online in the session answer, "Online" alone, answers that say neither


def two_sessions() -> None:
    samling("venue", "add", "Det Kgl. Bibliotek", "--id", "kb", "--city", "København", "--capacity", "10")
    samling("session", "add", "--date", "2026-03-19", "--venue", "kb")


def test_online_inside_the_session_answer(net: Path) -> None:
    two_sessions()
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Vilket möte?\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Köpenhamn (online via Teams)\n"
        "2026-01-20 10:01;lina@example.se;Lina Holmér;Växjö kommun;Växjö – på plats\n",
    )
    samling("registrations", "import", form)
    registrations = Store(net).registrations(MEETING)
    asa, lina = registrations.load("asa-oberg"), registrations.load("lina-holmer")
    assert (asa.session, asa.online) == ("kb", True)
    assert (lina.session, lina.online) == ("vaxjo", False)


def test_online_alone_with_one_session_and_with_several(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Vilket möte?\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Online\n",
    )
    out = samling("registrations", "import", form, "--dry-run").stdout
    assert "registered online, session vaxjo" in out
    two_sessions()
    result = samling("registrations", "import", form, ok=False)
    assert result.exit_code != 0
    assert "'Online' says online but not which session (vaxjo, kb)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("answer", "online"),
    [
        ("Fjern", True),
        ("Fjernt", True),
        ("Remote", True),
        ("Digitalt", True),
        ("På distans", True),
        ("Op afstand", True),
        ("Virtuelt", True),
        ("Jeg deltager online", True),
        ("Fysisk", False),
        ("Fysisk fremmøde", False),
        ("På stedet", False),
        ("Onsite", False),
        ("In person", False),
        ("Inte digitalt", False),
        ("Hybrid", None),
        ("Ja", None),
        ("Nej", None),
    ],
)
def test_an_on_site_or_online_answer(answer: str, online: bool | None) -> None:
    from samling.imports.forms import attendance

    assert attendance(answer, yes_means_online=False) is online


def test_an_answer_that_says_neither_is_reported_not_guessed(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Deltar du fysiskt eller online?\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Hybrid\n"
        "2026-01-20 10:01;lina@example.se;Lina Holmér;Växjö kommun;Ja\n"
        "2026-01-20 10:02;bjorn@example.se;Bjørn Ødegård;Växjö kommun;Fjern\n",
    )
    data = samling("registrations", "import", form, "--json").json()
    assert isinstance(data, dict)
    notices = {r["participant"]: r["notices"] for r in data["rows"]}
    assert "'Hybrid' says neither on site nor online" in notices["asa-oberg"][0]
    assert "'Ja' says neither on site nor online" in notices["lina-holmer"][0]
    assert notices["bjorn-odegard"] == []
    registrations = Store(net).registrations(MEETING)
    assert registrations.load("bjorn-odegard").online


def test_yes_under_an_online_question_is_online(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Online?\n2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Ja\n",
    )
    samling("registrations", "import", form)
    assert Store(net).registrations(MEETING).load("asa-oberg").online


# --- 4. the move hint names the meeting


def test_the_move_hint_names_the_meeting(net: Path) -> None:
    two_sessions()
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Vilket möte?\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Växjö\n"
        "2026-01-21 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Köpenhamn\n",
    )
    out = samling("registrations", "import", form).stdout
    hint = f"samling register asa-oberg --meeting {MEETING} --update --session kb"
    assert f"move them with `{hint}`" in out
    samling(*hint.split()[1:])
    assert Store(net).registrations(MEETING).load("asa-oberg").session == "kb"


# --- 5. session columns and answers as forms give them


@pytest.mark.parametrize(
    "header",
    [
        "Hvilket møde deltager du i?",
        "Hvilket møde vil du deltage i?",
        "Hvor deltager du?",
        "Vælg by",
        "Hvilken by?",
        "Öst eller väst?",
        "Vilken träff deltar du på?",
    ],
)
def test_session_columns_by_their_question(net: Path, header: str) -> None:
    two_sessions()
    form = write(
        "form.csv",
        f"Tidsstämpel;E-post;Namn;Organisation;{header}\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;København\n"
        "2026-01-20 10:01;lina@example.se;Lina Holmér;Växjö kommun;Växjö\n",
    )
    data = samling("registrations", "import", form, "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert [r["outcome"]["session"] for r in data["rows"]] == ["kb", "vaxjo"]


def test_no_session_column_with_several_sessions_says_so(net: Path) -> None:
    two_sessions()
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Vart ska du?\n"
        "2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;Hem\n",
    )
    result = samling("registrations", "import", form, ok=False)
    assert result.exit_code == 2
    assert "has 2 sessions (vaxjo, kb) and no column of the file says which" in result.stderr
    assert 'hint: name the column with --map "Vart ska du?=session"' in result.stderr
    assert "--late" not in result.stderr
    out = samling("registrations", "import", form, "--map", "Vart ska du?=session", ok=False).stderr
    assert "'Hem' matches none of vaxjo, kb" in out


@pytest.mark.parametrize(
    ("answer", "session"),
    [
        ("Copenhagen", "kb"),
        ("Köpenhamn", "kb"),
        ("KØBENHAVN", "kb"),
        ("Kobenhavn", "kb"),
        ("Det Kgl. Bibliotek", "kb"),
        ("Kgl. Bibliotek", "kb"),
        ("Det Kongelige Bibliotek", "kb"),
        ("19. marts", "kb"),
        ("19. marts 2026", "kb"),
        ("torsdag den 19. marts 2026", "kb"),
        ("19/03/2026", "kb"),
        ("19 maart 2026", "kb"),
        ("19 mars", "kb"),
        ("March 19", "kb"),
        ("12. mars", "vaxjo"),
        ("Stadsbiblioteket Växjö", "vaxjo"),
        ("12/03/2026", "vaxjo"),
        ("12.3.", "vaxjo"),
    ],
)
def test_session_answers_by_venue_city_or_date(net: Path, answer: str, session: str) -> None:
    two_sessions()
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Vilket möte?\n"
        f"2026-01-20 10:00;asa@example.se;Åsa Öberg;Växjö kommun;{answer}\n",
    )
    data = samling("registrations", "import", form, "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["outcome"]["session"] == session


# --- 6. Microsoft Forms' edited answers


@pytest.mark.parametrize(
    "header",
    ["Last modified time", "Tidspunkt for seneste ændring", "Senast ändrad", "Sist endret", "Laatst gewijzigd"],
)
def test_an_edited_answer_is_applied_as_a_later_one(net: Path, header: str) -> None:
    head = f"ID;Tidstämpel;{header};E-post;Namn;Organisation;Kost;Frågor\n"
    write("form.csv", head + "1;2026-01-20 10:00;;asa@example.se;Åsa Öberg;Växjö kommun;vegetar;\n")
    samling("registrations", "import", "form.csv")
    write(
        "form.csv", head + "1;2026-01-20 10:00;2026-01-25 12:00;asa@example.se;Åsa Öberg;Växjö kommun;nötter;Porto?\n"
    )
    out = samling("registrations", "import", "form.csv").stdout
    assert "Åsa Öberg: already registered; diet, question added" in out
    assert "an answer edited on 2026-01-25 12:00, applied as a later one" in out
    registration = Store(net).registrations(MEETING).load("asa-oberg")
    assert registration.diet == "nötter"
    assert [q.text for q in Store(net).questions(MEETING).load_all().values()] == ["Porto?"]
    # imported again: the edit was applied
    assert "skipped (imported before)" in samling("registrations", "import", "form.csv").stdout


def test_an_answer_first_imported_after_its_edit(net: Path) -> None:
    write(
        "form.csv",
        "ID;Tidstämpel;Senast ändrad;E-post;Namn;Organisation;Kost\n"
        "1;2026-01-20 10:00;2026-01-25 12:00;asa@example.se;Åsa Öberg;Växjö kommun;nötter\n",
    )
    samling("registrations", "import", "form.csv")
    registration = Store(net).registrations(MEETING).load("asa-oberg")
    assert (registration.diet, registration.registered_at.day) == ("nötter", 20)
    assert "skipped (imported before)" in samling("registrations", "import", "form.csv").stdout


# --- 7. a new organization like a known one


@pytest.mark.parametrize(
    ("given", "known", "like"),
    [
        ("KB", "Det Kongelige Bibliotek (KB)", True),
        ("KB", "Det Kgl. Bibliotek", True),
        ("Det Kgl. Bibliotek / KB", "Det Kgl. Bibliotek", True),
        ("Det Kongelige Bibliotek", "Det Kgl. Bibliotek", True),
        ("Aarhus Kommunes Biblioteker (AAKB)", "Aarhus Kommunes Biblioteker", True),
        ("Vaxjo kommun", "Växjö kommun", True),
        ("Odense Bibliotekerne", "Roskilde Bibliotekerne", False),
        ("Bibliotek", "Det Kgl. Bibliotek", False),
        ("Lessebo kommun", "Växjö kommun", False),
        ("Nasjonalbiblioteket", "Deichman", False),
    ],
)
def test_resembles(given: str, known: str, like: bool) -> None:
    from samling.imports.members import resembles

    assert resembles(given, known) is like


def test_a_new_organization_like_a_known_one_is_pointed_out(net: Path) -> None:
    form = write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation\n"
        "2026-01-20 10:00;ny@example.se;Ny Person;Växjö kommun (VK)\n"
        "2026-01-20 10:01;an@example.se;Anna Ny;Lessebo kommun\n",
    )
    warning = (
        "new organization 'Växjö kommun (VK)' resembles 'Växjö kommun': --map or fix the answer; "
        "a new member organization gets its own free place"
    )
    out = samling("registrations", "import", form, "--dry-run").stdout
    assert f"line 2: Ny Person (new participant): registered, session vaxjo\n  {warning}\n" in out
    assert f"Warning: {warning}\n" in out
    assert out.count("resembles") == 2
    data = samling("registrations", "import", form, "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert data["rows"][0]["notices"] == [warning]
    assert data["rows"][1]["notices"] == []
    out = samling("participant", "import", form, "--dry-run").stdout
    assert f"Warning: {warning}\n" in out


def test_two_sessions_in_one_city_by_their_dates(net: Path) -> None:
    samling("session", "add", "--date", "2026-03-19", "--venue", "vaxjo", "--session", "vaxjo-2")
    answers = {"asa@example.se": "Växjö, 19. mars", "lina@example.se": "Växjö 12/03/2026"}
    rows = "".join(f"2026-01-20 10:00;{e};{e.split('@')[0].title()} X;Växjö kommun;{a}\n" for e, a in answers.items())
    form = write("form.csv", "Tidsstämpel;E-post;Namn;Organisation;Vilket möte?\n" + rows)
    data = samling("registrations", "import", form, "--dry-run", "--json").json()
    assert isinstance(data, dict)
    assert [r["outcome"]["session"] for r in data["rows"]] == ["vaxjo-2", "vaxjo"]
    write(
        "form.csv",
        "Tidsstämpel;E-post;Namn;Organisation;Vilket möte?\n"
        "2026-01-20 10:00;asa@example.se;A;Växjö kommun;Stadsbiblioteket Växjö\n",
    )
    result = samling("registrations", "import", "form.csv", ok=False)
    assert "session: 'Stadsbiblioteket Växjö' names vaxjo and vaxjo-2 alike: which one?" in result.stderr


def test_no_session_column_is_fine_where_everyone_is_registered(net: Path) -> None:
    two_sessions()
    samling("register", "asa-oberg", "--session", "kb")
    form = write("form.csv", "Tidsstämpel;E-post;Namn;Kost\n2026-01-25 10:00;asa@example.se;Åsa Öberg;nötter\n")
    out = samling("registrations", "import", form).stdout
    assert "line 2: Åsa Öberg: skipped (registered by hand on" in out  # not refused for want of a session
