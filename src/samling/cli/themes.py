"""``samling theme suggest|vote`` and ``samling themes``: themes for the next meeting, dot-voted."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.boundary import App
from samling.cli.context import open_meeting
from samling.cli.options import DirOption, HeldMeetingArgument, HeldMeetingOption, JsonOption, MeetingAlsoOption
from samling.cli.printing import echo, plural, print_json, record_json

app = App(help="Themes suggested for the next meeting, and their votes.")


@app.command("suggest")
def suggest(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help='The theme, e.g. "Systematiska sökningar".', metavar="TEXT")],
    by: Annotated[
        str | None, typer.Option("--by", help="Who suggested it (participant id, email or name).", show_default=False)
    ] = None,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
) -> None:
    """Suggest a theme for the next meeting (collected at this one)."""
    from samling.domain.people import find_participant
    from samling.domain.themes import suggest as run

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    theme_id = run(store, ref.id, text, find_participant(store, by) if by else None)
    echo(f"Theme {theme_id} suggested at {ref.id}.")


@app.command("vote", context_settings={"ignore_unknown_options": True})  # "vote gdpr -1" corrects
def vote(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The theme's id (or its start).", metavar="NAME")],
    count: Annotated[
        int, typer.Argument(help="Votes to add (dots on the flip chart); negative to correct.", metavar="N")
    ] = 1,
    set_to: Annotated[bool, typer.Option("--set", help="Set the count instead of adding.")] = False,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
) -> None:
    """Add votes to a theme."""
    from samling.domain.themes import vote as run

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    _, record = run(store, ref.id, name, count, set_to)
    echo(f"{record.text}: {plural(record.votes, 'vote')}.")


def themes(
    ctx: typer.Context,
    meeting: HeldMeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """The themes suggested at a meeting, ranked by votes, with a bar each like the flip chart
    (by default those of the meeting held most recently, where `theme suggest` and `theme vote`
    put them)."""
    from samling.domain.themes import bar, ranked

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    rows = ranked(store, ref.id)
    if json:
        print_json([record_json(tid, t) for tid, t in rows])
        return
    most = max((t.votes for _, t in rows), default=0)
    width = max((len(t.text) for _, t in rows), default=0)
    for tid, t in rows:
        echo(f"{t.text:<{width}}  {t.votes:>3}  {bar(t.votes, most)}".rstrip() + f"   ({tid})")
    if not rows:
        echo(f"No themes suggested at {ref.id} yet: `samling theme suggest TEXT`.")
