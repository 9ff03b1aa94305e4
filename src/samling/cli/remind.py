"""``samling remind`` and ``samling decline``: a reminder round, and a member's regrets."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import (
    DirOption,
    JsonOption,
    MeetingAlsoOption,
    MeetingArgument,
    MeetingOption,
    ParticipantArgument,
)
from samling.cli.printing import echo, plural, print_json


def remind(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Make a reminder due to every member who has neither registered nor declined (in their
    language, with the deadline and how to register); `samling send` sends them. Asked again after
    they went, it makes a new round."""
    from samling.domain.mailings import remind as run
    from samling.domain.outbox import outbox

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    reminded = run(store, ref.id)
    due = len(outbox(store, ref.id, kinds=["reminder"]).due)
    if json:
        print_json({"meeting": ref.id, "at": reminded.at, "round": reminded.rounds, "due": due})
        return
    echo(f"Reminders asked for ({ref.id}): {plural(due, 'reminder')} due now. `samling send` sends them.")


def decline(
    ctx: typer.Context,
    participant: ParticipantArgument,
    meeting: MeetingOption = None,
    note: Annotated[
        str | None, typer.Option("--note", help="What they said, e.g. the reason.", show_default=False)
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Take the regrets back.")] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Record a member's regrets for a meeting: no more reminders, and the minutes can tell regrets
    from people who did not come. Someone registered unregisters instead."""
    from samling.domain.mailings import decline as run
    from samling.domain.people import find_participant

    store, ref = open_meeting(ctx, directory, meeting)
    pid = find_participant(store, participant)
    changed = run(store, ref.id, pid, note=note, undo=undo)
    if json:
        print_json({"meeting": ref.id, "participant": pid, "declined": not undo, "changed": changed})
        return
    if not changed:
        echo(f"{pid} has not declined {ref.id}." if undo else f"{pid} has declined {ref.id} already.")
    else:
        echo(f"{pid} {'no longer declines' if undo else 'has declined'} {ref.id}.")
