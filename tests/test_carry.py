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
    assert "- **2.** Inte hunnen? (från Bjørn Ødegård, Växjö kommun) [överförd från Vår, 12 mars 2026]\n" in agenda
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
    assert "Carried over 5 open questions not reached at an earlier meeting: 1, 2, 3, 4, 5" in out
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
    assert "[skickad till Leverantören 20 januari 2026, har väntat i 12 dagar]" in html
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


# --- each meeting's minutes and follow-up keep to what happened by then ------------------------------

VAR, HOST = "2027-03-18-var", "2027-10-14-host"


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Norwegian network: a spring and an autumn meeting, created in January; Ola asks with his
    registration for the spring, Kari asks and is marked absent."""
    monkeypatch.setenv("SAMLING_NOW", "2027-01-10T09:00:00")
    samling("init", "nett", "--name", "Nett", "--language", "nb", "--organizer", "Mona Dahl <m@example.org>")
    monkeypatch.chdir(tmp_path / "nett")
    samling("participant", "add", "Ola Berg", "-e", "ola@example.org")
    samling("participant", "add", "Kari Nordmann", "-e", "kari@example.org")
    samling("new", "Vår", "--date", "18.3.2027")
    samling("new", "Høst", "--date", "14.10.2027", "--no-themes")
    samling("register", "ola-berg", "-q", "Purrelister?", "-m", "2027-03")
    samling("register", "kari-nordmann", "-q", "SMS før forfall?", "-m", "2027-03")
    samling("admit", "ola-berg", "kari-nordmann", "-m", "2027-03")  # no member organization: admitted
    monkeypatch.setenv("SAMLING_NOW", "2027-03-18T16:00:00")
    samling("attended", "ola-berg", "-m", "2027-03")
    samling("absent", "kari-nordmann", "-m", "2027-03")
    return tmp_path / "nett"


NOT_REACHED = "Ble ikke tatt opp; står på lista til neste samling."


def test_a_later_meeting_does_not_rewrite_the_minutes_of_an_earlier_one(
    two: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spring_minutes = samling("minutes", VAR, "--print").stdout
    assert spring_minutes.count(NOT_REACHED) == 2
    monkeypatch.setenv("SAMLING_NOW", "2027-03-20T09:00:00")
    assert len(samling("agenda", "pull", HOST, "--json").json()["questions"]) == 2
    # The autumn deals with both: one discussed with a note, one escalated and then answered.
    monkeypatch.setenv("SAMLING_NOW", "2027-10-14T16:00:00")
    samling("question", "discuss", "1", "-m", HOST, "--notes", "Tatt i høst")
    samling("question", "escalate", "2", "-m", HOST, "--to", "Leverandøren")
    samling("question", "answer", "2", "-m", HOST, "--answer", "Ja, fra versjon 7.")
    monkeypatch.setenv("SAMLING_NOW", "2027-10-15T09:00:00")
    assert samling("minutes", VAR, "--print").stdout == spring_minutes
    autumn = samling("minutes", HOST, "--print").stdout
    assert "Purrelister? (Ola Berg) [overført fra Vår, 18. mars 2027] [tatt opp]\n\n  Notat: Tatt i høst\n" in autumn
    assert "SMS før forfall? (Kari Nordmann) [overført fra Vår, 18. mars 2027] [besvart]" in autumn
    # The spring follow-up, written now, says what it said in March.
    out = samling("followup", VAR, "--json").json()
    letter = (two / out["personal"]["ola-berg"]).read_text(encoding="utf-8")
    assert "Vi rakk ikke å ta opp spørsmålet denne gangen" in letter
    assert "Tatt i høst" not in letter and "Vi tok opp spørsmålet" not in letter
    digest = (two / out["digest"]).read_text(encoding="utf-8")
    assert "Tatt i høst" not in digest and "versjon 7" not in digest and "Leverandøren" not in digest
    autumn_digest = (two / samling("followup", HOST, "--json").json()["digest"]).read_text(encoding="utf-8")
    assert "Notat: Tatt i høst" in autumn_digest and "Ja, fra versjon 7." in autumn_digest


def test_a_discussion_without_notes_is_the_meeting_s_where_it_was_held(
    two: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMLING_NOW", "2027-03-20T09:00:00")
    samling("agenda", "pull", HOST)
    monkeypatch.setenv("SAMLING_NOW", "2027-10-14T12:00:00")
    samling("question", "discuss", "1", "-m", HOST)
    samling("question", "discuss", "1", "-m", HOST)  # recorded once
    assert samling("question", "show", "1", "-m", VAR, "--json").json()["discussed_in"] == [HOST]
    spring = samling("minutes", VAR, "--print").stdout
    assert "- **1.** Purrelister? (Ola Berg)\n\n  " + NOT_REACHED in spring
    assert "Purrelister? (Ola Berg) [overført fra Vår, 18. mars 2027] [tatt opp]\n" in (
        samling("minutes", HOST, "--print").stdout
    )


def test_a_discussion_recorded_before_samling_said_where_is_the_last_meeting_s_that_had_it(
    two: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMLING_NOW", "2027-03-20T09:00:00")
    samling("agenda", "pull", HOST)
    path = two / "meetings" / VAR / "questions" / "1.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('status = "open"', 'status = "discussed"'), encoding="utf-8"
    )
    assert NOT_REACHED in samling("minutes", VAR, "--print").stdout.split("SMS før")[0]
    assert "[tatt opp]" in samling("minutes", HOST, "--print").stdout


def test_an_escalation_answered_later_keeps_its_place(two: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Passed on in the spring, answered in the autumn: the spring minutes say where it went, the
    spring follow-up sends the answer and says where it came."""
    samling("question", "escalate", "1", "-m", VAR, "--to", "Leverandøren")
    monkeypatch.setenv("SAMLING_NOW", "2027-03-20T09:00:00")
    samling("agenda", "pull", HOST)
    monkeypatch.setenv("SAMLING_NOW", "2027-10-14T12:00:00")
    samling("question", "discuss", "1", "-m", HOST, "--notes", "Kommer i versjon 7.")
    samling("question", "answer", "1", "-m", HOST, "--answer", "Ja, fra versjon 7.")
    spring = samling("minutes", VAR, "--print").stdout
    assert "- **1.** Purrelister? (Ola Berg) [meldt inn til Leverandøren]\n\n- **2.**" in spring
    out = samling("followup", VAR, "--json").json()
    letter = (two / out["personal"]["ola-berg"]).read_text(encoding="utf-8")
    assert "Ja, fra versjon 7." in letter and "Svaret kom på Høst." in letter
    assert "Kommer i versjon 7." not in letter  # said in the autumn: the autumn's follow-up has it


