"""``samling decide``, ``samling action add|done``, ``samling actions``, ``samling date add`` and
``samling dates``: what the meeting decided, who does what by when, and the dates to remember
(seed 003: "Beslutas att ...", "Weine kollar upp ...", **Datum 19-20 april**)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from samling.cli.boundary import App
from samling.cli.context import open_meeting, open_store
from samling.cli.options import DirOption, HeldMeetingArgument, HeldMeetingOption, JsonOption, MeetingAlsoOption
from samling.cli.printing import add_row, console, echo, plural, print_json, table

if TYPE_CHECKING:
    from samling.domain.room import ActionRow, DateRow

ItemOption = Annotated[
    int | None,
    typer.Option(
        "--item", help="The agenda item it belongs to (1, 2, ... as the agenda numbers them).", min=1, metavar="N"
    ),
]


def action_json(row: ActionRow) -> dict[str, Any]:
    from samling.cli.printing import jsonable

    return {"ref": row.ref, **jsonable(row)}


def date_json(row: DateRow) -> dict[str, Any]:
    from samling.cli.printing import jsonable

    data: dict[str, Any] = jsonable(row)
    return data


def decide(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The decision, as the minutes should say it.", metavar="TEXT")],
    meeting: HeldMeetingArgument = None,
    item: ItemOption = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Record a decision of the meeting (for the minutes), under an agenda item with --item."""
    from samling.domain.room import decide as run

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    row = run(store, ref.id, text, item)
    if json:
        print_json(row)
    else:
        echo(f"Decision {row.number} recorded for {ref.id}" + (f" (item {row.item})." if row.item else "."))


def actions(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only the action items not done yet.")] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Every meeting's action items, oldest meeting first: what, who, by when, and whether it is
    done (and at which meeting). An open one is carried to each next meeting until done."""
    from samling.domain.room import all_actions

    rows = [r for r in all_actions(open_store(ctx, directory)) if not (open_only and r.done)]
    if json:
        print_json([action_json(r) for r in rows])
        return
    grid = table("action", "what", "who", "due", "done")
    for r in rows:
        done = f"{r.done_at} ({r.done_in})" if r.done and r.done_in else ("yes" if r.done else "")
        add_row(grid, r.ref, r.text, r.who_name or "", r.due or "", done)
    console().print(grid)
    echo(f"{plural(len(rows), 'action item')}" + (" open" if open_only else ""))


def dates(
    ctx: typer.Context,
    meeting: HeldMeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """The important dates the minutes list in bold: those added with `samling date add`, the due
    dates of open action items, and the later meetings and their registration deadlines."""
    from samling.domain.room import important_dates

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    rows = important_dates(store, ref.id)
    if json:
        print_json([date_json(r) for r in rows])
        return
    grid = table("date", "what", "kind")
    labels = {"added": "", "action": "action item due", "meeting": "meeting", "deadline": "registration deadline"}
    for r in rows:
        what = f"{r.text} ({r.who_name})" if r.who_name else r.text
        add_row(grid, r.date, what, labels[r.kind])
    console().print(grid)
    echo(f"{plural(len(rows), 'date')} ({ref.id})")


# --- samling action add|done ------------------------------------------------------------------

action_app = App(help="Action items: who does what, by when; carried to the next meetings until done.")


@action_app.command("add")
def action_add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What is to be done.", metavar="TEXT")],
    who: Annotated[
        str,
        typer.Option(
            "--who", help="Who does it: a participant (id, email, or a unique part of the name) or an organization."
        ),
    ],
    due: Annotated[str, typer.Option("--due", help="By when: 2026-04-19 or 19.4.2026.", metavar="DATE")],
    item: ItemOption = None,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Record an action item agreed at the meeting."""
    from samling.domain.meetings import parse_date
    from samling.domain.room import add_action

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    row = add_action(store, ref.id, text, who, parse_date(due, "--due"), item)
    if json:
        print_json(action_json(row))
    else:
        echo(f"Action item {row.number} for {row.who_name}, due {row.due} ({ref.id}).")


@action_app.command("done")
def action_done(
    ctx: typer.Context,
    number: Annotated[
        str,
        typer.Argument(
            help="Its number within the meeting, or MEETING-ID/N for one from an earlier meeting.", metavar="N"
        ),
    ],
    undo: Annotated[bool, typer.Option("--undo", help="Open it again.")] = False,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Mark an action item done, reported at this meeting (it is carried no further)."""
    from samling.domain.room import set_done

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    row = set_done(store, ref.id, number, not undo)
    if json:
        print_json(action_json(row))
    else:
        echo(f"Action item {row.ref} " + ("reopened." if undo else f"done ({ref.id})."))


# --- samling date add -------------------------------------------------------------------------

date_app = App(help="Important dates, set in bold in the minutes.")


@date_app.command("add")
def date_add(
    ctx: typer.Context,
    date: Annotated[str, typer.Argument(help="The date: 2026-04-19 or 19.4.2026.", metavar="DATE")],
    text: Annotated[
        str, typer.Argument(help='What happens then, e.g. "Webinar on the new grant, 10-12".', metavar="TEXT")
    ],
    meeting: HeldMeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Add a date to remember to a meeting's minutes."""
    from samling.domain.meetings import parse_date
    from samling.domain.room import add_date

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    row = add_date(store, ref.id, parse_date(date, "DATE"), text)
    if json:
        print_json(date_json(row))
    else:
        echo(f"Date {row.date} added to {ref.id}.")
