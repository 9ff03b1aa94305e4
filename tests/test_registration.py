"""Registration through the CLI: deadline, capacity, waitlist, members first, fees, attendance."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MEETING, samling

from samling.store import Store


def reg(net: Path, pid: str) -> dict:
    return Store(net).registrations(MEETING).load(pid).model_dump(mode="json")


def test_register_fill_waitlist_promote_and_move_free_place(net: Path) -> None:
    out = samling("register", "bjorn-odegard").stdout
    assert "Bjørn Ødegård (bjorn-odegard) is registered for 2026-03-12-natverkstraff-varen-2026, session vaxjo." in out
    assert "Fee: free (the first from Växjö kommun)." in out
    out = samling("register", "asa@example.se").stdout  # by email
    assert "Fee: 450 SEK (the free place from Växjö kommun is taken)." in out
    samling("register", "Cecilia Ungerbäck")  # by name
    out = samling("register", "lina-holmer").stdout
    assert "is on the waitlist for 2026-03-12-natverkstraff-varen-2026, session vaxjo, position 1." in out
    out = samling("unregister", "bjorn-odegard").stdout
    assert "Promoted from the waitlist: Lina Holmér (lina-holmer)." in out
    assert "Åsa Öberg (asa-oberg) now takes the organization's free place (was 450 SEK)." in out
    assert reg(net, "bjorn-odegard")["status"] == "cancelled"  # the record stays, for the history
    assert reg(net, "lina-holmer")["status"] == "registered"


def test_second_registration_is_refused_or_updated(net: Path) -> None:
    samling("register", "bjorn-odegard")
    result = samling("register", "bjorn-odegard", ok=False)
    assert "bjorn-odegard is already registered" in result.stderr and "--update" in result.stderr
    samling("register", "bjorn-odegard", "--update", "--diet", "vegan", "--note", "Kommer med tåget")
    record = reg(net, "bjorn-odegard")
    assert (record["diet"], record["note"], record["seq"]) == ("vegan", "Kommer med tåget", 1)
    assert len(list((net / "meetings" / MEETING / "registrations").glob("*.toml"))) == 1


def test_deadline_and_late(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMLING_NOW", "2026-02-26T23:59:00")  # the whole deadline day is open
    samling("register", "bjorn-odegard")
    monkeypatch.setenv("SAMLING_NOW", "2026-02-27T00:01:00")
    result = samling("register", "asa-oberg", ok=False)
    assert "registration for 2026-03-12-natverkstraff-varen-2026 closed on 2026-02-26 (the deadline)" in result.stderr
    assert "--late" in result.stderr
    assert "(late)" in samling("register", "asa-oberg", "--late").stdout
    assert reg(net, "asa-oberg")["late"] is True and reg(net, "bjorn-odegard")["late"] is False


def test_online_takes_no_seat_and_needs_a_hybrid_meeting(net: Path) -> None:
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback"):
        samling("register", pid)
    out = samling("register", "lina-holmer", "--online").stdout
    assert "is registered" in out and "online" in out
    data = samling("status", "--json").json()
    assert (data["sessions"][0]["on_site"], data["sessions"][0]["online"], data["sessions"][0]["free"]) == (3, 1, 0)
    samling("new", "Workshop", "--date", "2026-04-02", "--venue", "vaxjo")
    result = samling("register", "elna-hansson", "--meeting", "2026-04-02", "--online", ok=False)
    assert "has no online link" in result.stderr


def test_members_first_and_admit(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = samling("register", "elna-hansson").stdout  # Företaget AB is not a member
    assert "on the waitlist" in out and "position 1" in out
    samling("register", "bjorn-odegard")
    status = samling("status", "--json").json()
    assert status["sessions"][0]["waitlist"] == [
        {"participant": "elna-hansson", "name": "Elna Hansson", "member": False, "organization": "Företaget AB"}
    ]
    assert "samling admit" in status["hints"][0]
    assert "Waitlist vaxjo: Elna Hansson (non-member: Företaget AB)" in samling("status").stdout
    assert samling("admit", "--json").json() == {"meeting": MEETING, "admitted": ["elna-hansson"]}
    assert reg(net, "elna-hansson")["status"] == "registered"
    fee = samling("registrations", "--json").json()["registrations"][0]
    assert (fee["participant"], fee["fee"], fee["fee_reason"]) == ("elna-hansson", 450, "non-member")


def test_non_members_are_promoted_after_the_deadline(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("register", "elna-hansson")
    samling("register", "bjorn-odegard")
    monkeypatch.setenv("SAMLING_NOW", "2026-02-28T10:00:00")
    out = samling("register", "asa-oberg", "--late").stdout
    assert "Promoted from the waitlist: Elna Hansson (elna-hansson)." in out


def test_several_sessions_need_a_choice(net: Path) -> None:
    samling("venue", "add", "Ljungby bibliotek", "--id", "ljungby", "--capacity", "10")
    samling("session", "add", "--date", "2026-03-19", "--venue", "ljungby")
    result = samling("register", "bjorn-odegard", ok=False)
    assert "has 2 sessions: vaxjo, ljungby" in result.stderr and "--session" in result.stderr
    samling("register", "bjorn-odegard", "--session", "ljungby")
    assert "has no session 'moon'" in samling("register", "asa-oberg", "-s", "moon", ok=False).stderr
    # moving to another session is a new place in that session's queue
    samling("register", "bjorn-odegard", "--session", "vaxjo", "--update")
    assert reg(net, "bjorn-odegard")["session"] == "vaxjo"


def test_status_screen(net: Path) -> None:
    samling("register", "bjorn-odegard", "--diet", "Vegetarisk")
    samling("register", "asa-oberg")
    samling("register", "lina-holmer", "--online")
    samling("register", "cecilia-ungerback")
    samling("register", "elna-hansson")
    data = samling("status", "--json").json()
    assert data["days_to_deadline"] == 25 and data["deadline_passed"] is False
    session = data["sessions"][0]
    assert session["catering"] == {"lunch": 3, "coffee": 3, "diets": {"standard": 2, "vegetarisk": 1}}
    assert data["fees"]["total"] == 900 and data["fees"]["currency"] == "SEK"
    vaxjo = next(r for r in data["fees"]["per_organization"] if r["organization"] == "vaxjo-kommun")
    assert (vaxjo["participants"], vaxjo["free"], vaxjo["paying"], vaxjo["amount"]) == (3, 1, 2, 900)
    assert data["not_represented"] == []
    text = samling("status").stdout
    assert "Registration deadline 2026-02-26 (in 25 days)." in text
    assert "lunch and coffee for 3: 2 standard, 1 vegetarisk" in text
    assert "Fees expected: 900 SEK" in text


def test_registrations_listing_filters_and_csv(net: Path) -> None:
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback", "lina-holmer"):
        samling("register", pid)
    waiting = samling("registrations", "--status", "waitlisted", "--json").json()["registrations"]
    assert [(r["participant"], r["position"]) for r in waiting] == [("lina-holmer", 1)]
    csv_text = samling("registrations", MEETING, "--csv").stdout
    assert csv_text.splitlines()[0].startswith("\ufeffparticipant;name;email;")  # Excel in Swedish
    assert len(csv_text.splitlines()) == 5
    assert "is not one of" in samling("registrations", "--status", "maybe", ok=False).stderr


def test_attendance(net: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("register", "asa-oberg")
    samling("attended", "bjorn-odegard", "asa-oberg")
    samling("absent", "asa-oberg")
    assert reg(net, "bjorn-odegard")["attended"] is True and reg(net, "asa-oberg")["attended"] is False
    assert "has no registration" in samling("attended", "lina-holmer", ok=False).stderr
    shown = samling("participant", "show", "asa-oberg", "--json").json()
    assert shown["registrations"] == [
        {"meeting": MEETING, "session": "vaxjo", "status": "registered", "attended": False}
    ]


FORM = """Tidsstämpel;Namn;E-postadress;Bibliotek;Deltagande;Specialkost;Övrigt
2026-01-20 10:15:22;Lina Holmér;lina@example.se;Växjö kommun;På plats;;
2026-01-18 08:00:01;Bjørn Ødegård;bjorn@example.se;Växjö kommun;På plats;vegetarisk;Tar med kaka
2026-01-19 12:30:00;Ny Person;ny.person@example.se;Alvesta bibliotek;Online via Teams;;
2026-01-21 09:00:00;Åsa Öberg;asa@example.se;Växjö kommun;På plats;;
2026-01-22 09:00:00;Cecilia Ungerbäck;cecilia@example.se;Lessebo kommun;På plats;;
2026-01-23 09:00:00;Lina Holmér;lina@example.se;Växjö kommun;På plats;;
"""


def test_form_import_in_timestamp_order(net: Path) -> None:
    Path("form.csv").write_text(FORM, encoding="utf-8-sig")
    dry = samling("registrations", "import", "form.csv", "--dry-run", "--json").json()
    assert [r["participant"] for r in dry["rows"]] == [
        "bjorn-odegard",
        "ny-person",
        "lina-holmer",
        "asa-oberg",
        "cecilia-ungerback",
        "lina-holmer",
    ]
    assert not (net / "meetings" / MEETING / "registrations").exists()
    assert not Store(net).participants.exists("ny-person")
    out = samling("registrations", "import", "form.csv").stdout
    assert "line 4: Ny Person (new participant): registered online, session vaxjo" in out
    assert "line 6: Cecilia Ungerbäck: waitlisted (position 1), session vaxjo" in out
    assert "line 7: Lina Holmér: skipped (nothing new)" in out  # a second answer, the same as the first
    store = Store(net)
    assert store.participants.load("ny-person").organization == "alvesta-bibliotek"
    assert store.registrations(MEETING).load("bjorn-odegard").diet == "vegetarisk"
    assert store.registrations(MEETING).load("bjorn-odegard").registered_at.isoformat() == "2026-01-18T08:00:01+01:00"


def test_form_import_bad_row_imports_nothing(net: Path) -> None:
    Path("form.csv").write_text(
        "Timestamp,Name,Email\nyesterday,Kari,kari@example.no\n2026-01-01 10:00,Ola,ola@\n", encoding="utf-8"
    )
    result = samling("registrations", "import", "form.csv", ok=False)
    assert "form.csv: line 2: Timestamp: 'yesterday' is not a date and time" in result.stderr
    assert "form.csv: line 3: email:" in result.stderr
    assert not (net / "meetings" / MEETING / "registrations").exists()


def test_check_finds_over_capacity_and_bad_references(net: Path) -> None:
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback"):
        samling("register", pid)
    text = Path(f"meetings/{MEETING}/meeting.toml").read_text(encoding="utf-8")
    Path(f"meetings/{MEETING}/meeting.toml").write_text(
        text.replace('venue = "vaxjo"', 'venue = "vaxjo"\ncapacity = 2'), encoding="utf-8"
    )
    Path(f"meetings/{MEETING}/registrations/ghost.toml").write_text(
        Path(f"meetings/{MEETING}/registrations/asa-oberg.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = samling("check", ok=False).stdout
    assert f"meetings/{MEETING}/meeting.toml: sessions[0]: 4 registered on site but only 2 seats" in out
    assert f"meetings/{MEETING}/registrations/ghost.toml: no participant 'ghost'" in out
    assert "seq: 2 is used by 2 registrations" in out
    assert samling("check", "--json", ok=False).stdout.count('"path"') == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-20 10:15:22", "2026-01-20T10:15:22+01:00"),  # Nettskjema
        ("2026/01/20 10:15:22 GMT+1", "2026-01-20T10:15:22+01:00"),  # Google Forms
        ("1/20/2026 10:15:22", "2026-01-20T10:15:22+01:00"),  # Google Sheets, US
        ("1/20/26 10:15:22", "2026-01-20T10:15:22+01:00"),  # Microsoft Forms
        ("20.01.2026 10:15", "2026-01-20T10:15:00+01:00"),  # Nordic Excel
        ("20.01.2026 10.15.22", "2026-01-20T10:15:22+01:00"),
        ("2026-01-20T09:15:22+00:00", "2026-01-20T10:15:22+01:00"),  # ISO with offset
    ],
)
def test_form_timestamps(text: str, expected: str) -> None:
    from zoneinfo import ZoneInfo

    from samling.imports.timestamps import column_order, parse_timestamp

    order = column_order([text], "Timestamp", "form.csv", None)  # a column of such values
    assert parse_timestamp(text, ZoneInfo("Europe/Stockholm"), order).isoformat() == expected


MICROSOFT_FORMS = (
    "ID,Start time,Completion time,Email,Name,Navn,Bibliotek,Hvilket møde?,Deltagelse,Spørgsmål\r\n"
    "1,1/20/26 10:15:22,1/20/26 10:17:01,anonymous,,Mette Kjær,Køge Bibliotekerne,Roskilde 9. marts,Fysisk,\r\n"
    "2,1/19/26 08:00:00,1/19/26 08:03:00,anonymous,,Jens Ærø,Køge Bibliotekerne,Roskilde 9. marts,På stedet,Hvad?\r\n"
    "3,1/21/26 09:00:00,1/21/26 09:01:00,anonymous,,Lærke Møller,Køge Bibliotekerne,Aarhus,Online via Teams,\r\n"
)


def test_microsoft_forms_export_east_and_west(tmp_path: Path) -> None:
    """A Danish network's form: the session is answered by city, online in words."""
    samling("init", "dk", "--name", "Netværk i lånesamarbejde", "--language", "da")
    os.chdir(tmp_path / "dk")
    samling("venue", "add", "Roskilde Bibliotek", "--id", "oest", "--city", "Roskilde", "--capacity", "1")
    samling("venue", "add", "Det Kgl. Bibliotek", "--id", "vest", "--city", "Aarhus")
    samling("org", "add", "Køge Bibliotekerne", "--id", "koege")
    samling(
        "new",
        "Netværksmøde marts",
        "--date",
        "2026-03-09",
        "--venue",
        "oest",
        "--session",
        "oest",
        "--deadline",
        "2026-02-23",
        "--online-link",
        "https://meet.example.dk/x",
    )
    samling("session", "add", "--date", "2026-03-16", "--venue", "vest", "--session", "vest")
    Path("forms.csv").write_bytes(MICROSOFT_FORMS.encode("utf-8-sig"))
    result = samling("registrations", "import", "forms.csv", ok=False)
    assert "email" in result.stderr  # "anonymous" is no address: a form must ask for it
    rows = Path("forms.csv").read_text(encoding="utf-8-sig").replace("anonymous,,Mette", "mette@example.dk,,Mette")
    rows = rows.replace("anonymous,,Jens", "jens@example.dk,,Jens").replace(
        "anonymous,,Lærke", "laerke@example.dk,,Lærke"
    )
    Path("forms.csv").write_text(rows, encoding="utf-8-sig")
    data = samling("registrations", "import", "forms.csv", "--json").json()
    outcome = {
        r["participant"]: (r["outcome"]["status"], r["outcome"]["session"], r["outcome"]["online"])
        for r in data["rows"]
    }
    # Jens was first by the form's time, so he has Roskilde's one seat; Mette waits.
    assert outcome == {
        "jens-aero": ("registered", "oest", False),
        "mette-kjaer": ("waitlisted", "oest", False),
        "laerke-moller": ("registered", "vest", True),
    }
    assert samling("questions", "--json").json()[0]["text"] == "Hvad?"


