"""The one error boundary: every command runs inside it, and a user's mistake becomes one clear
message on stderr and an exit code, never a traceback (unless ``--debug``)."""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from typer.core import TyperGroup

from samling.cli.context import debugging
from samling.errors import InvalidRecord, SamlingError

F = TypeVar("F", bound=Callable[..., Any])

#: The file system refused (permissions, a missing or read-only folder, a full disk): EX_IOERR.
EXIT_FILE_SYSTEM = 74
EXIT_INTERRUPTED = 130


def report(error: SamlingError, root: Path | None = None) -> None:
    """The one place a user error is printed: message, then each problem, then what to do. A
    message may quote a file or a form (a name, a value): escape sequences in it are not passed
    to the terminal."""
    from samling.cli.printing import plain

    err = sys.stderr
    if isinstance(error, InvalidRecord) and len(error.problems) > 1:
        print(f"error: {len(error.problems)} problems:", file=err)
        for problem in error.problems:
            print(plain(f"  {problem.render(root)}"), file=err)
    elif isinstance(error, InvalidRecord):
        print(plain(f"error: {error.problems[0].render(root)}"), file=err)
    else:
        print(plain(f"error: {error.message}"), file=err)
    if error.hint:
        print(plain(f"hint: {error.hint}"), file=err)


def handle_errors(function: F) -> F:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = kwargs.get("ctx")  # commands that take the context get it by this name
        try:
            return function(*args, **kwargs)
        except SamlingError as error:
            if debugging(ctx):
                raise
            report(error, Path.cwd())
            raise typer.Exit(error.exit_code) from None
        except BrokenPipeError:
            # `samling ... | head` stopped reading: nothing is wrong, say nothing more.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as error:
            # Not a bug in samling, so one line, not a traceback.
            if debugging(ctx):
                raise
            from samling.cli.printing import plain

            where = f": {error.filename}" if error.filename else ""
            print(plain(f"error: {error.strerror or error}{where}"), file=sys.stderr)
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                hint = "the command's changes were undone; free some space and run it again"
            else:
                hint = "check that the folder exists and that you may write to it"
            print(f"hint: {hint}", file=sys.stderr)
            raise typer.Exit(EXIT_FILE_SYSTEM) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


class App(typer.Typer):
    """A Typer whose commands all pass through the one error boundary."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
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
    """A group that is also a listing: ``samling registrations [MEETING] [OPTIONS]`` runs its
    ``list`` command, ``samling registrations import FILE`` the subcommand. Only the documented
    ``parse_args`` hook is used (no private attribute of Click or Typer): arguments that do not
    start with a subcommand's name, or none at all, are handed to ``list``."""

    default_command = "list"

    # ``ctx`` is Click's Context, which typer 0.12 takes from click and later versions vendor:
    # typed loosely so that one signature fits both.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ctx.help_option_names):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)
