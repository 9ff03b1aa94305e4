"""``samling groups`` and ``samling group note``: workshop groups that mix organizations, printed
and kept for the minutes, with the points each group noted (seed 003: "Grupp 1 ... Grupp 2")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from samling.cli.boundary import App
from samling.cli.context import open_meeting
from samling.cli.options import DirOption, HeldMeetingArgument, HeldMeetingOption, JsonOption, MeetingAlsoOption
from samling.cli.printing import echo, jsonable, plain, plural, print_json

if TYPE_CHECKING:
    from samling.domain.groups import GroupsView


def groups_json(view: GroupsView, written: str) -> dict[str, Any]:
    data: dict[str, Any] = jsonable(view)
    return {"meeting": view.meeting_id, **{k: v for k, v in data.items() if k != "meeting_id"}, "written": written}


def groups(
    ctx: typer.Context,
    meeting: HeldMeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    size: Annotated[
        int | None,
        typer.Option("--size", help="People per group, at most (the groups as even as can be).", min=1),
    ] = None,
    count: Annotated[int | None, typer.Option("--count", help="The number of groups.", min=1)] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Another seed, other groups (the same seed, the same groups).")
    ] = 0,
    topic: Annotated[
        str | None, typer.Option("--topic", help="What the groups work on, printed above them.", show_default=False)
    ] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", "-s", help="The session (for a meeting with several).", show_default=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Make new groups even though the old ones have points noted (lost).")
    ] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Split those present (marked as having come, else holding a place and not marked absent;
    online participants left out) into workshop groups that mix organizations: nobody with a
    colleague when it can be avoided. Recorded in meetings/<id>/groups.toml for the minutes,
    written to meetings/<id>/out/groups.md and printed. Without --size or --count: the groups
    made before, printed again."""
    from samling.domain.groups import group_rows, make_groups
    from samling.outputs.groups import write_groups

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    shown = group_rows(store, ref.id) if size is None and count is None else None
    view = shown or make_groups(
        store, ref.id, size=size, count=count, seed=seed, topic=topic, session=session, force=force
    )
    written, text = write_groups(store, view)
    if json:
        print_json(groups_json(view, written))
        return
    print(plain(text), end="")
    echo("")
    echo(f"Written: {written} (and groups.toml, for the minutes)")


app = App(help="A workshop group: note its points for the minutes.")


@app.command("note")
def note(
    ctx: typer.Context,
    group: Annotated[int, typer.Argument(help="The group's number.", metavar="G")],
    text: Annotated[str, typer.Argument(help="The point, as the group put it.", metavar="TEXT")],
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Add a point to a workshop group's list (kept in groups.toml; out/groups.md is written again)."""
    from samling.domain.groups import add_point
    from samling.outputs.groups import write_groups

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    view = add_point(store, ref.id, group, text)
    written, _ = write_groups(store, view)
    if json:
        print_json(groups_json(view, written))
        return
    points = next(g.points for g in view.groups if g.number == group)
    echo(f"Group {group}: {plural(len(points), 'point')} ({ref.id}).")
