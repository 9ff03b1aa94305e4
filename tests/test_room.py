"""The meeting room (issue 13): notes appended to a question across meetings, withdrawn questions,
decisions, action items carried until done, important dates, and the follow-up naming the meeting
where a question was raised and the one where it was answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MEETING, samling

from samling.domain import room
from samling.store import Store

AUTUMN = "2026-10-01-hosttraff"


def test_notes_are_appended_on_the_original_with_their_meeting(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("ask", "Varför kraschar klienten?", "--by", "bjorn-odegard")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    samling("question", "discuss", "1", "--notes", "Händer vid utlån med RFID.")
    samling("question", "escalate", "1", "--to", "Leverantören")
    samling("new", "Höstträff", "--date", "2026-10-01")
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T11:00:00")
    samling("question", "discuss", "1", "--meeting", AUTUMN, "--notes", "Leverantören har sett felet.")
    original = samling("question", "show", "1", "--meeting", MEETING, "--json").json()
    assert original["notes"] == [
        {"meeting": MEETING, "date": "2026-03-12", "text": "Händer vid utlån med RFID."},
        {"meeting": AUTUMN, "date": "2026-10-01", "text": "Leverantören har sett felet."},
    ]
    assert original["status"] == "escalated"  # a note does not take back the escalation
    # the carried link shows the same notes; nothing was written on the link itself
    assert samling("question", "show", "1", "--meeting", AUTUMN, "--json").json()["notes"] == original["notes"]
    assert "notes" not in (net / "meetings" / AUTUMN / "questions" / "1.toml").read_text(encoding="utf-8")
    shown = samling("question", "show", "1", "--meeting", AUTUMN).stdout
    assert f"note          2026-03-12 {MEETING}: Händer vid utlån med RFID." in shown
    assert f"note          2026-10-01 {AUTUMN}: Leverantören har sett felet." in shown


def test_withdraw_takes_a_question_off_the_list(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("ask", "Fråga ett?")
    samling("ask", "Fråga två?")
    samling("ask", "Fråga tre?")
    samling("question", "discuss", "2")
    samling("question", "escalate", "3", "--to", "Leverantören")
    assert samling("question", "withdraw", "1").stdout == "Question 1 withdrawn.\n"
    assert samling("question", "withdraw", "2", "--json").json()["status"] == "withdrawn"
    refused = samling("question", "withdraw", "3", ok=False)
    assert refused.exit_code == 6 and "only an open or discussed question can be withdrawn" in refused.stderr
    assert "was withdrawn" in samling("question", "discuss", "1", ok=False).stderr
    assert "was withdrawn" in samling("question", "answer", "1", "--answer", "x", ok=False).stderr
    assert [q["number"] for q in samling("questions", "--json").json()] == [3]
    listed = samling("questions", "--status", "withdrawn", "--json").json()
    assert [q["number"] for q in listed] == [1, 2]
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13")
    samling("followup", "--json")
    digest = Path("meetings", MEETING, "out", "followup", "digest.md").read_text(encoding="utf-8")
    assert "Fråga tre?" in digest and "Fråga ett?" not in digest and "Fråga två?" not in digest


def test_the_followup_names_where_a_question_was_raised_and_answered(
    net: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bjørn asked in the spring and did not come in the autumn, where the answer arrived: his
    letter does not thank him for bringing it to the autumn meeting."""
    samling("register", "bjorn-odegard", "-q", "Varför kraschar klienten?")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    samling("question", "discuss", "1", "--notes", "Händer vid utlån med RFID.")
    samling("question", "escalate", "1", "--to", "Leverantören")
    samling("new", "Höstträff", "--date", "2026-10-01")
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T11:00:00")
    samling("question", "answer", "1", "--meeting", AUTUMN, "--answer", "Rättat i version 7.3.")
    out = samling("followup", AUTUMN, "--json").json()
    letter = (net / out["personal"]["bjorn-odegard"]).read_text(encoding="utf-8")
    assert "Tack för att du tog upp" not in letter
    assert "Här är vad som har hänt med frågan du tog upp på en tidigare träff." in letter
    assert "Du tog upp den på Nätverksträff våren 2026 torsdag 12 mars 2026." in letter
    assert "Anteckning från Nätverksträff våren 2026 (12 mars 2026): Händer vid utlån med RFID." in letter
    digest = (net / out["digest"]).read_text(encoding="utf-8")
    assert "Frågan ställdes första gången på Nätverksträff våren 2026 torsdag 12 mars 2026." in digest
    # The spring follow-up, made again now, says where the answer came.
    spring = samling("followup", MEETING, "--json").json()
    letter = (net / spring["personal"]["bjorn-odegard"]).read_text(encoding="utf-8")
    assert letter.count("Tack för att du tog upp din fråga på Nätverksträff våren 2026") == 1
    assert "Svaret kom på Höstträff." in letter


