"""The question loop (ask, discuss, escalate, answer at a later meeting, follow-up) and themes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MEETING, ROOT, copy_example, samling

from samling.store import Store

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("SAMLING_UPDATE_GOLDEN") == "1"  # regenerate on purpose: scripts/update_golden.sh


def golden(name: str, text: str) -> None:
    """Compare byte for byte (CRLF in calendars and mail stays CRLF)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {name}; run scripts/update_golden.sh"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from the golden file"


def test_the_whole_loop_on_the_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    net = copy_example("specialbibliotek", tmp_path)
    os.chdir(net)
    autumn, spring = "2026-10-15-natverkstraff-hosten-2026", "2027-03-18-natverkstraff-varen-2027"
    everywhere = samling("questions", "--all", "--status", "escalated", "--json").json()
    assert [q["origin"] for q in everywhere] == [f"{autumn}/2"]  # the carried link is not listed twice
    states = {q["number"]: q["status"] for q in samling("questions", autumn, "--json").json()}
    assert states == {1: "discussed", 2: "escalated", 3: "answered", 4: "open"}
    # The escalation still unanswered was carried onto the spring meeting, as a link.
    carried = samling("questions", spring, "--json").json()
    assert [(q["number"], q["carried"], q["origin"], q["status"]) for q in carried][:1] == [
        (1, True, f"{autumn}/2", "escalated")
    ]
    assert "agenda" not in (net / "meetings" / spring / "questions" / "1.toml").read_text(encoding="utf-8")
    waiting = samling("escalations", "--json").json()
    monkeypatch.setenv("SAMLING_NOW", "2026-11-28")
    waiting = samling("escalations", "--json").json()
    assert [(e["origin"], e["days_waiting"], e["carried_to"]) for e in waiting] == [(f"{autumn}/2", 44, [spring])]
    # The vendor answers in time for the spring meeting; the answer lands on the original.
    monkeypatch.setenv("SAMLING_NOW", "2027-03-18T11:00:00")
    samling("question", "answer", "1", "--meeting", spring, "--answer", "Ja, i version 7.2 under Rapporter > Utlån.")
    original = samling("question", "show", "2", "--meeting", autumn, "--json").json()
    assert (original["status"], original["answered_by"], original["answered_in"]) == (
        "answered",
        "Systemleverantören AB",
        spring,
    )
    assert samling("escalations", "--json").json() == []
    # The follow-up of the spring meeting goes back to Maria, who asked in the autumn.
    out = samling("followup", spring, "--json").json()
    assert set(out["personal"]) == {"maria-grennvall"}
    letter = (net / out["personal"]["maria-grennvall"]).read_text(encoding="utf-8")
    assert "Hej Maria!" in letter and "Svar från Systemleverantören AB (18 mars 2027):" in letter
    digest = (net / out["digest"]).read_text(encoding="utf-8")
    assert "Frågan ställdes första gången på Nätverksträff hösten 2026 torsdag 15 oktober 2026." in digest
    # Everyone gets the digest, members who were absent included; the non-member only if registered.
    recipients = {r["participant"] for r in out["recipients"]}
    assert "bjorn-astrom" in recipients and "asa-karrman-2" in recipients
    assert "goran-ek" in recipients  # registered for spring, though not a member
    # Same data, same bytes: a second run writes nothing.
    assert samling("followup", spring, "--json").json()["written"] == []


def test_register_with_questions_and_the_agenda(net: Path) -> None:
    out = samling(
        "register", "bjorn-odegard", "--question", "Hur tar vi ut påminnelselistor?", "-q", "SMS före förfallodag?"
    ).stdout
    assert "Question 1 added to the agenda." in out and "Question 2 added to the agenda." in out
    samling("ask", "Avgifter för förseningar: hur gör ni?", "--by", "asa-oberg", "--topic", "Påminnelser")
    samling("question", "escalate", "2", "--to", "Bibliotek-Systemer", "--on", "2026-01-20")
    agenda = samling("agenda").stdout
    assert agenda.startswith(
        "# Nätverksträff våren 2026\n\ntorsdag 12 mars 2026, 10:00–14:30, Stadsbiblioteket Växjö\n"
    )
    assert "Delta på distans: https://meet.example.org/natverk" in agenda
    assert agenda.index("### Påminnelser") < agenda.index("### Övriga frågor")
    assert (
        "- **2.** SMS före förfallodag? (från Bjørn Ødegård, Växjö kommun) "
        "[skickad till Bibliotek-Systemer 20 januari 2026, har väntat i 12 dagar]" in agenda
    )
    data = samling("agenda", "--json").json()
    assert [t["topic"] for t in data["topics"]] == ["Påminnelser", None]


