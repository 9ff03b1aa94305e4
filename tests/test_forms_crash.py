"""An import is all or nothing: a `samling registrations import` of 500 answers, killed at
random moments, leaves the folder untouched or fully imported once `samling check` has rolled
back what the killed command left (the undo journal of `store.lock`)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_process
from test_forms_services import files

ROWS = 500


def big_export(path: Path) -> None:
    lines = ["Tidsstämpel;E-postadress;Namn;Bibliotek;Deltagande;Kostönskemål;Frågor till mötet"]
    for n in range(ROWS):
        minute = n % 60
        hour = 8 + n // 60
        lines.append(
            f"2026-01-{10 + n % 15:02d} {hour:02d}:{minute:02d}:00;person{n}@example.se;Person {n} Testsson;"
            f"Bibliotek {n % 40};{'Online' if n % 3 == 0 else 'På plats'};{'vegan' if n % 7 == 0 else ''};"
            f"{f'Fråga nummer {n}' if n % 10 == 0 else ''}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.crash
def test_killed_at_random_moments_the_import_is_all_or_nothing(net: Path, tmp_path: Path) -> None:
    export = tmp_path / "big.csv"
    big_export(export)
    before = files(net)
    # the folder as the import leaves it, for comparison
    done = tmp_path / "done"
    shutil.copytree(net, done)
    started = time.monotonic()
    finished = run_process("registrations", "import", str(export), cwd=done)
    duration = time.monotonic() - started
    assert finished.returncode == 0, finished.stderr
    after = files(done)
    assert len(after) > len(before) + ROWS
    # moments spread over the run, from Python's start-up to the last write, in a random order
    moments = [duration * f for f in (0.05, 0.4, 0.6, 0.75, 0.9)]
    random.Random(12).shuffle(moments)
    outcomes = []
    interrupted: list[bool] = []
    work = tmp_path / "work"
    for n, moment in enumerate([*moments, None]):
        if n == 0 or files(work) != before:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(net, work)
        process = subprocess.Popen(
            [sys.executable, "-m", "samling", "registrations", "import", str(export)],
            cwd=work,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if moment is None:  # the last one finishes what the others began
            assert process.wait(timeout=120) == 0
        else:
            time.sleep(moment)
            process.send_signal(signal.SIGKILL)
            process.wait()
        interrupted.append(any(work.rglob(".journal")))  # killed while writing
        check = run_process("check", cwd=work)
        assert check.returncode == 0, check.stdout + check.stderr
        now = files(work)
        assert now in (before, after), f"kill {n}: the folder is neither as before the import nor as after it"
        outcomes.append("after" if now == after else "before")
    assert outcomes[-1] == "after"
    assert any(interrupted), "no kill came while the import was writing: the test proves nothing"
