"""Benchmark: `samling registrations import` of a form export with N answers.

    python bench/bench_import.py [--rows 500 1500 3000] [--slow]

Builds a Danish network (one meeting, one session of 5,000 seats, nobody registered) in a
temporary folder and a Google Forms CSV of N answers from N new people in 50 new organizations,
then times a real `samling` process importing it, with --dry-run (the plan: reading, the rules)
and for real (the plan and the writes, three fsyncs a file). ``--slow`` seats every answer through
``register_in`` as before the import had its own seating (``Seating.fast = False``), to compare.
Figures are written down in bench/README.md; this is not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN = (
    "import sys; from samling.imports.seating import Seating; Seating.fast = sys.argv[1] == 'fast'; "
    "from samling.cli.app import main; sys.argv = ['samling', *sys.argv[2:]]; main()"
)


def build(root: Path) -> None:
    env = {**os.environ, "SAMLING_NOW": "2026-10-01T09:00:00"}

    def run(*args: str, cwd: Path) -> None:
        subprocess.run([sys.executable, "-m", "samling", *args], cwd=cwd, env=env, check=True, capture_output=True)

    run("init", "net", "--name", "Net", "--language", "da", "--organizer", "A B <a@example.dk>", cwd=root)
    net = root / "net"
    run("venue", "add", "Hovedbiblioteket", "--id", "hb", "--capacity", "5000", "--city", "Aarhus", cwd=net)
    run("new", "Møde", "--date", "2027-01-20", "--venue", "hb", "--deadline", "2027-01-10", cwd=net)


def form(path: Path, rows: int) -> None:
    start = dt.datetime(2026, 9, 1, 8, 0)
    lines = ["Tidsstempel;E-mailadresse;Navn;Arbejdsplads;Kost;Spørgsmål"]
    for n in range(rows):
        at = start + dt.timedelta(minutes=7 * n)
        lines.append(f"{at:%d.%m.%Y %H.%M.%S};p{n}@bib{n % 50}.dk;Person Nr {n};Bibliotek {n % 50};;")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(net: Path, export: Path, mode: str, *options: str) -> float:
    env = {**os.environ, "SAMLING_NOW": "2026-10-01T09:00:00"}
    begin = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", RUN, mode, "registrations", "import", str(export), *options],
        cwd=net,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 1500, 3000])
    parser.add_argument("--slow", action="store_true", help="also time the seating through register_in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root)
        print("| answers | way | --dry-run | import |")
        print("| --- | --- | --- | --- |")
        for rows in args.rows:
            export = root / f"form-{rows}.csv"
            form(export, rows)
            for mode in ["fast", *(["slow"] if args.slow else [])]:
                net = root / f"net-{rows}-{mode}"
                shutil.copytree(root / "net", net)
                dry = timed(net, export, mode, "--dry-run")
                real = timed(net, export, mode)
                print(f"| {rows:,} | {mode} | {dry:.1f} s | {real:.1f} s |", flush=True)


if __name__ == "__main__":
    main()
