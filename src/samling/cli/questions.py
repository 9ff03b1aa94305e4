"""``samling ask``, ``samling questions``, ``samling question show|discuss|escalate|answer`` and
``samling escalations``: the question-based agenda (seed 001)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from samling.cli.boundary import App
from samling.cli.context import choose_meeting, open_meeting, open_store
from samling.cli.options import (
    DirOption,
    HeldMeetingOption,
    JsonOption,
    MeetingAlsoOption,
    MeetingArgument,
    MeetingOption,
)
from samling.cli.printing import add_row, console, echo, plain, plural, print_json, table

if TYPE_CHECKING:
    from pathlib import Path

    from samling.domain.questions import Resolved
    from samling.store import Store

QUESTION_STATUSES = ("open", "discussed", "escalated", "answered", "withdrawn")
NumberArgument = Annotated[
    str,
    typer.Argument(
        help="The question's number within the meeting, or MEETING-ID/N as `samling questions --all` lists it.",
        metavar="N",
    ),
]


def question_json(resolved: Resolved) -> dict[str, Any]:
    q = resolved.original
    return {
        "meeting": resolved.meeting_id,
        "number": resolved.number,
        "origin": resolved.ref,
        "carried": resolved.carried,
        **q.model_dump(mode="json", exclude={"origin"}),
        "topic": resolved.record.topic or q.topic,
    }


def _open_question(
    ctx: typer.Context, directory: Path | None, meeting: str | None, given: str, *, held: bool = False
) -> tuple[Store, str, int, str]:
    """The meeting, the number there and how to call it, of the question a command means: ``N``
    at the meeting named with -m (else the default one), or ``MEETING-ID/N`` as `questions --all`
    and `escalations` list it. A command about what happened works on the question where the
    meeting at hand carries it over (so that notes and answers say where they were given), else
    at its own meeting."""
    from samling.domain.meetings import resolve_meeting
    from samling.domain.questions import all_questions
    from samling.errors import InvalidInput, NotFound

    owner_text, slash, number_text = given.strip().rpartition("/")
    if not (number_text.isascii() and number_text.isdigit() and int(number_text) > 0) or (slash and not owner_text):
        raise InvalidInput(
            f"{given!r} is not a question",
            "give its number within the meeting (3), or the meeting and the number as "
            "`samling questions --all` lists them (2027-03-18-natverkstraff/3)",
        )
    number = int(number_text)
    if not slash:
        store, ref = open_meeting(ctx, directory, meeting, held=held)
        return store, ref.id, number, str(number)
    store = open_store(ctx, directory)
    owner = resolve_meeting(store, owner_text).id
    label = f"{owner}/{number}"
    if meeting is None and not held:
        return store, owner, number, label
    ref = resolve_meeting(store, meeting, held=held) if meeting is None else choose_meeting(store, meeting)
    if ref.id == owner:
        return store, owner, number, label
    for resolved in all_questions(store, ref.id):
        if resolved.carried and resolved.ref == label:
            return store, ref.id, resolved.number, f"{label} ({ref.id}/{resolved.number})"
    if meeting is None:
        return store, owner, number, label
    raise NotFound(
        f"meeting {ref.id} has no question {label}: it was not carried over to it",
        f"leave out --meeting to work on it at {owner}",
    )


def _who(store: Store, by: str | None) -> str | None:
    from samling.domain.people import find_participant

    return find_participant(store, by) if by else None


def ask(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The question or problem, as the participant put it.", metavar="TEXT")],
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Who asks (participant id, email or name); leave out for anonymous.", show_default=False
        ),
    ] = None,
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="A topic to group it under on the agenda.", show_default=False)
    ] = None,
    meeting: MeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Add a question to a meeting's agenda; it gets a short number to say aloud."""
    from samling.domain.questions import ask as run
    from samling.domain.questions import resolve

    store, ref = open_meeting(ctx, directory, meeting)
    number = run(store, ref.id, text, by=_who(store, by), topic=topic)
    if json:
        print_json(question_json(resolve(store, ref.id, number)))
    else:
        echo(f"Question {number} added to {ref.id}.")


