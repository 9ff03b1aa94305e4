"""Benchmark: personal invitations for 10,000 recipients (.md, .html, .ics, .eml each).

    python bench/bench_invite.py [--participants 10000] [--runs 2]

Builds the network of bench_registration.py (with an organizer), then times a real
`samling invite --to all` process: the first run writes all 40,000 files, the second finds them
unchanged. Target (issue 5): at most 15 s on the development machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_registration import build

from samling.models import Network, Organizer
from samling.store import load_record, save_record


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "net"
        mid = build(root, options.participants, options.registrations)
        path = root / "samling.toml"
        save_record(
            path,
            load_record(path, Network).model_copy(
                update={"organizer": Organizer(name="Annalena Crone", email="annalena@example.se")}
            ),
        )
        env = {**os.environ, "SAMLING_DIR": str(root), "SAMLING_NOW": "2026-12-10T10:00:00"}
        for run in range(options.runs):
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "samling", "invite", mid, "--to", "all"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            elapsed = time.perf_counter() - start
            if result.returncode:
                sys.exit(result.stderr)
            files = len(list((root / "meetings" / mid / "out" / "invitations").iterdir()))
            print(f"run {run + 1}: {elapsed:.2f} s, {files} files; {result.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
