"""The command line says the same things the same way: the meeting given as MEETING or with -m
wherever a command takes one, arguments named in --help as the README names them, MEETING-ID/N
wherever a number of an earlier meeting's question or action is asked for, English plurals, the
people of a meeting by name, and what a date may look like. And the message to someone whose
confirmed place was withdrawn."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from conftest import MEETING, samling, samling_command
from test_outbox import MEETING as NETVAERK
from test_outbox import build_network, drafts_of, edit, golden, text_part

from samling.cli.status import people_text

AUTUMN = "2026-10-01-hosttraff"
# the modules whose commands this file holds to the README's way of naming arguments
CONSISTENT = {
    "themes",
    "room",
    "questions",
    "status",
    "meetings",
    "registrations",
    "invite",
    "handouts",
    "groups",
}


def commands() -> dict[str, object]:
    found: dict[str, object] = {}

    def walk(command: object, path: str) -> None:
        found[path] = command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, f"{path} {name}")

    walk(samling_command(), "samling")
    return found


def test_themes_shows_the_meeting_where_theme_vote_put_them(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("new", "Höstträff", "--date", "2026-10-01")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T14:00:00")
    samling("theme", "suggest", "Fjärrlån")
    assert samling("theme", "vote", "fjarrlan").stdout == "Fjärrlån: 1 vote.\n"
    assert samling("theme", "vote", "fjarrlan", "2").stdout == "Fjärrlån: 3 votes.\n"
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13T09:00:00")  # the day after
    shown = samling("themes")
    assert shown.stdout.startswith("Fjärrlån") and "No themes" not in shown.stdout
    assert shown.stderr == f"meeting: {MEETING} (the meeting held most recently; name another by its id or date)\n"
    assert "No themes suggested at 2026-10-01-hosttraff yet" in samling("themes", AUTUMN).stdout
    assert [t["votes"] for t in samling("themes", "-m", MEETING, "--json").json()] == [3]
    # --help says which meeting it is
    assert "(default: the meeting held most recently" in " ".join(samling("themes", "--help").stdout.split())


@pytest.mark.parametrize(
    "command",
    ["decide", "date add", "dates", "themes", "questions", "groups", "action add", "action done", "theme vote"]
    + ["status", "registrations list", "invite", "list", "minutes", "cancel", "attended", "absent"]
    + [f"question {c}" for c in ("show", "discuss", "escalate", "answer", "withdraw")]
    + ["agenda show", "agenda pull", "followup", "ics", "close", "meeting edit", "outbox", "send", "remind"]
    + ["session add"],
)
def test_every_meeting_room_command_takes_dash_m(command: str) -> None:
    assert "-m, --meeting MEETING" in samling(*command.split(), "--help").stdout


def test_the_meeting_as_argument_or_option_must_agree(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("new", "Höstträff", "--date", "2026-10-01")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T14:00:00")
    assert samling("decide", "Vi byter system.", "-m", MEETING).stdout == f"Decision 1 recorded for {MEETING}.\n"
    assert samling("decide", "Vi ses i höst.", MEETING, "-m", "2026-03-12").stdout.startswith("Decision 2 ")
    both = samling("decide", "Nej.", MEETING, "-m", AUTUMN, ok=False)
    assert both.stderr.startswith(f"error: two meetings given: '{MEETING}' ({MEETING}) and --meeting '{AUTUMN}'")
    assert (
        samling("date", "add", "31/12/2026", "Ansökan", "-m", MEETING).stdout
        == f"Date 2026-12-31 added to {MEETING}.\n"
    )
    assert samling("date", "add", "1.11.2026", "Webbinarium", MEETING, "--meeting", MEETING).exit_code == 0
    added = [d["text"] for d in samling("dates", "-m", MEETING, "--json").json() if d["kind"] == "added"]
    assert added == ["Webbinarium", "Ansökan"]
    assert "two meetings given" in samling("dates", AUTUMN, "-m", MEETING, ok=False).stderr
    samling("ask", "Fråga?", "-m", AUTUMN)
    assert [q["text"] for q in samling("questions", "-m", AUTUMN, "--json").json()] == ["Fråga?"]


def test_usage_lines_name_arguments_as_the_readme_does() -> None:
    # Typer from 0.29 puts a required argument in braces ({TEXT}); before, it wrote it bare
    usage = {
        path: samling(*path.split()[1:], "--help").stdout.splitlines()[0].replace("{", "").replace("}", "")
        for path in commands()
    }
    assert usage["samling decide"] == "Usage: samling decide [OPTIONS] TEXT [MEETING]"
    assert usage["samling date add"] == "Usage: samling date add [OPTIONS] DATE TEXT [MEETING]"
    assert usage["samling question show"] == "Usage: samling question show [OPTIONS] N"
    assert usage["samling action done"] == "Usage: samling action done [OPTIONS] N"
    assert usage["samling theme vote"] == "Usage: samling theme vote [OPTIONS] NAME [N]"
    assert usage["samling register"] == "Usage: samling register [OPTIONS] PARTICIPANT"
    # (Typer from 0.29 adds "..." to an argument that takes several)
    assert usage["samling attended"].removesuffix("...") == "Usage: samling attended [OPTIONS] PARTICIPANT"
    lowercase = [
        usage[path]
        for path, command in commands().items()
        if getattr(getattr(command, "callback", None), "__module__", "").rsplit(".", 1)[-1] in CONSISTENT
        and any(word.strip("[].").islower() for word in usage[path].removeprefix(f"Usage: {path} [OPTIONS]").split())
    ]
    assert lowercase == []


def test_question_commands_take_meeting_id_slash_number(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("ask", "Varför kraschar klienten?")
    samling("ask", "Och skrivaren?")
    shown = samling("question", "show", f"{MEETING}/2", "--json").json()
    assert (shown["meeting"], shown["number"], shown["text"]) == (MEETING, 2, "Och skrivaren?")
    assert samling("question", "show", "2026-03-12/1", "--json").json()["text"] == "Varför kraschar klienten?"
    for wrong in ("abc", f"{MEETING}/x", "/1", "0"):
        refused = samling("question", "show", wrong, ok=False)
        assert refused.stderr.startswith(f"error: {wrong!r} is not a question\nhint: give its number"), wrong
        assert "Input should be" not in refused.stderr and len(refused.stderr.splitlines()) == 2
    assert samling("question", "withdraw", f"{MEETING}/2").stdout == f"Question {MEETING}/2 withdrawn.\n"
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    samling("question", "escalate", f"{MEETING}/1", "--to", "Leverantören")
    samling("new", "Höstträff", "--date", "2026-10-01")  # carries the escalation over, as its question 1
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T11:00:00")
    # at the autumn meeting (held most recently), where the escalation was carried: said there
    out = samling("question", "discuss", f"{MEETING}/1", "--notes", "Rättat i 7.3.").stdout
    assert out == f"Question {MEETING}/1 ({AUTUMN}/1): escalated.\n"
    samling("question", "answer", f"{MEETING}/1", "--answer", "Uppdatera.")
    original = samling("question", "show", f"{MEETING}/1", "--json").json()
    assert original["notes"][-1]["meeting"] == AUTUMN and original["answered_in"] == AUTUMN
    refused = samling("question", "show", f"{AUTUMN}/1", "-m", MEETING, ok=False)
    assert "it was not carried over to it" in refused.stderr


def test_a_date_error_names_the_forms_a_date_may_take(net: Path) -> None:
    refused = samling("date", "add", "31.2.2027", "Text", "-m", MEETING, ok=False)
    assert refused.stderr == (
        "error: DATE: '31.2.2027' is not a valid date (February 2027 has 28 days)\n"
        "hint: write it as YYYY-MM-DD (2026-03-12) or day first, DD.MM.YYYY or DD/MM/YYYY (12.3.2026, 12/3/2026)\n"
    )
    assert "(there is no month 13)" in samling("date", "add", "2027-13-01", "T", "-m", MEETING, ok=False).stderr
    assert "(unknown format)" in samling("action", "add", "T", "--who", "x", "--due", "1 maj", ok=False).stderr
    assert samling("date", "add", "29/2/2028", "Skottdag", "-m", MEETING).stdout.startswith("Date 2028-02-29 ")


def test_english_plurals(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T12:00:00")
    samling("action", "add", "Kolla avtalet", "--who", "asa@example.se", "--due", "2026-05-01")
    samling("ask", "Inte hunnen?", "-m", MEETING)
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13T09:00:00")
    out = samling("new", "Höstträff", "--date", "2026-10-01").stdout
    assert "1 open action item of earlier meetings is on its agenda until done." in out
    assert "Carried over 1 open question not reached at an earlier meeting: 1" in out
    assert "(s)" not in out


def test_status_names_the_people_in_a_role(net: Path) -> None:
    samling("register", "cecilia@example.se", "--role", "host")
    assert "Host: Cecilia Ungerbäck.\n" in samling("status").stdout
    # the id only where it tells two people apart (or there is no name)
    names = {"asa-oberg": "Åsa Öberg", "asa-oberg-2": "Åsa Öberg", "bo": "Bo Ek"}
    assert people_text(["asa-oberg", "asa-oberg-2", "bo", "gone"], names) == (
        "Åsa Öberg (asa-oberg), Åsa Öberg (asa-oberg-2), Bo Ek, gone"
    )


@pytest.mark.parametrize("language", ["sv", "nb", "da", "nl", "en"])
def test_golden_back_on_the_waitlist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """A confirmed place withdrawn (here: the venue has fewer seats after a merge, and `check
    --fix` puts the one who came last back on the waitlist): said so, with an apology, not the
    thanks for registering of someone who never had a place."""
    root = build_network(tmp_path / "net")
    d = ["--dir", str(root)]
    edit(root / "samling.toml", r"^language = .*$", f'language = "{language}"')
    samling("register", "anna", "-m", NETVAERK, "--session", "vest", *d)
    samling("register", "bo", "-m", NETVAERK, "--session", "vest", *d)
    drafts = tmp_path / "drafts"
    seen: set[Path] = set()
    monkeypatch.setenv("SAMLING_NOW", "2027-01-10T09:00:00")
    samling("send", NETVAERK, "--drafts", str(drafts), *d)
    assert drafts_of(drafts, seen, [])["confirmation"]
    edit(root / "venues" / "vest.toml", r"^capacity = 2$", "capacity = 1")
    assert "bo.toml: back on the waitlist" in samling("check", "--fix", *d).stdout
    monkeypatch.setenv("SAMLING_NOW", "2027-01-11T09:00:00")
    samling("send", NETVAERK, "--drafts", str(drafts), *d)
    (kind, (participant, message)) = next(iter(drafts_of(drafts, seen, []).items()))
    assert (kind, participant) == ("waitlisted", "bo")
    text = text_part(message)
    golden(f"{language}/message-waitlisted-lost-place.txt", text)
    first_time = {
        "sv": "Tack för din anmälan",
        "nb": "Takk for påmeldingen",
        "da": "Tak for din tilmelding",
        "nl": "Dank voor uw aanmelding",
        "en": "Thank you for registering",
    }[language]
    assert first_time not in text
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    html = parsed.get_body(preferencelist=("html",))
    assert html is not None and "<p><strong>" + text.split("\n")[6].split(". ")[0] in html.get_content()
    methods = [p.get_param("method") for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert set(methods) == {"CANCEL"}  # the place's event leaves their calendar
