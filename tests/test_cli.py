"""Every command works through the CLI, has help, and is documented in the README."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import EXAMPLES, ROOT, copy_example, run_process, samling, samling_command


def commands() -> dict[str, object]:
    """Every command and group of the app by its path ("samling session add"), walking Click's tree."""
    found: dict[str, object] = {}

    def walk(command: object, path: str) -> None:
        found[path] = command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                walk(sub, f"{path} {name}")

    walk(samling_command(), "samling")
    return found


def test_every_command_and_option_has_help() -> None:
    found = commands()
    assert {"samling register", "samling participant import", "samling registrations import"} <= set(found)
    missing = []
    for path, command in found.items():
        if not (getattr(command, "help", None) or "").strip():
            missing.append(f"{path}: no help")
        for param in getattr(command, "params", []):
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{path}: {param.human_readable_name}: no help")
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        path for path in commands() if path != "samling" and not re.search(rf"{re.escape(path)}(?![\w-])", readme)
    ]
    assert missing == [], f"not in the README: {missing}"
    headings = re.findall(r"^### samling (.+)$", readme, re.M)
    assert len(headings) >= 14


def test_every_command_prints_its_help() -> None:
    for path in commands():
        result = samling(*path.split()[1:], "--help")
        assert result.stdout.startswith(f"Usage: {path} "), result.stdout.splitlines()[0]
        assert len(result.stdout.splitlines()) > 3


def test_network_basics_through_the_cli(tmp_path: Path) -> None:
    out = samling(
        "init",
        "nätverk",
        "--name",
        "Bibliofil-samlinger",
        "--language",
        "nb",
        "--organizer",
        "Monica Skybakk <monica@example.no>",
    ).stdout
    assert "(nb, Europe/Oslo)" in out
    net = tmp_path / "nätverk"
    assert 'currency = "NOK"' in (net / "samling.toml").read_text(encoding="utf-8")
    assert (net / ".gitignore").read_text(encoding="utf-8").count("\n") >= 3
    d = ["--dir", str(net)]
    samling("venue", "add", "Hamar bibliotek", "--capacity", "25", "--city", "Hamar", *d)
    samling("org", "add", "Hamar kommune", "--city", "Hamar", *d)
    samling("org", "add", "Bibliotek-Systemer AS", "--non-member", "--id", "bs", *d)
    samling(
        "participant",
        "add",
        "Bjørn Ødegård",
        "-e",
        "bjorn@example.no",
        "--org",
        "Hamar kommune",
        "--diet",
        "vegetar",
        *d,
    )
    samling("org", "add", "Stange bibliotek", "--contact", "bjorn@example.no", *d)
    assert "organization 'hamar-kommune' already exists" in samling("org", "add", "Hamar kommune", *d, ok=False).stderr
    orgs = samling("org", "list", "--json", *d).json()
    assert [(o["id"], o["member"], o["participants"]) for o in orgs] == [
        ("bs", False, 0),
        ("hamar-kommune", True, 1),
        ("stange-bibliotek", True, 0),
    ]
    assert samling("org", "show", "Stange bibliotek", "--json", *d).json()["contact"] == "bjorn-odegard"
    people = samling("participant", "list", "--json", *d).json()
    assert people == [
        {
            "id": "bjorn-odegard",
            "name": "Bjørn Ødegård",
            "email": "bjorn@example.no",
            "organization": "hamar-kommune",
            "language": None,
            "diet": "vegetar",
            "phone": None,
            "notes": None,
        }
    ]
    assert "Bjørn Ødegård" in samling("participant", "list", "--org", "hamar-kommune", *d).stdout
    assert samling("participant", "show", "bjorn@example.no", "--json", *d).json()["id"] == "bjorn-odegard"
    assert samling("venue", "list", "--json", *d).json()[0]["capacity"] == 25
    assert samling("venue", "show", "Hamar bibliotek", "--json", *d).json()["city"] == "Hamar"
    out = samling(
        "new",
        "Brukermøte våren 2027",
        "--date",
        "18.3.2027",
        "--venue",
        "hamar-bibliotek",
        "--start",
        "10.00",
        "--end",
        "14.30",
        "-a",
        "Presentasjonsrunde",
        *d,
    ).stdout
    assert "Created meeting 2027-03-18-brukermote-varen-2027" in out
    assert "registration deadline 2027-03-04" in out
    samling("session", "add", "2027-03", "--date", "2027-03-25", "--session", "gjovik", "--capacity", "12", *d)
    meetings = samling("meetings", "--json", *d).json()
    assert [s["id"] for s in meetings[0]["sessions"]] == ["hamar-bibliotek", "gjovik"]
    assert meetings[0]["agenda"] == ["Presentasjonsrunde"]
    assert samling("check", *d).stdout.startswith("ok:")
    assert samling("check", "--json", *d).json() == {"ok": True, "problems": []}


def test_meeting_defaults_to_the_next_upcoming(net: Path, monkeypatch: object) -> None:
    samling("new", "Höstträff", "--date", "2026-10-01")
    samling("new", "Gammal träff", "--date", "2025-10-01")
    assert samling("status", "--json").json()["meeting"] == "2026-03-12-natverkstraff-varen-2026"
    assert samling("status", "2026-10", "--json").json()["meeting"] == "2026-10-01-hosttraff"
    assert "matches 3 meetings" in samling("status", "20", ok=False).stderr


def test_examples_pass_check_and_status_as_a_process(tmp_path: Path) -> None:
    for name in ("specialbibliotek", "laanesamarbejde"):
        net = copy_example(name, tmp_path)
        assert samling("--dir", str(net), "check").stdout.startswith("ok:")
        result = run_process("--dir", str(net), "status", "--json", env={"SAMLING_NOW": "2026-11-28"})
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["sessions"]
    assert (EXAMPLES / "laanesamarbejde" / "samling.toml").exists()


def test_hostile_text_is_printed_as_text(net: Path) -> None:
    samling("participant", "add", '[bold red]Eve[/] \\ ; , "q"', "-e", "eve@example.se", "--id", "eve")
    out = samling("participant", "list").stdout
    assert "[bold red]Eve[/]" in out
    assert samling("participant", "show", "eve", "--json").json()["name"] == '[bold red]Eve[/] \\ ; , "q"'


def test_version() -> None:
    assert samling("--version").stdout.startswith("samling ")