def questions(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Only these: open, discussed, escalated, answered, withdrawn (repeatable; withdrawn ones are "
            "listed only when asked for).",
            show_default=False,
        ),
    ] = None,
    all_meetings: Annotated[
        bool,
        typer.Option("--all", help="Every meeting's questions (originals only; carried-over links are not repeated)."),
    ] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """List a meeting's questions with their status (carried-over ones included), or with
    --all every meeting's: `samling questions --all --status escalated`."""
    from samling.domain.questions import all_questions, questions_everywhere
    from samling.errors import InvalidInput

    for value in status or []:
        if value not in QUESTION_STATUSES:
            raise InvalidInput(f"--status {value!r} is not one of {', '.join(QUESTION_STATUSES)}")
    if all_meetings:
        rows = questions_everywhere(open_store(ctx, directory))
        label = "all meetings"
    else:
        store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
        rows = all_questions(store, ref.id)
        label = ref.id
    rows = [r for r in rows if (r.original.status in status if status else r.original.status != "withdrawn")]
    if json:
        print_json([question_json(r) for r in rows])
        return
    grid = table("meeting/#" if all_meetings else "#", "question", "by", "topic", "status")
    for r in rows:
        q = r.original
        state: str = q.status or ""
        if q.status == "escalated":
            state += f" to {q.escalated_to} ({q.escalated_at})"
        elif q.status == "answered" and q.answered_by:
            state += f" by {q.answered_by}"
        if r.carried:
            state += f"; from {r.ref}"
        add_row(grid, r.ref if all_meetings else r.number, q.text, q.by or "", r.record.topic or q.topic or "", state)
    console().print(grid)
    echo(f"{plural(len(rows), 'question')} ({label})")


def escalations(
    ctx: typer.Context,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Only those that went to this party (as given to `question escalate --to`).",
            show_default=False,
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="With --to: write them as one message to that party, in the network's language, to "
            "meetings/<id>/out/escalations/ (.md, .html, and .eml when the address is known).",
        ),
    ] = False,
    email: Annotated[
        str | None,
        typer.Option(
            "--email",
            help="With --write: the party's address (default: that of the organization of that name).",
            show_default=False,
        ),
    ] = None,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Every escalation still unanswered, across all meetings, and how long it has waited;
    with --to VENDOR --write, the message to send them about it."""
    from samling.domain.questions import open_escalations
    from samling.errors import InvalidInput

    if write:
        if not to:
            raise InvalidInput("--write needs --to: the party the message goes to")
        from samling.outputs.escalations import write_escalations

        store, ref = open_meeting(ctx, directory, meeting, held=True)
        message = write_escalations(store, ref.id, to, email)
        if json:
            print_json(message)
            return
        print(plain(message.markdown), end="")
        echo("")
        folder = f"meetings/{ref.id}/out/escalations/"
        names = ", ".join(p.removeprefix(folder) for p in message.written)
        echo(f"Written to {folder}: {names}" if names else f"{folder} is up to date.")
        if message.eml:
            echo(f"Open {message.eml} in your mail program to send it to {message.email}.")
        else:
            echo(
                f"No .eml: the address of {message.vendor} is not known (give --email, or add it as an "
                "organization with its email)."
            )
        return
    if email:
        raise InvalidInput("--email goes with --write")
    rows = open_escalations(open_store(ctx, directory))
    if to:
        rows = [e for e in rows if (e.resolved.original.escalated_to or "").strip().casefold() == to.strip().casefold()]
    if json:
        print_json(
            [question_json(e.resolved) | {"days_waiting": e.days_waiting, "carried_to": e.carried_to} for e in rows]
        )
        return
    grid = table("question", "text", "escalated to", "since", "days", "carried to")
    for e in rows:
        q = e.resolved.original
        add_row(grid, e.resolved.ref, q.text, q.escalated_to, q.escalated_at, e.days_waiting, ", ".join(e.carried_to))
    console().print(grid)
    echo(f"{plural(len(rows), 'escalation')} waiting for an answer")


# --- samling question show|discuss|escalate|answer --------------------------------------------------

app = App(help="Work through a question: discuss, escalate (to the vendor), answer, withdraw.")


@app.command("show")
def show(
    ctx: typer.Context,
    number: NumberArgument,
    meeting: MeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Show one question, with the notes of every meeting that discussed it, and its answer or
    escalation."""
    from samling.domain.questions import resolve

    store, mid, number_there, _ = _open_question(ctx, directory, meeting, number)
    data = question_json(resolve(store, mid, number_there))
    if json:
        print_json(data)
        return
    for key, value in data.items():
        if key == "notes":
            for note in value:
                said = " ".join(str(part) for part in (note["date"], note["meeting"]) if part)
                echo(f"{'note':<13} {f'{said}: ' if said else ''}{note['text']}")
        elif isinstance(value, list):
            if value:
                echo(f"{key:<13} {', '.join(str(v) for v in value)}")
        elif value not in (None, False):
            echo(f"{key:<13} {value}")


