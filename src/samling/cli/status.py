"""``samling status``: one screen for the organizer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import (
    CsvOption,
    DelimiterOption,
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
    from collections.abc import Mapping

    from samling.domain.status import StatusReport


def status(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="With --csv: sessions (the default), fees (per organization) or catering (the order, per diet).",
            show_default=False,
        ),
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            help="Write an Excel workbook to this file: the sessions, the fees and the catering order.",
            show_default=False,
        ),
    ] = None,
    delimiter: DelimiterOption = None,
) -> None:
    """One screen for the organizer: seats, waitlist, deadline, fees, catering, who is missing."""
    from samling.domain.status import meeting_status

    one_output(json=json, csv=csv, xlsx=xlsx, delimiter=delimiter)
    if sheet is not None and not csv and xlsx is None:
        from samling.errors import InvalidInput

        raise InvalidInput("--sheet goes with --csv (or --xlsx)", "add --csv, or leave --sheet out")
    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    report = meeting_status(store, ref.id)
    if json:
        print_json(report)
        return
    if csv or xlsx is not None:
        from samling.domain.state import MeetingState
        from samling.errors import InvalidInput
        from samling.outputs.handouts import sessions_data
        from samling.outputs.spreadsheets import STATUS_SHEETS, status_sheets

        sheet = sheet or "sessions"
        if sheet not in STATUS_SHEETS:
            raise InvalidInput(f"--sheet {sheet!r} is not one of {', '.join(STATUS_SHEETS)}")
        sheets = status_sheets(report, sessions_data(MeetingState.load(store, ref.id)))
        ordered = [sheets[sheet], *(s for name, s in sheets.items() if name != sheet)]
        spreadsheet(ordered, language=store.network.language, csv=csv, xlsx=xlsx, delimiter=delimiter)
        return
    names: dict[str, str] = {}
    if report.roles:  # the report names them by id (for scripts); the organizer reads names
        from samling.domain.people import list_participants

        names = {row.id: row.participant.name for row in list_participants(store)}
    print_status(report, names)


def deadline_text(days: int) -> str:
    if days > 1:
        return f"in {days} days"
    if days == 1:
        return "tomorrow"
    if days == 0:
        return "today"
    return f"closed {plural(-days, 'day')} ago"


def people_text(pids: list[str], names: Mapping[str, str]) -> str:
    """``Ola Berg, Kari Nordmann``: names, with the id only where two share a name (or there is none)."""
    shown = [names.get(pid) or pid for pid in pids]
    return ", ".join(
        name if name == pid or shown.count(name) == 1 else f"{name} ({pid})"
        for pid, name in zip(pids, shown, strict=True)
    )


def print_status(data: StatusReport, names: Mapping[str, str] | None = None) -> None:
    """The report as text; ``names``: participant id -> name, for the people it names by id."""
    out = console()
    echo(
        f"{data.title} ({data.meeting})" + (" CANCELLED" if data.cancelled else "") + (" CLOSED" if data.closed else "")
    )
    if data.deadline and data.days_to_deadline is not None:
        echo(f"Registration deadline {data.deadline} ({deadline_text(data.days_to_deadline)}).")
    echo(f"{data.registered} registered, {data.waitlisted} waitlisted, {data.cancelled_registrations} cancelled.")
    for role, pids in data.roles.items():
        echo(f"{role.capitalize()}{'s' if len(pids) > 1 else ''}: {people_text(pids, names or {})}.")
    grid = table("session", "date", "time", "seats", "on site", "online", "free", "waiting", no_wrap=("date", "time"))
    for s in data.sessions:
        add_row(
            grid,
            s.id + (" (cancelled)" if s.cancelled else ""),
            s.date,
            f"{s.start}-{s.end}",
            "no limit" if s.capacity is None else s.capacity,
            s.on_site,
            s.online,
            "" if s.free is None else s.free,
            s.waitlisted,
        )
    out.print(grid)
    for s in data.sessions:
        if s.venue_name:
            echo(f"{s.id}: {s.venue_name}")
    for s in data.sessions:
        if s.waitlist:
            waiting = ", ".join(
                w.name + ("" if w.member else f" (non-member: {w.organization or 'no organization'})")
                for w in s.waitlist
            )
            echo(f"Waitlist {s.id}: {waiting}")
    echo("")
    echo("Catering (on site only):")
    for s in data.sessions:
        diets = ", ".join(f"{n} {d}" for d, n in s.catering.diets.items()) or "nobody yet"
        echo(f"  {s.id}: lunch and coffee for {s.catering.lunch}: {diets}")
    fees = data.fees
    echo("")
    echo(f"Fees expected: {fees.total_text}")
    paying = [row for row in fees.per_organization if row.amount]  # those who owe money
    if paying:
        grid = table("organization", "participants", "free", "paying", f"amount ({fees.currency})")
        for row in paying:
            add_row(grid, row.name, row.participants, row.free, row.paying, jsonable(row.amount))
        out.print(grid)
    if data.not_represented:
        echo("")
        echo(
            f"Member organizations not yet represented ({len(data.not_represented)}): "
            + ", ".join(o.name for o in data.not_represented)
        )
    for hint in data.hints:
        echo(f"hint: {hint}")
