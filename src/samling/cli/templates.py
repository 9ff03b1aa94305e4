"""``samling templates list|copy``: the texts samling writes, and a network's own versions."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.boundary import App
from samling.cli.context import open_store
from samling.cli.options import DirOption, JsonOption
from samling.cli.printing import echo, print_json

app = App(help="The texts samling writes, and your own versions of them.")


@app.command("list")
def list_(ctx: typer.Context, directory: DirOption = None, json: JsonOption = False) -> None:
    """Every template, per language, and which ones the network has its own version of."""
    from samling.outputs.overrides import list_templates

    rows = list_templates(open_store(ctx, directory))
    if json:
        print_json(rows)
        return
    for row in rows:
        echo(f"{row.language}/{row.name}" + (f"  (own version: {row.own})" if row.own else ""))


@app.command("copy")
def copy(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Template name, e.g. invitation.md.j2 (or invitation.md), or messages for the translations."
        ),
    ],
    language: Annotated[
        str | None,
        typer.Option(
            "--language", "-l", help="Language (default: the network's); 'all' for every one.", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite your own version.")] = False,
    shared: Annotated[
        bool,
        typer.Option("--shared", help="One version for every language (templates/NAME) instead of one per language."),
    ] = False,
    directory: DirOption = None,
) -> None:
    """Start your own version of a template in the network's templates/ folder; samling uses it
    from then on instead of the packaged one."""
    from samling.outputs.overrides import copy_template

    store = open_store(ctx, directory)
    for path in copy_template(store, name, language, force=force, shared=shared):
        echo(f"Copied to {path.relative_to(store.root).as_posix()}; edit it there.")
