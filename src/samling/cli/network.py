"""``samling init`` and ``samling check``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samling.cli.context import open_store
from samling.cli.options import DirOption, JsonOption
from samling.cli.printing import echo, plural, print_json

LANGUAGE_HELP = "Language of everything participants read: sv, nb, da, nl or en."


def init(
    path: Annotated[
        Path, typer.Argument(help="Folder for the new network (created if missing).", file_okay=False)
    ] = Path(),
    name: Annotated[
        str, typer.Option("--name", "-n", help='The network\'s name, e.g. "Expertnätverket för specialbibliotek".')
    ] = "",
    language: Annotated[str, typer.Option("--language", "-l", help=LANGUAGE_HELP)] = "en",
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help="IANA time zone (default: the language's capital, e.g. Europe/Oslo for nb).",
            show_default=False,
        ),
    ] = None,
    organizer: Annotated[
        str | None, typer.Option("--organizer", help='The organizer, as "Name <email>".', show_default=False)
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency", help="Currency of fees (default by language: SEK, NOK, DKK, EUR).", show_default=False
        ),
    ] = None,
) -> None:
    """Create a network folder: samling.toml and the folders for records."""
    from samling.domain.network import init as create

    network_name = name or path.resolve().name.replace("-", " ").strip() or "Network"
    network = create(path, network_name, language, timezone, organizer, currency).network
    echo(f"Created network {network.name!r} in {path} ({network.language}, {network.timezone}).")
    echo("Next: add venues, organizations and participants, then `samling new` for a meeting.")


def check(
    ctx: typer.Context,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="First repair what a rule decides (after a git merge: seq numbers that clash, more on site "
            "than seats, seats free while people wait, one address in two participant files), saying what "
            "was done; then check.",
        ),
    ] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Validate every record and every reference between records; list all problems. A command
    that was killed halfway is undone first (as by any command)."""
    from samling.domain.check import check as run

    store = open_store(ctx, directory)
    repairs = None
    if fix:
        from samling.domain.repair import repair

        repairs = repair(store)
    problems = run(store)
    if json:
        data: dict[str, object] = {"ok": not problems, "problems": [p.as_dict(store.root) for p in problems]}
        if repairs is not None:
            data["fixed"] = [{"file": f.path, "what": f.what} for f in repairs.fixed]
            data["not_fixed"] = repairs.left
        print_json(data)
    else:
        if repairs is not None:
            for done in repairs.fixed:
                echo(f"fixed: {done.path}: {done.what}")
            for left in repairs.left:
                echo(f"not fixed: {left}")
            if not repairs.fixed and not repairs.left:
                echo("nothing to fix")
        for problem in problems:
            echo(problem.render(store.root))
        if problems:
            echo(f"{plural(len(problems), 'problem')} in {store.root}")
        else:
            echo(f"ok: {store.root} has no problems")
    if problems:
        raise typer.Exit(1)
