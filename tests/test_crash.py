"""Killed at any moment, a command leaves the folder as before it or as after it.

Each command below changes several records. It runs in a process of its own, killed with
SIGKILL at a random moment of its run; the next command (`samling check`, which must then find
nothing wrong) undoes what the killed one left half done, and the folder must then hold exactly
what it held before, or exactly what an undisturbed run of the same command leaves.

The processes are forked from the test, with samling already imported, so that the moments
drawn fall in the command's own work rather than in Python's start-up: 30 kills for each of 7
commands, 210 in all, in about 15 s.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import samling, samling_command
from test_journal import snapshot

from samling.store.journal import JOURNAL_FILE

KILLS = 30
SEED = int(os.environ.get("SAMLING_CRASH_SEED", "20261128"))


def run_forked(folder: Path, args: tuple[str, ...], kill_after: float | None) -> int | None:
    """Run ``samling ARGS`` in a child process in ``folder``; kill it after ``kill_after`` seconds
    (None: let it finish). Returns its exit status, or None when it was killed."""
    pid = os.fork()
    if pid == 0:  # the child: run the command, never return into pytest
        code = 1
        try:
            devnull = os.open(os.environ.get("CRASH_LOG", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.chdir(folder)
            samling_command().main(args=list(args), prog_name="samling", standalone_mode=True)
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        finally:
            os._exit(code)
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return None
    return os.WEXITSTATUS(status)


def base_network(root: Path) -> None:
    samling(
        "init",
        str(root),
        "--name",
        "Bibliotekssamarbejdet Øst",
        "--language",
        "da",
        "--organizer",
        "Mette Ågård <mette@example.dk>",
    )
    os.chdir(root)
    samling("venue", "add", "Roskilde Bibliotek", "--id", "roskilde", "--capacity", "12")
    samling("org", "add", "Roskilde Bibliotek", "--id", "rosk")
    samling("org", "add", "Malmö stad", "--id", "malmo", "--non-member")
    for n in range(14):
        samling("participant", "add", f"Søren Ærø {n}", "--email", f"s{n}@example.dk", "--org", "rosk")
    for n in range(3):
        samling("participant", "add", f"Åsa Öberg {n}", "--email", f"a{n}@example.se", "--org", "malmo")
    # a meeting held in January, with questions that were not dealt with
    os.environ["SAMLING_NOW"] = "2026-01-05T09:00:00"
    samling("new", "Fjernlånsmøde januar", "--date", "2026-01-15", "--venue", "roskilde")
    january = "2026-01-15-fjernlansmode-januar"
    for n in range(4):
        samling("register", f"soren-aero-{n}", "--meeting", january, "-q", f"Spørgsmål {n} om fjernlån")
    os.environ["SAMLING_NOW"] = "2026-02-01T09:00:00"
    samling("question", "escalate", "1", "--to", "Cicero", "--meeting", january)
    samling("question", "escalate", "2", "--to", "DBC", "--meeting", january)
    # the next meeting, 12 seats: 8 members, 3 from outside the network waiting (members first)
    samling("new", "Fjernlånsmøde marts", "--date", "2026-03-12", "--venue", "roskilde")
    for n in range(4, 12):
        samling("register", f"soren-aero-{n}")
    for n in range(3):
        samling("register", f"asa-oberg-{n}")
    members = ["Name,Email,Organization"] + [f"Bibliotekar {n},b{n}@example.dk,Bibliotek {n % 40}" for n in range(150)]
    (root / "members.csv").write_text("\n".join(members) + "\n", encoding="utf-8")
    form = ["Tidsstempel;Navn;E-mail;Bibliotek"] + [
        f"2026-01-{10 + n // 60:02d} {8 + n % 10:02d}:{n % 60:02d}:00;Deltager {n};d{n}@example.dk;Bibliotek {n % 30}"
        for n in range(120)
    ]
    (root / "form.csv").write_text("\n".join(form) + "\n", encoding="utf-8")


#: What the network is given first, for a command that needs more (a full session, for a promotion).
PREPARE: dict[str, list[tuple[str, ...]]] = {
    "unregister": [("register", f"soren-aero-{n}") for n in (0, 1, 2, 3, 12, 13)],
}

COMMANDS: list[tuple[str, ...]] = [
    ("register", "soren-aero-1", "-q", "Hvornår kommer den nye lånerløsning?", "-q", "Hvem betaler portoen?"),
    ("unregister", "soren-aero-4"),  # with a promotion of soren-aero-12 from the waitlist
    ("admit",),  # the non-members, as far as seats allow
    ("participant", "import", "members.csv"),
    ("registrations", "import", "form.csv"),
    ("new", "Fjernlånsmøde maj", "--date", "2026-05-20", "--venue", "roskilde"),  # carries January's questions
    ("invite",),
]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    here = Path.cwd()
    old = os.environ.get("SAMLING_NOW")
    os.environ["SAMLING_NOW"] = "2026-02-01T09:00:00"
    try:
        base_network(folder / "net")
    finally:
        os.chdir(here)
        if old is None:
            os.environ.pop("SAMLING_NOW", None)
    return folder / "net"


def copy(base: Path, to: Path) -> Path:
    shutil.copytree(base, to, symlinks=True)
    return to


@pytest.mark.crash
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_killed_at_random_moments(network: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    chance = random.Random(f"{SEED} {' '.join(command)}")
    base = copy(network, tmp_path / "base")
    for prepare in PREPARE.get(command[0], []):
        assert run_forked(base, prepare, None) == 0
    before = snapshot(base)
    reference = copy(base, tmp_path / "reference")
    started = time.monotonic()
    assert run_forked(reference, command, None) == 0, f"samling {' '.join(command)} fails undisturbed"
    duration = time.monotonic() - started
    after = snapshot(reference)
    assert after != before, "the command should change records"
    outcomes = {"before": 0, "after": 0}
    check: Callable[[Path], None] = _check_clean
    for n in range(KILLS):
        folder = copy(base, tmp_path / f"kill-{n}")
        moment = chance.uniform(0, duration)
        run_forked(folder, command, moment)
        check(folder)
        state = snapshot(folder)
        assert state in (before, after), (
            f"killed after {moment * 1000:.0f} ms of {duration * 1000:.0f} (seed {SEED}, kill {n}): "
            f"a state no complete command leaves; differs in {_diff(state, before, after)}"
        )
        outcomes["before" if state == before else "after"] += 1
        shutil.rmtree(folder)
    assert sum(outcomes.values()) == KILLS


def _check_clean(folder: Path) -> None:
    here = Path.cwd()
    os.chdir(folder)
    try:
        samling("check")
    finally:
        os.chdir(here)
    assert not list(folder.rglob(JOURNAL_FILE)), "the interrupted command's journal was not undone"


def _diff(state: dict[str, bytes], before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    near = (
        before
        if len(set(state.items()) ^ set(before.items())) < len(set(state.items()) ^ set(after.items()))
        else after
    )
    return sorted({k for k in state.keys() | near.keys() if state.get(k) != near.get(k)})[:8]