def test_the_followup_thanks_an_absent_asker_for_sending_the_question(
    two: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = samling("followup", VAR, "--json").json()
    kari = (two / out["personal"]["kari-nordmann"]).read_text(encoding="utf-8")
    assert "Takk for at du sendte inn spørsmålet ditt til Vår torsdag 18. mars 2027." in kari
    assert "tok opp" not in kari
    ola = (two / out["personal"]["ola-berg"]).read_text(encoding="utf-8")
    assert "Takk for at du tok opp spørsmålet ditt på Vår torsdag 18. mars 2027." in ola


def test_a_letter_introduces_its_questions_in_their_order(two: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The autumn meeting took Kari's spring question over before she asked a new one: her letter
    thanks her for the new one first, and lists it first."""
    monkeypatch.setenv("SAMLING_NOW", "2027-03-20T09:00:00")
    samling("agenda", "pull", HOST)
    samling("register", "kari-nordmann", "-q", "Fjernlån?", "-m", HOST)
    samling("admit", "kari-nordmann", "-m", HOST)  # no member organization: admitted by the organizer
    assert [q["number"] for q in samling("questions", HOST, "--json").json()] == [1, 2, 3]  # carried first
    monkeypatch.setenv("SAMLING_NOW", "2027-10-14T16:00:00")
    letter = (two / samling("followup", HOST, "--json").json()["personal"]["kari-nordmann"]).read_text(encoding="utf-8")
    thanks = letter.index("Takk for at du tok opp spørsmålet ditt på Høst")
    # she was not at the spring meeting: she sent that question in, she did not raise it there
    earlier = letter.index("Her er det som har skjedd med spørsmålet du sendte inn til en tidligere samling.")
    assert thanks < earlier < letter.index("## Fjernlån?") < letter.index("## SMS før forfall?")
    assert "Du sendte det inn til Vår torsdag 18. mars 2027." in letter and "tok det opp" not in letter


def test_a_question_withdrawn_at_a_later_meeting_stays_in_the_earlier_minutes(
    two: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spring = samling("minutes", VAR, "--print").stdout
    monkeypatch.setenv("SAMLING_NOW", "2027-03-20T09:00:00")
    samling("agenda", "pull", HOST)
    monkeypatch.setenv("SAMLING_NOW", "2027-10-14T12:00:00")
    samling("question", "withdraw", "1", "-m", HOST)
    assert samling("minutes", VAR, "--print").stdout == spring
    assert "Purrelister?" in samling("agenda", VAR).stdout
    assert "Purrelister?" not in samling("minutes", HOST, "--print").stdout
    assert "Purrelister?" not in samling("agenda", HOST).stdout
    out = samling("followup", VAR, "--json").json()
    assert "ola-berg" in out["personal"]  # asked in the spring, whatever became of it since
    assert "Purrelister?" not in (two / samling("followup", HOST, "--json").json()["digest"]).read_text("utf-8")
