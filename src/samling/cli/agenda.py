"""``samling agenda`` and ``samling followup``: the meeting's questions on the big screen, and the
answers sent back afterwards."""

from __future__ import annotations

from pathlib import Path

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingArgument
from samling.cli.printing import echo, plural, print_json


def agenda(
    ctx: typer.Context, meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False
) -> None:
    """The agenda for the big screen: the fixed items, then the questions grouped by topic,
    carried-over escalations marked. In the network's language."""
    from samling.outputs.agenda import render_agenda

    store, ref = open_meeting(ctx, directory, meeting)
    data, text = render_agenda(store, ref.id)
    if json:
        print_json(
            {
                "meeting": ref.id,
                "title": data.meeting.title,
                "agenda": data.meeting.agenda,
                "topics": [{"topic": t, "questions": g} for t, g in data.groups],
            }
        )
        return
    print(text, end="")


def followup(
    ctx: typer.Context, meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False
) -> None:
    """Write the answers back: a message per participant who asked, and a digest for everyone
    (members who were absent included), in meetings/<id>/out/followup/; and make them due in the
    outbox, one message each, for `samling send` to send."""
    from samling.domain.mailings import request_mailing
    from samling.domain.outbox import outbox
    from samling.outputs.followup import followup as run

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    result = run(store, ref.id)
    digest = result.digest.read_text(encoding="utf-8") if result.digest else ""
    personal = "".join(p.read_text(encoding="utf-8") for p in result.personal.values())
    request_mailing(store, ref.id, "followup", digest + personal)
    due = len(outbox(store, ref.id, kinds=["followup"]).due)

    def rel(path: Path) -> str:
        return path.relative_to(store.root).as_posix()

    if json:
        print_json(
            {
                "meeting": ref.id,
                "digest": rel(result.digest) if result.digest else None,
                "personal": {k: rel(v) for k, v in result.personal.items()},
                "recipients": result.recipients,
                "written": [rel(p) for p in result.written],
                "due": due,
            }
        )
        return
    echo(f"Follow-up for {ref.id} in {rel(result.folder)}:")
    echo(f"  digest.md for {plural(len(result.recipients), 'recipient')} (recipients.csv)")
    echo(f"  {len(result.personal)} personal message(s): " + ", ".join(f"{p}.md" for p in result.personal))
    echo(f"  {len(result.written)} file(s) written, the rest unchanged")
    echo(f"  {plural(due, 'message')} due: `samling send` sends them (`samling outbox --kind followup` lists them).")