@app.command("discuss")
def discuss(
    ctx: typer.Context,
    number: NumberArgument,
    notes: Annotated[
        str | None,
        typer.Option(
            "--notes",
            help="What was said, for the minutes and the follow-up (added to earlier notes).",
            show_default=False,
        ),
    ] = None,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Mark a question discussed at the meeting (open -> discussed). --notes adds to the notes of
    earlier discussions, with this meeting and today's date; nothing said before is replaced."""
    from samling.domain.questions import discuss as run

    store, mid, number_there, label = _open_question(ctx, directory, meeting, number, held=True)
    resolved = run(store, mid, number_there, notes)
    if json:
        print_json(question_json(resolved))
    else:
        echo(f"Question {label}: {resolved.original.status}.")


@app.command("escalate")
def escalate(
    ctx: typer.Context,
    number: NumberArgument,
    to: Annotated[str, typer.Option("--to", help='Who it goes to, e.g. "Bibliotek-Systemer".')],
    on: Annotated[
        str | None, typer.Option("--on", help="Date it was sent (default: today).", show_default=False)
    ] = None,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Escalate a question nobody could answer (to the vendor); it waits for the answer and is
    carried onto the next meeting until answered."""
    from samling.domain.meetings import parse_date
    from samling.domain.questions import escalate as run

    store, mid, number_there, label = _open_question(ctx, directory, meeting, number, held=True)
    resolved = run(store, mid, number_there, to, parse_date(on, "--on") if on else None)
    if json:
        print_json(question_json(resolved))
    else:
        echo(f"Question {label} escalated to {resolved.original.escalated_to} on {resolved.original.escalated_at}.")


@app.command("answer")
def answer(
    ctx: typer.Context,
    number: NumberArgument,
    answer: Annotated[str, typer.Option("--answer", "-a", help="The answer.")],
    by: Annotated[
        str | None, typer.Option("--by", help="Who answered (default: where it was escalated to).", show_default=False)
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Date of the answer (default: today).", show_default=False)
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an earlier answer.")] = False,
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Record the answer to a question (a carried-over one answers the original too)."""
    from samling.domain.meetings import parse_date
    from samling.domain.questions import answer as run

    store, mid, number_there, label = _open_question(ctx, directory, meeting, number, held=True)
    resolved = run(store, mid, number_there, answer, by, parse_date(on, "--on") if on else None, replace)
    if json:
        print_json(question_json(resolved))
    else:
        echo(
            f"Question {label} answered"
            + (f" (first asked at {resolved.origin_meeting})." if resolved.carried else ".")
        )


@app.command("withdraw")
def withdraw(
    ctx: typer.Context,
    number: NumberArgument,
    meeting: MeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Withdraw an open or discussed question (the asker takes it back): it leaves the list and
    is not carried to the next meeting; the record stays."""
    from samling.domain.questions import withdraw as run

    store, mid, number_there, label = _open_question(ctx, directory, meeting, number)
    resolved = run(store, mid, number_there)
    if json:
        print_json(question_json(resolved))
    else:
        echo(
            f"Question {label} withdrawn"
            + (f" (first asked at {resolved.origin_meeting})." if resolved.carried else ".")
        )
