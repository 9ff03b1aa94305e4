"""A meeting as seeds 001 and 003 describe one, built through the CLI in any of the five languages:
roles, regrets and absence, questions discussed, escalated, answered, not reached and withdrawn,
decisions, action items, important dates, workshop groups and a dot vote; and the next meeting,
created in advance, pulling what is unfinished. Used by the golden files and the Chromium check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import samling

ORGANIZERS = {
    "sv": "Annalena Crone",
    "nb": "Monica Skybakk",
    "da": "Søren Østergård",
    "nl": "Marieke de Vries",
    "en": "Jane Doe",
}
FIRST, NEXT = "2026-03-12-mote", "2026-10-01-neste-mote"
LONG_WORD = "https://bibliotek.example.org/" + "rapporter/" * 12 + "purrelister"


def build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> Path:
    monkeypatch.setenv("SAMLING_NOW", "2026-01-10T09:00:00")
    samling(
        "init",
        "n",
        "--name",
        "Netwerk",
        "--language",
        language,
        "--organizer",
        f"{ORGANIZERS[language]} <o@example.org>",
    )
    root = tmp_path / "n"
    os.chdir(root)
    samling("venue", "add", "Biblioteket", "--id", "bib", "--capacity", "20")
    for name, oid in [("Bibliotek A", "a"), ("Bibliotek B", "b"), ("Regionbiblioteket", "region")]:
        samling("org", "add", name, "--id", oid)
    samling("org", "add", "Leverandøren AS", "--id", "lev", "--non-member")
    for name, email, org in [
        ("Kari Nordmann", "kari@example.org", "a"),
        ("Ola Berg", "ola@example.org", "a"),
        ("Åse Lund", "ase@example.org", "b"),
        ("Per Dahl", "per@example.org", "b"),
        ("Eva Nes", "eva@example.org", "a"),
        ("Anna Vert", "anna@example.org", "region"),
        ("Sven Taler", "sven@example.org", None),
        ("Lena Lie", "lena@example.org", "lev"),
    ]:
        samling("participant", "add", name, "-e", email, *(["--org", org] if org else []))
    # Both meetings of the year are created in January.
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
        "Regional plan",
    )
    samling("new", "Neste møte", "--date", "2026-10-01", "--venue", "bib", "--no-themes")
    m = ["--meeting", FIRST]
    samling("register", "kari-nordmann", *m, "-q", "Purrelister?", "-q", "SMS før forfall?")
    samling("register", "ola-berg", *m, "-q", f"Statistikk <i>i</i> Excel? {LONG_WORD}")
    samling("register", "ase-lund", *m, "--online")
    samling("register", "per-dahl", *m)
    samling("register", "anna-vert", *m, "--role", "host")
    samling("register", "sven-taler", *m, "--role", "speaker")
    samling("register", "lena-lie", *m, "--role", "vendor")
    samling("ask", "Gebyrer?", "--by", "ola-berg", "--topic", "Purring", *m)
    samling("ask", "Kan vi bytte system?", "--by", "ase-lund", *m)
    samling("decline", "eva-nes", *m)
    # The day itself.
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T12:00:00")
    samling("attended", "kari-nordmann", "ola-berg", "ase-lund", "anna-vert", "sven-taler", "lena-lie", *m)
    samling("absent", "per-dahl", *m)
    samling("question", "discuss", "1", "--notes", "Rapporter > Purrelister.\nSe også <b>håndboka</b>.", *m)
    samling("question", "escalate", "2", "--to", "Bibliotek-Systemer", *m)
    samling("question", "answer", "4", "--answer", "Se rutinen i håndboka.", "--by", "Monica", *m)
    samling("question", "withdraw", "5", *m)
    samling("decide", "Planen sendes på høring.", FIRST, "--item", "2")
    samling("decide", "Neste møte holdes i Hamar.", FIRST)
    samling(
        "action", "add", "Sende ut purrerutinen", "--who", "kari-nordmann", "--due", "2026-04-15", "--item", "1", *m
    )
    samling("action", "add", "Kontakte leverandøren", "--who", "Regionbiblioteket", "--due", "2026-05-01", *m)
    samling("date", "add", "2026-04-19", "Webinar om støtten", FIRST)
    samling("groups", FIRST, "--count", "2", "--topic", "Utfordringer framover")
    samling("group", "note", "1", "Demokrati", *m)
    samling("group", "note", "1", "Digitalt", *m)
    samling("group", "note", "2", "Lesefremming", *m)
    samling("theme", "suggest", "Fjernlån", *m)
    samling("theme", "vote", "fjernlan", "4", *m)
    samling("theme", "suggest", "GDPR", *m)
    samling("theme", "vote", "gdpr", "1", *m)
    # After the meeting: the next one pulls what is unfinished; the minutes are written.
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T16:00:00")
    samling("agenda", "pull", NEXT)
    samling("minutes", FIRST)
    samling("minutes", FIRST, "--html")
    samling("agenda", NEXT, "--html")
    samling("agenda", FIRST, "--html")
    return root
