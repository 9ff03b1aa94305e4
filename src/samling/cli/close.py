"""``samling close``: a meeting that is over becomes history."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import echo, plural, print_json


def close(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="Reopen the meeting: fees follow the rules and today's records again.")
    ] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Close a meeting that is over: each registration keeps its fee and the name of the
    organization the person came from, and the meeting is marked closed (closed = true in
    meeting.toml). From then on today's records never change its status, list, fees or minutes,
    and nobody registers, unregisters or is marked attended any more. Record attendance first."""
    from samling.domain.history import close as close_meeting

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    result = close_meeting(store, ref.id, undo=undo)
    if json:
        print_json(result)
        return
    if not result.changed:
        echo(f"{ref.id} is {'closed' if result.closed else 'not closed'} already.")
    elif undo:
        changed = plural(result.registrations, "registration")
        echo(f"Reopened {ref.id}: fees follow the rules again ({changed} changed).")
    else:
        echo(
            f"Closed {ref.id}: {plural(result.registrations, 'registration')} fixed, "
            f"{result.paying} paying, {result.total_text} in total."
        )
        if not result.over:
            echo("Note: its last session has not ended yet.")
