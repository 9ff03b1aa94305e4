"""``samling meeting edit``: changing a meeting after `samling new` (its id never changes), and
the printing that the edit commands share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from samling.cli.boundary import App
from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import echo, print_json

if TYPE_CHECKING:
    from pydantic import BaseModel

    from samling.domain.editing import MeetingEdited, RecordEdited

R = TypeVar("R", bound="BaseModel")

app = App(help="Change a meeting after it was created (`samling new`).")

#: Said in the help of every option whose field may be removed.
EMPTY_REMOVES = '"" removes it'


def option(*names: str, help: str, metavar: str = "TEXT") -> Any:
    """An edit's option: no default shown (not given means: leave the field as it is)."""
    return typer.Option(*names, help=help, show_default=False, metavar=metavar)


def changed_text(what: str, changed: list[str]) -> str:
    """``Updated meeting X: title, deadline.``, or that nothing changed."""
    if not changed:
        return f"Nothing changed in {what}: it already says so."
    return f"Updated {what}: {', '.join(changed)}."


def print_record_edit(label: str, result: RecordEdited[R], json: bool) -> None:
    """The outcome of an organization, participant or venue edit: the record with ``--json``
    (and what changed, and who was promoted where seats were served anew), else the same in words."""
    from samling.cli.printing import record_json

    if json:
        print_json(record_json(result.id, result.record) | {"changed": result.changed, "promoted": result.promoted})
        return
    echo(changed_text(f"{label} {result.id}", result.changed))
    for mid, promoted in result.promoted.items():
        echo(f"Promoted from the waitlist of {mid}: {', '.join(promoted)}.")


def print_meeting_edit(result: MeetingEdited, json: bool) -> None:
    """The outcome of a meeting or session edit: the meeting record with ``--json``, else what
    changed, who was promoted, and where to see who is to be told."""
    from samling.cli.meetings import meeting_json

    if json:
        extra = {"session": result.session} if result.session else {}
        print_json(
            meeting_json(result.id, result.meeting) | extra | {"changed": result.changed, "promoted": result.promoted}
        )
        return
    what = f"session {result.session} of {result.id}" if result.session else f"meeting {result.id}"
    echo(changed_text(what, result.changed))
    for pid in result.promoted:
        echo(f"Promoted from the waitlist: {pid}.")
    if result.changed:
        echo(f"`samling outbox {result.id}` shows who is to be told.")


@app.command("edit")
def edit(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    title: Annotated[str | None, option("--title", help="The meeting's title (its id stays the same).")] = None,
    deadline: Annotated[
        str | None,
        option(
            "--deadline", help=f"Registration deadline, not after the first session; {EMPTY_REMOVES}.", metavar="DATE"
        ),
    ] = None,
    capacity: Annotated[
        str | None,
        option("--capacity", help=f"Seats per session (a session's own capacity wins); {EMPTY_REMOVES}.", metavar="N"),
    ] = None,
    online_link: Annotated[
        str | None,
        option("--online-link", help=f"Video link: makes the meeting hybrid; {EMPTY_REMOVES}.", metavar="URL"),
    ] = None,
    registration_url: Annotated[
        str | None, option("--registration-url", help=f"Web form for registration; {EMPTY_REMOVES}.", metavar="URL")
    ] = None,
    fee: Annotated[
        str | None,
        option(
            "--fee",
            help=f"Fee for this meeting ([fees] in meeting.toml); {EMPTY_REMOVES} (the network's).",
            metavar="AMOUNT",
        ),
    ] = None,
    free_per_organization: Annotated[
        str | None,
        option(
            "--free-per-organization",
            help=f"Free participants per member organization at this meeting; {EMPTY_REMOVES}.",
            metavar="N",
        ),
    ] = None,
    non_member_fee: Annotated[
        str | None,
        option("--non-member-fee", help=f"Fee for non-members at this meeting; {EMPTY_REMOVES}.", metavar="AMOUNT"),
    ] = None,
    online_fee: Annotated[
        str | None,
        option(
            "--online-fee", help=f"Fee for online participants beyond the free ones; {EMPTY_REMOVES}.", metavar="AMOUNT"
        ),
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Change a meeting: title, deadline, seats, online link, registration form, its own fees.
    Validated as `samling new` does; the id stays. What participants were told and should now
    hear differently shows up in `samling outbox` as an update."""
    from samling.domain.editing import edit_meeting

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    result = edit_meeting(
        store,
        ref.id,
        title=title,
        deadline=deadline,
        capacity=capacity,
        online_link=online_link,
        registration_url=registration_url,
        fee=fee,
        free_per_organization=free_per_organization,
        non_member_fee=non_member_fee,
        online_fee=online_fee,
    )
    print_meeting_edit(result, json)
