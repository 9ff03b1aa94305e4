"""Each person's data: `samling participant export` (everything about one person) and
`samling participant forget` (erased; past meetings keep anonymous counts; nothing breaks)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import MEETING, samling

from samling.store import Store

AUTUMN = "2026-10-15-natverkstraff-hosten-2026"
NAME, EMAIL = "Åsa Öberg", "asa@example.se"


@pytest.fixture
def year(net: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Åsa's year: a spring meeting she went to and paid for (its minutes name her), questions,
    a theme, messages sent to her, her organization's contact, and the autumn meeting ahead."""
    samling("new", "Nätverksträff hösten 2026", "--date", "2026-10-15", "--venue", "vaxjo")
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback", "lina-holmer"):
        samling("register", pid, "--meeting", MEETING)
    samling("ask", "Hur gör Åsa Öberg med e-böckerna?", "--by", "lina-holmer", "--meeting", MEETING)
    samling("ask", "Vem betalar portot?", "--by", "asa-oberg", "--meeting", MEETING)
    samling("theme", "suggest", "Öppen vetenskap", "--by", "asa-oberg", "--meeting", MEETING)
    samling("send", MEETING, "--drafts", str(tmp_path / "drafts"))
    org = net / "organizations" / "vaxjo-kommun.toml"
    org.write_text(org.read_text(encoding="utf-8") + 'contact = "asa-oberg"\n', encoding="utf-8")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T16:00:00")
    samling("attended", "bjorn-odegard", "asa-oberg", "cecilia-ungerback", "--meeting", MEETING)
    samling("minutes", MEETING)
    samling("list", MEETING)
    monkeypatch.setenv("SAMLING_NOW", "2026-04-01T10:00:00")
    samling("close", MEETING)
    for pid in ("asa-oberg", "bjorn-odegard", "cecilia-ungerback", "lina-holmer"):
        samling("register", pid, "--meeting", AUTUMN)
    samling("register", "elna-hansson", "--meeting", AUTUMN)  # waits, as Lina does: the session is full
    samling("send", AUTUMN, "--drafts", str(tmp_path / "drafts"))
    assert samling("check").exit_code == 0
    return net


