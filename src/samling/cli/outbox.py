"""``samling outbox``: every message due, by recipient, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import add_row, console, echo, jsonable, plural, print_json, table

KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        help="Only messages of this kind (invitation, confirmation, waitlisted, promoted, "
        "update, moved, unregistered, cancelled); repeatable.",
        show_default=False,
    ),
]
ParticipantsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--participant",
        "-p",
        help="Only messages to this participant (id, email or name); repeatable.",
        show_default=False,
    ),
]


def outbox(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    participant: ParticipantsOption = None,
    kind: KindOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Every message due now, by recipient: its kind, why, and the calendar METHOD, UID and
    SEQUENCE it carries; a count per kind. Writes nothing: `samling send` hands them over."""
    from samling.domain.outbox import outbox as due_now
    from samling.domain.people import find_participant

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    only = [find_participant(store, p) for p in participant] if participant else None
    result = due_now(store, ref.id, participants=only, kinds=kind)
    if json:
        print_json(
            {
                "meeting": ref.id,
                "counts": result.counts(),
                "due": [
                    {
                        "participant": d.participant,
                        "name": result.names.get(d.participant),
                        "kind": d.kind,
                        "reason": d.reason,
                        "session": d.session,
                        "told": jsonable(d.told),
                        "changes": jsonable(d.changes),
                        "calendar": jsonable(d.calendar),
                    }
                    for d in result.due
                ],
            }
        )
        return
    if not result.due:
        echo(f"Nothing is due for {ref.id}: everyone has been told what they need to know.")
        return
    grid = table("participant", "name", "kind", "why", "calendar")
    for d in result.due:
        calendar = "\n".join(f"{a.method} {a.session} (SEQUENCE {a.sequence})" for a in d.calendar)
        add_row(grid, d.participant, result.names.get(d.participant), d.kind, d.reason, calendar)
    console().print(grid)
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts().items())
    echo(f"{plural(len(result.due), 'message')} due for {ref.id}: {counts}.")
