"""What a command knows before it runs: the options given before the command name (``--dir``,
``--debug``), kept in the context object that Click passes down to every command, and the
network folder and meeting they point at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from samling import env

if TYPE_CHECKING:
    from samling.domain.meetings import MeetingRef
    from samling.store import Store


@dataclass
class Options:
    """The root command's options, in ``ctx.obj`` for every command below it."""

    directory: Path | None = None
    debug: bool = False


def options(ctx: typer.Context | None) -> Options:
    """The root options (their defaults for a command run on its own, e.g. in a test)."""
    found = ctx.find_object(Options) if ctx is not None else None
    return found if found is not None else Options()


def debugging(ctx: typer.Context | None) -> bool:
    return options(ctx).debug or env.debug()


def open_store(ctx: typer.Context, directory: Path | None = None) -> Store:
    """The network folder: the command's ``--dir``, else the one before the command, else
    ``$SAMLING_DIR``, else the current folder and its parents."""
    from samling.domain.network import open_network

    return open_network(directory or options(ctx).directory)


def open_meeting(
    ctx: typer.Context, directory: Path | None, meeting: str | None, *, held: bool = False, option: str | None = None
) -> tuple[Store, MeetingRef]:
    """The network folder and the meeting a command means: the one named, else (said on stderr,
    in one line) the next one, or for a command about what happened (``held``) the one held most
    recently. A command that takes the meeting both as an argument and as ``-m`` passes the
    option too: either will do, and given both, they must name the same meeting."""
    store = open_store(ctx, directory)
    return store, choose_meeting(store, meeting, held=held, option=option)


def choose_meeting(store: Store, meeting: str | None, *, held: bool = False, option: str | None = None) -> MeetingRef:
    """``open_meeting`` for a folder already open."""
    import sys

    from samling.domain.meetings import resolve_meeting
    from samling.errors import InvalidInput

    ref = resolve_meeting(store, meeting or option, held=held)
    if meeting and option and option.strip() != meeting.strip():
        other = resolve_meeting(store, option)
        if other.id != ref.id:
            raise InvalidInput(
                f"two meetings given: {meeting!r} ({ref.id}) and --meeting {option!r} ({other.id})",
                "name the meeting once, as MEETING or with -m",
            )
    if ref.default:
        print(f"meeting: {ref.id} ({ref.default}; name another by its id or date)", file=sys.stderr)
    return ref
