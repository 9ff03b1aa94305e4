"""Calendar files: valid for independent parsers, stable, updatable and cancellable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import MEETING, samling
from icalcheck import (
    parse_icalendar,
    parse_icaljs,
    parse_ics_package,
    parse_vobject,
    rfc_problems,
)

OUT = Path("meetings") / MEETING / "out" / "calendar"
UTC = dt.UTC


def two_sessions(net: Path) -> None:
    samling("venue", "add", "Ljungby bibliotek", "--id", "ljungby", "--address", "Storgatan 1, Ljungby")
    samling("session", "add", "--date", "2026-03-19", "--venue", "ljungby", "--start", "09:30", "--end", "15:00")
    samling("register", "bjorn-odegard", "-s", "vaxjo")
    samling("register", "asa-oberg", "-s", "ljungby")


def files(net: Path) -> dict[str, Path]:
    return {p.stem: p for p in (net / OUT).glob("*.ics")}


def test_published_and_personal_calendars_parse_everywhere(net: Path) -> None:
    two_sessions(net)
    samling("ics")
    found = files(net)
    assert set(found) == {MEETING, "bjorn-odegard", "asa-oberg"}
    for path in found.values():
        assert rfc_problems(path.read_bytes()) == [], path.name
    published = found[MEETING].read_bytes()
    starts = [dt.datetime(2026, 3, 12, 9, 0, tzinfo=UTC), dt.datetime(2026, 3, 19, 8, 30, tzinfo=UTC)]  # CET = UTC+1
    assert [e["start_utc"] for e in parse_vobject(published)] == starts
    assert [e["start_utc"] for e in parse_ics_package(published)] == starts
    js = {Path(r["file"]).stem: r for r in parse_icaljs(*found.values())}
    assert js[MEETING]["method"] == "PUBLISH"
    assert [e["start_utc"] for e in js[MEETING]["events"]] == ["2026-03-12T09:00:00.000Z", "2026-03-19T08:30:00.000Z"]
    assert all(e["attendees"] == [] and e["start_tzid"] == "Europe/Stockholm" for e in js[MEETING]["events"])
    assert js[MEETING]["events"][0]["alarms"] == ["-P1D"]  # 24 hours before
    assert js[MEETING]["events"][0]["organizers"] == [
        {"value": "mailto:annalena@example.se", "cn": "Annalena Cronemo", "rsvp": None}
    ]
    # A personal invitation: that attendee only, RSVP requested, their own session only.
    bjorn = js["bjorn-odegard"]
    assert bjorn["method"] == "REQUEST" and len(bjorn["events"]) == 1
    assert bjorn["events"][0]["attendees"] == [
        {"value": "mailto:bjorn@example.se", "cn": "Bjørn Ødegård", "rsvp": "TRUE"}
    ]
    assert js["asa-oberg"]["events"][0]["location"] == "Ljungby bibliotek, Storgatan 1, Ljungby"
    assert "bjorn@example.se" not in found["asa-oberg"].read_text(encoding="utf-8")
    uids = {e["uid"] for e in js[MEETING]["events"]}
    assert len(uids) == 2 and bjorn["events"][0]["uid"] in uids


def test_same_data_same_bytes(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    two_sessions(net)
    samling("ics")
    before = {name: path.read_bytes() for name, path in files(net).items()}
    meeting_toml = (net / "meetings" / MEETING / "meeting.toml").read_bytes()
    monkeypatch.setenv("SAMLING_NOW", "2026-02-20T15:00:00")  # later: the clock must not matter
    assert samling("ics", "--json").json()["written"] == []
    assert {name: path.read_bytes() for name, path in files(net).items()} == before
    assert (net / "meetings" / MEETING / "meeting.toml").read_bytes() == meeting_toml


def test_a_changed_session_updates_the_same_event(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("register", "bjorn-odegard")
    samling("ics")
    first = parse_icaljs(net / OUT / "bjorn-odegard.ics")[0]["events"][0]
    # The organizer moves the meeting by editing meeting.toml by hand.
    path = net / "meetings" / MEETING / "meeting.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("date = 2026-03-12", "date = 2026-03-13"), encoding="utf-8"
    )
    monkeypatch.setenv("SAMLING_NOW", "2026-02-10T10:00:00")
    samling("ics")
    second = parse_icaljs(net / OUT / "bjorn-odegard.ics")[0]["events"][0]
    assert second["uid"] == first["uid"]
    assert (first["sequence"], second["sequence"]) == (0, 1)
    assert second["start_utc"] == "2026-03-13T09:00:00.000Z"
    stamp = [line for line in (net / OUT / "bjorn-odegard.ics").read_text().splitlines() if line.startswith("DTSTAMP")]
    # the records' last moment (his registration), not the clock, and nothing of the clock in
    # meeting.toml (two organizers would write it differently); SEQUENCE tells clients what is new
    assert stamp == ["DTSTAMP:20260201T080000Z"]
    assert "changed_at" not in path.read_text(encoding="utf-8")
    assert parse_icalendar((net / OUT / f"{MEETING}.ics").read_bytes())[0]["sequence"] == 1


def test_unregistering_sends_a_cancel_with_a_higher_sequence(net: Path, tmp_path: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("ics")
    request = parse_icaljs(net / OUT / "bjorn-odegard.ics")[0]
    samling("send", "--drafts", str(tmp_path / "drafts"))  # he has been sent his REQUEST
    samling("ics")
    assert not (net / OUT / "bjorn-odegard.ics").exists()  # nothing is due to him now: nothing to send by mistake
    samling("unregister", "bjorn-odegard")
    assert samling("ics", "--json").json()["personal"]["bjorn-odegard"]["method"] == "CANCEL"
    data = (net / OUT / "bjorn-odegard.ics").read_bytes()
    assert rfc_problems(data) == []
    cancel = parse_icaljs(net / OUT / "bjorn-odegard.ics")[0]
    assert cancel["method"] == "CANCEL"
    assert cancel["events"][0]["uid"] == request["events"][0]["uid"]
    assert cancel["events"][0]["sequence"] > request["events"][0]["sequence"]
    # RFC 5546 3.2.5: taking one attendee out is a CANCEL to them without STATUS:CANCELLED
    assert cancel["events"][0].get("status") in (None, "")
    assert b"STATUS:CANCELLED" not in data
    assert parse_vobject(data)[0]["uid"] == request["events"][0]["uid"]


def test_a_cancelled_meeting_cancels_everywhere(net: Path, tmp_path: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("ics")
    sent = parse_icaljs(net / OUT / "bjorn-odegard.ics")[0]["events"][0]["sequence"]
    samling("send", "--drafts", str(tmp_path / "drafts"))
    assert "Cancelled" in samling("cancel").stdout
    assert "cancelled already" in samling("cancel", MEETING).stdout
    assert "is cancelled" in samling("register", "asa-oberg", ok=False).stderr
    samling("ics")
    result = {Path(r["file"]).stem: r for r in parse_icaljs(*files(net).values())}
    assert result["bjorn-odegard"]["method"] == "CANCEL" and result[MEETING]["method"] == "CANCEL"
    assert result["bjorn-odegard"]["events"][0]["sequence"] > sent
    assert all(e["status"] == "CANCELLED" for r in result.values() for e in r["events"])


HOSTILE = 'Möte; med, allt \\ "citat"\nBEGIN:VEVENT\nX-EVIL:1'


def test_hostile_text_stays_text(net: Path) -> None:
    samling("venue", "add", HOSTILE, "--id", "evil", "--address", "Gata 1;\nEND:VCALENDAR")
    samling("participant", "add", 'Eve "Q" ;,\\\nBEGIN:VEVENT', "-e", "eve@example.se", "--id", "eve")
    samling("new", HOSTILE, "--date", "2026-04-02", "--venue", "evil", "--id", "evil", "-a", "Punkt 1\nEND:VEVENT")
    samling("register", "eve", "--meeting", "evil")
    samling("admit", "eve", "--meeting", "evil")  # no organization: she waits until admitted
    samling("ics", "evil")  # the published file and Eve's REQUEST, due to her
    folder = net / "meetings" / "evil" / "out" / "calendar"
    for path in folder.glob("*.ics"):
        data = path.read_bytes()
        assert rfc_problems(data) == [], path.name
        assert data.count(b"BEGIN:VEVENT\r\n") == 1 and data.count(b"\r\nX-EVIL") == 0
        for parsed in (parse_vobject(data), parse_ics_package(data), parse_icalendar(data)):
            assert len(parsed) == 1
            # a title and a venue's name are one line (their line breaks became spaces); an
            # address keeps its lines, as text
            one_line = " ".join(HOSTILE.split())
            assert parsed[0]["summary"] == one_line
            assert parsed[0]["location"] == f"{one_line}, Gata 1;\nEND:VCALENDAR"
        js = parse_icaljs(path)[0]["events"]
        assert len(js) == 1 and js[0]["summary"] == " ".join(HOSTILE.split())
        assert js[0]["description"].startswith("Punkt 1\nEND:VEVENT")
        assert "x-evil" not in js[0]["properties"]
    eve = parse_icaljs(folder / "eve.ics")[0]["events"][0]["attendees"]
    assert eve == [{"value": "mailto:eve@example.se", "cn": 'Eve "Q" ;,\\ BEGIN:VEVENT', "rsvp": "TRUE"}]


def test_fold_keeps_utf8_whole_and_lines_short() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from samling.outputs.calendar import fold

    @settings(max_examples=300, deadline=None)
    @given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=400))
    def check(text: str) -> None:
        folded = fold(("ATTENDEE;CN=" + text).encode("utf-8"))
        lines = folded.split(b"\r\n")[:-1]
        assert all(len(line) <= 75 for line in lines)
        assert all(line.startswith(b" ") for line in lines[1:])
        assert folded.replace(b"\r\n ", b"")[:-2].decode("utf-8") == "ATTENDEE;CN=" + text  # each piece decodes

    check()
