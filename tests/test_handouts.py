"""`samling list`, `samling minutes` and `samling templates`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_example, samling
from test_questions import golden

AUTUMN = "2026-10-15-natverkstraff-hosten-2026"


def test_list_badges_and_catering(net: Path) -> None:
    samling("register", "bjorn-odegard", "--diet", "vegetarisk")
    samling("register", "asa-oberg")
    samling("register", "cecilia-ungerback", "--online")
    samling("register", "lina-holmer")
    out = samling("list").stdout
    assert "## torsdag 12 mars 2026, 10:00–14:30, Stadsbiblioteket Växjö" in out
    assert "3 på plats, 1 på distans" in out  # online takes no seat, so Lina has the third
    assert out.index("### Lessebo kommun") < out.index("### Växjö kommun")
    assert "- Cecilia Ungerbäck (på distans)" in out
    data = samling("list", "--json").json()
    session = data["sessions"][0]
    assert [p["id"] for p in session["people"]] == ["cecilia-ungerback", "bjorn-odegard", "lina-holmer", "asa-oberg"]
    assert session["special_diets"] == {"vegetarisk": ["Bjørn Ødegård"]}
    badges = (net / data["badges"]).read_text(encoding="utf-8")
    assert badges.count('<div class="badge">') == 4 and "Bjørn Ødegård" in badges
    catering = (net / data["catering"]).read_text(encoding="utf-8")
    assert "- Lunch: 3" in catering and "- vegetarisk: 1 (Bjørn Ødegård)" in catering
    assert "has no session" in samling("list", "--session", "moon", ok=False).stderr


def test_badges_escape_html(net: Path) -> None:
    samling(
        "participant", "add", "<script>alert(1)</script>", "-e", "x@example.se", "--id", "x", "--org", "vaxjo-kommun"
    )
    samling("register", "x")
    badges = (net / samling("list", "--json").json()["badges"]).read_text(encoding="utf-8")
    assert "<script>" not in badges and "&lt;script&gt;alert(1)&lt;/script&gt;" in badges


def test_minutes_written_once_and_edits_protected(tmp_path: Path) -> None:
    net = copy_example("specialbibliotek", tmp_path)
    os.chdir(net)
    assert "it is yours to edit now" in samling("minutes", AUTUMN).stdout
    path = net / "meetings" / AUTUMN / "minutes.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# Nätverksträff hösten 2026\n\ntorsdag 15 oktober 2026, 10:00–14:30, Myntverkets bibliotek\n"
    )
    present = text.split("## Närvarande")[1].split("##")[0]
    assert "- Annalena Crone, Myntverkets bibliotek" in present and "Björn Åström" not in present
    regrets = text.split("## Anmält förhinder")[1].split("##")[0]
    assert "- Björn Åström, Skogsforskningsinstitutet" in regrets  # unregistered
    absent = text.split("## Frånvarande utan anmälan")[1].split("##")[0]
    assert "- Åsa Kärrman, Konstakademiens bibliotek" in absent  # registered, did not come
    assert "[skickad till Systemleverantören AB]" in text and "- Systematiska sökningar: 8" in text
    assert "## Nästa möte\n\nNätverksträff våren 2027, torsdag 18 mars 2027, Bibliotekshuset Östermalm" in text
    assert "is up to date" in samling("minutes", AUTUMN).stdout
    # Not edited: new data updates it. Edited: samling's parts are merged in, the organizer's text kept.
    samling("theme", "suggest", "Lånestatistik", "--meeting", AUTUMN)
    assert "Updated" in samling("minutes", AUTUMN).stdout
    path.write_text(path.read_text(encoding="utf-8") + "\nBeslut: nästa träff i Uppsala.\n", encoding="utf-8")
    edited = path.read_bytes()
    assert samling("minutes", AUTUMN, "--print").stdout.startswith("# Nätverksträff hösten 2026")
    assert path.read_bytes() == edited
    assert "is up to date" in samling("minutes", AUTUMN).stdout  # nothing new from samling
    samling("theme", "vote", "lanestatistik", "2", "--meeting", AUTUMN)
    assert "your own text is kept" in samling("minutes", AUTUMN).stdout
    merged = path.read_text(encoding="utf-8")
    assert merged.endswith("\nBeslut: nästa träff i Uppsala.\n") and "- Lånestatistik: 2" in merged
    assert not (net / "meetings" / AUTUMN / "out" / "minutes.replaced.md").exists()


def test_minutes_before_attendance_uses_registrations(net: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("register", "asa-oberg", "--online")
    text = samling("minutes", "--print").stdout
    assert "- Bjørn Ødegård, Växjö kommun\n- Åsa Öberg, Växjö kommun (på distans)" in text
    assert "## Nästa möte\n\nDatum och plats bestäms senare." in text


def test_templates_copy_override_and_strict_variables(net: Path) -> None:
    names = {row["name"] for row in samling("templates", "list", "--json").json()}
    assert {
        "invitation.md.j2",
        "invitation.html.j2",
        "minutes.md.j2",
        "agenda.md.j2",
        "participants.md.j2",
        "badges.html.j2",
        "catering.md.j2",
        "followup_personal.md.j2",
        "followup_digest.md.j2",
    } <= names
    samling("templates", "copy", "agenda.md")
    own = net / "templates" / "sv" / "agenda.md.j2"
    assert "(own version: templates/sv/agenda.md.j2)" in samling("templates", "list").stdout
    own.write_text("# {{ meeting.title }} – vår egen dagordning\n", encoding="utf-8")
    assert samling("agenda").stdout == "# Nätverksträff våren 2026 – vår egen dagordning\n"
    own.write_text("# {{ meeting.titel }}\n", encoding="utf-8")
    result = samling("agenda", ok=False)
    assert "templates/sv/agenda.md.j2: template uses something samling does not provide" in result.stderr
    assert "titel" in result.stderr
    own.write_text("{% if %}\n", encoding="utf-8")
    assert "templates/sv/agenda.md.j2: line 1: template error" in samling("agenda", ok=False).stderr
    assert "already exists" in samling("templates", "copy", "agenda.md.j2", ok=False).stderr
    samling("templates", "copy", "agenda.md.j2", "--force")
    assert "## Frågor" in samling("agenda").stdout
    assert len(samling("templates", "copy", "minutes.md", "--language", "all").stdout.splitlines()) == 5
    assert "is not one of" in samling("templates", "copy", "invitation.html", "--language", "xx", ok=False).stderr
    assert "no template" in samling("templates", "copy", "nothing", ok=False).stderr


ORGANIZERS = {
    "sv": "Annalena Crone",
    "nb": "Monica Skybakk",
    "da": "Søren Østergård",
    "nl": "Marieke de Vries",
    "en": "Jane Doe",
}


@pytest.mark.parametrize("language", ["sv", "nb", "da", "nl", "en"])
def test_golden_list_catering_minutes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
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
    samling("venue", "add", "Biblioteket", "--id", "bib", "--capacity", "10")
    samling("org", "add", "Bibliotek A", "--id", "a")
    samling("org", "add", "Bibliotek B", "--id", "b")
    for name, email, org, diet in [
        ("Kari Nordmann", "kari@example.org", "a", "vegetar"),
        ("Ola Berg", "ola@example.org", "a", None),
        ("Åse Lund", "ase@example.org", "b", None),
        ("Per Dahl", "per@example.org", None, "laktosefri"),
    ]:
        samling(
            "participant",
            "add",
            name,
            "-e",
            email,
            *(["--org", org] if org else []),
            *(["--diet", diet] if diet else []),
        )
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
    samling("new", "Neste møte", "--date", "2026-10-01", "--venue", "bib", "--no-themes")
    for pid in ("kari-nordmann", "ola-berg", "per-dahl"):
        samling("register", pid, "--meeting", "2026-03")
    samling("register", "ase-lund", "--meeting", "2026-03", "--online")
    samling("ask", "Purrelister?", "--by", "kari-nordmann", "--meeting", "2026-03", "--topic", "Purring")
    samling("ask", "Statistikk?", "--meeting", "2026-03")
    samling("theme", "suggest", "Fjernlån", "--meeting", "2026-03")
    samling("theme", "vote", "fjernlan", "4", "--meeting", "2026-03")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T15:00:00")
    samling("attended", "kari-nordmann", "ase-lund", "per-dahl", "--meeting", "2026-03")
    samling("absent", "ola-berg", "--meeting", "2026-03")
    samling("list", "2026-03")
    samling("minutes", "2026-03")
    folder = tmp_path / "n" / "meetings" / "2026-03-12-mote"
    golden(
        f"{language}/list-participants.md", (folder / "out" / "list" / "participants.md").read_text(encoding="utf-8")
    )
    golden(f"{language}/list-catering.md", (folder / "out" / "list" / "catering.md").read_text(encoding="utf-8"))
    golden(f"{language}/list-badges.html", (folder / "out" / "list" / "badges.html").read_text(encoding="utf-8"))
    golden(f"{language}/minutes.md", (folder / "minutes.md").read_text(encoding="utf-8"))
