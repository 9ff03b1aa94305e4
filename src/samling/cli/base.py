"""What every command module shares: the error boundary, the network folder, printing."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from samling import env
from samling.errors import InvalidRecord, SamlingError

F = TypeVar("F", bound=Callable[..., Any])

#: ``--dir`` on every command (also accepted before the command: ``samling --dir X status``).
DirOption = Annotated[
    Path | None,
    typer.Option("--dir", "-C", help="The network folder (default: $SAMLING_DIR, then the current folder and its parents).",
                 show_default=False, file_okay=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
MeetingArgument = Annotated[str | None, typer.Argument(help="Meeting id or its start (default: the next upcoming meeting).", show_default=False)]
MeetingOption = Annotated[str | None, typer.Option("--meeting", "-m", help="Meeting id or its start (default: the next upcoming meeting).", show_default=False)]

_global_dir: list[Path | None] = [None]


def set_global_dir(path: Path | None) -> None:
    _global_dir[0] = path


def open_store(directory: Path | None = None) -> Any:
    from samling.store import Store

    return Store.find(directory or _global_dir[0])


def open_meeting(directory: Path | None, meeting: str | None) -> tuple[Any, Any]:
    """The network folder and the meeting a command means (default: the next upcoming one)."""
    from samling.domain.meetings import resolve_meeting

    store = open_store(directory)
    return store, resolve_meeting(store, meeting)


def report(error: SamlingError, root: Path | None = None) -> None:
    """The one place a user error is printed: message, then each problem, then what to do."""
    err = sys.stderr
    if isinstance(error, InvalidRecord) and len(error.problems) > 1:
        print(f"error: {len(error.problems)} problems:", file=err)
        for problem in error.problems:
            print(f"  {problem.render(root)}", file=err)
    elif isinstance(error, InvalidRecord):
        print(f"error: {error.problems[0].render(root)}", file=err)
    else:
        print(f"error: {error.message}", file=err)
    if error.hint:
        print(f"hint: {error.hint}", file=err)


def handle_errors(function: F) -> F:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SamlingError as error:
            if env.debug():
                raise
            report(error, Path.cwd())
            raise typer.Exit(error.exit_code) from None
        except OSError as error:
            # The file system refused (permissions, a missing or read-only folder, a full disk):
            # not a bug in samling, so one line, not a traceback.
            if env.debug():
                raise
            where = f": {error.filename}" if error.filename else ""
            print(f"error: {error.strerror or error}{where}", file=sys.stderr)
            print("hint: check that the folder exists and that you may write to it", file=sys.stderr)
            raise typer.Exit(74) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


class App(typer.Typer):
    """A Typer whose commands all pass through the one error boundary."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        kwargs.setdefault("rich_markup_mode", None)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(function: F) -> F:
            register(handle_errors(function))
            return function

        return decorator

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().callback(*args, **kwargs)

        def decorator(function: F) -> F:
            register(handle_errors(function))
            return function

        return decorator


class ListingGroup(TyperGroup):
    """A group that is also a listing: ``samling registrations [MEETING]`` lists, and
    ``samling registrations import FILE`` runs the subcommand. Click would otherwise read
    "import" as the MEETING argument."""

    allow_interspersed_args = True

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            # The group's own options at their defaults (the plain Command's parsing, skipping
            # TyperGroup's, which would take the subcommand's name as MEETING).
            super(TyperGroup, self).parse_args(ctx, [])
            ctx._protected_args, ctx.args = args[:1], args[1:]
            return ctx.args
        return super().parse_args(ctx, args)


# --- output ------------------------------------------------------------------------------------


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def text(value: Any) -> Any:
    """A table cell: the user's text as plain text, never read as rich markup."""
    from rich.text import Text

    return Text("" if value is None else str(value))


def table(*columns: str, title: str | None = None, no_wrap: tuple[str, ...] = ()) -> Any:
    from rich.table import Table

    grid = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for n, column in enumerate(columns):
        # ids are what people type next: never cut or wrap the first column.
        grid.add_column(column, no_wrap=n == 0 or column in no_wrap, overflow="fold")
    return grid


def add_row(grid: Any, *values: Any) -> None:
    grid.add_row(*(text(v) for v in values))


def echo(message: str = "") -> None:
    """Print plain text (no markup, no wrapping of user data)."""
    print(message)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str, sort_keys=False))


def record_json(record_id: str, record: Any) -> dict[str, Any]:
    return {"id": record_id, **record.model_dump(mode="json")}
