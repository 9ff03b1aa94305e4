"""``samling send``: hand over every message due (the outbox) and record it."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.outbox import KindOption, ParticipantsOption
from samling.cli.printing import add_row, console, echo, plural, print_json, table

if TYPE_CHECKING:
    from samling.outputs.messages import SendResult
    from samling.store import Store


def send(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    drafts: Annotated[
        Path | None,
        typer.Option(
            "--drafts",
            help="Instead of the mail server: write each message as a ready .eml draft (X-Unsent: 1) into this "
            "folder, for your mail program to send.",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    participant: ParticipantsOption = None,
    kind: KindOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="List who would get what; send and record nothing.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before sending (for scripts).")] = False,
    pause: Annotated[
        float, typer.Option("--pause", min=0, help="Seconds to wait between messages, for a server with a rate limit.")
    ] = 0.0,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Hand over every message due (see `samling outbox`) through the mail server of [smtp] in
    samling.toml, one recipient per message, and record each in the meeting's sent/ folder before
    the next goes: nothing is sent twice, and a run that stops half-way is finished by the next.
    With --drafts DIR: one .eml per message into DIR instead. The password comes from
    SAMLING_SMTP_PASSWORD, or is asked for on a terminal."""
    from samling.domain.people import find_participant
    from samling.outputs.messages import send as run
    from samling.outputs.messages import smtp_user

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    only = [find_participant(store, p) for p in participant] if participant else None
    if dry_run:
        report(run(store, ref.id, drafts=drafts, participants=only, kinds=kind, dry_run=True), json=json)
        return
    password = None if drafts is not None else _password(store, smtp_user(store))
    if sys.stdin.isatty() and sys.stdout.isatty() and not yes and not json:
        planned = run(store, ref.id, drafts=drafts, participants=only, kinds=kind, dry_run=True)
        if not planned.handed:
            echo(f"Nothing is due for {ref.id}.")
            return
        counts = Counter(h.kind for h in planned.handed)
        where = f"as drafts into {drafts}" if drafts is not None else "through the mail server"
        what = ", ".join(f"{n} {k}" for k, n in counts.items())
        typer.confirm(f"Send {plural(len(planned.handed), 'message')} ({what}) {where}?", abort=True)
    if sys.stdout.isatty() and not json:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("Sending", total=None)
            result = run(
                store,
                ref.id,
                drafts=drafts,
                password=password,
                participants=only,
                kinds=kind,
                pause=pause,
                progress=lambda n, total: bar.update(task, completed=n, total=total),
            )
    else:
        result = run(store, ref.id, drafts=drafts, password=password, participants=only, kinds=kind, pause=pause)
    report(result, json=json)
    if result.stopped or result.count("refused"):
        raise typer.Exit(130 if result.stopped == "interrupted" else 1)


def _password(store: Store, user: str | None) -> str | None:
    """The mail server's password: from the environment, or asked for on a terminal; never echoed."""
    from samling import env
    from samling.errors import InvalidInput

    if user is None:
        return None
    given = env.get(env.SAMLING_SMTP_PASSWORD)
    if given is not None:
        return given
    if sys.stdin.isatty():
        return str(typer.prompt(f"Password for {user} at the mail server", hide_input=True))
    raise InvalidInput(
        f"the mail server needs the password of {user}",
        f"set {env.SAMLING_SMTP_PASSWORD} (it is never written to the folder), or run samling send on a terminal",
    )


def report(result: SendResult, *, json: bool) -> None:
    """Per recipient what became of the message, then the counts and what to do next."""
    if json:
        print_json(result)
        return
    if not result.handed:
        echo(f"Nothing is due for {result.meeting}.")
        return
    grid = table("participant", "kind", "result", "why")
    for h in result.handed:
        outcome = h.status + (f": {h.error}" if h.error else "") + (f" ({h.path})" if h.path else "")
        add_row(grid, h.participant, h.kind, outcome, h.reason)
    console().print(grid)
    if result.dry_run:
        echo(f"{plural(len(result.handed), 'message')} would be sent; nothing was sent or recorded (--dry-run).")
        return
    done = result.count("sent") + result.count("written")
    verb = "written as drafts" if result.via == "draft" else "sent"
    echo(f"{plural(done, 'message')} {verb} and recorded in meetings/{result.meeting}/sent/.")
    if result.count("refused"):
        echo(f"{plural(result.count('refused'), 'message')} refused by the server; they stay due (see above why).")
    if result.stopped:
        left = result.count("not sent")
        echo(f"Stopped ({result.stopped}): {plural(left, 'message')} not sent. Run samling send again to send them.")
