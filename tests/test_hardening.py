"""Issue 14: what used to end in a traceback is one clear line, and `samling check` names the
record behind it. Each test goes through the CLI on real files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MEETING, samling

MEETING_FILE = Path("meetings") / MEETING / "meeting.toml"


def _edit(path: Path | str, old: str, new: str) -> None:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_organizer_email_with_non_ascii_domain(tmp_path: Path) -> None:
    samling("init", "n", "--name", "N", "--organizer", "Kari Nordmann <kari@bibliotek.ø.no>")
    text = (tmp_path / "n" / "samling.toml").read_text(encoding="utf-8")
    assert 'email = "kari@bibliotek.ø.no"' in text
    samling("--dir", "n", "check")
    _edit(tmp_path / "n" / "samling.toml", "kari@bibliotek.ø.no", "kari@bibliotek.xn--5ca.no")
    samling("--dir", "n", "check")
    _edit(tmp_path / "n" / "samling.toml", "kari@bibliotek.xn--5ca.no", "kari@bibliotek.ø.no.")
    result = samling("--dir", "n", "check", ok=False)
    assert "samling.toml: organizer.email: " in result.stdout
    result = samling("init", "m", "--name", "M", "--organizer", "Kari <kari@bibliotek.ø.no.>", ok=False)
    assert result.exit_code == 2


def test_an_absurd_fee_is_refused(net: Path) -> None:
    _edit("samling.toml", "fee = 450", "fee = 1e300")
    result = samling("status", ok=False)
    assert result.exit_code == 5
    assert "samling.toml: fees.fee: 1e+300 is too large" in result.stderr
    assert "samling.toml: fees.fee:" in samling("check", ok=False).stdout
    _edit("samling.toml", "fee = 1e300", "fee = inf")
    assert "samling.toml: fees.fee:" in samling("check", ok=False).stdout
    _edit("samling.toml", "fee = inf", "fee = nan")
    assert "samling.toml: fees.fee:" in samling("check", ok=False).stdout


@pytest.mark.parametrize("key", ["reminder_hours", "deadline_days"])
def test_huge_day_and_hour_counts_are_refused(net: Path, key: str) -> None:
    text = Path("samling.toml").read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^#? ?{key} = .*$", "", text).replace("[defaults]\n", f"[defaults]\n{key} = 10000000000000\n")
    Path("samling.toml").write_text(text, encoding="utf-8")
    result = samling("check", ok=False)
    assert f"samling.toml: defaults.{key}: 10000000000000 is too large" in result.stdout
    result = samling("invite", ok=False)
    assert result.exit_code == 5


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_session_date_out_of_range(net: Path, year: str) -> None:
    _edit(MEETING_FILE, "date = 2026-03-12", f"date = {year}-03-12")
    _edit(MEETING_FILE, "deadline = 2026-02-26\n", "")
    result = samling("check", ok=False)
    assert f"sessions[0].date: {year}-03-12 is out of range; a meeting is held between 1900 and 2200" in result.stdout
    result = samling("status", MEETING, ok=False)
    assert result.exit_code == 5
    assert "sessions[0].date" in result.stderr
    result = samling("new", "Långt fram", "--date", f"{year}-01-01", ok=False)
    assert "between 1900 and 2200" in result.stderr


def test_registration_for_unknown_session_or_missing_participant(net: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("register", "asa-oberg")
    registrations = Path("meetings") / MEETING / "registrations"
    session = re.search(r'session = "([^"]+)"', (registrations / "bjorn-odegard.toml").read_text("utf-8"))
    assert session
    _edit(registrations / "bjorn-odegard.toml", f'session = "{session[1]}"', 'session = "vast"')
    (registrations / "asa-oberg.toml").rename(registrations / "nobody.toml")
    check = samling("check", ok=False).stdout
    assert "registrations/bjorn-odegard.toml: session: the meeting has no session 'vast'" in check
    assert "registrations/nobody.toml: no participant 'nobody'" in check
    for command in (["invite"], ["status"], ["list"], ["outbox"]):
        result = samling(*command, ok=False)
        assert result.exit_code == 5, result.output
        assert "registrations/bjorn-odegard.toml: session: the meeting has no session 'vast'" in result.stderr
        assert "Traceback" not in result.output


def test_question_file_named_with_a_superscript_digit(net: Path) -> None:
    samling("ask", "Hur lånar vi ut e-böcker?", "--by", "bjorn-odegard", "--meeting", MEETING)
    questions = Path("meetings") / MEETING / "questions"
    (questions / "1.toml").rename(questions / "².toml")
    result = samling("check", ok=False)
    assert "questions/².toml: a question's file name is its number, e.g. 3.toml" in result.stdout
    samling("questions", MEETING)
    samling("participant", "export", "bjorn-odegard")


def test_tied_theme_votes_with_a_naive_timestamp(net: Path) -> None:
    samling("theme", "suggest", "Fjärrlån", "--meeting", MEETING)
    samling("theme", "suggest", "Öppen vetenskap", "--meeting", MEETING)
    themes = Path("meetings") / MEETING / "themes"
    path = themes / "fjarrlan.toml"
    text = re.sub(r"suggested_at = .*", "suggested_at = 2026-01-01T10:00:00", path.read_text("utf-8"))
    path.write_text(text, encoding="utf-8")
    result = samling("themes", MEETING)
    assert result.stdout.index("Fjärrlån") < result.stdout.index("Öppen vetenskap")
    samling("check")


def test_toml_nested_too_deeply(net: Path) -> None:
    Path("organizations/djup.toml").write_text('name = "Djup"\nx = ' + "[" * 100_000 + "]" * 100_000 + "\n")
    result = samling("org", "list", ok=False)
    assert result.exit_code == 5
    assert "organizations/djup.toml: nested too deeply" in result.stderr
    assert "organizations/djup.toml: nested too deeply" in samling("check", ok=False).stdout


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b"{{ none.x }}\n", "template uses something samling does not provide"),
        (b"{{ ''.__class__.__mro__ }}\n", "template does something templates may not do"),
        (b"{{ 1 / 0 }}\n", "template error"),
        ("Hej {{ person.name }} på Växjö\n".encode("latin-1"), "is not UTF-8"),
    ],
)
def test_network_template_that_fails(net: Path, source: bytes, expected: str) -> None:
    samling("register", "bjorn-odegard")
    Path("templates").mkdir(exist_ok=True)
    Path("templates/invitation.md.j2").write_bytes(source)
    result = samling("invite", ok=False)
    assert "templates/invitation.md.j2" in result.stderr
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_one_broken_organization_is_not_a_missing_one(net: Path) -> None:
    _edit("organizations/vaxjo-kommun.toml", "member = true", 'member = "yes"')
    check = samling("check", ok=False).stdout
    assert "organizations/vaxjo-kommun.toml: member: 'yes' must be true or false" in check
    assert "no organization 'vaxjo-kommun'" not in check
    assert len(check.splitlines()) == 2  # the problem and the summary


def test_member_must_be_a_real_boolean(net: Path) -> None:
    _edit("organizations/lessebo-kommun.toml", "member = true", "member = 1")
    assert "organizations/lessebo-kommun.toml: member: 1 must be true or false" in samling("check", ok=False).stdout
    _edit("organizations/lessebo-kommun.toml", "member = 1", "member = false")
    samling("check")
    assert samling("org", "show", "lessebo-kommun", "--json").json()["member"] is False  # type: ignore[index]


@pytest.mark.parametrize("name", ["con", "AUX", "nul", "com1", "lpt9", "prn"])
def test_windows_reserved_ids_are_not_created(net: Path, name: str) -> None:
    result = samling("org", "add", name, ok=False)
    assert result.exit_code == 2
    assert f"cannot make an id from the name {name!r}: {name.lower()!r} is a name Windows reserves" in result.stderr
    result = samling("org", "add", "Bibliotek", "--id", name.lower(), ok=False)
    assert f"--id: {name.lower()!r} is a name Windows reserves for a device" in result.stderr
    samling("org", "add", f"{name} bibliotek")
    assert not list(Path("organizations").glob(f"{name.lower()}.toml"))
    Path(f"organizations/{name.lower()}.toml").write_text('name = "Gammal"\n', encoding="utf-8")
    check = samling("check", ok=False).stdout
    assert f"organizations/{name.lower()}.toml: {name.lower()!r} is a name Windows reserves for a device" in check


def test_record_file_with_an_upper_case_suffix(net: Path) -> None:
    Path("participants/bjorn-odegard.toml").rename("participants/bjorn-odegard.TOML")
    result = samling("check", ok=False)
    assert "participants/bjorn-odegard.TOML: is not read: a record file ends in .toml" in result.stdout


def test_many_unknown_keys_are_summed_up(net: Path) -> None:
    keys = "".join(f"k{n} = 1\n" for n in range(200_000))
    Path("venues/stor.toml").write_text('name = "Stor"\n' + keys, encoding="utf-8")
    result = samling("check", ok=False)
    lines = result.stdout.splitlines()
    assert len(lines) <= 25
    assert "venues/stor.toml: and 199980 more problems" in result.stdout
    result = samling("venue", "list", ok=False)
    assert len(result.stderr.splitlines()) <= 25


def test_long_one_word_title_makes_a_valid_id(net: Path) -> None:
    word = "Bibliotekssamarbetsutvecklingsprojektsuppföljningsmötesprotokollsgranskningsgruppsmöte"
    result = samling("new", word, "--date", "2026-09-10", "--json")
    meeting_id = result.json()["id"]  # type: ignore[index]
    assert len(meeting_id) <= 70
    samling("org", "add", word * 2)
    samling("check")
