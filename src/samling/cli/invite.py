"""``samling invite``: the invitations, general and personal."""

from __future__ import annotations

import sys
from typing import Annotated, get_args

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import echo, plural, print_json


def invite(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    to: Annotated[
        str,
        typer.Option("--to", help="Personal invitations for: members (of member organizations), registered, or all."),
    ] = "members",
    participant: Annotated[
        list[str] | None,
        typer.Option("--participant", "-p", help="Only these participants (repeatable).", show_default=False),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            "-s",
            help="Invite to this session only (east or west): one event per calendar.",
            show_default=False,
        ),
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Invitations: a general one (invitation.md/.html/.ics) for the mailing list, and for each
    recipient the message the outbox has for them now (an invitation, a confirmation, a place on
    the waiting list, a cancellation) as .md, .html, .eml and its calendar part (.ics), in their
    language; an out-of-date file is removed. In meetings/<id>/out/invitations/. To hand the
    messages over and record it: `samling send`."""
    from samling.domain.people import find_participant
    from samling.errors import InvalidInput
    from samling.outputs.invitations import Audience
    from samling.outputs.invitations import invite as run

    audiences: tuple[Audience, ...] = get_args(Audience)
    audience = next((a for a in audiences if a == to), None)
    if audience is None:
        raise InvalidInput(f"--to {to!r} is not one of {', '.join(audiences)}")
    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    only = [find_participant(store, p) for p in participant] if participant else None
    if sys.stdout.isatty() and not json:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("Invitations", total=None)
            result = run(
                store,
                ref.id,
                audience=audience,
                only=only,
                session=session,
                progress=lambda n, total: bar.update(task, completed=n, total=total),
            )
    else:
        result = run(store, ref.id, audience=audience, only=only, session=session)
    if json:
        print_json(
            {"meeting": ref.id, "general": result.general, "personal": result.personal, "written": result.written}
        )
        return
    from collections import Counter

    echo(f"General invitation: {result.general['md']} (also .html, .ics)")
    kinds = Counter(files["kind"] for files in result.personal.values())
    if kinds:
        what = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
        echo(f"Personal messages ({to}): {what}; each .md, .html and .eml, with its calendar part as .ics.")
    else:
        echo(f"Personal messages ({to}): nothing is due (see `samling outbox`).")
    echo(f"{plural(result.written, 'file')} written, the rest unchanged.")
    if result.personal:
        echo(f"To hand them over and record it: samling send {ref.id} --drafts DIR (or --dry-run first).")
