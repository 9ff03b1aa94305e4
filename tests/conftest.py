"""Every test runs in its own temporary folder, with a fixed "now" and a plain 80-column terminal."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from samling.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NOW = "2026-02-01T09:00:00"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("SAMLING_NOW", NOW)
    monkeypatch.delenv("SAMLING_DIR", raising=False)
    monkeypatch.delenv("SAMLING_DEBUG", raising=False)
    return tmp_path


@functools.cache
def samling_command() -> typer.core.TyperGroup:
    """The Click command tree of the Typer app, built once per test session: building it is most
    of what a CLI call costs, and a command keeps no state between calls (that lives in Click's
    context, made anew by each call)."""
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str, output: str) -> None:
        self.exit_code, self.stdout, self.stderr, self.output = exit_code, stdout, stderr, output

    def json(self) -> object:
        return json.loads(self.stdout)


def samling(*args: str, ok: bool = True, input: str | None = None) -> Result:
    """Run a command as a user would type it; ``ok=False`` expects a failure (and no traceback).

    What ``CliRunner.invoke`` does, on the command built once (``invoke`` would build it anew)."""
    runner = CliRunner()
    exception: BaseException | None = None
    with runner.isolation(input=input) as (stdout, stderr, output):
        try:
            samling_command().main(args=list(args), prog_name="samling")
            exit_code = 0
        except SystemExit as exit:
            code = exit.code
            exit_code = code if isinstance(code, int) else 0 if code is None else 1
            if exit_code != 0:
                exception = exit
        except Exception as error:
            if ok:
                raise
            exception, exit_code = error, 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        result = Result(exit_code, *(stream.getvalue().decode(runner.charset) for stream in (stdout, stderr, output)))
    if ok:
        assert exit_code == 0, f"samling {' '.join(args)} failed:\n{result.output}"
    else:
        assert exit_code != 0, f"samling {' '.join(args)} should have failed:\n{result.output}"
        assert exception is None or isinstance(exception, SystemExit), repr(exception)
        assert "Traceback" not in result.output
    return result


def run_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real ``samling`` process (``python -m samling``), for what CliRunner cannot show."""
    return subprocess.run(
        [sys.executable, "-m", "samling", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """A small Swedish network: one venue with 3 seats, two member organizations, one non-member."""
    samling(
        "init",
        "net",
        "--name",
        "Expertnätverket för specialbibliotek",
        "--language",
        "sv",
        "--organizer",
        "Annalena Cronemo <annalena@example.se>",
    )
    os.chdir(tmp_path / "net")
    text = Path("samling.toml").read_text(encoding="utf-8").replace("fee = 0", "fee = 450")
    Path("samling.toml").write_text(text, encoding="utf-8")
    samling("venue", "add", "Stadsbiblioteket Växjö", "--id", "vaxjo", "--capacity", "3", "--city", "Växjö")
    samling("org", "add", "Växjö kommun")
    samling("org", "add", "Lessebo kommun")
    samling("org", "add", "Företaget AB", "--non-member")
    for name, email, org in [
        ("Bjørn Ødegård", "bjorn@example.se", "vaxjo-kommun"),
        ("Åsa Öberg", "asa@example.se", "vaxjo-kommun"),
        ("Cecilia Ungerbäck", "cecilia@example.se", "lessebo-kommun"),
        ("Lina Holmér", "lina@example.se", "vaxjo-kommun"),
        ("Elna Hansson", "elna@example.se", "foretaget-ab"),
    ]:
        samling("participant", "add", name, "--email", email, "--org", org)
    samling(
        "new",
        "Nätverksträff våren 2026",
        "--date",
        "2026-03-12",
        "--venue",
        "vaxjo",
        "--deadline",
        "2026-02-26",
        "--online-link",
        "https://meet.example.org/natverk",
    )
    return tmp_path / "net"


MEETING = "2026-03-12-natverkstraff-varen-2026"


def copy_example(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(EXAMPLES / name, target)
    return target
