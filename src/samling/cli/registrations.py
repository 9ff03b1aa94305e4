"""``samling register``, ``unregister``, ``registrations``, ``admit``, ``attended``, ``absent``, ``status``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from samling.cli.base import (
    App,
    DirOption,
    JsonOption,
    ListingGroup,
    MeetingArgument,
    MeetingOption,
    add_row,
    console,
    echo,
    open_meeting,
    print_json,
    table,
)

ParticipantArgument = Annotated[str, typer.Argument(help="Participant id, email or name.")]
STATUSES = ("registered", "waitlisted", "cancelled")


def _fee_text(fee: Any, currency: str, org: str) -> str:
    from samling.domain.state import money

    if fee is None:
        return "no fee while waiting"
    if fee.reason == "free":
        return f"free (the first from {org or 'the organization'})" if org else "free"
    if fee.reason == "non-member":
        return f"{money(fee.amount, currency)} ({org or 'no organization'} is not a member)"
    if fee.reason == "online":
        return f"{money(fee.amount, currency)} (online, the free place from {org} is taken)"
    return f"{money(fee.amount, currency)} (the free place from {org} is taken)"


def _outcome_lines(store: Any, outcome: Any) -> list[str]:
    from samling.domain.state import money

    def name(pid: str) -> str:
        return store.participants.load(pid).name

    lines = []
    who = f"{name(outcome.participant)} ({outcome.participant})"
    where = f"session {outcome.session}" + (", online" if outcome.online else "")
    late = " (late)" if outcome.late else ""
    verb = "Updated: " if outcome.updated else ""
    if outcome.status == "registered":
        org = store.participants.load(outcome.participant).organization
        org_name = store.organizations.load(org).name if org and store.organizations.exists(org) else ""
        lines.append(f"{verb}{who} is registered for {outcome.meeting_id}, {where}{late}.")
        lines.append(f"Fee: {_fee_text(outcome.fee, outcome.currency, org_name)}.")
    elif outcome.status == "waitlisted":
        lines.append(f"{verb}{who} is on the waitlist for {outcome.meeting_id}, {where}, "
                     f"position {outcome.position}{late}.")
    else:
        lines.append(f"{who} is no longer registered for {outcome.meeting_id}.")
    for pid in outcome.promoted:
        lines.append(f"Promoted from the waitlist: {name(pid)} ({pid}).")
        lines.append("  They should be told that they have a place now.")
    for change in outcome.fee_changes:
        before = money(change.before.amount, outcome.currency) if change.before else "none"
        after = money(change.after.amount, outcome.currency) if change.after else "none"
        if change.after and change.after.reason == "free":
            lines.append(f"{name(change.participant)} ({change.participant}) now takes the organization's free place "
                         f"(was {before}).")
        else:
            lines.append(f"Fee of {name(change.participant)} ({change.participant}): {before} -> {after}.")
    return lines


def outcome_json(outcome: Any) -> dict[str, Any]:
    from samling.models import plain_number

    def fee(f: Any) -> Any:
        return None if f is None else {"amount": plain_number(f.amount), "reason": f.reason}

    return {
        "meeting": outcome.meeting_id, "participant": outcome.participant, "status": outcome.status,
        "session": outcome.session, "online": outcome.online, "late": outcome.late, "position": outcome.position,
        "fee": fee(outcome.fee), "currency": outcome.currency, "updated": outcome.updated,
        "promoted": outcome.promoted,
        "fee_changes": [{"participant": c.participant, "before": fee(c.before), "after": fee(c.after)}
                        for c in outcome.fee_changes],
    }


def register(app: App) -> None:  # noqa: C901 - one function per command below
    @app.command("register")
    def register_command(
        participant: ParticipantArgument,
        meeting: MeetingOption = None,
        session: Annotated[str | None, typer.Option("--session", "-s", help="Session id (required when the meeting has several).", show_default=False)] = None,
        online: Annotated[bool, typer.Option("--online", help="Take part online (hybrid meetings); takes no seat.")] = False,
        diet: Annotated[str | None, typer.Option(help="Diet for this meeting (default: the participant's).", show_default=False)] = None,
        note: Annotated[str | None, typer.Option(help="A note from the participant.", show_default=False)] = None,
        late: Annotated[bool, typer.Option("--late", help="Register after the deadline (marked late).")] = False,
        update: Annotated[bool, typer.Option("--update", help="Change an existing registration instead of refusing it.")] = False,
        question: Annotated[list[str] | None, typer.Option("--question", "-q", help="A question or problem for the agenda; repeatable.", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Register a participant: registered, or waitlisted with a position, and the fee and why."""
        from samling.domain.people import find_participant
        from samling.domain.registrations import register as run

        store, ref = open_meeting(directory, meeting)
        pid = find_participant(store, participant)
        outcome = run(store, ref.id, pid, session=session, online=online, diet=diet, note=note, late=late, update=update)
        from samling.domain.questions import ask

        numbers = [ask(store, ref.id, text, by=pid) for text in question or []]
        if json:
            print_json(outcome_json(outcome) | {"questions": numbers})
        else:
            for line in _outcome_lines(store, outcome):
                echo(line)
            for number in numbers:
                echo(f"Question {number} added to the agenda.")

    @app.command("unregister")
    def unregister_command(participant: ParticipantArgument, meeting: MeetingOption = None,
                           directory: DirOption = None, json: JsonOption = False) -> None:
        """Cancel a registration (kept for the history); promotes from the waitlist and moves the free place."""
        from samling.domain.people import find_participant
        from samling.domain.registrations import unregister as run

        store, ref = open_meeting(directory, meeting)
        outcome = run(store, ref.id, find_participant(store, participant))
        if json:
            print_json(outcome_json(outcome))
        else:
            for line in _outcome_lines(store, outcome):
                echo(line)

    @app.command("admit")
    def admit_command(
        participants: Annotated[list[str] | None, typer.Argument(help="Who to admit (default: fill every free seat from the waitlist).", show_default=False)] = None,
        meeting: MeetingOption = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Admit waitlisted participants, non-members included, as far as seats allow."""
        from samling.domain.people import find_participant
        from samling.domain.registrations import admit

        store, ref = open_meeting(directory, meeting)
        admitted = admit(store, ref.id, [find_participant(store, p) for p in participants or []])
        if json:
            print_json({"meeting": ref.id, "admitted": admitted})
            return
        for pid in admitted:
            echo(f"Admitted {store.participants.load(pid).name} ({pid}).")
        if not admitted:
            echo("Nobody was admitted: no one is waiting, or no seat is free.")

    def _attendance(participants: list[str], meeting: str | None, directory: Path | None, present: bool, json: bool) -> None:
        from samling.domain.people import find_participant
        from samling.domain.registrations import mark_attendance

        store, ref = open_meeting(directory, meeting)
        pids = [find_participant(store, p) for p in participants]
        changed = mark_attendance(store, ref.id, pids, present)
        if json:
            print_json({"meeting": ref.id, "attended": present, "participants": pids, "changed": changed})
            return
        word = "attended" if present else "absent"
        echo(f"Marked {len(pids)} as {word} at {ref.id} ({len(changed)} changed).")

    @app.command("attended")
    def attended_command(participants: Annotated[list[str], typer.Argument(help="Who came.")],
                         meeting: MeetingOption = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """Record who came, for the minutes and the history."""
        _attendance(participants, meeting, directory, True, json)

    @app.command("absent")
    def absent_command(participants: Annotated[list[str], typer.Argument(help="Who did not come.")],
                       meeting: MeetingOption = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """Record who was registered but did not come (the opposite of `attended`)."""
        _attendance(participants, meeting, directory, False, json)

    regs = App(cls=ListingGroup, invoke_without_command=True, no_args_is_help=False,
               help="List a meeting's registrations; `registrations import FILE` reads a web form's export.")
    app.add_typer(regs, name="registrations")

    @regs.callback()
    def registrations_list(
        ctx: typer.Context,
        meeting: MeetingArgument = None,
        status: Annotated[list[str] | None, typer.Option("--status", help="Only these statuses: registered, waitlisted, cancelled (repeatable).", show_default=False)] = None,
        session: Annotated[str | None, typer.Option("--session", "-s", help="Only this session.", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
        csv: Annotated[bool, typer.Option("--csv", help="Print CSV (UTF-8, comma-separated) for a spreadsheet.")] = False,
    ) -> None:
        """List a meeting's registrations in order of arrival, with fees and waitlist positions."""
        if ctx.invoked_subcommand is not None:
            return
        from samling.domain.state import MeetingState
        from samling.errors import InvalidInput
        from samling.models import plain_number

        for value in status or []:
            if value not in STATUSES:
                raise InvalidInput(f"--status {value!r} is not one of {', '.join(STATUSES)}")
        store, ref = open_meeting(directory, meeting)
        state = MeetingState.load(store, ref.id)
        if session:
            state.session_for(session)
        fees = state.fees()
        positions = state.positions()
        rows = []
        for pid, r in sorted(state.registrations.items(), key=lambda kv: kv[1].seq):
            if (status and r.status not in status) or (session and r.session != session):
                continue
            fee = fees.get(pid)
            rows.append({
                "participant": pid, "name": state.people[pid].name, "email": state.people[pid].email,
                "organization": state.people[pid].organization, "organization_name": state.org_name(pid),
                "member": state.is_member(pid), "session": r.session, "status": r.status,
                "position": positions.get(pid), "online": r.online, "late": r.late,
                "fee": None if fee is None else plain_number(fee.amount),
                "fee_reason": fee.reason if fee else None,
                "diet": r.diet or state.people[pid].diet, "note": r.note, "seq": r.seq,
                "registered_at": r.registered_at.isoformat(), "attended": r.attended,
            })
        if json:
            print_json({"meeting": ref.id, "currency": state.fee_policy.currency, "registrations": rows})
            return
        if csv:
            import csv as csvlib
            import sys

            writer = csvlib.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["participant"], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            return
        several = len(state.meeting.sessions) > 1
        columns = ["#", "participant", "name", "organization", *(["session"] if several else []), "status", "fee"]
        grid = table(*columns, no_wrap=("status",))
        for row in rows:
            status_text = row["status"] + (f" {row['position']}" if row["position"] else "") + (
                " online" if row["online"] else "") + (" late" if row["late"] else "")
            add_row(grid, row["seq"], row["participant"], row["name"], row["organization_name"],
                    *([row["session"]] if several else []), status_text, "" if row["fee"] is None else row["fee"])
        console().print(grid)
        echo(f"{len(rows)} registration{'s' if len(rows) != 1 else ''} ({ref.id}; fees in {state.fee_policy.currency})")

    @regs.command("import")
    def registrations_import(
        file: Annotated[Path, typer.Argument(help="CSV export of a web form (Microsoft Forms, Google Forms, Nettskjema).", dir_okay=False)],
        meeting: MeetingOption = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show each outcome; write nothing.")] = False,
        late: Annotated[bool, typer.Option("--late", help="Accept answers sent after the deadline (marked late).")] = False,
        encoding: Annotated[str | None, typer.Option(help="File encoding (default: guessed).", show_default=False)] = None,
        delimiter: Annotated[str | None, typer.Option(help="Column separator (default: guessed).", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Register everyone in a form export, in the order of its timestamps.

        People are matched by email; unknown people become participants (their organization
        is matched by name or created as a member). Columns: timestamp, name, email,
        organization, session, online, diet, note, question, in any of the five languages.
        """
        from samling.imports.forms import import_registrations

        store, ref = open_meeting(directory, meeting)
        result = import_registrations(store, ref.id, file, dry_run=dry_run, late=late, encoding=encoding, delimiter=delimiter)
        if json:
            print_json({"meeting": ref.id, "dry_run": dry_run, "rows": [
                {"line": r.line, "timestamp": r.at.isoformat(), "participant": r.participant, "name": r.name,
                 "new_participant": r.new_person is not None, "refused": r.refused,
                 "outcome": outcome_json(r.outcome) if r.outcome else None} for r in result.rows]})
            return
        for r in result.rows:
            new = " (new participant)" if r.new_person is not None else ""
            if r.refused:
                echo(f"line {r.line}: {r.name}{new}: refused: {r.refused}")
            else:
                o = r.outcome
                what = o.status + (f" (position {o.position})" if o.position else "") + (" online" if o.online else "")
                echo(f"line {r.line}: {r.name}{new}: {what}, session {o.session}")
        counts = {s: sum(1 for r in result.rows if r.outcome and r.outcome.status == s) for s in ("registered", "waitlisted")}
        refused = sum(1 for r in result.rows if r.refused)
        echo(f"{'Would import' if dry_run else 'Imported'}: {counts['registered']} registered, {counts['waitlisted']} waitlisted, "
             f"{refused} refused, {sum(1 for r in result.rows if r.new_person)} new participants.")
        if dry_run:
            echo("Nothing was written (--dry-run).")

    @app.command("status")
    def status_command(meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """One screen for the organizer: seats, waitlist, deadline, fees, catering, who is missing."""
        from samling.domain.state import MeetingState
        from samling.domain.status import report

        store, ref = open_meeting(directory, meeting)
        data = report(MeetingState.load(store, ref.id))
        if json:
            print_json(data)
            return
        _print_status(data)


def _print_status(data: dict[str, Any]) -> None:
    out = console()
    echo(f"{data['title']} ({data['meeting']})" + (" CANCELLED" if data["cancelled"] else ""))
    if data["deadline"]:
        days = data["days_to_deadline"]
        when = (f"in {days} days" if days > 1 else "tomorrow" if days == 1 else "today" if days == 0
                else f"closed {-days} days ago")
        echo(f"Registration deadline {data['deadline']} ({when}).")
    echo(f"{data['registered']} registered, {data['waitlisted']} waitlisted, {data['cancelled_registrations']} cancelled.")
    grid = table("session", "date", "time", "seats", "on site", "online", "free", "waiting",
                 no_wrap=("date", "time"))
    for s in data["sessions"]:
        add_row(grid, s["id"], s["date"], f"{s['start']}-{s['end']}",
                "no limit" if s["capacity"] is None else s["capacity"], s["on_site"], s["online"],
                "" if s["free"] is None else s["free"], s["waitlisted"])
    out.print(grid)
    for s in data["sessions"]:
        if s["venue_name"]:
            echo(f"{s['id']}: {s['venue_name']}")
    for s in data["sessions"]:
        if s["waitlist"]:
            names = ", ".join(w["name"] + ("" if w["member"] else " (non-member)") for w in s["waitlist"])
            echo(f"Waitlist {s['id']}: {names}")
    echo("")
    echo("Catering (on site only):")
    for s in data["sessions"]:
        diets = ", ".join(f"{n} {d}" for d, n in s["catering"]["diets"].items()) or "nobody yet"
        echo(f"  {s['id']}: lunch and coffee for {s['catering']['lunch']}: {diets}")
    fees = data["fees"]
    echo("")
    echo(f"Fees expected: {fees['total_text']}")
    paying = [row for row in fees["per_organization"] if row["paying"]]
    if paying:
        grid = table("organization", "participants", "free", "paying", f"amount ({fees['currency']})")
        for row in paying:
            add_row(grid, row["name"], row["participants"], row["free"], row["paying"], row["amount"])
        out.print(grid)
    if data["not_represented"]:
        echo("")
        echo(f"Member organizations not yet represented ({len(data['not_represented'])}): "
             + ", ".join(o["name"] for o in data["not_represented"]))
    for hint in data["hints"]:
        echo(f"hint: {hint}")
