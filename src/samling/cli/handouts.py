"""``samling list`` and ``samling minutes``: what the organizer prints, and the minutes."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, HeldMeetingArgument, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import echo, plural, print_json


def list_(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
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

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
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
    meeting: HeldMeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Merge into a minutes.md that samling has no record of having written (minutes.generated.md "
            "is missing): every line that differs is then marked as a conflict; nothing is lost.",
        ),
    ] = False,
    print_only: Annotated[bool, typer.Option("--print", help="Print the newly generated text; write nothing.")] = False,
    html: Annotated[
        bool,
        typer.Option(
            "--html",
            help="Write minutes.md as an article to publish, meetings/<id>/out/minutes.html (it is written first "
            "if it does not exist yet).",
        ),
    ] = False,
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
    """The minutes in the meeting's language, in meetings/<id>/minutes.md: date and place, who was
    present (the host's staff, speakers and vendors apart), regrets, who did not come, each agenda
    item with its questions, notes, answers, decisions and action items, the workshop groups, the
    important dates, the tally of the votes, the next meeting. Run it again after a change: samling
    updates its parts and keeps your text (a three-way merge; a conflict is marked as git marks it)."""
    from samling.outputs.minutes import refuse_unresolved, render_minutes, write_minutes, write_minutes_article

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    if print_only:
        print(render_minutes(store, ref.id), end="")
        return
    if send:
        from samling.domain.mailings import request_minutes
        from samling.domain.outbox import outbox

        refuse_unresolved(store, ref.id)
        new = request_minutes(store, ref.id)
        due = len(outbox(store, ref.id, kinds=["minutes"]).due)
        again = "" if new else " (they have not changed since they were last sent: only to who has not had them)"
        echo(f"The minutes of {ref.id} are due to {plural(due, 'person', 'people')}{again}: `samling send` sends them.")
        return
    if html:
        page, changed = write_minutes_article(store, ref.id)
        where = page.relative_to(store.root).as_posix()
        echo(f"Wrote {where}, the minutes as an article to publish." if changed else f"{where} is up to date.")
        return
    result = write_minutes(store, ref.id, force=force)
    where = result.path.relative_to(store.root).as_posix()
    echo(
        {
            "written": f"Wrote {where}; it is yours to edit now (run `samling minutes` again after a change: "
            "your text is kept).",
            "updated": f"Updated {where} (you had not edited it).",
            "merged": f"Updated samling's parts of {where}; your own text is kept.",
            "conflict": f"Updated {where}, with {plural(result.conflicts, 'conflict')} where you and samling "
            f"changed the same lines (first at line {result.first_conflict}): both versions are kept between "
            "<<<<<<< and >>>>>>>; keep what should stay and delete the markers.",
            "unchanged": f"{where} is up to date.",
        }[result.state]
    )
