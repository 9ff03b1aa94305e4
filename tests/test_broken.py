"""A folder of broken records (tests/broken/net): `samling check` reports every problem, once,
as `path: key: explanation`; the report is snapshotted in tests/golden/check-broken.txt."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, samling
from test_questions import golden


def test_check_reports_every_broken_record(tmp_path: Path) -> None:
    net = tmp_path / "net"
    shutil.copytree(ROOT / "tests" / "broken" / "net", net)
    result = samling("--dir", str(net), "check", ok=False)
    assert result.exit_code == 1
    golden("check-broken.txt", result.stdout.replace(str(net), "NET"))
    problems = samling("--dir", str(net), "check", "--json", ok=False).json()["problems"]
    assert len(problems) == len(result.stdout.splitlines()) - 1
    assert all(p["path"] and p["explanation"] for p in problems)
