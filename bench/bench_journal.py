"""Benchmark: what the undo journal (``samling.store.journal``) costs a command of many writes.

    python bench/bench_journal.py [--rows 500] [--runs 3] [--dir FOLDER]

Times `samling registrations import` of a form export with --rows new people (each a participant
and a registration: two records, so 2 x rows journal lines, each flushed to disk before its
file is written), and `samling unregister` (two records), as real processes, with the journal
and with it switched off (Journal.before made a no-op, in this script only). --dir puts the
network on another disk (the journal's cost is its fsyncs, which a tmpfs makes free).
Figures are written down in bench/README.md; this is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN = """
import sys
if sys.argv[1] == "off":
    from samling.store import journal
    journal.Journal.before = lambda self, path: None
from samling.cli import main
sys.argv = ["samling", *sys.argv[2:]]
main()
"""


def samling(folder: Path, journal: str, *args: str) -> float:
    env = {**os.environ, "SAMLING_NOW": "2026-02-01T09:00:00"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN, journal, *args], cwd=folder, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def build(root: Path, rows: int) -> None:
    env = {**os.environ, "SAMLING_NOW": "2026-01-05T09:00:00"}

    def run(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "samling", *args], cwd=root.parent, env=env, check=True, capture_output=True
        )

    run("init", str(root), "--name", "Benchmark", "--language", "sv")
    run("--dir", str(root), "venue", "add", "Stora salen", "--id", "hall", "--capacity", str(rows // 2))
    run("--dir", str(root), "new", "Nätverksträff", "--date", "2026-03-12", "--venue", "hall")
    lines = ["Tidstämpel;Namn;E-postadress;Bibliotek"] + [
        f"2026-01-{10 + n // 100:02d} {8 + n % 10:02d}:{n % 60:02d}:00;"
        f"Person Åberg {n};p{n}@example.se;Bibliotek {n % 50}"
        for n in range(rows)
    ]
    (root / "form.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None)
    options = parser.parse_args()
    base = Path(tempfile.mkdtemp(dir=options.dir))
    try:
        template = base / "template"
        build(template, options.rows)
        times: dict[tuple[str, str], list[float]] = {}
        for run in range(options.runs):
            for journal in ("on", "off"):  # interleaved, so that the machine's load hits both alike
                folder = base / f"{journal}-{run}"
                shutil.copytree(template, folder)
                times.setdefault(("import", journal), []).append(
                    samling(folder, journal, "registrations", "import", "form.csv")
                )
                times.setdefault(("unregister", journal), []).append(
                    samling(folder, journal, "unregister", "person-aberg-0")
                )
        print("| command | journal | best | median |\n| --- | --- | --- | --- |")
        for (command, journal), values in times.items():
            print(f"| {command} | {journal} | {min(values):.2f} s | {statistics.median(values):.2f} s |")
    finally:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
