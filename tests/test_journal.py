"""A command that changes several records changes them as one unit: an error, a full disk at any
write, or a kill at any moment leaves the folder as before the command or as after it."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import samling

from samling.store import Store
from samling.store import journal as journal_module
from samling.store import records as records_module
from samling.store.journal import JOURNAL_FILE


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file samling keeps (records, minutes): what a state of the folder is. Outputs in
    ``out/`` are made again by the command that made them; the lock files name their holder."""
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and path.name != ".lock" and "out" not in relative.parts:
            files[relative.as_posix()] = path.read_bytes()
    return files


def network(tmp_path: Path, seats: int = 2, people: int = 4) -> Path:
    samling("init", "net", "--name", "Fjernlån Øst", "--language", "da")
    root = tmp_path / "net"
    os.chdir(root)
    samling("venue", "add", "Roskilde Bibliotek", "--id", "roskilde", "--capacity", str(seats))
    samling("org", "add", "Roskilde Bibliotek", "--id", "rosk")
    for n in range(people):
        samling("participant", "add", f"Søren Ærø {n}", "--email", f"s{n}@example.dk", "--org", "rosk")
    samling("new", "Fjernlånsmøde", "--date", "2026-03-12", "--venue", "roskilde")
    return root


def full(tmp_path: Path) -> Path:
    """Two seats taken and two people waiting (the free seat per organization is used)."""
    root = network(tmp_path)
    for n in range(4):
        samling("register", f"soren-aero-{n}")
    return root


def in_folder(build: Callable[[Path], Path]) -> Callable[[Path], Path]:
    """``build`` run in a new folder (it makes its network inside the current one)."""

    def make(folder: Path) -> Path:
        folder.mkdir()
        os.chdir(folder)
        return build(folder)

    return make


