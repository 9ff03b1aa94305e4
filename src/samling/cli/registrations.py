"""``samling register``, ``unregister``, ``admit``, ``attended``, ``absent`` and the
``samling registrations`` listing with its ``import``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from samling.cli.boundary import App, ListingGroup
from samling.cli.context import open_meeting
from samling.cli.options import (
    DirOption,
    HeldMeetingOption,
    JsonOption,
    MeetingAlsoOption,
    MeetingArgument,
    MeetingOption,
    ParticipantArgument,
)
from samling.cli.printing import (
    CsvOption,
    DelimiterOption,
    XlsxOption,
    add_row,
    console,
    echo,
    jsonable,
    one_output,
    plural,
    print_json,
    spreadsheet,
    table,
)

if TYPE_CHECKING:
    from samling.domain.registrations import Outcome
    from samling.domain.rules import Fee
    from samling.imports.forms import RegistrationImport


def fee_text(fee: Fee | None, currency: str, org: str) -> str:
    """The fee and why, as the organizer explains it to the participant."""
    from samling.domain.state import money

    if fee is None:
        return "no fee while waiting"
    if fee.amount == 0 and fee.reason != "free":
        return "free (the meeting has no fee)"
    if fee.reason == "free":
        return f"free (the first from {org or 'the organization'})" if org else "free"
    if fee.reason == "non-member":
        return f"{money(fee.amount, currency)} ({org or 'no organization'} is not a member)"
    if fee.reason == "online":
        return f"{money(fee.amount, currency)} (online, the free place from {org} is taken)"
    return f"{money(fee.amount, currency)} (the free place from {org} is taken)"


def outcome_lines(outcome: Outcome) -> list[str]:
    from samling.domain.state import money

    lines = []
    who = f"{outcome.name(outcome.participant)} ({outcome.participant})"
    where = f"session {outcome.session}" + (", online" if outcome.online else "")
    late = " (late)" if outcome.late else ""
    verb = "Updated: " if outcome.updated else ""
    if outcome.status == "registered":
        lines.append(f"{verb}{who} is registered for {outcome.meeting_id}, {where}{late}.")
        lines.append(f"Fee: {fee_text(outcome.fee, outcome.currency, outcome.organization_name)}.")
    elif outcome.status == "waitlisted":
        lines.append(
            f"{verb}{who} is on the waitlist for {outcome.meeting_id}, {where}, position {outcome.position}{late}."
        )
    else:
        lines.append(f"{who} is no longer registered for {outcome.meeting_id}.")
    for pid in outcome.promoted:
        lines.append(f"Promoted from the waitlist: {outcome.name(pid)} ({pid}).")
        lines.append("  Their message is due: `samling outbox` shows it, `samling send` sends it.")
    for change in (c for c in outcome.fee_changes if (c.before and c.before.amount) or (c.after and c.after.amount)):
        before = money(change.before.amount, outcome.currency) if change.before else "none"
        after = money(change.after.amount, outcome.currency) if change.after else "none"
        name = outcome.name(change.participant)
        if change.after and change.after.reason == "free":
            lines.append(f"{name} ({change.participant}) now takes the organization's free place (was {before}).")
        else:
            lines.append(f"Fee of {name} ({change.participant}): {before} -> {after}.")
    for number in outcome.questions:
        lines.append(f"Question {number} added to the agenda.")
    return lines


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "meeting": outcome.meeting_id,
        "participant": outcome.participant,
        "status": outcome.status,
        "session": outcome.session,
        "online": outcome.online,
        "late": outcome.late,
        "position": outcome.position,
        "fee": jsonable(outcome.fee),
        "currency": outcome.currency,
        "updated": outcome.updated,
        "promoted": outcome.promoted,
        "fee_changes": jsonable(outcome.fee_changes),
        "questions": outcome.questions,
    }


def register(
    ctx: typer.Context,
    participant: ParticipantArgument,
    meeting: MeetingOption = None,
    session: Annotated[
        str | None,
        typer.Option("--session", "-s", help="Session id (required when the meeting has several).", show_default=False),
    ] = None,
    online: Annotated[
        bool, typer.Option("--online", help="Take part online (hybrid meetings); takes no seat.")
    ] = False,
    diet: Annotated[
        str | None, typer.Option(help="Diet for this meeting (default: the participant's).", show_default=False)
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note from the participant.", show_default=False)] = None,
    late: Annotated[bool, typer.Option("--late", help="Register after the deadline (marked late).")] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Change an existing registration instead of refusing it.")
    ] = False,
    question: Annotated[
        list[str] | None,
        typer.Option("--question", "-q", help="A question or problem for the agenda; repeatable.", show_default=False),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="With --update: move even when it gives up a seat for a waitlist place."),
    ] = False,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            help='host, speaker or vendor: listed apart in the presentation list and the minutes ("" with '
            "--update: none).",
            show_default=False,
        ),
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Register a participant: registered, or waitlisted with a position, and the fee and why."""
    from samling.domain.people import find_participant
    from samling.domain.registrations import register as run

    store, ref = open_meeting(ctx, directory, meeting)
    outcome = run(
        store,
        ref.id,
        find_participant(store, participant),
        questions=question,
        session=session,
        online=online,
        diet=diet,
        note=note,
        late=late,
        update=update,
        confirm_waitlist=yes,
        role=role,
    )
    if json:
        print_json(outcome_json(outcome))
        return
    for line in outcome_lines(outcome):
        echo(line)


