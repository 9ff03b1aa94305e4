"""``samling send``: hand over every message due (the outbox) and record it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingArgument
from samling.cli.outbox import KindOption, ParticipantsOption
from samling.cli.printing import add_row, console, echo, plural, print_json, table


def send(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    drafts: Annotated[
        Path | None,
        typer.Option(
            "--drafts",
            help="Write each message as a ready .eml draft (X-Unsent: 1) into this folder, "
            "for your mail program to send.",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    participant: ParticipantsOption = None,
    kind: KindOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="List who would get what; write and record nothing.")
    ] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Hand over every message due (see `samling outbox`) and record each in the meeting's
    sent/ folder, so that nothing is said twice. With --drafts DIR: one .eml per recipient."""
    from samling.domain.people import find_participant
    from samling.errors import InvalidInput
    from samling.outputs.messages import send_drafts

    if drafts is None and not dry_run:
        raise InvalidInput(
            "say where the messages go: --drafts DIR writes them as drafts for your mail program",
            "e.g. samling send --drafts ~/Utkast; --dry-run lists them first",
        )
    store, ref = open_meeting(ctx, directory, meeting)
    only = [find_participant(store, p) for p in participant] if participant else None
    result = send_drafts(store, ref.id, drafts or Path(), participants=only, kinds=kind, dry_run=dry_run)
    if json:
        print_json(result)
        return
    if not result.handed:
        echo(f"Nothing is due for {ref.id}.")
        return
    grid = table("participant", "kind", "why", *([] if dry_run else ["draft"]))
    for h in result.handed:
        add_row(grid, h.participant, h.kind, h.reason, *([] if dry_run else [h.path]))
    console().print(grid)
    if dry_run:
        echo(f"{plural(len(result.handed), 'message')} would be sent; nothing was written (--dry-run).")
    else:
        echo(f"{plural(len(result.handed), 'draft')} written to {drafts} and recorded in meetings/{ref.id}/sent/.")
