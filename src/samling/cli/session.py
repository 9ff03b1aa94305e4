"""``samling session``: the occasions of a meeting held more than once (east and west)."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.boundary import App
from samling.cli.context import open_meeting
from samling.cli.meetings import (
    DateOption,
    EndOption,
    SessionIdOption,
    StartOption,
    VenueOption,
    meeting_json,
    session_text,
)
from samling.cli.options import DirOption, JsonOption, MeetingArgument, MeetingOption
from samling.cli.printing import echo, print_json

app = App(help="Sessions of a meeting: the same agenda on several dates or places (east and west).")


@app.command("add")
def add(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    date: DateOption = "",
    start: StartOption = None,
    end: EndOption = None,
    venue: VenueOption = None,
    capacity: Annotated[
        int | None,
        typer.Option(help="Seats in this session (default: the meeting's, then the venue's).", show_default=False),
    ] = None,
    session: SessionIdOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Add a session to a meeting: the same agenda held again on another date or at another place."""
    from samling.domain.meetings import add_session, parse_clock, parse_date
    from samling.errors import InvalidInput

    if not date:
        raise InvalidInput("--date is required", "e.g. samling session add --date 2026-03-19 --venue vest")
    store, ref = open_meeting(ctx, directory, meeting)
    added = add_session(
        store,
        ref.id,
        date=parse_date(date, "--date"),
        start=parse_clock(start, "--start") if start else None,
        end=parse_clock(end, "--end") if end else None,
        venue=venue,
        capacity=capacity,
        session_id=session,
    )
    if json:
        print_json(meeting_json(ref.id, added.meeting))
        return
    echo(f"Added session {session_text(added.session, added.venues)} to {ref.id}.")


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    session: Annotated[str, typer.Argument(help="The session to call off, e.g. vest.")],
    meeting: MeetingOption = None,
    undo: Annotated[bool, typer.Option("--undo", help="Take the cancellation back.")] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Call off one session of a meeting held more than once; the others go on. Its people have a
    cancellation due in the outbox, with METHOD:CANCEL for their calendar event; nobody can
    register for it any more."""
    from samling.domain.meetings import set_session_cancelled

    store, ref = open_meeting(ctx, directory, meeting)
    changed = set_session_cancelled(store, ref.id, session, not undo)
    if json:
        print_json({"meeting": ref.id, "session": session, "cancelled": not undo, "changed": changed})
        return
    if not changed:
        echo(f"Session {session} of {ref.id} is {'not ' if undo else ''}cancelled already.")
    elif undo:
        echo(f"Session {session} of {ref.id} is no longer cancelled. `samling outbox {ref.id}` shows who is told.")
    else:
        echo(
            f"Cancelled session {session} of {ref.id}. `samling outbox {ref.id}` shows who is told; "
            f"`samling send {ref.id} --drafts DIR` writes the cancellations."
        )