def test_decisions_actions_and_dates(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    Path(f"meetings/{MEETING}/meeting.toml").write_text(
        Path(f"meetings/{MEETING}/meeting.toml")
        .read_text(encoding="utf-8")
        .replace("cancelled = false\n", 'cancelled = false\nagenda = ["Välkommen", "Databaser"]\n'),
        encoding="utf-8",
    )
    assert samling("decide", "Nästa möte hålls i Växjö.").stdout == f"Decision 1 recorded for {MEETING}.\n"
    data = samling("decide", "Vi tecknar Cineasterna.", MEETING, "--item", "2", "--json").json()
    assert data == {"meeting_id": MEETING, "number": 2, "text": "Vi tecknar Cineasterna.", "item": 2,
                    "decided_at": "2026-03-12"}  # fmt: skip
    under_questions = samling("decide", "Frågorna besvaras skriftligt.", "--item", "3", "--json").json()
    assert under_questions["item"] == 3  # 3 = the questions from participants, after the 2 items
    bad = samling("decide", "x", "--item", "4", ok=False)
    assert bad.exit_code == 2
    assert f"--item 4: meeting {MEETING} has 2 agenda items (1-2), and 3 for the questions" in bad.stderr
    # --who: a unique part of a name, an email, or an organization
    samling("action", "add", "Kolla priser för Viddla", "--who", "Cecilia", "--due", "15.3.2026", "--item", "2")
    samling("action", "add", "Ordna en dag om GDPR", "--who", "Lessebo kommun", "--due", "2026-04-11")
    ambiguous = samling("action", "add", "x", "--who", "li", "--due", "1.4.2026", ok=False)
    assert "matches 2 participants: cecilia-ungerback, lina-holmer" in ambiguous.stderr
    assert "no participant or organization" in samling("action", "add", "x", "--who", "Nobody", "--due",
                                                        "1.4.2026", ok=False).stderr  # fmt: skip
    assert (
        "--due: '31.2.2026' is not a valid date"
        in samling("action", "add", "x", "--who", "Cecilia", "--due", "31.2.2026", ok=False).stderr
    )
    rows = samling("actions", "--json").json()
    assert [(r["ref"], r["who"], r["who_name"], r["due"], r["done"]) for r in rows] == [
        (f"{MEETING}/1", "cecilia-ungerback", "Cecilia Ungerbäck", "2026-03-15", False),
        (f"{MEETING}/2", None, "Lessebo kommun", "2026-04-11", False),
    ]
    samling("date", "add", "16.2.2026", "Webbinarium om stödet, kl 10-12")
    # The next meeting carries the open action items; one is reported done there.
    samling("new", "Höstträff", "--date", "2026-10-01")
    store = Store(net)
    assert [a.ref for a in room.open_actions(store, AUTUMN)] == [f"{MEETING}/1", f"{MEETING}/2"]
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T11:00:00")
    out = samling("action", "done", f"{MEETING}/1", "--meeting", AUTUMN).stdout
    assert out == f"Action item {MEETING}/1 done ({AUTUMN}).\n"
    assert "already done" in samling("action", "done", f"{MEETING}/1", "--meeting", AUTUMN, ok=False).stderr
    assert "no action item 9" in samling("action", "done", "9", "--meeting", MEETING, ok=False).stderr
    store = Store(net)
    assert [a.ref for a in room.open_actions(store, AUTUMN)] == [f"{MEETING}/2"]
    assert [a.ref for a in room.done_in(store, AUTUMN)] == [f"{MEETING}/1"]
    assert [r["ref"] for r in samling("actions", "--open", "--json").json()] == [f"{MEETING}/2"]
    table = samling("actions").stdout
    assert table.endswith("2 action items\n") and "Cecilia" in table
    dates = samling("dates", MEETING, "--json").json()
    assert [(d["date"], d["kind"], d["text"]) for d in dates] == [
        ("2026-02-16", "added", "Webbinarium om stödet, kl 10-12"),
        ("2026-04-11", "action", "Ordna en dag om GDPR"),
        ("2026-09-17", "deadline", "Höstträff"),
        ("2026-10-01", "meeting", "Höstträff"),
    ]
    assert "1 date" in samling("dates", AUTUMN).stdout  # the open action carried to it
    samling("action", "done", f"{MEETING}/1", "--meeting", AUTUMN, "--undo")
    assert len(samling("actions", "--open", "--json").json()) == 2


def test_escalations_written_as_a_message_to_the_vendor(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("register", "bjorn-odegard", "-q", "Varför kraschar klienten?", "-q", "SMS före förfallodag?")
    samling("ask", "Kan vi få statistik per filial?")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    samling("question", "discuss", "1", "--notes", "Händer vid utlån med RFID.")
    samling("question", "escalate", "1", "--to", "Bibliotek-Systemer")
    samling("question", "escalate", "2", "--to", "bibliotek-systemer ")
    samling("question", "escalate", "3", "--to", "Någon annan")
    assert [e["number"] for e in samling("escalations", "--to", "BIBLIOTEK-SYSTEMER", "--json").json()] == [1, 2]
    assert "--write needs --to" in samling("escalations", "--write", ok=False).stderr
    assert "no escalation to 'Axiell'" in samling("escalations", "--to", "Axiell", "--write", ok=False).stderr
    monkeypatch.setenv("SAMLING_NOW", "2026-03-20T09:00:00")
    out = samling("escalations", "--to", "Bibliotek-Systemer", "--write").stdout
    folder = f"meetings/{MEETING}/out/escalations/"
    assert out.startswith(
        "# Frågor från Expertnätverket för specialbibliotek som väntar på ert svar\n\nHej Bibliotek-Systemer!"
    )
    assert "Den skickades till er den 12 mars 2026 och har väntat i 8 dagar." in out
    assert "Anteckning från Nätverksträff våren 2026 (12 mars 2026): Händer vid utlån med RFID." in out
    assert "Någon annan" not in out and "statistik" not in out
    assert f"Written to {folder}: bibliotek-systemer.md, bibliotek-systemer.html" in out
    assert "No .eml: the address of Bibliotek-Systemer is not known" in out
    # With the vendor as an organization with an address, a draft to send is written too.
    samling("org", "add", "Bibliotek-Systemer", "--non-member", "--email", "support@bibsyst.example")
    data = samling("escalations", "--to", "Bibliotek-Systemer", "--write", "--json").json()
    assert data["email"] == "support@bibsyst.example" and data["eml"] == folder + "bibliotek-systemer.eml"
    eml = (net / data["eml"]).read_bytes()
    assert b"To: Bibliotek-Systemer <support@bibsyst.example>" in eml and b"X-Unsent: 1" in eml
    assert [i["ref"] for i in data["items"]] == [f"{MEETING}/1", f"{MEETING}/2"]
    override = samling("escalations", "--to", "Bibliotek-Systemer", "--write", "--email", "x@y.example", "--json")
    assert override.json()["email"] == "x@y.example"


LANGUAGES = ["sv", "nb", "da", "nl", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_golden_room_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """What participants and the vendor read, in every language: the follow-up of a question
    carried to a meeting its asker did not attend, the workshop groups, the presentation list with
    roles apart, and the message about open escalations."""
    import os

    from test_questions import ORGANIZERS, golden

    samling("init", "n", "--name", "Netwerk", "--language", language, "--organizer",
            f"{ORGANIZERS[language]} <org@example.org>")  # fmt: skip
    os.chdir(tmp_path / "n")
    samling("venue", "add", "Biblioteket", "--id", "bib")
    for org in ("Bibliotek A", "Bibliotek B", "Region"):
        samling("org", "add", org)
    for name, org in (("Kari Nordmann", "bibliotek-a"), ("Ola Berg", "bibliotek-a"), ("Per Hansen", "bibliotek-b"),
                      ("Eva Lund", "bibliotek-b"), ("Anna Dahl", "region"), ("Siv Holm", None)):  # fmt: skip
        samling("participant", "add", name, "-e", f"{name.split()[0].lower()}@example.org",
                *(["--org", org] if org else []))  # fmt: skip
    samling("new", "Møte", "--date", "2026-03-12", "--venue", "bib")
    samling("new", "Høstmøte", "--date", "2026-10-01", "--venue", "bib")
    spring, autumn = "2026-03-12-mote", "2026-10-01-hostmote"
    samling("register", "kari-nordmann", "-m", spring, "-q", "Purrelister?", "-q", "SMS før forfall?")
    for pid in ("ola-berg", "per-hansen", "eva-lund", "siv-holm"):
        samling("register", pid, "-m", spring)
    samling("register", "anna-dahl", "-m", spring, "--role", "host")
    samling("register", "siv-holm", "-m", spring, "--update", "--role", "vendor")
    samling("admit", "siv-holm", "-m", spring)  # no member organization: admitted by the organizer
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T12:00:00")
    samling("question", "discuss", "1", "--notes", "Rapporter > Purrelister.")
    samling("question", "discuss", "2", "--notes", "Ingen visste.")
    samling("question", "escalate", "2", "--to", "Bibliotek-Systemer")
    samling("list", spring)
    golden(f"{language}/list-roles.md", Path("meetings", spring, "out", "list", "participants.md").read_text("utf-8"))
    samling("groups", spring, "--count", "2", "--topic", "Purring")
    samling("group", "note", "1", "Demokrati", "-m", spring)
    samling("group", "note", "1", "Källkritik", "-m", spring)
    samling("group", "note", "2", "Läsfrämjande", "-m", spring)
    golden(f"{language}/groups.md", Path("meetings", spring, "out", "groups.md").read_text("utf-8"))
    monkeypatch.setenv("SAMLING_NOW", "2026-04-01T12:00:00")
    samling("escalations", "--to", "Bibliotek-Systemer", "--write", "-m", spring)
    golden(f"{language}/escalations.md",
           Path("meetings", spring, "out", "escalations", "bibliotek-systemer.md").read_text("utf-8"))  # fmt: skip
    # Kari does not come in the autumn, where the question is discussed again and answered.
    # (carrying questions over is `samling agenda pull`'s; here the link is written as it writes it)
    Path("meetings", autumn, "questions").mkdir(parents=True)
    Path("meetings", autumn, "questions", "1.toml").write_text(f'origin = "{spring}/2"\n', encoding="utf-8")
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T12:00:00")
    samling("question", "discuss", "1", "-m", autumn, "--notes", "Kommer i versjon 7.3.")
    samling("question", "answer", "1", "-m", autumn, "--answer", "Ja, fra versjon 7.3.")
    samling("followup", autumn)
    golden(f"{language}/followup-carried.md",
           Path("meetings", autumn, "out", "followup", "kari-nordmann.md").read_text("utf-8"))  # fmt: skip