def test_question_state_rules(net: Path) -> None:
    samling("ask", "Fråga?")
    assert "no question 9" in samling("question", "discuss", "9", ok=False).stderr
    assert "--to" in samling("question", "escalate", "1", ok=False).stderr
    samling("question", "answer", "1", "--answer", "Ja.", "--by", "Annalena")
    assert "already answered" in samling("question", "answer", "1", "--answer", "Nej.", ok=False).stderr
    assert "already answered" in samling("question", "escalate", "1", "--to", "X", ok=False).stderr
    samling("question", "answer", "1", "--answer", "Nej.", "--replace")
    assert samling("question", "show", "1", "--json").json()["answer"] == "Nej."
    assert "is not one of" in samling("questions", "--status", "done", ok=False).stderr
    Path(f"meetings/{MEETING}/questions/1.toml").write_text('text = "x"\nstatus = "escalated"\n', encoding="utf-8")
    assert (
        "questions/1.toml: escalated_to: an escalated question needs the party it went to"
        in samling("check", ok=False).stdout
    )


def test_carry_over_only_forward_and_only_once(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("ask", "Varför kraschar klienten?")
    samling("question", "escalate", "1", "--to", "Leverantören")
    out = samling("new", "Höstträff", "--date", "2026-10-01").stdout
    assert "Carried over 1 escalated question still waiting" in out
    assert "Carried over" not in samling("new", "Vinterträff", "--date", "2025-12-01").stdout  # earlier: not carried
    out = samling("new", "Vårträff 2027", "--date", "2027-03-01").stdout
    assert "Carried over 1" in out  # still unanswered: carried again, linked to the same original
    esc = samling("escalations", "--json").json()
    assert esc[0]["carried_to"] == ["2026-10-01-hosttraff", "2027-03-01-vartraff-2027"]


def test_themes_ranked_with_bars_and_offered_as_agenda(net: Path) -> None:
    for text in ("Digitalt", "Demokrati", "Samverkan", "GDPR"):
        samling("theme", "suggest", text)
    for ref, votes in (("digitalt", "8"), ("demokrati", "6"), ("samverkan", "6"), ("gdpr", "1")):
        samling("theme", "vote", ref, votes)
    samling("theme", "vote", "gd")  # a unique start is enough
    assert "already suggested" in samling("theme", "suggest", "digitalt", ok=False).stderr
    assert "cannot take away" in samling("theme", "vote", "gdpr", "-5", ok=False).stderr
    lines = samling("themes").stdout.splitlines()
    assert lines[0] == "Digitalt     8  ████████   (digitalt)"
    assert lines[-1] == "GDPR         2  ██   (gdpr)"
    out = samling("new", "Höstträff", "--date", "2026-10-01").stdout
    assert "Draft agenda from the themes voted for at 2026-03-12-natverkstraff-varen-2026" in out
    assert Store(net).load_meeting("2026-10-01-hosttraff").agenda == ["Digitalt", "Demokrati", "Samverkan", "GDPR"]
    samling("new", "Vinterträff", "--date", "2026-12-01", "--no-themes")
    assert Store(net).load_meeting("2026-12-01-vintertraff").agenda == []


ORGANIZERS = {
    "sv": "Annalena Crone",
    "nb": "Monica Skybakk",
    "da": "Søren Østergård",
    "nl": "Marieke de Vries",
    "en": "Jane Doe",
}


@pytest.mark.parametrize("language", ["sv", "nb", "da", "nl", "en"])
def test_golden_followup_and_agenda(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    samling(
        "init",
        "n",
        "--name",
        "Netwerk",
        "--language",
        language,
        "--organizer",
        f"{ORGANIZERS[language]} <org@example.org>",
    )
    os.chdir(tmp_path / "n")
    samling("venue", "add", "Biblioteket", "--id", "bib")
    samling("org", "add", "Bibliotek A", "--id", "a")
    samling("participant", "add", "Kari Nordmann", "-e", "kari@example.org", "--org", "a")
    samling("participant", "add", "Ola Berg", "-e", "ola@example.org", "--org", "a")
    samling(
        "new",
        "Møte",
        "--date",
        "2026-03-12",
        "--venue",
        "bib",
        "--online-link",
        "https://meet.example.org/x",
        "-a",
        "Velkomst",
        "-a",
        "Presentasjonsrunde",
    )
    samling("register", "kari-nordmann", "-q", "Purrelister?", "-q", "SMS før forfall?", "-q", "Statistikk?")
    samling("ask", "Gebyrer?", "--by", "ola-odegard" if False else "ola-berg", "--topic", "Purring")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T12:00:00")
    samling("question", "discuss", "1", "--notes", "Rapporter > Purrelister.")
    samling("question", "escalate", "2", "--to", "Bibliotek-Systemer")
    samling("question", "answer", "4", "--answer", "Se rutinen i håndboka.", "--by", "Monica")
    golden(f"{language}/agenda.md", samling("agenda").stdout)
    samling("followup")
    folder = tmp_path / "n" / "meetings" / "2026-03-12-mote" / "out" / "followup"
    for name in ("kari-nordmann.md", "ola-berg.md", "digest.md"):
        golden(f"{language}/followup-{name}", (folder / name).read_text(encoding="utf-8"))
