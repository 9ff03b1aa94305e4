"""Parallel terminals lose nothing: many `samling register` processes at once against few seats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import samling

from samling.store import Store

N = 12
SEATS = 5


def test_parallel_registrations_never_overfill(tmp_path: Path) -> None:
    samling("init", "net", "--name", "Parallell", "--language", "nb")
    os.chdir(tmp_path / "net")
    samling("venue", "add", "Hamar bibliotek", "--id", "hamar", "--capacity", str(SEATS))
    samling("org", "add", "Hamar kommune", "--id", "hamar")
    for n in range(N):
        samling("participant", "add", f"Deltaker Ødegård {n}", "--email", f"d{n}@example.no", "--org", "hamar")
    samling("new", "Brukermøte", "--date", "2026-03-12", "--venue", "hamar")
    env = {**os.environ, "SAMLING_NOW": "2026-02-01T09:00:00"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "samling", "register", f"deltaker-odegard-{n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(N)
    ]
    outputs = [p.communicate(timeout=180) for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    store = Store(tmp_path / "net")
    mid = store.meeting_ids()[0]
    records = store.registrations(mid).load_all()
    assert len(records) == N  # every registrant has exactly one record
    statuses = [r.status for r in records.values()]
    assert statuses.count("registered") == SEATS
    assert statuses.count("waitlisted") == N - SEATS
    assert sorted(r.seq for r in records.values()) == list(range(1, N + 1))
    # the first SEATS to take the lock got the seats
    seated = sorted(r.seq for r in records.values() if r.status == "registered")
    assert seated == list(range(1, SEATS + 1))
    assert not list((tmp_path / "net").rglob("*.tmp"))
    samling("check")


def test_parallel_adds_of_the_same_name_and_email(tmp_path: Path) -> None:
    samling("init", "net", "--name", "Parallell")
    env = {**os.environ, "SAMLING_DIR": str(tmp_path / "net")}
    same_name = [
        subprocess.Popen(
            [sys.executable, "-m", "samling", "participant", "add", "Anna Persson", "--email", f"anna{n}@example.se"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(6)
    ]
    same_email = [
        subprocess.Popen(
            [sys.executable, "-m", "samling", "participant", "add", f"Ola Nordmann {n}", "--email", "ola@example.no"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for p in same_name + same_email:
        p.communicate(timeout=120)
    assert all(p.returncode == 0 for p in same_name)
    assert sorted(p.returncode for p in same_email) == [0, 4, 4, 4]  # one wins, three are told it exists
    people = Store(tmp_path / "net").participants.load_all()
    assert sorted(pid for pid in people if pid.startswith("anna")) == [
        "anna-persson",
        "anna-persson-2",
        "anna-persson-3",
        "anna-persson-4",
        "anna-persson-5",
        "anna-persson-6",
    ]
    assert sum(1 for p in people.values() if p.email == "ola@example.no") == 1
