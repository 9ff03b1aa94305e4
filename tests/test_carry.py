"""Carrying over: `samling new` and `samling agenda pull` bring what is unfinished from earlier
meetings onto a meeting, whenever it was created, each once; and the agenda page for the big screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import samling

SPRING, AUTUMN = "2026-03-12-var", "2026-10-01-host"


@pytest.fixture
def year(net: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Both meetings of the year created in January; questions of every kind at the spring one."""
    samling("new", "Höst", "--date", "2026-10-01", "--venue", "vaxjo", "--id", AUTUMN, "--no-themes")
    samling("meeting", "edit", "2026-03", "--title", "Vår")  # the net fixture's spring meeting
    for text in ("Inte hunnen?", "Diskuterad?", "Eskalerad?", "Besvarad?", "Tillbakadragen?"):
        samling("ask", text, "--by", "bjorn-odegard", "--topic", "Utlån", "--meeting", "2026-03")
    return net


def spring_id() -> str:
    return next(p.name for p in (Path.cwd() / "meetings").iterdir() if p.name.startswith("2026-03-12"))


def test_a_meeting_created_in_advance_pulls_once_the_earlier_one_is_over(
    year: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spring = spring_id()
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    samling("question", "discuss", "2", "--notes", "Klart.", "--meeting", spring)
    samling("question", "escalate", "3", "--to", "Leverantören", "--meeting", spring)
    samling("question", "answer", "4", "--answer", "Ja.", "--meeting", spring)
    samling("question", "withdraw", "5", "--meeting", spring)
    samling("theme", "suggest", "Fjärrlån", "--meeting", spring)
    samling("theme", "vote", "fjarrlan", "3", "--meeting", spring)
    samling("theme", "suggest", "Utan röster", "--meeting", spring)
    # During the meeting: the escalation goes on, the question not reached yet stays where it is.
    pulled = samling("agenda", "pull", AUTUMN, "--no-themes", "--json").json()
    assert [(q["number"], q["origin"], q["status"]) for q in pulled["questions"]] == [(1, f"{spring}/3", "escalated")]
    assert pulled["themes"] == []
    # After it: the open question, and the themes with votes, once.
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T15:00:00")
    out = samling("agenda", "pull", AUTUMN).stdout
    assert f"Question 2: Inte hunnen? (from {spring}/1; not reached)" in out
    assert "Agenda items from the themes voted for at " + spring + ": Fjärrlån" in out
    assert "Carried onto 2026-10-01-host: 1 question, 1 agenda item" in out
    again = samling("agenda", "pull", AUTUMN, "--json").json()
    assert (again["questions"], again["themes"]) == ([], [])
    assert "Nothing new to carry onto" in samling("agenda", "pull", AUTUMN).stdout
    questions = samling("questions", AUTUMN, "--json").json()
    assert [(q["number"], q["origin"], q["carried"]) for q in questions] == [
        (1, f"{spring}/3", True),
        (2, f"{spring}/1", True),
    ]
    agenda = samling("agenda", AUTUMN).stdout
    assert "1. Fjärrlån" in agenda and "Utan röster" not in agenda
    assert "- **2.** Inte hunnen? (från Bjørn Ødegård, Växjö kommun) [fördes över från Vår, 12 mars 2026]\n" in agenda
    # Discussed at the autumn meeting: the note lands on the original, and it is carried no further.
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T11:00:00")
    samling("question", "discuss", "2", "--notes", "Nu hann vi.", "--meeting", AUTUMN)
    monkeypatch.setenv("SAMLING_NOW", "2026-10-02T09:00:00")
    created = samling("new", "Vår 2027", "--date", "2027-03-18", "--json").json()
    assert created["carried"] == [1]  # only the escalation, still waiting
    assert created["agenda"] == []  # no themes voted for at the autumn meeting


def test_new_carries_open_questions_of_a_meeting_that_is_over(year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13T09:00:00")
    out = samling("new", "Vinter", "--date", "2026-12-01", "--no-themes").stdout
    assert "Carried over 5 open question(s) not reached at an earlier meeting: 1, 2, 3, 4, 5" in out
    # ... not into a meeting before it, and a meeting created in advance gets them with `pull`
    assert "Carried over" not in samling("new", "Tidigare", "--date", "2026-02-15", "--no-themes").stdout
    assert len(samling("agenda", "pull", AUTUMN, "--json").json()["questions"]) == 5


def test_agenda_is_show_and_pull_refuses_a_closed_meeting(year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spring = spring_id()
    assert samling("agenda").stdout == samling("agenda", "show").stdout
    assert samling("agenda", spring, "--json").json()["meeting"] == spring
    assert samling("agenda", "show", spring, "--json").json()["meeting"] == spring
    assert "agenda show" in samling("agenda", "--help").stdout and "pull" in samling("agenda", "--help").stdout
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13T09:00:00")
    samling("close", spring)
    result = samling("agenda", "pull", spring, ok=False)
    assert "is closed" in result.stderr and result.exit_code == 6


def test_open_action_items_stay_on_the_agenda_until_done(year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spring = spring_id()
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T12:00:00")
    samling("action", "add", "Kolla avtalet", "--who", "asa-oberg", "--due", "2026-05-01", "--meeting", spring)
    samling("action", "add", "Boka lokal", "--who", "Växjö kommun", "--due", "2026-09-01", "--meeting", spring)
    agenda = samling("agenda", AUTUMN).stdout
    assert "## Åtgärder från tidigare träffar\n\n- Kolla avtalet – Åsa Öberg, senast 1 maj 2026\n" in agenda
    assert "- Boka lokal – Växjö kommun, senast 1 september 2026" in agenda
    assert [a["ref"] for a in samling("agenda", AUTUMN, "--json").json()["actions"]] == [f"{spring}/1", f"{spring}/2"]
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T12:00:00")
    samling("action", "done", f"{spring}/1", "--meeting", AUTUMN)
    agenda = samling("agenda", AUTUMN).stdout
    assert "- Kolla avtalet – Åsa Öberg, senast 1 maj 2026 [klar]" in agenda  # reported done at this meeting
    samling("new", "Vår 2027", "--date", "2027-03-18", "--no-themes")
    later = samling("agenda", "2027-03").stdout
    assert "Kolla avtalet" not in later and "Boka lokal" in later


def test_the_agenda_page(year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spring = spring_id()
    samling("ask", "<script>alert(1)</script> & co?", "--meeting", spring)
    samling("question", "escalate", "3", "--to", "Leverantören", "--on", "2026-01-20", "--meeting", spring)
    out = samling("agenda", spring, "--html").stdout
    assert f"Wrote meetings/{spring}/out/agenda.html" in out
    assert "is up to date" in samling("agenda", spring, "--html").stdout
    html = (year / "meetings" / spring / "out" / "agenda.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co?" in html and "<script>alert" not in html
    # one screen per item, each linked from the overview and to the next and the previous
    ids = re.findall(r'<section class="slide" id="([^"]+)">', html)
    assert ids == ["overview", *[f"question-{n}" for n in range(1, 7)]]
    for anchor in ids[1:]:
        assert f'<a href="#{anchor}">' in html
    assert html.count('rel="next"') == len(ids) - 1 and html.count('rel="prev"') == len(ids) - 1
    assert "Nästa →" in html and "← Föregående" in html and "Översikt" in html
    assert "[skickad till Leverantören 20 januari 2026, väntar sedan 12 dagar]" in html
    # self-contained: nothing fetched from elsewhere
    assert not re.search(r'\b(src|href)="(?!#)', html) and "@import" not in html and "url(" not in html
    data = samling("agenda", spring, "--html", "--json").json()
    assert data["html"] == f"meetings/{spring}/out/agenda.html" and data["written"] is False


def test_a_question_carried_to_a_meeting_still_to_come_waits_there(year: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spring = spring_id()
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T11:00:00")
    samling("question", "escalate", "3", "--to", "Leverantören", "--meeting", spring)
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13T09:00:00")
    assert len(samling("agenda", "pull", AUTUMN, "--json").json()["questions"]) == 5
    # A winter meeting created now: the escalation goes onto every agenda until it is answered; the
    # questions not reached wait on the autumn's list.
    winter = samling("new", "Vinter", "--date", "2026-12-03", "--no-themes", "--json").json()
    assert winter["carried"] == [1]
    assert samling("question", "show", "1", "--meeting", winter["id"], "--json").json()["origin"] == f"{spring}/3"
    # The autumn meeting is held and reaches two of them; the others go on to the winter.
    monkeypatch.setenv("SAMLING_NOW", "2026-10-01T11:00:00")
    samling("question", "discuss", "1", "--meeting", AUTUMN)
    samling("question", "withdraw", "2", "--meeting", AUTUMN)
    monkeypatch.setenv("SAMLING_NOW", "2026-10-02T09:00:00")
    pulled = samling("agenda", "pull", winter["id"], "--json").json()
    assert [q["origin"] for q in pulled["questions"]] == [f"{spring}/4", f"{spring}/5"]
