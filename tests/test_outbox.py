"""What each person is told, through the command line: the outbox, `send --drafts`, the ledger,
and a simulated calendar client per person that applies every iTIP message it received."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import icalendar
import pytest
from conftest import ROOT, samling
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalcheck import parse_icalendar, parse_icaljs, parse_ics_package, parse_vobject, rfc_problems

MEETING = "2027-03-09-netvaerksmode"
PEOPLE = ("anna", "bo", "carl", "dorte")


def build_network(root: Path) -> Path:
    samling(
        "init",
        str(root),
        "--name",
        "Lånesamarbejdet",
        "--language",
        "da",
        "--organizer",
        "Mette Kjær <mette@example.dk>",
    )
    d = ["--dir", str(root)]
    samling(
        "venue",
        "add",
        "Roskilde Bibliotek",
        "--id",
        "oest",
        "--capacity",
        "1",
        "--address",
        "Dronning Margrethes Vej 14",
        *d,
    )
    samling(
        "venue", "add", "Vejle Bibliotek", "--id", "vest", "--capacity", "2", "--address", "Willy Sørensens Plads 1", *d
    )
    samling("org", "add", "Aarhus Kommunes Biblioteker", "--id", "aarhus", *d)
    samling("org", "add", "Odense Bibliotekerne", "--id", "odense", *d)
    samling("org", "add", "Firmaet ApS", "--id", "firma", "--non-member", *d)
    for pid, org in zip(PEOPLE, ("aarhus", "aarhus", "odense", "firma"), strict=True):
        samling(
            "participant", "add", pid.title() + " Hansen", "--email", f"{pid}@example.dk", "--org", org, "--id", pid, *d
        )
    samling(
        "new",
        "Netværksmøde",
        "--date",
        "2027-03-09",
        "--venue",
        "oest",
        "--session",
        "oest",
        "--deadline",
        "2027-02-20",
        "--id",
        MEETING,
        *d,
    )
    samling("session", "add", MEETING, "--date", "2027-03-16", "--venue", "vest", "--session", "vest", *d)
    return root


@dataclass
class Client:
    """A calendar program: applies REQUEST and CANCEL in the order received (RFC 5546)."""

    events: dict[str, dict[str, object]] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    def receive(self, message: bytes) -> None:
        parsed = email.message_from_bytes(message, policy=email.policy.default)
        for part in parsed.walk():
            if part.get_content_type() != "text/calendar" or part.get_content_disposition() != "attachment":
                continue  # each calendar travels inline and attached: apply it once
            calendar = icalendar.Calendar.from_ical(part.get_content())
            method = str(calendar["METHOD"])
            for event in calendar.walk("VEVENT"):
                uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
                if method == "PUBLISH":
                    continue  # a file to add by hand, not a scheduling message
                if uid in self.sequences:
                    assert sequence > self.sequences[uid], f"SEQUENCE {sequence} after {self.sequences[uid]}"
                self.sequences[uid] = sequence
                if method == "REQUEST":
                    self.events[uid] = {
                        "start": event.decoded("DTSTART"),
                        "location": str(event.get("LOCATION")),
                        "url": str(event["URL"]) if "URL" in event else None,
                    }
                elif method == "CANCEL":
                    self.events.pop(uid, None)


def truth(root: Path) -> dict[str, dict[str, dict[str, object]]]:
    """Per person, the events their calendar should hold: the session they have a seat in."""
    meeting = tomllib.loads((root / "meetings" / MEETING / "meeting.toml").read_text(encoding="utf-8"))
    network = tomllib.loads((root / "samling.toml").read_text(encoding="utf-8"))
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(network["timezone"])
    result: dict[str, dict[str, dict[str, object]]] = {pid: {} for pid in PEOPLE}
    if meeting.get("cancelled"):
        return result
    listing = samling("registrations", MEETING, "--json", "--dir", str(root)).json()
    sessions = {s["id"]: s for s in meeting["sessions"]}
    for row in listing["registrations"]:  # type: ignore[index]
        s = sessions[row["session"]]
        if row["status"] != "registered" or s.get("cancelled"):
            continue
        venue = tomllib.loads((root / "venues" / f"{s['venue']}.toml").read_text(encoding="utf-8"))
        start = dt.datetime.combine(s["date"], dt.time.fromisoformat(s["start"]), tz)
        location = ", ".join(p for p in (venue["name"], venue.get("address")) if p)
        result[row["participant"]][s["uid"]] = {"start": start, "location": location, "url": meeting.get("online_link")}
    return result


def attempt(*args: str) -> None:
    """A command that the rules may refuse (registering for a cancelled meeting): either is fine,
    a traceback is not (``samling`` lets an exception through)."""
    try:
        samling(*args)
    except AssertionError as refused:
        message = str(refused)
    else:
        return
    assert "error:" in message, message


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.M), encoding="utf-8")


steps = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.sampled_from(PEOPLE), st.sampled_from(["oest", "vest"])),
        st.tuples(st.just("unregister"), st.sampled_from(PEOPLE), st.just("")),
        st.tuples(st.just("time"), st.sampled_from(["oest", "vest"]), st.sampled_from(["09:00", "10:00", "11:30"])),
        st.tuples(
            st.just("address"), st.sampled_from(["oest", "vest"]), st.sampled_from(["Torvet 1", "Stationsvej 2"])
        ),
        st.tuples(st.just("cancel"), st.booleans(), st.just("")),
        st.tuples(
            st.just("link"),
            st.sampled_from(["https://meet.example.dk/a", "https://meet.example.dk/b", ""]),
            st.just(""),
        ),
        st.tuples(st.just("timezone"), st.sampled_from(["Europe/Copenhagen", "Europe/London"]), st.just("")),
        st.tuples(st.just("cancel-session"), st.sampled_from(["oest", "vest"]), st.booleans()),
        st.tuples(st.just("send"), st.just(""), st.just("")),
    ),
    min_size=1,
    max_size=12,
)


SEND = ("send", "", "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
# The lives the README tells, always tried besides the random ones:
@example([("register", "anna", "oest"), SEND, ("unregister", "anna", "")])
@example([("register", "anna", "oest"), ("register", "bo", "oest"), SEND, ("unregister", "anna", ""), SEND])
@example([("register", "anna", "oest"), SEND, ("register", "anna", "vest"), SEND, ("time", "vest", "09:00")])
@example([("register", "carl", "vest"), SEND, ("address", "vest", "Torvet 1"), SEND, ("cancel", True, "")])
@example([("register", "anna", "oest"), SEND, ("link", "https://meet.example.dk/a", ""), SEND, ("link", "", "")])
@example([("register", "anna", "oest"), SEND, ("timezone", "Europe/London", "")])
@example([("register", "carl", "vest"), SEND, ("cancel", True, ""), SEND, ("cancel", False, "")])
@example(
    [("register", "carl", "vest"), SEND, ("cancel-session", "vest", True), SEND, ("cancel-session", "vest", False)]
)
def test_every_calendar_ends_with_the_truth(tmp_path: Path, ops: list[tuple[str, object, object]]) -> None:
    root = tmp_path / f"net-{os.urandom(4).hex()}"
    build_network(root)
    d = ["--dir", str(root)]
    drafts = root.parent / f"{root.name}-drafts"
    clients = {pid: Client() for pid in PEOPLE}
    seen: set[str] = set()

    def send() -> None:
        samling("send", MEETING, "--drafts", str(drafts), *d)
        for path in sorted(drafts.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
            if path.name in seen:
                continue
            seen.add(path.name)
            pid = path.name.removeprefix(MEETING + "-").split("-", 1)[0]
            clients[pid].receive(path.read_bytes())

    for op, a, b in ops:
        if op == "register":
            attempt("register", str(a), "-m", MEETING, "--session", str(b), "--update", *d)
        elif op == "unregister":
            attempt("unregister", str(a), "-m", MEETING, *d)
        elif op == "time":
            meeting = root / "meetings" / MEETING / "meeting.toml"
            text = meeting.read_text(encoding="utf-8")
            block = text.split(f'id = "{a}"', 1)
            block[1] = re.sub(r'start = "[^"]*"', f'start = "{b}"', block[1], count=1)
            meeting.write_text(f'id = "{a}"'.join(block), encoding="utf-8")
        elif op == "address":
            edit(root / "venues" / f"{a}.toml", r"^address = .*$", f'address = "{b}"')
        elif op == "link":
            samling("meeting", "edit", MEETING, "--online-link", str(a), *d)
        elif op == "timezone":  # the network moves, by a hand edit: the same wall time is another moment
            edit(root / "samling.toml", r"^timezone = .*$", f'timezone = "{a}"')
        elif op == "cancel":
            samling("cancel", MEETING, *([] if a else ["--undo"]), *d)
        elif op == "cancel-session":
            samling("session", "cancel", str(a), "-m", MEETING, *([] if b else ["--undo"]), *d)
        else:
            send()
    send()
    assert "Nothing is due" in samling("outbox", MEETING, *d).stdout
    expected = truth(root)
    for pid in PEOPLE:
        assert clients[pid].events == expected[pid], pid


GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("SAMLING_UPDATE_GOLDEN") == "1"  # regenerate on purpose: scripts/update_golden.sh


def drafts_of(folder: Path, seen: set[Path], everything: list[tuple[str, bytes]]) -> dict[str, tuple[str, bytes]]:
    """The drafts written since the last look: kind -> (participant, the .eml)."""
    found = {}
    for path in sorted(folder.glob("*.eml")):
        if path not in seen:
            seen.add(path)
            participant, _, rest = path.name.removeprefix(MEETING + "-").partition("-")
            kind = rest.split("-", 1)[1].removesuffix(".eml")
            everything.append((kind, path.read_bytes()))
            found.setdefault(kind, (participant, path.read_bytes()))  # the first recipient of each kind
    return found


def text_part(message: bytes) -> str:
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None
    return f"Subject: {parsed['Subject']}\n\n" + body.get_content()


@pytest.mark.parametrize("language", ["sv", "nb", "da", "nl", "en"])
def test_golden_every_kind_of_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    edit(root / "samling.toml", r"^language = .*$", f'language = "{language}"')
    samling("participant", "add", "Eva Lund", "--email", "eva@example.dk", "--org", "odense", "--id", "eva", *d)
    drafts = tmp_path / "drafts"
    seen: set[Path] = set()
    messages: dict[str, tuple[str, bytes]] = {}
    everything: list[tuple[str, bytes]] = []

    def send(now: str) -> None:
        monkeypatch.setenv("SAMLING_NOW", now)
        samling("send", MEETING, "--drafts", str(drafts), *d)
        for kind, found in drafts_of(drafts, seen, everything).items():
            messages.setdefault(kind, found)

    samling("register", "anna", "-m", MEETING, "--session", "oest", *d)
    samling("register", "bo", "-m", MEETING, "--session", "oest", *d)  # the one seat east is anna's
    send("2027-01-10T09:00:00")  # anna: confirmation, bo: waitlisted, carl and eva: invitation
    samling("unregister", "anna", "-m", MEETING, *d)
    monkeypatch.setenv("SAMLING_NOW", "2027-01-10T12:00:00")
    samling("remind", MEETING, *d)
    send("2027-01-11T09:00:00")  # anna: unregistered, bo: promoted, carl and eva: reminder
    meeting = root / "meetings" / MEETING / "meeting.toml"
    edit(meeting, r'^start = "10:00"', 'start = "09:30"')
    edit(root / "venues" / "oest.toml", r"^address = .*$", 'address = "Stændertorvet 3"')
    send("2027-01-12T09:00:00")  # bo: update (new time, new place)
    samling("register", "bo", "-m", MEETING, "--session", "vest", "--update", *d)
    send("2027-01-13T09:00:00")  # bo: moved east -> west
    samling("cancel", MEETING, *d)
    send("2027-01-14T09:00:00")  # everyone told anything: cancelled
    assert sorted(messages) == sorted(
        [
            "confirmation",
            "waitlisted",
            "invitation",
            "reminder",
            "unregistered",
            "promoted",
            "update",
            "moved",
            "cancelled",
        ]
    )
    for kind, (_, message) in sorted(messages.items()):
        golden(f"{language}/message-{kind}.txt", text_part(message))
    if language == "da":
        for kind in ("moved", "cancelled"):
            golden(f"da/message-{kind}.eml", messages[kind][1].decode("utf-8"))
    with_calendar = {kind for kind, message in everything if check_calendars(kind, message, tmp_path)}
    assert with_calendar == {"confirmation", "promoted", "update", "moved", "unregistered", "cancelled"}
    cancelled = text_part(messages["cancelled"][1])
    assert {
        "sv": "Träffen är inställd",
        "nb": "Samlingen er avlyst",
        "da": "Mødet er aflyst",
        "nl": "De bijeenkomst is geannuleerd",
        "en": "The meeting is cancelled",
    }[language] in cancelled
    assert "Welcome" not in cancelled and "registered for" not in cancelled


def check_calendars(kind: str, message: bytes, folder: Path) -> bool:
    """Every calendar part of a message passes the RFC checks and four independent parsers, and a
    REQUEST or CANCEL names one UID (RFC 5546). Whether the message has a scheduling part."""
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    for n, part in enumerate(parts):
        data = part.get_payload(decode=True)
        assert rfc_problems(data) == [], kind
        method = part.get_param("method")
        events = parse_icalendar(data)
        assert len(events) == 1, (kind, method)
        assert len(parse_vobject(data)) == len(parse_ics_package(data)) == 1
        path = folder / f"{kind}-{n}.ics"
        path.write_bytes(data)
        (icaljs,) = parse_icaljs(path)
        assert icaljs["method"] == method
        if method == "REQUEST":
            assert [a["value"] for a in icaljs["events"][0]["attendees"]] != []
        if method == "CANCEL" and kind != "cancelled":
            assert b"STATUS:CANCELLED" not in data  # one attendee taken out, the event itself goes on
        if method == "CANCEL" and kind == "cancelled":
            assert b"STATUS:CANCELLED" in data
    return any(p.get_param("method") in ("REQUEST", "CANCEL") for p in parts)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {name}; run scripts/update_golden.sh"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from the golden file"


def test_the_ledger_is_checked_like_any_record(tmp_path: Path) -> None:
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    samling("register", "anna", "-m", MEETING, "--session", "oest", *d)
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"), *d)
    samling("register", "anna", "-m", MEETING, "--session", "vest", "--update", *d)
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"), *d)
    assert "ok:" in samling("check", *d).stdout
    ledger = root / "meetings" / MEETING / "sent" / "anna.toml"
    text = ledger.read_text(encoding="utf-8")
    assert text.count("[[message]]") == 2 and 'kind = "moved"' in text
    # what a bad merge or a hand edit could leave: an earlier SEQUENCE after a later one, a typo
    ledger.write_text(text.replace("sequence = 1", "sequence = 0", 1).replace("via =", "vai =", 1), encoding="utf-8")
    report = samling("check", *d, ok=False).stdout
    assert (
        "meetings/2027-03-09-netvaerksmode/sent/anna.toml: message[0].vai: unknown key; did you mean 'via'?" in report
    )
    ledger.write_text(text.replace('kind = "moved"', 'kind = "moved"\nat_ = 1', 1), encoding="utf-8")
    assert "unknown key" in samling("check", *d, ok=False).stdout
    ledger.write_text(text, encoding="utf-8")
    data = tomllib.loads(text)
    oest = [a for m in data["message"] for a in m.get("calendar", []) if a["session"] == "oest"]
    assert [a["method"] for a in oest] == ["REQUEST", "CANCEL"] and oest[1]["sequence"] > oest[0]["sequence"]
    lowered = text.replace(f"sequence = {oest[1]['sequence']}", "sequence = 0", 1)
    assert lowered != text
    ledger.write_text(lowered, encoding="utf-8")
    assert "is not higher than the 0 sent before it" in samling("check", *d, ok=False).stdout


def test_one_session_called_off(tmp_path: Path) -> None:
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    samling("register", "anna", "-m", MEETING, "--session", "oest", *d)
    samling("register", "carl", "-m", MEETING, "--session", "vest", *d)
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"), *d)
    assert "Cancelled session oest" in samling("session", "cancel", "oest", "-m", MEETING, *d).stdout
    due = samling("outbox", MEETING, "--json", *d).json()["due"]  # type: ignore[index]
    assert [(x["participant"], x["kind"]) for x in due] == [("anna", "cancelled")]  # carl's west goes on
    assert [(a["method"], a["session"]) for a in due[0]["calendar"]] == [("CANCEL", "oest")]
    refused = samling("register", "bo", "-m", MEETING, "--session", "oest", *d, ok=False)
    assert "session oest of 2027-03-09-netvaerksmode is cancelled" in refused.stderr
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"), *d)
    (draft,) = (tmp_path / "drafts").glob("*-anna-2-cancelled.eml")
    text = text_part(draft.read_bytes())
    assert "Mødet tirsdag den 9. marts 2027 er desværre aflyst." in text
    parsed = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    calendar = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    assert b"STATUS:CANCELLED" in calendar.get_payload(decode=True)
    assert "ok:" in samling("check", *d).stdout


def test_what_a_message_says_fits_the_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    drafts = tmp_path / "drafts"

    def sent(pid: str, kind: str) -> str:
        """The text of the last message of this kind to this person."""
        paths = sorted(drafts.glob(f"*-{pid}-*-{kind}.eml"), key=lambda p: int(p.name.split("-")[-2]))
        return text_part(paths[-1].read_bytes())

    samling("register", "anna", "-m", MEETING, "--session", "oest", *d)
    samling("register", "bo", "-m", MEETING, "--session", "vest", *d)
    samling("register", "dorte", "-m", MEETING, "--session", "vest", *d)  # a non-member: waits though seats are free
    samling("send", MEETING, "--drafts", str(drafts), *d)
    waiting = sent("dorte", "waitlisted")
    assert "Netværkets medlemmer har fortrinsret indtil tilmeldingsfristen, lørdag den 20. februar 2027" in waiting
    assert "fuldt booket" not in waiting
    samling("unregister", "bo", "-m", MEETING, *d)
    samling("send", MEETING, "--drafts", str(drafts), *d)
    samling("cancel", MEETING, *d)
    samling("send", MEETING, "--drafts", str(drafts), *d)
    samling("cancel", MEETING, "--undo", *d)
    due = {x["participant"]: x for x in samling("outbox", MEETING, "--json", *d).json()["due"]}  # type: ignore[index]
    assert "bo" not in due  # he unregistered before the cancellation: the meeting being back changes nothing for him
    assert due["anna"]["kind"] == "confirmation" and due["anna"]["reason"].startswith("the meeting's cancellation")
    samling("send", MEETING, "--drafts", str(drafts), *d)
    assert "Godt nyt: Netværksmøde bliver alligevel til noget." in sent("anna", "confirmation")
    # after the deadline nobody is invited any more
    monkeypatch.setenv("SAMLING_NOW", "2027-02-21T09:00:00")
    kinds = {x["kind"] for x in samling("outbox", MEETING, "--json", *d).json()["due"]}  # type: ignore[index]
    assert "invitation" not in kinds


def test_reminders_go_to_who_has_neither_registered_nor_declined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    drafts = tmp_path / "drafts"
    samling("register", "anna", "-m", MEETING, "--session", "oest", *d)
    monkeypatch.setenv("SAMLING_NOW", "2027-01-10T09:00:00")
    samling("send", MEETING, "--drafts", str(drafts), *d)  # bo and carl invited, anna confirmed
    samling("decline", "carl", "-m", MEETING, "--note", "Ferie", *d)
    assert "is registered" in samling("decline", "anna", "-m", MEETING, *d, ok=False).stderr
    monkeypatch.setenv("SAMLING_NOW", "2027-02-01T09:00:00")
    assert "1 reminder due now" in samling("remind", MEETING, *d).stdout
    samling("remind", MEETING, *d)  # asked twice before sending: still one each
    due = samling("outbox", MEETING, "--json", *d).json()["due"]  # type: ignore[index]
    assert [(x["participant"], x["kind"]) for x in due] == [("bo", "reminder")]
    samling("send", MEETING, "--drafts", str(drafts), *d)
    (reminder,) = drafts.glob("*-bo-2-reminder.eml")
    text = text_part(reminder.read_bytes())
    assert text.startswith("Subject: Påmindelse: Netværksmøde")
    assert "Tilmeld dig senest lørdag den 20. februar 2027" in text and "mette@example.dk" in text
    assert "## tirsdag den 9. marts 2027" in text and "## tirsdag den 16. marts 2027" in text
    assert "Nothing is due" in samling("outbox", MEETING, *d).stdout
    monkeypatch.setenv("SAMLING_NOW", "2027-02-10T09:00:00")
    samling("remind", MEETING, *d)  # a second round, after the first went
    assert [x["participant"] for x in samling("outbox", MEETING, "--json", *d).json()["due"]] == ["bo"]  # type: ignore[index]
    samling("decline", "bo", "-m", MEETING, *d)
    assert "Nothing is due" in samling("outbox", MEETING, *d).stdout  # regrets stop reminders
    monkeypatch.setenv("SAMLING_NOW", "2027-02-21T09:00:00")
    assert "closed on 2027-02-20" in samling("remind", MEETING, *d, ok=False).stderr


def test_regrets_reach_the_minutes(tmp_path: Path) -> None:
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    samling("decline", "carl", "-m", MEETING, "--note", "Ferie", *d)
    minutes = samling("minutes", MEETING, "--print", *d).stdout
    present, _, regrets = minutes.partition("## Afbud")
    assert "- Carl Hansen, Odense Bibliotekerne" in regrets and "Carl Hansen" not in present


def test_a_session_called_off_is_no_choice_any_more(tmp_path: Path) -> None:
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    samling("register", "anna", "-m", MEETING, "--session", "oest", *d)
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"), *d)
    samling("session", "cancel", "oest", "-m", MEETING, *d)
    status = samling("status", MEETING, "--json", *d).json()
    assert [(s["id"], s["cancelled"]) for s in status["sessions"]] == [("oest", True), ("vest", False)]  # type: ignore[index]
    assert status["closed"] is False  # type: ignore[index]
    samling("register", "bo", "-m", MEETING, *d)  # no --session needed: vest is the only one going ahead
    assert samling("registrations", MEETING, "--json", *d).json()["registrations"][1]["session"] == "vest"  # type: ignore[index]
    samling("invite", MEETING, *d)
    invitation = (root / "meetings" / MEETING / "out" / "invitations" / "invitation.md").read_text(encoding="utf-8")
    assert "16. marts" in invitation and "9. marts" not in invitation
    assert "Anna Hansen" not in samling("list", MEETING, *d).stdout
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"), *d)
    samling("session", "cancel", "oest", "-m", MEETING, "--undo", *d)
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"), *d)
    (back,) = (tmp_path / "drafts").glob("*-anna-3-confirmation.eml")
    assert "Godt nyt: Netværksmøde bliver alligevel til noget." in text_part(back.read_bytes())
