"""Editing what exists, through the CLI: meetings, sessions, organizations, participants and
venues, merging two records of one person, and what the outbox makes of an edit."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from conftest import MEETING, Result, samling

from samling.store import Store


def edit(*args: str) -> Result:
    """An edit that succeeds, after which `samling check` finds nothing wrong."""
    result = samling(*args)
    assert samling("check").stdout.startswith("ok:"), samling("check", ok=False).stdout
    return result


def refused(*args: str, code: int) -> str:
    """A command that fails with ``code``; its one-line error (and hint)."""
    result = samling(*args, ok=False)
    assert result.exit_code == code, result.output
    return result.stderr


def meeting_file(net: Path) -> dict[str, Any]:
    return tomllib.loads((net / "meetings" / MEETING / "meeting.toml").read_text(encoding="utf-8"))


def add_west(seats: str = "10") -> None:
    samling("venue", "add", "Ljungby bibliotek", "--id", "ljungby", "--capacity", seats)
    samling("session", "add", "--date", "2026-03-19", "--venue", "ljungby")


# --- samling meeting edit ----------------------------------------------------------------------


def test_meeting_edit_fields_and_fees_keep_the_id(net: Path) -> None:
    data = edit(
        "meeting", "edit", MEETING, "--title", "Nätverksträff i mars", "--deadline", "5.3.2026",
        "--registration-url", "https://forms.example.org/natverk", "--fee", "300", "--non-member-fee", "600",
        "--json",
    ).json()  # fmt: skip
    assert isinstance(data, dict)
    assert (data["id"], data["title"], data["deadline"]) == (MEETING, "Nätverksträff i mars", "2026-03-05")
    assert data["fees"]["fee"] == 300 and data["fees"]["non_member_fee"] == 600
    assert data["changed"] == ["title", "deadline", "registration_url", "fees"]
    assert [m["id"] for m in samling("meetings", "--json").json()] == [MEETING]  # type: ignore[union-attr]
    # the meeting's own fee is what the second participant of an organization pays
    samling("register", "bjorn-odegard")
    assert "Fee: 300 SEK" in samling("register", "asa-oberg").stdout
    # an empty value removes: the fee goes back to the network's, the [fees] table with it
    edit("meeting", "edit", "--fee", "", "--non-member-fee", "", "--online-link", "")
    stored = meeting_file(net)
    assert "fees" not in stored and "online_link" not in stored
    assert "Nothing changed" in edit("meeting", "edit", "--title", "Nätverksträff i mars").stdout


def test_meeting_edit_is_validated_as_on_creation(net: Path) -> None:
    before = (net / "meetings" / MEETING / "meeting.toml").read_bytes()
    error = refused("meeting", "edit", "--deadline", "2026-03-13", code=2)
    assert "meeting edit: --deadline: 2026-03-13 is after the meeting's first session on 2026-03-12" in error
    assert "meeting edit: --online-link: 'meet.example.org' is not a web address" in refused(
        "meeting", "edit", "--online-link", "meet.example.org", code=2
    )
    assert "meeting edit: --capacity: '-2' is too small" in refused("meeting", "edit", "--capacity", "-2", code=2)
    assert "meeting edit: --title: must not be empty" in refused("meeting", "edit", "--title", " ", code=2)
    assert "meeting edit: --deadline: '31.2.2026' is not a valid date" in refused(
        "meeting", "edit", "--deadline", "31.2.2026", code=2
    )
    assert "meeting edit: nothing to change" in refused("meeting", "edit", code=2)
    assert "no meeting '2031'" in refused("meeting", "edit", "2031", "--title", "X", code=3)
    assert (net / "meetings" / MEETING / "meeting.toml").read_bytes() == before


def test_more_seats_serve_the_waitlist_fewer_than_taken_are_refused(net: Path) -> None:
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback", "lina-holmer"):
        samling("register", pid)
    error = refused("meeting", "edit", "--capacity", "2", code=6)
    assert "meeting edit: --capacity: session vaxjo of" in error and "2 seats for the 3 registered on site" in error
    out = edit("meeting", "edit", "--capacity", "4").stdout
    assert "Promoted from the waitlist: lina-holmer." in out
    assert Store(net).registrations(MEETING).load("lina-holmer").status == "registered"


# --- samling session edit | remove -------------------------------------------------------------


def test_session_edit(net: Path) -> None:
    samling("venue", "add", "Ljungby bibliotek", "--id", "ljungby", "--capacity", "10")
    data = edit(
        "session", "edit", "vaxjo", "--meeting", MEETING, "--date", "13.3.2026", "--start", "9.30", "--end", "15:00",
        "--venue", "Ljungby bibliotek", "--capacity", "8", "--json",
    ).json()  # fmt: skip
    assert isinstance(data, dict)
    assert data["id"] == MEETING and data["session"] == "vaxjo"
    assert data["changed"] == ["date", "start", "end", "venue", "capacity"]
    session = meeting_file(net)["sessions"][0]
    assert (session["date"].isoformat(), session["start"], session["end"]) == ("2026-03-13", "09:30", "15:00")
    assert (session["venue"], session["capacity"]) == ("ljungby", 8)
    edit("session", "edit", "vaxjo", "--capacity", "", "--venue", "")
    assert "capacity" not in meeting_file(net)["sessions"][0] and "venue" not in meeting_file(net)["sessions"][0]


def test_session_edit_is_validated_as_session_add(net: Path) -> None:
    before = (net / "meetings" / MEETING / "meeting.toml").read_bytes()
    error = refused("session", "edit", "vaxjo", "--start", "10:00", "--end", "09:00", code=2)
    assert "error: session edit: --end: 09:00 is not after the start 10:00" in error
    assert "session edit: --start: '25:00' is not a time of day" in refused(
        "session", "edit", "vaxjo", "--start", "25:00", code=2
    )
    error = refused("session", "edit", "vaxjo", "--date", "2026-02-20", code=2)
    assert "session edit: --date: 2026-02-20 is before the meeting's registration deadline 2026-02-26" in error
    assert "samling meeting edit" in error
    assert "no venue 'moon'" in refused("session", "edit", "vaxjo", "--venue", "moon", code=3)
    error = refused("session", "edit", "east", "--start", "09:00", code=3)
    assert "has no session 'east'" in error and "its sessions are: vaxjo" in error
    assert (net / "meetings" / MEETING / "meeting.toml").read_bytes() == before
    for pid in ("bjorn-odegard", "asa-oberg"):
        samling("register", pid)
    assert "2 registered on site" in refused("session", "edit", "vaxjo", "--capacity", "1", code=6)


def test_session_remove_only_without_registrations_and_never_the_last(net: Path) -> None:
    add_west()
    samling("register", "bjorn-odegard", "--session", "ljungby")
    samling("unregister", "bjorn-odegard")  # a cancelled registration is history: still refused
    error = refused("session", "remove", "ljungby", "--meeting", MEETING, code=6)
    assert "has registrations: bjorn-odegard (cancelled)" in error and "samling session cancel ljungby" in error
    data = edit("session", "remove", "vaxjo", "--json").json()
    assert isinstance(data, dict)
    assert data["removed"] == "vaxjo" and [s["id"] for s in data["sessions"]] == ["ljungby"]
    assert "is the only session" in refused("session", "remove", "ljungby", code=6)
    assert "has no session 'vaxjo'" in refused("session", "remove", "vaxjo", code=3)


# --- samling org | venue | participant edit ----------------------------------------------------


def test_org_edit(net: Path) -> None:
    data = edit(
        "org", "edit", "Växjö kommun", "--name", "Växjö stad", "--non-member", "--contact", "asa@example.se",
        "--email", "bibliotek@vaxjo.example.se", "--json",
    ).json()  # fmt: skip
    assert isinstance(data, dict)
    assert (data["id"], data["name"], data["member"], data["contact"]) == (
        "vaxjo-kommun",
        "Växjö stad",
        False,
        "asa-oberg",
    )
    assert "Updated organization vaxjo-kommun: member." in edit("org", "edit", "vaxjo-kommun", "--member").stdout
    edit("org", "edit", "vaxjo-kommun", "--contact", "", "--email", "")
    org = Store(net).organizations.load("vaxjo-kommun")
    assert (org.contact, org.email, org.member) == (None, None, True)
    assert "org edit: --email:" in refused("org", "edit", "vaxjo-kommun", "--email", "not-an-address", code=2)
    assert "no organization 'Ankeborg'" in refused("org", "edit", "Ankeborg", "--city", "X", code=3)
    assert "no participant 'nobody'" in refused("org", "edit", "vaxjo-kommun", "--contact", "nobody", code=3)


def test_venue_edit(net: Path) -> None:
    data = edit(
        "venue", "edit", "vaxjo", "--name", "Växjö stadsbibliotek", "--address", "Västra Esplanaden 7",
        "--directions", "Buss 1 till Resecentrum", "--accessibility", "Hiss, hörslinga", "--json",
    ).json()  # fmt: skip
    assert isinstance(data, dict)
    assert (data["id"], data["address"], data["capacity"]) == ("vaxjo", "Västra Esplanaden 7", 3)
    assert data["changed"] == ["name", "address", "directions", "accessibility"]
    edit("venue", "edit", "Växjö stadsbibliotek", "--city", "")
    assert Store(net).venues.load("vaxjo").city is None
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback", "lina-holmer"):
        samling("register", pid)
    error = refused("venue", "edit", "vaxjo", "--capacity", "2", code=6)
    assert "venue edit: --capacity: session vaxjo of" in error and "samling session edit vaxjo" in error
    data = edit("venue", "edit", "vaxjo", "--capacity", "4", "--json").json()
    assert isinstance(data, dict) and data["promoted"] == {MEETING: ["lina-holmer"]}
    assert "venue edit: --capacity: 'many' is not a whole number" in refused(
        "venue", "edit", "vaxjo", "--capacity", "many", code=2
    )
    assert "no venue 'moon'" in refused("venue", "edit", "moon", "--city", "X", code=3)


def test_participant_edit(net: Path) -> None:
    data = edit(
        "participant", "edit", "asa@example.se", "--name", "Åsa Öberg-Lind", "--email", "asa.lind@example.se",
        "--organization", "Lessebo kommun", "--language", "en", "--diet", "vegan", "--phone", "0470-123 45", "--json",
    ).json()  # fmt: skip
    assert isinstance(data, dict)
    assert (data["id"], data["email"], data["organization"], data["language"]) == (
        "asa-oberg",
        "asa.lind@example.se",
        "lessebo-kommun",
        "en",
    )
    assert data["changed"] == ["name", "email", "organization", "language", "diet", "phone"]
    edit("participant", "edit", "asa-oberg", "--organization", "", "--diet", "")
    person = Store(net).participants.load("asa-oberg")
    assert (person.organization, person.diet, person.phone) == (None, None, "0470-123 45")
    error = refused("participant", "edit", "asa-oberg", "--email", "BJORN@example.se", code=4)
    assert "participant edit: --email: BJORN@example.se is already participant 'bjorn-odegard'" in error
    assert "samling participant merge" in error
    assert "participant edit: --language: 'fi' is not allowed" in refused(
        "participant", "edit", "asa-oberg", "--language", "fi", code=2
    )
    assert "participant edit: --email:" in refused("participant", "edit", "asa-oberg", "--email", "asa@", code=2)
    assert "no organization 'Ankeborg'" in refused("participant", "edit", "asa-oberg", "-o", "Ankeborg", code=3)
    assert "no participant 'nobody'" in refused("participant", "edit", "nobody", "--diet", "x", code=3)


# --- samling participant merge -----------------------------------------------------------------


def test_merge_moves_everything_to_the_one_kept(net: Path, tmp_path: Path) -> None:
    # The same person twice: the new record has no organization (so was never invited), the old one
    # registered, was sent a confirmation, asked a question, suggested a theme and is a contact.
    samling("participant", "add", "Bjørn Ödegård", "--email", "bjorn.o@example.se", "--phone", "070-1", "--id", "bjorn")
    samling("participant", "edit", "bjorn-odegard", "--diet", "vegetarisk")
    samling("register", "bjorn-odegard")
    samling("ask", "Hur gör vi med fjärrlån?", "--by", "bjorn-odegard", "--meeting", MEETING)
    samling("theme", "suggest", "Fjärrlån", "--by", "bjorn-odegard", "--meeting", MEETING)
    samling("org", "edit", "vaxjo-kommun", "--contact", "bjorn-odegard")
    samling("send", "--drafts", str(tmp_path / "drafts"))
    data = edit("participant", "merge", "bjorn", "bjorn@example.se", "--json").json()
    assert isinstance(data, dict)
    assert (data["id"], data["merged"], data["email"], data["phone"]) == (
        "bjorn",
        "bjorn-odegard",
        "bjorn.o@example.se",
        "070-1",
    )
    assert (data["organization"], data["diet"]) == ("vaxjo-kommun", "vegetarisk")  # taken from the other
    assert data["registrations"] == [MEETING] and data["ledgers"] == [MEETING]
    assert data["questions"] == [f"{MEETING}/1"] and len(data["themes"]) == 1
    assert data["organizations"] == ["vaxjo-kommun"] and data["fields"] == ["organization", "diet"]
    store = Store(net)
    assert not store.participants.exists("bjorn-odegard")
    assert store.registrations(MEETING).load("bjorn").status == "registered"
    assert not store.registrations(MEETING).exists("bjorn-odegard")
    assert store.sent(MEETING).exists("bjorn") and not store.sent(MEETING).exists("bjorn-odegard")
    assert store.questions(MEETING).load("1").by == "bjorn"
    assert store.organizations.load("vaxjo-kommun").contact == "bjorn"
    # what was told to the old record counts for the one kept: nothing new to tell
    due = samling("outbox", "--json").json()
    assert isinstance(due, dict) and due["due"] == []
    assert "no participant 'nobody'" in refused("participant", "merge", "bjorn", "nobody", code=3)
    assert "are the same participant" in refused("participant", "merge", "bjorn", "bjorn.o@example.se", code=2)


def test_merge_clashes_change_nothing(net: Path, tmp_path: Path) -> None:
    samling("new", "Höstträff", "--date", "2026-10-01", "--venue", "vaxjo")
    samling("register", "bjorn-odegard")
    samling("register", "asa-oberg")
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"))  # both are members: both invited
    samling("send", "2026-10", "--drafts", str(tmp_path / "drafts"))
    samling("ask", "Fråga", "--by", "asa-oberg", "--meeting", MEETING)

    def files() -> dict[str, bytes]:
        return {str(p.relative_to(net)): p.read_bytes() for p in net.rglob("*.toml")}

    before = files()
    error = refused("participant", "merge", "bjorn-odegard", "asa-oberg", code=4)
    assert f"{MEETING}: both are registered (bjorn-odegard registered, asa-oberg registered)" in error
    assert "both were sent messages" not in error  # those are joined: only the places clash
    assert "nothing was changed" in error and "samling unregister asa-oberg -m MEETING" in error
    assert files() == before


def test_a_cancelled_duplicate_and_both_records_of_what_was_sent_are_merged(net: Path, tmp_path: Path) -> None:
    """The same person registered twice under two records (a corrected address): once the
    duplicate is unregistered, the merge keeps the place held and every message sent to either."""
    samling("participant", "add", "Bjørn Ødegård", "--email", "bjorn.odegard@example.se", "--id", "bjorn-2")
    samling("register", "bjorn-odegard")
    samling("register", "bjorn-2")
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"))
    assert "both are registered" in refused("participant", "merge", "bjorn-odegard", "bjorn-2", code=4)
    samling("unregister", "bjorn-2")
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"))
    merged = samling("participant", "merge", "bjorn-odegard", "bjorn-2", "--json").json()
    assert merged["registrations"] == [MEETING] and merged["ledgers"] == [MEETING]
    store = Store(net)
    assert store.registrations(MEETING).load("bjorn-odegard").status == "registered"
    assert not store.registrations(MEETING).exists("bjorn-2")
    kinds = [m.kind for m in store.sent(MEETING).load("bjorn-odegard").message]
    assert len(kinds) == 3  # his confirmation, and the duplicate's confirmation and cancellation
    samling("check")


# --- what the outbox makes of an edit ----------------------------------------------------------


def told_then_edited(tmp_path: Path, *edit_args: str) -> list[str]:
    """Register Bjørn, hand over his confirmation, make the edit: the change kinds of his update."""
    samling("register", "bjorn-odegard")
    samling("send", "--drafts", str(tmp_path / "drafts"))
    assert samling("outbox", "--json").json()["due"] == []  # type: ignore[index]
    edit(*edit_args)
    outbox = samling("outbox", "-p", "bjorn-odegard", "--json").json()
    assert isinstance(outbox, dict)
    [due] = outbox["due"]
    assert due["kind"] == "update"
    assert due["calendar"][0]["method"] == "REQUEST"
    return [change["kind"] for change in due["changes"]]


def test_outbox_update_for_a_session_new_time(net: Path, tmp_path: Path) -> None:
    assert told_then_edited(tmp_path, "session", "edit", "vaxjo", "--start", "09:00", "--end", "13:00") == ["time"]


def test_outbox_update_for_a_venue_new_address(net: Path, tmp_path: Path) -> None:
    assert told_then_edited(tmp_path, "venue", "edit", "vaxjo", "--address", "Västra Esplanaden 7") == ["place"]


def test_outbox_update_for_a_meeting_new_online_link(net: Path, tmp_path: Path) -> None:
    kinds = told_then_edited(tmp_path, "meeting", "edit", "--online-link", "https://meet.example.org/ny")
    assert "link" in kinds


# --- moving to a session where one would only wait ---------------------------------------------


def test_moving_from_a_seat_to_a_waitlist_asks_for_yes(net: Path) -> None:
    add_west(seats="1")
    samling("register", "cecilia-ungerback", "--session", "ljungby")
    samling("register", "bjorn-odegard", "--session", "vaxjo")
    error = refused("register", "bjorn-odegard", "--update", "--session", "ljungby", "--json", code=6)
    assert "bjorn-odegard holds a seat in session vaxjo" in error and "on the waitlist (position 1)" in error
    assert "--yes" in error
    assert Store(net).registrations(MEETING).load("bjorn-odegard").session == "vaxjo"
    data = samling("register", "bjorn-odegard", "--update", "--session", "ljungby", "--yes", "--json").json()
    assert isinstance(data, dict) and (data["status"], data["session"], data["position"]) == (
        "waitlisted",
        "ljungby",
        1,
    )
    # a move that keeps a seat needs no confirmation
    samling("register", "bjorn-odegard", "--update", "--session", "vaxjo")


def test_an_online_link_is_not_removed_under_those_online(net: Path) -> None:
    samling("register", "lina-holmer", "--online")
    error = refused("meeting", "edit", "--online-link", "", code=6)
    assert "meeting edit: --online-link: lina-holmer takes part online" in error
    assert "online_link" in meeting_file(net)


def test_a_closed_meeting_is_history_and_nobody_is_told_of_it_again(net: Path, tmp_path: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("send", "--drafts", str(tmp_path / "drafts"))
    samling("close", MEETING)
    for args in (
        ["meeting", "edit", MEETING, "--title", "Nytt namn"],
        ["session", "edit", "vaxjo", "--meeting", MEETING, "--start", "09:00"],
        ["session", "cancel", "vaxjo", "--meeting", MEETING],
        ["cancel", MEETING],
    ):
        result = samling(*args, ok=False)
        assert result.exit_code == 6 and f"meeting {MEETING} is closed" in result.stderr, args
    samling("venue", "edit", "vaxjo", "--address", "Nya gatan 1")  # shared with meetings to come
    assert "Nothing is due" in samling("outbox", MEETING).stdout  # a closed meeting's place is not news
