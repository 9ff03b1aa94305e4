"""Every user mistake is one clear line (file, key, what to do), a non-zero exit, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MEETING, run_process, samling


def test_no_network_folder(tmp_path: Path) -> None:
    result = samling("participant", "list", ok=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no samling network in ")
    assert "samling init" in result.stderr


def test_dir_that_is_not_a_network(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = samling("--dir", "empty", "check", ok=False)
    assert "(--dir) is not a samling network: it has no samling.toml" in result.stderr
    result = samling("check", "--dir", "empty", ok=False)
    assert "is not a samling network" in result.stderr


def test_unknown_ids(net: Path) -> None:
    assert samling("participant", "show", "nobody", ok=False).stderr.startswith("error: no participant 'nobody'")
    assert (
        "no organization 'Nowhere'"
        in samling("participant", "add", "X", "-e", "x@example.se", "--org", "Nowhere", ok=False).stderr
    )
    assert "no venue 'moon'" in samling("new", "T", "--date", "2026-05-01", "--venue", "moon", ok=False).stderr
    assert "no meeting 'zzz'" in samling("status", "zzz", ok=False).stderr


def test_malformed_toml_names_file_and_line(net: Path) -> None:
    Path("participants/bjorn-odegard.toml").write_text('name = "Bjørn"\nemail = \n', encoding="utf-8")
    result = samling("participant", "list", ok=False)
    assert "participants/bjorn-odegard.toml: invalid TOML: Invalid value (at line 2, column 9)" in result.stderr


def test_bad_email_in_file_and_on_command_line(net: Path) -> None:
    Path("participants/bjorn-odegard.toml").write_text(
        'name = "Bjørn"\nemail = "bjorn(at)example.se"\n', encoding="utf-8"
    )
    result = samling("check", ok=False)
    assert "participants/bjorn-odegard.toml: email: value is not a valid email address" in result.stdout
    result = samling("participant", "add", "Kari Nordmann", "--email", "kari@", ok=False)
    assert "participant add: --email: value is not a valid email address" in result.stderr


def test_impossible_date(net: Path) -> None:
    result = samling("new", "Vårträff", "--date", "2026-02-30", ok=False)
    assert result.stderr.startswith("error: --date: '2026-02-30' is not a valid date (February 2026 has 28 days)")
    assert "YYYY-MM-DD (2026-03-12) or day first, DD.MM.YYYY or DD/MM/YYYY" in result.stderr
    text = Path(f"meetings/{MEETING}/meeting.toml").read_text(encoding="utf-8")
    Path(f"meetings/{MEETING}/meeting.toml").write_text(
        text.replace("date = 2026-03-12", 'date = "2026-02-30"'), encoding="utf-8"
    )
    result = samling("check", ok=False)
    assert (
        f"meetings/{MEETING}/meeting.toml: sessions[0].date: '2026-02-30' is not a valid date (that day does not exist)"
        in result.stdout
    )


def test_end_before_start(net: Path) -> None:
    result = samling("new", "Kvällsträff", "--date", "2026-05-01", "--start", "14:00", "--end", "10:00", ok=False)
    assert "end: 10:00 is not after the start 14:00" in result.stderr
    text = Path(f"meetings/{MEETING}/meeting.toml").read_text(encoding="utf-8")
    Path(f"meetings/{MEETING}/meeting.toml").write_text(
        text.replace('end = "14:30"', 'end = "09:00"'), encoding="utf-8"
    )
    assert (
        f"meetings/{MEETING}/meeting.toml: sessions[0].end: 09:00 is not after the start 10:00"
        in samling("check", ok=False).stdout
    )


def test_deadline_after_meeting(net: Path) -> None:
    result = samling("new", "Höstträff", "--date", "2026-10-01", "--deadline", "2026-10-05", ok=False)
    assert "deadline: 2026-10-05 is after the meeting's first session on 2026-10-01" in result.stderr


def test_unknown_key_suggests_the_right_one(net: Path) -> None:
    Path("venues/vaxjo.toml").write_text('name = "V"\ncapacty = 3\n', encoding="utf-8")
    assert "venues/vaxjo.toml: capacty: unknown key; did you mean 'capacity'?" in samling("check", ok=False).stdout


def test_bad_language_and_timezone_on_init(tmp_path: Path) -> None:
    assert (
        "'se' is not allowed; use 'sv', 'nb', 'da', 'nl' or 'en'"
        in samling("init", "x", "--name", "X", "--language", "se", ok=False).stderr
    )
    assert "not a known time zone" in samling("init", "x", "--name", "X", "--timezone", "Europe/Osloo", ok=False).stderr
    assert "has no email address" in samling("init", "x", "--name", "X", "--organizer", "Kari", ok=False).stderr
    assert not (tmp_path / "x" / "samling.toml").exists()


def test_init_twice_does_not_overwrite(tmp_path: Path) -> None:
    samling("init", "x", "--name", "Första")
    before = (tmp_path / "x" / "samling.toml").read_bytes()
    assert "already exists" in samling("init", "x", "--name", "Andra", ok=False).stderr
    assert (tmp_path / "x" / "samling.toml").read_bytes() == before


def test_real_process_shows_no_traceback_but_debug_does(net: Path) -> None:
    Path("participants/bjorn-odegard.toml").write_text("name = \n", encoding="utf-8")
    plain = run_process("participant", "list", cwd=net)
    assert plain.returncode != 0 and "Traceback" not in plain.stderr
    assert plain.stderr.startswith("error: participants/bjorn-odegard.toml: invalid TOML")
    debug = run_process("--debug", "participant", "list", cwd=net)
    assert "Traceback" in debug.stderr


@pytest.mark.parametrize(
    "args", [["register", "nobody"], ["unregister", "bjorn-odegard"], ["attended", "bjorn-odegard"]]
)
def test_registration_mistakes(net: Path, args: list[str]) -> None:
    result = samling(*args, ok=False)
    # the one line that says which meeting was taken when none was named, then the error and its hint
    note, _, error = result.stderr.partition("\n")
    assert note == f"meeting: {MEETING} (the next meeting; name another by its id or date)"
    assert error.startswith("error: ") and error.count("\n") <= 2


def test_file_system_refusal_is_one_line(tmp_path: Path) -> None:
    # /proc refuses new folders even to root, where permissions would not.
    result = samling("init", "/proc/samling-test", "--name", "X", ok=False)
    assert result.exit_code == 74
    assert result.stderr.startswith("error: No such file or directory: /proc/samling-test")


def test_option_names_in_messages_are_spelled_as_typed(net: Path) -> None:
    result = samling("new", "Träff", "--date", "2026-05-01", "--online-link", "javascript:alert(1)", ok=False)
    assert "--online-link: 'javascript:alert(1)' is not a web address" in result.stderr


@pytest.mark.parametrize("text", ["2026-05-07", "2026-5-7", "7.5.2026", "07/05/2026"])
def test_dates_as_people_write_them(net: Path, text: str) -> None:
    assert samling("new", "Vårträff", "--date", text, "--json").json()["sessions"][0]["date"] == "2026-05-07"
