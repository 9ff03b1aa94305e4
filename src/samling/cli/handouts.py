"""``samling list`` and ``samling minutes``: what the organizer prints, and the minutes."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingArgument
from samling.cli.printing import echo, plural, print_json


def list_(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    session: Annotated[
        str | None, typer.Option("--session", "-s", help="Only this session.", show_default=False)
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """The participant list for the presentation round (grouped by organization, on site or
    online), printable name badges and the catering order, in meetings/<id>/out/list/.
    Prints the list."""
    from samling.outputs.handouts import write_list

    store, ref = open_meeting(ctx, directory, meeting)
    result = write_list(store, ref.id, session)
    if json:
        print_json(
            {
                "meeting": ref.id,
                "participants": result.participants,
                "badges": result.badges,
                "catering": result.catering,
                "written": result.written,
                "sessions": [
                    {
                        "id": s.id,
                        "date": s.date,
                        "on_site": s.on_site,
                        "online": s.online,
                        "people": s.people,
                        "special_diets": dict(s.special_diets),
                    }
                    for s in result.sessions
                ],
            }
        )
        return
    print(result.participants_text, end="")
    echo("")
    echo(f"Written: {result.participants}, {result.badges} (print it), {result.catering}")


def minutes(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite minutes.md even if you have edited it (your text is kept in out/minutes.replaced.md).",
        ),
    ] = False,
    print_only: Annotated[bool, typer.Option("--print", help="Print the template; write nothing.")] = False,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Make the finished minutes.md due to every member and everyone registered (absent ones "
            "included), as text and HTML; `samling send` sends them.",
        ),
    ] = False,
    directory: DirOption = None,
) -> None:
    """The minutes template in the meeting's language, written once to meetings/<id>/minutes.md:
    date and place, who was present and who sent regrets, the agenda with the questions under
    it and places for discussion, decisions and action items, the themes with their votes, the
    next meeting. Your own text in minutes.md is never overwritten without --force."""
    from samling.outputs.minutes import render_minutes, write_minutes

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    if print_only:
        print(render_minutes(store, ref.id), end="")
        return
    if send:
        from samling.domain.mailings import request_minutes
        from samling.domain.outbox import outbox

        new = request_minutes(store, ref.id)
        due = len(outbox(store, ref.id, kinds=["minutes"]).due)
        again = "" if new else " (they have not changed since they were last sent: only to who has not had them)"
        echo(f"The minutes of {ref.id} are due to {plural(due, 'person', 'people')}{again}: `samling send` sends them.")
        return
    path, state = write_minutes(store, ref.id, force=force)
    where = path.relative_to(store.root).as_posix()
    echo(
        {
            "written": f"Wrote {where}; it is yours to edit now.",
            "updated": f"Updated {where} (you had not edited it).",
            "replaced": f"Replaced {where}; your earlier text is in out/minutes.replaced.md.",
            "unchanged": f"{where} is up to date.",
        }[state]
    )