def with_history(tmp_path: Path) -> Path:
    """A January meeting with questions left open and one escalated, March's with people waiting,
    a member list and a form export to import, and one person in two files."""
    root = network(tmp_path, seats=3, people=5)
    os.environ["SAMLING_NOW"] = "2026-01-05T09:00:00"
    samling("new", "Fjernlånsmøde januar", "--date", "2026-01-15", "--venue", "roskilde")
    january = "2026-01-15-fjernlansmode-januar"
    for n in range(3):
        samling("register", f"soren-aero-{n}", "--meeting", january, "-q", f"Spørgsmål {n}")
    os.environ["SAMLING_NOW"] = "2026-02-01T09:00:00"
    samling("question", "escalate", "1", "--to", "Cicero", "--meeting", january)
    for n in range(5):
        samling("register", f"soren-aero-{n}")
    samling("participant", "add", "Søren Ærø", "--email", "soren.aero@example.dk", "--id", "soren-aero-kopi")
    samling("register", "soren-aero-kopi", "--meeting", january, "--late", "-q", "Kopiens spørgsmål")
    (root / "members.csv").write_text(
        "Navn,E-mail,Bibliotek\nAnne Ørsted,anne@example.dk,Odense Bibliotekerne\n"
        "Bo Åberg,bo@example.dk,Aarhus Bibliotekerne\nSøren Ærø 1,s1@example.dk,Roskilde Bibliotek\n",
        encoding="utf-8",
    )
    (root / "form.csv").write_text(
        "Tidsstempel;Navn;E-mail;Bibliotek\n"
        "2026-01-20 10:00:00;Anne Ørsted;anne@example.dk;Odense Bibliotekerne\n"
        "2026-01-20 11:00:00;Bo Åberg;bo@example.dk;Aarhus Bibliotekerne\n"
        "2026-01-21 09:00:00;Carla Ødegaard;carla@example.dk;Aarhus Bibliotekerne\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    "command",
    [
        ("register", "soren-aero-0", "--update", "--note", "kommer senere", "-q", "Hvem betaler?", "-q", "Og portoen?"),
        ("participant", "import", "members.csv"),
        ("registrations", "import", "form.csv"),
        ("new", "Fjernlånsmøde maj", "--date", "2026-05-20", "--venue", "roskilde"),
        ("participant", "merge", "soren-aero-3", "soren-aero-kopi"),
        ("session", "cancel", "roskilde"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_commands_of_several_records_fail_whole_at_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    failed = list(every_failing_write(tmp_path, monkeypatch, in_folder(with_history), *command))
    assert len(failed) >= 2


class Faults:
    """Make the ``fail_at``-th write (a record, or a line of the journal) fail as a full disk does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self.fail_at: int | None = None
        real_write = records_module.write_atomic
        real_append = journal_module.Journal._append

        def write(path: Path, data: bytes, *, create: bool = False) -> os.stat_result:
            self._tick()
            return real_write(path, data, create=create)

        def append(journal: journal_module.Journal, line: str) -> None:
            self._tick()
            real_append(journal, line)

        monkeypatch.setattr(records_module, "write_atomic", write)
        monkeypatch.setattr(journal_module.Journal, "_append", append)

    def _tick(self) -> None:
        self.count += 1
        if self.count == self.fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")


def every_failing_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], Path], *command: str
) -> Iterator[int]:
    """For N = 1, 2, ...: a copy of the folder ``make`` builds, the command with its Nth write
    failing; the folder must be as before; until the command does fewer than N writes and
    succeeds, when the folder must be as after an undisturbed run."""
    faults = Faults(monkeypatch)
    template = make(tmp_path / "template")
    before = snapshot(template)
    reference = shutil.copytree(template, tmp_path / "reference", symlinks=True)
    os.chdir(reference)
    faults.count = 0
    samling(*command)
    writes = faults.count  # in an undisturbed run
    after = snapshot(reference)
    assert after != before, "the command should change something"
    n = 0
    while True:
        n += 1
        root = shutil.copytree(template, tmp_path / f"case-{n}", symlinks=True)
        os.chdir(root)
        faults.count, faults.fail_at = 0, n
        result = samling(*command, ok=False) if n <= writes else samling(*command)
        faults.fail_at = None
        if n > writes:
            assert snapshot(root) == after
            return
        assert "No space left on device" in result.stderr and "undone" in result.stderr
        assert "Traceback" not in result.output
        assert snapshot(root) == before, f"write {n} of {writes} failed and left the folder half changed"
        assert not list(root.rglob(JOURNAL_FILE))
        assert not list(root.rglob("*.tmp"))
        samling("check")
        yield n


def test_unregister_with_promotion_fails_whole_at_every_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failed = list(every_failing_write(tmp_path, monkeypatch, in_folder(full), "unregister", "soren-aero-0"))
    # the cancellation, the promotion and their journal lines: every one of them tried
    assert len(failed) >= 4


def with_non_members(tmp_path: Path) -> Path:
    """Seats free, and two people from outside the network waiting (members first)."""
    root = network(tmp_path, seats=6, people=2)
    samling("org", "add", "Malmö stad", "--id", "malmo", "--non-member")
    for n in range(2):
        samling("participant", "add", f"Åsa Öberg {n}", "--email", f"a{n}@example.se", "--org", "malmo")
    for pid in ("soren-aero-0", "soren-aero-1", "asa-oberg-0", "asa-oberg-1"):
        samling("register", pid)
    return root


def test_admit_fails_whole_at_every_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failed = list(every_failing_write(tmp_path, monkeypatch, in_folder(with_non_members), "admit"))
    assert len(failed) >= 2


def test_an_error_inside_a_unit_undoes_every_write(tmp_path: Path) -> None:
    root = full(tmp_path)
    store = Store(root)
    mid = store.meeting_ids()[0]
    before = snapshot(root)
    registrations = store.registrations(mid)

    def change_then_fail() -> None:
        with store.lock(mid):
            first = registrations.load("soren-aero-0")
            registrations.save("soren-aero-0", first.model_copy(update={"status": "cancelled"}))
            registrations.create("soren-aero-9", first)
            registrations.remove("soren-aero-1")
            assert (root / "meetings" / mid / JOURNAL_FILE).exists()
            raise RuntimeError("in the middle")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert snapshot(root) == before
    assert store.registrations(mid).load("soren-aero-0").status == "registered"


def test_a_killed_unit_is_undone_by_the_next_command(tmp_path: Path) -> None:
    """A journal left by a command that died: the next command (any command) puts the files back."""
    root = full(tmp_path)
    store = Store(root)
    mid = store.meeting_ids()[0]
    before = snapshot(root)
    folder = root / "meetings" / mid
    registrations = store.registrations(mid)
    journal = journal_module.Journal(folder, root, f"meeting {mid}")
    store.cache.journal = journal
    first = registrations.load("soren-aero-0")
    registrations.save("soren-aero-0", first.model_copy(update={"status": "cancelled"}))
    registrations.create("soren-aero-9", first)
    # ...and the process dies here: the journal stays, the lock is free
    os.close(journal._fd or -1)
    assert snapshot(root) != before
    result = samling("status")
    assert "undid `samling" in result.stderr and "interrupted" in result.stderr
    assert snapshot(root) == before


def test_a_journal_cut_short_is_undone_up_to_its_last_whole_line(tmp_path: Path) -> None:
    root = full(tmp_path)
    store = Store(root)
    mid = store.meeting_ids()[0]
    before = snapshot(root)
    folder = root / "meetings" / mid
    registrations = store.registrations(mid)
    journal = journal_module.Journal(folder, root, f"meeting {mid}")
    store.cache.journal = journal
    first = registrations.load("soren-aero-0")
    registrations.save("soren-aero-0", first.model_copy(update={"status": "cancelled"}))
    os.close(journal._fd or -1)
    with (folder / JOURNAL_FILE).open("a") as handle:
        handle.write('{"path": "meetings/')  # the next line, cut by the crash before its write
    samling("check")
    assert snapshot(root) == before


def test_a_journal_naming_a_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    root = full(tmp_path)
    outside = tmp_path / "victim.txt"
    outside.write_text("mine")
    (root / JOURNAL_FILE).write_text('{"command": "x"}\n{"path": "../victim.txt", "old": null}\n')
    result = samling("check", ok=False)
    assert "outside the network folder" in result.stderr
    assert outside.read_text() == "mine"


def test_a_journal_of_a_running_command_is_left_alone(tmp_path: Path) -> None:
    """A reader does not undo the unit of a command that still holds its lock."""
    root = full(tmp_path)
    store = Store(root)
    mid = store.meeting_ids()[0]
    registrations = store.registrations(mid)
    with store.lock(mid):
        first = registrations.load("soren-aero-0")
        registrations.save("soren-aero-0", first.model_copy(update={"note": "i gang"}))
        # another terminal reads meanwhile (a process of its own: within one, the lock is shared)
        reader = subprocess.run(
            [sys.executable, "-m", "samling", "registrations", "--json"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "SAMLING_LOCK_TIMEOUT": "1"},
        )
        assert "undid" not in reader.stderr
        assert f"is changing meeting {mid} right now" in reader.stderr and "part of its changes" in reader.stderr
        assert (root / "meetings" / mid / JOURNAL_FILE).exists()
        checking = subprocess.run(
            [sys.executable, "-m", "samling", "check"], capture_output=True, text=True, check=False
        )
        assert checking.returncode == 1
        assert "right now: run `samling check` again when it has finished" in checking.stdout
    assert not (root / "meetings" / mid / JOURNAL_FILE).exists()
    assert Store(root).registrations(mid).load("soren-aero-0").note == "i gang"


def test_folders_a_unit_made_are_gone_when_it_is_undone(tmp_path: Path) -> None:
    """A first decision makes decisions/: undone, the folder goes too, so that the folder is
    exactly as before (git ignores empty folders; diff -r does not)."""
    root = full(tmp_path)
    store = Store(root)
    mid = store.meeting_ids()[0]
    decisions = root / "meetings" / mid / "decisions"
    assert not decisions.exists()

    def decide_then_fail() -> None:
        from samling.models.room import Decision

        with store.lock(mid):
            store.decisions(mid).create("1", Decision(text="Vi mødes igen i maj."))
            assert decisions.is_dir()
            raise RuntimeError("in the middle")

    with pytest.raises(RuntimeError):
        decide_then_fail()
    assert not decisions.exists()