def unregister(
    ctx: typer.Context,
    participant: ParticipantArgument,
    meeting: MeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Cancel a registration (kept for the history); promotes from the waitlist and moves the free place."""
    from samling.domain.people import find_participant
    from samling.domain.registrations import unregister as run

    store, ref = open_meeting(ctx, directory, meeting)
    outcome = run(store, ref.id, find_participant(store, participant))
    if json:
        print_json(outcome_json(outcome))
        return
    for line in outcome_lines(outcome):
        echo(line)


def admit(
    ctx: typer.Context,
    participants: Annotated[
        list[str] | None,
        typer.Argument(
            help="Who to admit (default: fill every free seat from the waitlist).",
            show_default=False,
            metavar="PARTICIPANT",
        ),
    ] = None,
    meeting: MeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Admit waitlisted participants, non-members included, as far as seats allow."""
    from samling.domain.people import find_participant
    from samling.domain.registrations import admit as run

    store, ref = open_meeting(ctx, directory, meeting)
    admitted = run(store, ref.id, [find_participant(store, p) for p in participants or []])
    if json:
        print_json({"meeting": ref.id, "admitted": [a.id for a in admitted]})
        return
    for person in admitted:
        echo(f"Admitted {person.name} ({person.id}).")
    if not admitted:
        echo("Nobody was admitted: no one is waiting, or no seat is free.")


def _attendance(
    ctx: typer.Context, participants: list[str], meeting: str | None, directory: Path | None, present: bool, json: bool
) -> None:
    from samling.domain.people import find_participant
    from samling.domain.registrations import mark_attendance

    store, ref = open_meeting(ctx, directory, meeting, held=True)
    pids = [find_participant(store, p) for p in participants]
    changed = mark_attendance(store, ref.id, pids, present)
    if json:
        print_json({"meeting": ref.id, "attended": present, "participants": pids, "changed": changed})
        return
    echo(
        f"Marked {plural(len(pids), 'participant')} as {'attended' if present else 'absent'} at {ref.id} "
        f"({len(changed)} changed)."
    )


def attended(
    ctx: typer.Context,
    participants: Annotated[list[str], typer.Argument(help="Who came.", metavar="PARTICIPANT")],
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Record who came, for the minutes and the history."""
    _attendance(ctx, participants, meeting, directory, True, json)


def absent(
    ctx: typer.Context,
    participants: Annotated[list[str], typer.Argument(help="Who did not come.", metavar="PARTICIPANT")],
    meeting: HeldMeetingOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Record who was registered but did not come (the opposite of `attended`)."""
    _attendance(ctx, participants, meeting, directory, False, json)


# --- samling registrations [list] | import --------------------------------------------------------

app = App(
    cls=ListingGroup,
    no_args_is_help=False,
    help="A meeting's registrations: `samling registrations [MEETING] [OPTIONS]` lists them (it is "
    "`samling registrations list`; see `samling registrations list --help` for its options), "
    "`samling registrations import FILE` reads a web form's export.",
)


@app.command("list")
def list_(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status", help="Only these statuses: registered, waitlisted, cancelled (repeatable).", show_default=False
        ),
    ] = None,
    session: Annotated[
        str | None, typer.Option("--session", "-s", help="Only this session.", show_default=False)
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    xlsx: XlsxOption = None,
    delimiter: DelimiterOption = None,
) -> None:
    """List a meeting's registrations in order of arrival, with fees and waitlist positions."""
    from samling.domain.status import list_registrations
    from samling.outputs.spreadsheets import registrations_sheet

    one_output(json=json, csv=csv, xlsx=xlsx, delimiter=delimiter)
    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    listing = list_registrations(store, ref.id, statuses=status, session=session)
    if json:
        print_json(
            {"meeting": listing.meeting, "currency": listing.currency, "registrations": jsonable(listing.registrations)}
        )
        return
    sheets = [registrations_sheet(listing)]
    if spreadsheet(sheets, language=store.network.language, csv=csv, xlsx=xlsx, delimiter=delimiter):
        return
    several = listing.several_sessions
    grid = table(
        "#",
        "participant",
        "name",
        "organization",
        *(["session"] if several else []),
        "status",
        "fee",
        no_wrap=("status",),
    )
    for row in listing.registrations:
        status_text = (
            row.status
            + (f" {row.position}" if row.position else "")
            + (" online" if row.online else "")
            + (" late" if row.late else "")
            + (f" ({row.role})" if row.role else "")
        )
        add_row(
            grid,
            row.seq,
            row.participant,
            row.name,
            row.organization_name,
            *([row.session] if several else []),
            status_text,
            "" if row.fee is None else jsonable(row.fee),
        )
    console().print(grid)
    echo(f"{plural(len(listing.registrations), 'registration')} ({ref.id}; fees in {listing.currency})")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A web form's export: CSV (Google Forms, Nettskjema) or .xlsx (Microsoft Forms).",
            dir_okay=False,
            metavar="FILE",
        ),
    ],
    meeting: MeetingOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show each outcome; write nothing.")] = False,
    late: Annotated[bool, typer.Option("--late", help="Accept answers sent after the deadline (marked late).")] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help='Say what a column is: "Kolumn=field" (diet, note, question, organization, ...) or '
            '"Kolumn=ignore"; repeatable.',
            show_default=False,
        ),
    ] = None,
    month_first: Annotated[
        bool,
        typer.Option(
            "--month-first",
            help="The form wrote its dates month first, 5/7/2026 for 7 May (default: day first, or as its "
            "service writes them).",
        ),
    ] = False,
    day_first: Annotated[
        bool, typer.Option("--day-first", help="The form wrote its dates day first, 5/7/2026 for 5 July.")
    ] = False,
    non_members: Annotated[
        bool, typer.Option("--non-members", help="Organizations created by this import are not members.")
    ] = False,
    without_organization: Annotated[
        bool,
        typer.Option(
            "--without-organization",
            help="The form has no organization column: import new people without one (non-members).",
        ),
    ] = False,
    encoding: Annotated[str | None, typer.Option(help="File encoding (default: guessed).", show_default=False)] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(help="Column separator: ; or , or tab, comma, semicolon (default: guessed).", show_default=False),
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Register everyone in a form export, in the order the answers arrived.

    People are matched by email; unknown people become participants (their organization
    is matched by name or created as a member). Columns: timestamp, name, email,
    organization, session, online, diet, note, question, in any of the five languages.
    Importing the same or a longer export again applies only the new answers.
    """
    from samling.errors import RuleViolation
    from samling.imports.forms import import_registrations
    from samling.imports.timestamps import order_from

    order = order_from(month_first, day_first)
    store, ref = open_meeting(ctx, directory, meeting)
    result = import_registrations(
        store,
        ref.id,
        file,
        dry_run=dry_run,
        late=late,
        encoding=encoding,
        delimiter=delimiter,
        mapping=mapping,
        order=order,
        members=not non_members,
        without_organization=without_organization,
    )
    if json:
        _import_json(ref.id, dry_run, result)
    else:
        _import_text(dry_run, result)
    if result.refused_all:
        raise RuleViolation(
            f"nothing was imported: every answer was refused ({plural(result.count('refused'), 'answer')})",
            "each row above says why (--late takes answers sent after the deadline)",
        )


def _import_json(meeting_id: str, dry_run: bool, result: RegistrationImport) -> None:
    table_read = result.table
    print_json(
        {
            "meeting": meeting_id,
            "dry_run": dry_run,
            "encoding": table_read.encoding,
            "delimiter": table_read.delimiter,
            "columns": table_read.columns,
            "ignored_columns": table_read.ignored,
            "not_needed_columns": table_read.unused,
            "second_columns": jsonable(table_read.seconds),
            "month_first": result.month_first,
            "new_organizations": [
                {"id": oid, **org.model_dump(mode="json")} for oid, org in result.new_organizations.items()
            ],
            "updated_participants": sorted(result.updated_people),
            "counts": {
                action: result.count(action) for action in ("registered", "waitlisted", "updated", "skipped", "refused")
            },
            "future": result.future,
            "rows": [
                {
                    "line": r.line,
                    "timestamp": r.at.isoformat(),
                    "participant": r.participant,
                    "name": r.name,
                    "new_participant": r.participant in result.new_people and r.outcome is not None,
                    "action": r.action,
                    "refused": r.refused,
                    "skipped": r.skipped,
                    "updated": r.updated,
                    "filled": r.filled,
                    "question": r.question,
                    "notice": r.notice,
                    "notices": r.notices,
                    "outcome": outcome_json(r.outcome) if r.outcome else None,
                }
                for r in result.rows
            ],
        }
    )


def _import_text(dry_run: bool, result: RegistrationImport) -> None:
    from samling.imports.tables import column_report

    table_read = result.table
    for r in result.rows:
        where = table_read.where(r.line)
        new = " (new participant)" if r.participant in result.new_people and r.outcome is not None else ""
        filled = f"; {', '.join(r.filled)} filled in on the record" if r.filled else ""
        if r.refused:
            echo(f"{where}: {r.name}{new}: refused: {r.refused}{filled}")
        elif r.outcome is not None:
            o = r.outcome
            what = o.status + (f" (position {o.position})" if o.position else "") + (" online" if o.online else "")
            echo(
                f"{where}: {r.name}{new}: {what}, session {o.session}" + (" + question" if r.question else "") + filled
            )
        elif r.updated or r.question:
            changes = [*r.updated, *(["question added"] if r.question else [])]
            echo(f"{where}: {r.name}: already registered; {', '.join(changes)}{filled}")
        elif r.filled:
            echo(f"{where}: {r.name}: already registered{filled}")
        elif r.skipped:
            echo(f"{where}: {r.name}: skipped ({r.skipped}){filled}")
        for notice in r.notices:
            echo(f"  {notice}")
    for oid, org in result.new_organizations.items():
        echo(f"new organization {oid} ({org.name}, {'member' if org.member else 'non-member'})")
    for line in column_report(table_read, "diet, note, question, ..."):
        echo(line)
    if result.future:
        echo(f"Warning: {plural(result.future, 'answer')} dated after now; check the dates (see the rows above).")
    verb = "Would import" if dry_run else "Imported"
    new_people = len(result.new_people)
    echo(
        f"{verb}: {result.count('registered')} registered, {result.count('waitlisted')} waitlisted, "
        f"{result.count('updated')} updated, {result.count('skipped')} skipped, {result.count('refused')} refused, "
        f"{plural(new_people, 'new participant')}."
    )
    if dry_run:
        echo("Nothing was written (--dry-run).")
