"""The whole loop of issue 13 through the CLI, over three meetings: questions asked with
registration, discussed with notes, escalated, not reached; decisions and action items; workshop
groups; the next meeting, created before the first was held, pulls what it should; the minutes of
each meeting hold the notes, decisions, actions and groups; and the organizer's edit of the minutes
survives a regeneration after attendance was corrected."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import samling

SPRING, AUTUMN, NEXT_SPRING = "2026-03-12-vartraff", "2026-10-01-hosttraff", "2027-03-18-vartraff-2027"


def minutes(root: Path, meeting: str) -> str:
    return (root / "meetings" / meeting / "minutes.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def test_three_meetings_in_the_meeting_room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMLING_NOW", "2026-01-10T09:00:00")
    samling("init", "net", "--name", "Bibliofil i Småland", "--language", "sv", "--organizer", "Lina Holm <l@ex.se>")
    root = tmp_path / "net"
    os.chdir(root)
    samling("venue", "add", "Stadsbiblioteket", "--id", "stb", "--capacity", "30")
    for name, oid in [("Växjö kommun", "vaxjo"), ("Lessebo kommun", "lessebo"), ("BiBK", "bibk")]:
        samling("org", "add", name, "--id", oid)
    for name, email, org in [
        ("Anna Ek", "anna@ex.se", "vaxjo"),
        ("Bo Lind", "bo@ex.se", "vaxjo"),
        ("Cia Berg", "cia@ex.se", "lessebo"),
        ("Dora Sand", "dora@ex.se", "bibk"),
        ("Erik Ås", "erik@ex.se", "lessebo"),
    ]:
        samling("participant", "add", name, "-e", email, "--org", org)
    # January: both meetings of the year are created.
    samling(
        "new", "Vårträff", "--date", "2026-03-12", "--venue", "stb", "--id", SPRING, "-a", "Välkommen", "-a", "Plan"
    )
    samling("new", "Höstträff", "--date", "2026-10-01", "--venue", "stb", "--id", AUTUMN, "--no-themes")
    assert samling("agenda", "pull", AUTUMN, "--json").json()["questions"] == []  # the spring has not been held
    s = ["--meeting", SPRING]
    samling("register", "anna-ek", *s, "-q", "Hur tar vi ut påminnelselistor?", "-q", "Kan SMS gå före förfallodag?")
    samling("register", "bo-lind", *s, "-q", "Statistik per filial?")
    samling("register", "cia-berg", *s)
    samling("register", "dora-sand", *s, "--role", "host")

    # --- the spring meeting ---------------------------------------------------------------------
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    samling("attended", "anna-ek", "bo-lind", "dora-sand", *s)
    samling("question", "discuss", "1", "--notes", "Rapporter > Påminnelser, med filter per filial.", *s)
    samling("question", "discuss", "2", "--notes", "Ingen visste; vi frågar leverantören.", *s)
    samling("question", "escalate", "2", "--to", "Bibliotek-Systemer", *s)
    # question 3 is not reached
    samling("decide", "Planen går på remiss till kommunerna.", SPRING, "--item", "2")
    samling("action", "add", "Skicka ut rutinen", "--who", "anna-ek", "--due", "2026-04-15", "--item", "1", *s)
    samling("action", "add", "Samla in synpunkter", "--who", "BiBK", "--due", "2026-09-01", *s)
    samling("groups", SPRING, "--count", "2", "--topic", "Vilka utmaningar ser ni?")
    samling("group", "note", "1", "Digitalt", *s)
    samling("group", "note", "2", "Demokrati", *s)
    samling("theme", "suggest", "Fjärrlån", *s)
    samling("theme", "vote", "fjarrlan", "5", *s)
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T16:00:00")
    samling("minutes", SPRING)
    text = minutes(root, SPRING)
    assert "  Anteckning: Rapporter > Påminnelser, med filter per filial." in text
    assert "Beslut:\n\n- Planen går på remiss till kommunerna." in section(text, "### 2. Plan")
    assert "- Skicka ut rutinen – Anna Ek, senast **15 april 2026**" in section(text, "### 1. Välkommen")
    assert "- Samla in synpunkter – BiBK, senast **1 september 2026**" in section(text, "## Beslut och åtgärder")
    groups = section(text, "## Workshopgrupper")
    assert "Vilka utmaningar ser ni?" in groups and "- Digitalt" in groups and "- Demokrati" in groups
    assert "Från värdorganisationen:\n\n- Dora Sand, BiBK" in section(text, "## Närvarande")
    assert "- Cia Berg, Lessebo kommun" in section(text, "## Frånvarande utan anmälan")
    # The organizer writes the minutes; then Cia turns out to have come after all.
    text = text.replace("Diskussion:\n", "Diskussion: Lina hälsade välkommen; Dora berättade om BiBK.\n", 1)
    text = text.replace("## Nästa möte", "Tack till Stadsbiblioteket för fikat!\n\n## Nästa möte")
    (root / "meetings" / SPRING / "minutes.md").write_text(text, encoding="utf-8")
    samling("attended", "cia-berg", *s)
    assert "your own text is kept" in samling("minutes", SPRING).stdout
    text = minutes(root, SPRING)
    assert "Diskussion: Lina hälsade välkommen; Dora berättade om BiBK." in text
    assert "Tack till Stadsbiblioteket för fikat!" in text
    assert "- Cia Berg, Lessebo kommun" in section(text, "## Närvarande") and "## Frånvarande utan anmälan" not in text
    assert "<<<<<<<" not in text

    # --- the autumn meeting, created in January, pulls what the spring left -------------------------
    out = samling("agenda", "pull", AUTUMN).stdout
    assert f"Question 1: Kan SMS gå före förfallodag? (from {SPRING}/2; escalated" in out
    assert f"Question 2: Statistik per filial? (from {SPRING}/3; not reached)" in out
    assert "Fjärrlån" in out
    assert "Nothing new" in samling("agenda", "pull", AUTUMN).stdout  # each once
    agenda = samling("agenda", AUTUMN).stdout
    assert "1. Fjärrlån" in agenda
    assert "- Skicka ut rutinen – Anna Ek, senast 15 april 2026" in agenda  # open action items, until done
    a = ["--meeting", AUTUMN]
    samling("register", "anna-ek", *a, "-q", "Hur gör ni med fjärrlånsavgifter?")
    samling("register", "bo-lind", *a, "-q", "Nya hyllsignum?")
    samling("register", "erik-as", *a)
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T11:00:00")
    samling("attended", "anna-ek", "bo-lind", "erik-as", *a)
    samling("question", "discuss", "2", "--notes", "Bo visar sin rapport.", *a)
    samling("question", "answer", "1", "--answer", "Ja, från version 7.3.", *a)
    samling("question", "discuss", "3", "--notes", "Olika praxis; vi jämför till nästa gång.", *a)
    # question 4 (Nya hyllsignum?) is not reached
    samling("action", "done", f"{SPRING}/1", *a)
    samling("decide", "Fjärrlån blir tema i vår.", AUTUMN, "--item", "1")
    samling("action", "add", "Jämför avgifterna", "--who", "erik-as", "--due", "2027-02-01", *a)
    samling("groups", AUTUMN, "--count", "2")
    samling("group", "note", "1", "Avgifter", *a)
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T16:00:00")
    samling("minutes", AUTUMN)
    text = minutes(root, AUTUMN)
    assert "  Anteckning från Vårträff (12 mars 2026): Ingen visste; vi frågar leverantören." in text
    assert "  Svar från Bibliotek-Systemer (1 oktober 2026): Ja, från version 7.3." in text
    assert "  Anteckning: Bo visar sin rapport." in text
    assert "- Fjärrlån blir tema i vår." in section(text, "### 1. Fjärrlån")
    assert "- Jämför avgifterna – Erik Ås, senast **1 februari 2027**" in text
    earlier = section(text, "## Åtgärder från tidigare träffar")
    assert "- Skicka ut rutinen – Anna Ek, senast **15 april 2026** [klar]" in earlier
    assert "- Samla in synpunkter – BiBK, senast **1 september 2026**\n" in earlier
    assert "### Grupp 1" in section(text, "## Workshopgrupper") and "- Avgifter" in text
    # The spring minutes keep to what was said in the spring.
    spring_text = samling("minutes", SPRING, "--print").stdout
    assert "Bo visar sin rapport." not in spring_text and "version 7.3" not in spring_text
    escalated = "- **2.** Kan SMS gå före förfallodag? (Anna Ek, Växjö kommun) [skickad till Bibliotek-Systemer]\n"
    assert escalated in spring_text  # answered later: the spring minutes say where it went

    # --- the next spring, created with `samling new` after the autumn meeting ------------------------
    monkeypatch.setenv("SAMLING_NOW", "2026-10-02T09:00:00")
    created = samling("new", "Vårträff 2027", "--date", "2027-03-18", "--venue", "stb", "--json").json()
    assert created["id"] == NEXT_SPRING and created["carried"] == [1]
    assert samling("question", "show", "1", "--meeting", NEXT_SPRING, "--json").json()["origin"] == f"{AUTUMN}/4"
    agenda = samling("agenda", NEXT_SPRING).stdout
    assert "Samla in synpunkter" in agenda and "Jämför avgifterna" in agenda and "Skicka ut rutinen" not in agenda
    n = ["--meeting", NEXT_SPRING]
    samling("register", "cia-berg", *n)
    samling("register", "erik-as", *n)
    monkeypatch.setenv("SAMLING_NOW", "2027-03-18T11:00:00")
    samling("question", "discuss", "1", "--notes", "Nya signum från hösten.", *n)
    samling("action", "done", f"{AUTUMN}/1", *n)
    samling("decide", "Nästa träff i Lessebo.", NEXT_SPRING)
    samling("action", "add", "Boka lokal i Lessebo", "--who", "cia-berg", "--due", "2027-06-01", *n)
    samling("groups", NEXT_SPRING, "--count", "1")
    samling("group", "note", "1", "Fjärrlån i praktiken", *n)
    monkeypatch.setenv("SAMLING_NOW", "2027-03-18T16:00:00")
    samling("minutes", NEXT_SPRING)
    text = minutes(root, NEXT_SPRING)
    assert "  Anteckning: Nya signum från hösten." in text
    assert "- Nästa träff i Lessebo." in text
    assert "- Boka lokal i Lessebo – Cia Berg, senast **1 juni 2027**" in text
    assert "- Jämför avgifterna – Erik Ås, senast **1 februari 2027** [klar]" in text
    assert "- Fjärrlån i praktiken" in section(text, "## Workshopgrupper")
