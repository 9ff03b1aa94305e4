"""Benchmark: `samling register` and `samling status` on a big meeting.

    python bench/bench_registration.py [--participants 10000] [--registrations 5000] [--runs 5]

Builds a network of N participants in 500 organizations and one meeting with M registrations in a
temporary folder, then times real `samling` processes (wall clock, best and median of --runs;
CPU time, best).
Figures are written down in bench/README.md; this is not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from samling.domain.network import init
from samling.models import (
    Meeting,
    Organization,
    Participant,
    Registration,
    Session,
    Venue,
)
from samling.store import to_toml


def build(root: Path, participants: int, registrations: int) -> str:
    store = init(root, "Benchmark network", "sv")
    tz = store.network.tz

    def put(path: Path, record: object) -> None:  # plain writes: setup speed, not samling's
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_toml(record), encoding="utf-8")  # type: ignore[arg-type]

    for n in range(500):
        put(store.organizations.path(f"org-{n}"), Organization(name=f"Bibliotek {n}", member=n % 10 != 0))
    for n in range(participants):
        put(
            store.participants.path(f"person-{n}"),
            Participant(
                name=f"Person Åberg {n}",
                email=f"p{n}@example.se",
                organization=f"org-{n % 500}",
                diet="vegetarisk" if n % 7 == 0 else None,
            ),
        )
    put(store.venues.path("hall"), Venue(name="Stora salen", capacity=registrations - 100))
    mid = "2027-03-18-benchmark"
    put(
        store.meeting_path(mid),
        Meeting(
            title="Benchmark",
            deadline=dt.date(2027, 3, 4),
            sessions=[
                Session(id="hall", date=dt.date(2027, 3, 18), start=dt.time(10), end=dt.time(14, 30), venue="hall")
            ],
        ),
    )
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=tz)
    for n in range(registrations):
        put(
            store.registrations(mid).path(f"person-{n}"),
            Registration(
                session="hall",
                status="registered" if n < registrations - 100 else "waitlisted",
                seq=n + 1,
                registered_at=at + dt.timedelta(minutes=n),
            ),
        )
    return mid


def timed(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Best and median wall-clock time, and the best CPU time (user + system) of the process:
    on a shared machine the CPU time moves less than the wall clock."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "samling", *args], env=env, capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if result.returncode not in (0, 6):
            sys.exit(result.stderr)
    return min(times), statistics.median(times), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "net"
        start = time.perf_counter()
        mid = build(root, options.participants, options.registrations)
        print(
            f"built {options.participants} participants, {options.registrations} registrations "
            f"in {time.perf_counter() - start:.1f} s"
        )
        env = {**os.environ, "SAMLING_DIR": str(root), "SAMLING_NOW": "2026-12-10T10:00:00"}
        rows = [
            ("samling --help", ["--help"]),
            ("samling status", ["status", mid]),
            ("samling status --json", ["status", mid, "--json"]),
            ("samling register (waitlisted)", ["register", f"person-{options.registrations}", "--meeting", mid]),
            ("samling unregister (promotes)", ["unregister", "person-0", "--meeting", mid]),
            ("samling registrations --json", ["registrations", mid, "--json"]),
            ("samling check", ["check"]),
        ]
        print(f"{'command':<34} {'best':>8} {'median':>8} {'cpu':>8}")
        for label, args in rows:
            runs = 1 if "register" in label and "registrations" not in label else options.runs
            best, median, cpu = timed(args, env, runs)
            print(f"{label:<34} {best:>7.2f}s {median:>7.2f}s {cpu:>7.2f}s")


if __name__ == "__main__":
    main()
