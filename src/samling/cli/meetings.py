"""``samling new``, ``samling meetings`` and ``samling cancel``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from samling.cli.context import open_meeting, open_store
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import add_row, console, echo, plural, print_json, table

if TYPE_CHECKING:
    from samling.models import Meeting, Session, Venue

DateOption = Annotated[str, typer.Option("--date", "-d", help="Date, YYYY-MM-DD (or 12.3.2026).")]
StartOption = Annotated[
    str | None,
    typer.Option("--start", help="Start time, HH:MM (default: the network's, e.g. 10:00).", show_default=False),
]
EndOption = Annotated[
    str | None, typer.Option("--end", help="End time, HH:MM (default: the network's, e.g. 14:30).", show_default=False)
]
VenueOption = Annotated[str | None, typer.Option("--venue", help="Venue id or name.", show_default=False)]
SessionIdOption = Annotated[
    str | None,
    typer.Option("--session", "-s", help="Session id, e.g. east (default: the venue's id).", show_default=False),
]


def session_text(session: Session, venues: dict[str, Venue]) -> str:
    venue = venues.get(session.venue) if session.venue else None
    where = f" at {venue.name}" if venue else ""
    return f"{session.id}: {session.date} {session.start:%H:%M}-{session.end:%H:%M}{where}"


def meeting_json(mid: str, meeting: Meeting) -> dict[str, Any]:
    return {"id": mid, **meeting.model_dump(mode="json")}


def new(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Argument(help='The meeting\'s title, e.g. "Nätverksträff våren 2026".', metavar="TITLE")
    ],
    date: DateOption,
    start: StartOption = None,
    end: EndOption = None,
    venue: VenueOption = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            help="Registration deadline (default: defaults.deadline_days before the date).", show_default=False
        ),
    ] = None,
    capacity: Annotated[
        int | None, typer.Option(help="Seats per session (default: the venue's capacity).", show_default=False)
    ] = None,
    online_link: Annotated[
        str | None, typer.Option("--online-link", help="Video link: makes the meeting hybrid.", show_default=False)
    ] = None,
    registration_url: Annotated[
        str | None,
        typer.Option(
            "--registration-url",
            help="Web form for registration (else: register by mail to the organizer).",
            show_default=False,
        ),
    ] = None,
    session: SessionIdOption = None,
    agenda: Annotated[
        list[str] | None,
        typer.Option(
            "--agenda",
            "-a",
            help="An agenda item; repeat for more (default: the top-voted themes of the previous meeting).",
            show_default=False,
        ),
    ] = None,
    no_themes: Annotated[
        bool, typer.Option("--no-themes", help="Do not offer the previous meeting's themes as the agenda.")
    ] = False,
    record_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="Meeting id (default: date and title, e.g. 2026-03-12-natverkstraff).", show_default=False
        ),
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Create a meeting with its first session. Add more with `samling session add`."""
    from samling.domain.meetings import new_meeting, parse_clock, parse_date

    created = new_meeting(
        open_store(ctx, directory),
        title,
        use_themes=not no_themes,
        date=parse_date(date, "--date"),
        start=parse_clock(start, "--start") if start else None,
        end=parse_clock(end, "--end") if end else None,
        venue=venue,
        deadline=parse_date(deadline, "--deadline") if deadline else None,
        capacity=capacity,
        online_link=online_link,
        registration_url=registration_url,
        session_id=session,
        agenda=agenda,
        record_id=record_id,
    )
    mid, meeting = created.id, created.meeting
    if json:
        print_json(meeting_json(mid, meeting) | {"themes_from": created.themes_from, "carried": created.carried})
        return
    echo(f"Created meeting {mid} ({meeting.title}).")
    for item in meeting.sessions:
        echo(f"  session {session_text(item, created.venues)}")
    echo(f"  registration deadline {meeting.deadline}")
    if created.themes_from:
        echo(f"Draft agenda from the themes voted for at {created.themes_from} (edit meetings/{mid}/meeting.toml):")
        for item_text in meeting.agenda:
            echo(f"  - {item_text}")
    escalated = [q.number for q in created.pulled.questions if q.status == "escalated"]
    waiting = [q.number for q in created.pulled.questions if q.status != "escalated"]
    if escalated:
        echo(
            f"Carried over {plural(len(escalated), 'escalated question')} still waiting for an answer: "
            + ", ".join(str(n) for n in escalated)
            + f" (see `samling agenda {mid}`)"
        )
    if waiting:
        echo(
            f"Carried over {plural(len(waiting), 'open question')} not reached at an earlier meeting: "
            + ", ".join(str(n) for n in waiting)
        )
    if created.pulled.actions:
        count = len(created.pulled.actions)
        echo(
            f"{plural(count, 'open action item')} of earlier meetings {'is' if count == 1 else 'are'} "
            "on its agenda until done."
        )


def cancel(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    undo: Annotated[bool, typer.Option("--undo", help="Take the cancellation back.")] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Cancel a meeting (cancelled = true in meeting.toml). Registration closes, and everyone who was told
    anything about the meeting has a cancellation due (`samling outbox`), with METHOD:CANCEL for
    every calendar event they hold; `samling send` hands it over."""
    from samling.domain.meetings import set_cancelled

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    changed = set_cancelled(store, ref.id, not undo)
    if json:
        print_json({"meeting": ref.id, "cancelled": not undo, "changed": changed})
        return
    if not changed:
        echo(f"{ref.id} is {'not ' if undo else ''}cancelled already.")
    elif undo:
        echo(
            f"{ref.id} is no longer cancelled. `samling outbox {ref.id}` shows who is told, `samling send` tells them."
        )
    else:
        # Named explicitly: a cancelled meeting is no longer "the next upcoming" one.
        echo(
            f"Cancelled {ref.id}. `samling outbox {ref.id}` shows who is told; "
            f"`samling send {ref.id} --drafts DIR` writes the cancellations."
        )


def meetings(
    ctx: typer.Context,
    upcoming: Annotated[bool, typer.Option("--upcoming", help="Only meetings that have not ended.")] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """List the meetings, oldest first, with their sessions and registrations."""
    from samling.domain.meetings import list_meetings

    rows = list_meetings(open_store(ctx, directory), upcoming=upcoming)
    if json:
        print_json(
            [meeting_json(r.id, r.meeting) | {"registered": r.registered, "waitlisted": r.waitlisted} for r in rows]
        )
        return
    grid = table("id", "title", "sessions", "deadline", "registered", "waiting")
    for r in rows:
        sessions_text = "\n".join(session_text(s, r.venues) for s in r.meeting.sessions)
        title = r.meeting.title + (" (cancelled)" if r.meeting.cancelled else "")
        add_row(grid, r.id, title, sessions_text, r.meeting.deadline, r.registered, r.waitlisted)
    console().print(grid)