def fill_the_three_seats() -> None:
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback"):
        samling("register", pid)


def session_status() -> dict:
    return samling("status", "--json").json()["sessions"][0]


def test_members_come_before_non_members_on_the_waitlist(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_the_three_seats()
    assert "position 1" in samling("register", "elna-hansson").stdout  # not a member, first to wait
    assert "position 1" in samling("register", "lina-holmer").stdout  # a member: ahead of Elna
    waiting = samling("registrations", "--status", "waitlisted", "--json").json()["registrations"]
    assert {r["participant"]: r["position"] for r in waiting} == {"lina-holmer": 1, "elna-hansson": 2}
    assert [w["participant"] for w in session_status()["waitlist"]] == ["lina-holmer", "elna-hansson"]
    monkeypatch.setenv("SAMLING_NOW", "2026-02-28T10:00:00")  # after the deadline both may have a seat
    assert "Promoted from the waitlist: Lina Holmér (lina-holmer)." in samling("unregister", "bjorn-odegard").stdout
    assert reg(net, "elna-hansson")["status"] == "waitlisted"


def test_seats_come_from_the_session_then_the_meeting_then_the_venue(net: Path) -> None:
    meeting_toml = Path(f"meetings/{MEETING}/meeting.toml")
    text = meeting_toml.read_text(encoding="utf-8")
    assert session_status()["capacity"] == 3  # the venue's
    meeting_toml.write_text(text.replace("[[sessions]]", "capacity = 2\n\n[[sessions]]"), encoding="utf-8")
    assert session_status()["capacity"] == 2  # the meeting's, over the venue's
    samling("register", "bjorn-odegard")
    samling("register", "asa-oberg")
    assert "on the waitlist" in samling("register", "cecilia-ungerback").stdout
    meeting_toml.write_text(meeting_toml.read_text(encoding="utf-8") + "capacity = 4\n", encoding="utf-8")
    assert session_status()["capacity"] == 4  # the session's own (the last table), over the meeting's
    assert "is registered" in samling("register", "lina-holmer").stdout
    samling("session", "add", "--date", "2026-03-19", "--venue", "vaxjo", "--session", "again")
    assert [s["capacity"] for s in samling("status", "--json").json()["sessions"]] == [4, 2]


def test_admitting_someone_by_name_needs_a_free_seat(net: Path) -> None:
    fill_the_three_seats()
    samling("register", "elna-hansson")
    result = samling("admit", "elna-hansson", ok=False)
    assert result.exit_code == 6
    assert f"session vaxjo of {MEETING} is full; elna-hansson cannot be admitted" in result.stderr
    assert reg(net, "elna-hansson")["status"] == "waitlisted"
    samling("unregister", "cecilia-ungerback")  # before the deadline a non-member is not promoted by itself
    assert reg(net, "elna-hansson")["status"] == "waitlisted"
    assert samling("admit", "elna-hansson", "--json").json() == {"meeting": MEETING, "admitted": ["elna-hansson"]}
    assert session_status()["free"] == 0


@pytest.mark.parametrize(
    ("last_open", "first_closed"),
    [
        ("2026-02-26T23:59:00", "2026-02-27T00:00:00"),  # the network's time (Europe/Stockholm)
        ("2026-02-26T22:59:00+00:00", "2026-02-26T23:00:00+00:00"),  # the same moments in UTC
    ],
)
def test_open_through_the_deadline_day_in_the_networks_time_zone(
    net: Path, monkeypatch: pytest.MonkeyPatch, last_open: str, first_closed: str
) -> None:
    """Registration is open through the whole deadline day, in the network's time zone."""
    monkeypatch.setenv("SAMLING_NOW", last_open)
    assert samling("status", "--json").json()["deadline_passed"] is False
    assert "on the waitlist" in samling("register", "elna-hansson").stdout  # non-members wait until it passes
    assert "(late)" not in samling("register", "bjorn-odegard").stdout
    monkeypatch.setenv("SAMLING_NOW", first_closed)
    assert samling("status", "--json").json()["deadline_passed"] is True
    assert "closed on 2026-02-26" in samling("register", "asa-oberg", ok=False).stderr
    out = samling("register", "asa-oberg", "--late").stdout
    assert "(late)" in out and "Promoted from the waitlist: Elna Hansson (elna-hansson)." in out


def test_a_waiting_member_is_not_overtaken_when_seats_are_added(net: Path) -> None:
    fill_the_three_seats()
    samling("register", "lina-holmer")  # waits
    samling("participant", "add", "Nils Nilsson", "--email", "nils@example.se", "--org", "lessebo-kommun")
    venue = Path("venues/vaxjo.toml")
    venue.write_text(venue.read_text(encoding="utf-8").replace("capacity = 3", "capacity = 4"), encoding="utf-8")
    out = samling("register", "nils-nilsson").stdout  # the new seat is Lina's, who came first
    assert "on the waitlist" in out and "Promoted from the waitlist: Lina Holmér (lina-holmer)." in out


def test_status_suggests_admitting_only_while_seats_are_free(net: Path) -> None:
    fill_the_three_seats()
    samling("register", "elna-hansson")
    assert samling("status", "--json").json()["hints"] == []  # she waits for a seat, not for the organizer
    samling("unregister", "asa-oberg")
    hints = samling("status", "--json").json()["hints"]
    assert len(hints) == 1 and "1 non-member waits while seats are free" in hints[0]


def test_a_meetings_own_fees_apply_and_add_up(net: Path) -> None:
    """`[fees]` in meeting.toml, as the README documents it: amounts are money, not plain numbers."""
    meeting = net / "meetings" / MEETING / "meeting.toml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8") + "\n[fees]\nfee = 300\nfree_per_organization = 0\n", encoding="utf-8"
    )
    samling("register", "bjorn-odegard")
    samling("register", "asa-oberg")
    rows = samling("registrations", "--json").json()["registrations"]  # type: ignore[index]
    assert [r["fee"] for r in rows] == [300, 300]
    assert samling("status", "--json").json()["fees"]["total"] == 600  # type: ignore[index]