def mentioning(folder: Path, *needles: str) -> list[str]:
    """Every file of the folder that holds one of ``needles``, case-insensitively (as grep -ril)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            path = Path(root) / name
            text = path.read_bytes().decode("utf-8", errors="replace").casefold()
            if any(n.casefold() in text for n in needles):
                found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def test_export_is_everything_about_one_person(year: Path, tmp_path: Path) -> None:
    data = samling("participant", "export", "asa@example.se").json()
    assert isinstance(data, dict)
    assert (data["id"], data["participant"]["name"], data["contact_of"]) == ("asa-oberg", NAME, ["vaxjo-kommun"])
    assert [(r["meeting"], r["registration"]["status"]) for r in data["registrations"]] == [
        (MEETING, "registered"),
        (AUTUMN, "registered"),
    ]
    assert data["registrations"][0]["registration"]["fee"] == 450
    assert [(q["meeting"], q["number"], q["question"]["text"]) for q in data["questions"]] == [
        (MEETING, "2", "Vem betalar portot?")
    ]
    assert [t["theme"]["text"] for t in data["themes"]] == ["Öppen vetenskap"]
    assert [s["meeting"] for s in data["sent"]] == [MEETING, AUTUMN]
    assert data["sent"][0]["ledger"]["message"][0]["kind"] == "confirmation"
    # Free text that names her, for the organizer to look through as well.
    assert f"meetings/{MEETING}/minutes.md" in data["mentioned_in"]
    assert f"meetings/{MEETING}/questions/1.toml" in data["mentioned_in"]
    out = samling("participant", "export", "asa-oberg", "--output", str(tmp_path / "asa.json")).stdout
    assert "asa.json" in out
    assert json.loads((tmp_path / "asa.json").read_text(encoding="utf-8")) == data


def test_forget_dry_run_writes_nothing(year: Path) -> None:
    before = {p: p.read_bytes() for p in year.rglob("*") if p.is_file() and ".lock" not in p.name}
    data = samling("participant", "forget", "asa-oberg", "--dry-run", "--json").json()
    assert isinstance(data, dict) and data["dry_run"] is True
    assert "participants/asa-oberg.toml" in data["removed"]
    assert {p: p.read_bytes() for p in year.rglob("*") if p.is_file() and ".lock" not in p.name} == before
    result = samling("participant", "forget", "asa-oberg", input="n\n", ok=False)
    assert "Erase Åsa Öberg" in result.output
    assert (year / "participants" / "asa-oberg.toml").exists()


def test_forget_erases_the_person_and_nothing_breaks(year: Path, tmp_path: Path) -> None:
    status_before = samling("status", MEETING, "--json").json()
    data = samling("participant", "forget", NAME, "--yes", "--json").json()
    assert isinstance(data, dict)
    assert data["removed"][:3] == [
        "participants/asa-oberg.toml",
        f"meetings/{MEETING}/sent/asa-oberg.toml",
        f"meetings/{MEETING}/minutes.generated.md",
    ]
    assert [(a["meeting"], a["now"], a["unregistered"]) for a in data["anonymized"]] == [
        (MEETING, f"meetings/{MEETING}/registrations/anon-1.toml", False),
        (AUTUMN, f"meetings/{AUTUMN}/registrations/anon-1.toml", True),
    ]
    assert data["anonymized"][1]["promoted"] == ["lina-holmer"]  # her place goes to the waitlist
    assert sorted(data["cleared"]) == [
        f"meetings/{MEETING}/questions/2.toml: by",
        f"meetings/{MEETING}/themes/oppen-vetenskap.toml: by",
        "organizations/vaxjo-kommun.toml: contact",
    ]
    # Free text is not rewritten, but listed: the minutes, and a question that names her.
    assert data["review"] == [f"meetings/{MEETING}/minutes.md", f"meetings/{MEETING}/questions/1.toml"]

    # The spring meeting keeps its anonymous count: who paid what, from which organization.
    store = Store(year)
    anonymous = store.registrations(MEETING).load("anon-1")
    assert (anonymous.organization, anonymous.member, anonymous.fee, anonymous.attended) == (
        "vaxjo-kommun",
        True,
        450,
        True,
    )
    assert anonymous.diet is None and anonymous.note is None
    assert samling("status", MEETING, "--json").json() == status_before
    rows = samling("registrations", MEETING, "--json").json()["registrations"]
    assert [(r["participant"], r["organization_name"], r["fee"]) for r in rows if r["name"] == "(anonymous)"] == [
        ("anon-1", "Växjö kommun", 450)
    ]
    assert store.registrations(AUTUMN).load("anon-1").status == "cancelled"
    assert "- (anonym), Växjö kommun" in samling("minutes", MEETING, "--print").stdout  # in the minutes' language

    # Nothing breaks, in any meeting.
    samling("check")
    for meeting in (MEETING, AUTUMN):
        samling("status", meeting)
        samling("registrations", meeting, "--json")
        samling("list", meeting)
        samling("minutes", meeting, "--print")
        samling("invite", meeting, "--to", "all")
        outbox = samling("outbox", meeting, "--json").json()
        assert "anon-1" not in json.dumps(outbox) and "asa-oberg" not in json.dumps(outbox)
    samling("ics", AUTUMN)
    samling("participant", "list")
    samling("org", "show", "vaxjo-kommun")
    samling("agenda", MEETING)
    samling("questions", "--all")

    # Her name and address are in no file of the folder but the free text listed for review.
    assert mentioning(year, NAME, EMAIL) == data["review"]
    result = samling("participant", "show", "asa-oberg", ok=False)
    assert result.exit_code == 3


def test_forget_removes_their_personal_files_in_out(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("register", "bjorn-odegard", "-q", "Kan vi låna ut e-böcker?")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13T09:00:00")  # the day after the meeting
    samling("followup", MEETING)
    personal = net / "meetings" / MEETING / "out" / "followup" / "bjorn-odegard.md"
    assert personal.exists() and "Bjørn" in personal.read_text(encoding="utf-8")  # "Hej Bjørn!": a first name only
    samling("participant", "forget", "bjorn-odegard", "--yes")
    assert not personal.exists()


def test_forget_lists_for_review_only_files_naming_the_person_as_a_whole(net: Path) -> None:
    """'Person 1' is not in 'Person 10'; ada@example.se is not in linda@example.se."""
    for n in (1, 10, 11):
        samling("participant", "add", f"Person {n}", "-e", f"p{n}@example.se", "--id", f"person-{n}")
    samling("participant", "add", "Linda", "-e", "linda@example.se")
    linda = net / "participants" / "linda.toml"  # a note written by hand
    linda.write_text(linda.read_text(encoding="utf-8") + 'notes = "Ersätter Person 1 i vår."\n', encoding="utf-8")
    data = samling("participant", "forget", "person-1", "--yes", "--json").json()
    assert isinstance(data, dict)
    assert data["review"] == ["participants/linda.toml"]
