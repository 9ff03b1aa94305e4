"""``samling session``: the occasions of a meeting held more than once (east and west)."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.boundary import App
from samling.cli.context import open_meeting
from samling.cli.meeting import EMPTY_REMOVES, option, print_meeting_edit
from samling.cli.meetings import (
    DateOption,
    EndOption,
    SessionIdOption,
    StartOption,
    VenueOption,
    meeting_json,
    session_text,
)
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument, MeetingOption
from samling.cli.printing import echo, print_json

app = App(help="Sessions of a meeting: the same agenda on several dates or places (east and west).")


@app.command("add")
def add(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
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
    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
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


@app.command("edit")
def edit(
    ctx: typer.Context,
    session: Annotated[str, typer.Argument(help="The session to change, e.g. vest.")],
    meeting: MeetingOption = None,
    date: Annotated[
        str | None, option("--date", "-d", help="New date, YYYY-MM-DD (or 12.3.2026).", metavar="DATE")
    ] = None,
    start: Annotated[str | None, option("--start", help="New start time, HH:MM.", metavar="HH:MM")] = None,
    end: Annotated[str | None, option("--end", help="New end time, HH:MM.", metavar="HH:MM")] = None,
    venue: Annotated[str | None, option("--venue", help=f"Venue id or name; {EMPTY_REMOVES}.", metavar="VENUE")] = None,
    capacity: Annotated[
        str | None,
        option(
            "--capacity", help=f"Seats in this session; {EMPTY_REMOVES} (the meeting's, then the venue's).", metavar="N"
        ),
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Change one session: date, times, venue or seats, validated as `session add` does. Who was
    told about it gets an update in `samling outbox`; more seats serve the waitlist."""
    from samling.domain.editing import edit_session

    store, ref = open_meeting(ctx, directory, meeting)
    result = edit_session(store, ref.id, session, date=date, start=start, end=end, venue=venue, capacity=capacity)
    print_meeting_edit(result, json)


@app.command("remove")
def remove(
    ctx: typer.Context,
    session: Annotated[str, typer.Argument(help="The session to remove, e.g. vest.")],
    meeting: MeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Remove a session nobody has registered for (a cancelled registration counts: use `samling
    session cancel` then, so that its people are told). A meeting keeps at least one session."""
    from samling.domain.editing import remove_session

    store, ref = open_meeting(ctx, directory, meeting)
    result = remove_session(store, ref.id, session)
    if json:
        print_json(meeting_json(result.id, result.meeting) | {"removed": session})
        return
    echo(f"Removed session {session} from {result.id}.")