def test_a_meeting_is_found_by_the_date_of_a_session_and_the_default_is_said(
    net: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert samling("status", "12.3.2026", "--json").json()["meeting"] == MEETING  # type: ignore[index]
    meeting = net / "meetings" / MEETING / "meeting.toml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("date = 2026-03-12", "date = 2026-03-19"), encoding="utf-8"
    )
    assert samling("status", "2026-03-19", "--json").json()["meeting"] == MEETING  # type: ignore[index]
    assert "no meeting has a session on 2026-03-12" in samling("status", "12.3.2026", ok=False).stderr
    samling("new", "Nätverksträff hösten 2026", "--date", "2026-10-15", "--venue", "vaxjo")
    autumn = "2026-10-15-natverkstraff-hosten-2026"
    # The day after the spring meeting: what happened is about spring, what is coming about autumn.
    monkeypatch.setenv("SAMLING_NOW", "2026-03-20T09:00:00")
    result = samling("status", "--json")
    assert result.json()["meeting"] == autumn  # type: ignore[index]
    assert result.stderr == f"meeting: {autumn} (the next meeting; name another by its id or date)\n"
    samling("register", "bjorn-odegard", "--meeting", MEETING, "--late")
    result = samling("attended", "bjorn-odegard")
    assert f"at {MEETING}" in result.stdout
    assert result.stderr == f"meeting: {MEETING} (the meeting held most recently; name another by its id or date)\n"
    assert samling("minutes", "--print").stdout.count("Nätverksträff våren 2026") >= 1
    assert samling("status", MEETING).stderr == ""  # named: nothing to say
