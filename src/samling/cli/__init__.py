"""The samling command line: ``samling COMMAND``. Each group lives in its own module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samling import __version__, env
from samling.cli import directory, meetings, network, outputs, questions, registrations
from samling.cli.base import App, set_global_dir

app = App(
    name="samling",
    help="Organize the recurring meetings of a professional network from a folder of TOML files.",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"samling {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    directory_: Annotated[
        Path | None,
        typer.Option("--dir", "-C", help="The network folder (default: $SAMLING_DIR, then the current folder and its parents).",
                     show_default=False, file_okay=False),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=f"Show tracebacks (or set {env.SAMLING_DEBUG}=1).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    set_global_dir(directory_)
    if debug:
        import os

        os.environ[env.SAMLING_DEBUG] = "1"


network.register(app)
directory.register(app)
meetings.register(app)
registrations.register(app)
questions.register(app)
outputs.register(app)
outputs.register_invite(app)
outputs.register_handouts(app)


def main() -> None:
    app()
