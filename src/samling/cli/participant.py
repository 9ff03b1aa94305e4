"""``samling participant``: the people of the network."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from samling.cli.boundary import App
from samling.cli.context import open_store
from samling.cli.meeting import EMPTY_REMOVES, option, print_record_edit
from samling.cli.options import DirOption, IdOption, JsonOption
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
    record_json,
    spreadsheet,
    table,
)

if TYPE_CHECKING:
    from samling.domain.people import ParticipantRow

app = App(help="Participants: the people of the network.")


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help='Full name, e.g. "Bjørn Ødegård".')],
    email: Annotated[str, typer.Option("--email", "-e", help="Email address.")],
    org: Annotated[str | None, typer.Option("--org", "-o", help="Organization id or name.", show_default=False)] = None,
    language: Annotated[
        str | None,
        typer.Option(help="The person's own language (sv, nb, da, nl, en) if not the network's.", show_default=False),
    ] = None,
    diet: Annotated[str | None, typer.Option(help="Diet or allergies, e.g. vegetarian.", show_default=False)] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.", show_default=False)] = None,
    record_id: IdOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Add a participant. The id is made from the name (Bjørn Ødegård -> bjorn-odegard)."""
    from samling.domain.people import add_participant

    pid, person = add_participant(
        open_store(ctx, directory),
        name,
        email,
        organization=org,
        record_id=record_id,
        language=language,
        diet=diet,
        phone=phone,
    )
    if json:
        print_json(record_json(pid, person))
        return
    echo(f"Added participant {pid} ({person.name} <{person.email}>).")


@app.command("edit")
def edit(
    ctx: typer.Context,
    participant: Annotated[str, typer.Argument(help="Participant id, email or name.")],
    name: Annotated[str | None, option("--name", help="Full name (the id stays the same).")] = None,
    email: Annotated[str | None, option("--email", "-e", help="Email address (one person, one address).")] = None,
    organization: Annotated[
        str | None, option("--organization", "--org", "-o", help=f"Organization id or name; {EMPTY_REMOVES}.")
    ] = None,
    language: Annotated[
        str | None, option("--language", help=f"The person's own language (sv, nb, da, nl, en); {EMPTY_REMOVES}.")
    ] = None,
    diet: Annotated[str | None, option("--diet", help=f"Diet or allergies; {EMPTY_REMOVES}.")] = None,
    phone: Annotated[str | None, option("--phone", help=f"Phone number; {EMPTY_REMOVES}.")] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Change a participant; the id stays. Another participant's email address is refused."""
    from samling.domain.editing import edit_participant

    result = edit_participant(
        open_store(ctx, directory),
        participant,
        name=name,
        email=email,
        organization=organization,
        language=language,
        diet=diet,
        phone=phone,
    )
    print_record_edit("participant", result, json)


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The participant to keep (id, email or name).")],
    other: Annotated[str, typer.Argument(help="The participant whose record is merged into KEEP and removed.")],
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Merge two records of one person: OTHER's registrations, record of what was sent, questions,
    themes, action items, places in workshop groups and organization contacts move to KEEP, KEEP
    takes the fields it lacks, and OTHER is removed. A meeting where both are registered, or both
    were sent messages, is refused, and then nothing is changed."""
    from samling.domain.editing import merge_participants

    merged = merge_participants(open_store(ctx, directory), keep, other)
    if json:
        moved = {key: value for key, value in jsonable(merged).items() if key not in ("id", "participant")}
        print_json(record_json(merged.id, merged.participant) | moved)
        return
    echo(f"Merged {merged.merged} into {merged.id} ({merged.participant.name} <{merged.participant.email}>).")
    for label, items in (
        ("registrations", merged.registrations),
        ("sent/ records", merged.ledgers),
        ("questions", merged.questions),
        ("themes", merged.themes),
        ("action items", merged.actions),
        ("workshop groups", merged.groups),
        ("contact of", merged.organizations),
        ("fields taken", merged.fields),
    ):
        if items:
            echo(f"  {label}: {', '.join(items)}")
    echo(f"Removed participant {merged.merged}.")


@app.command("list")
def list_(
    ctx: typer.Context,
    org: Annotated[
        str | None, typer.Option("--org", "-o", help="Only this organization's participants.", show_default=False)
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    xlsx: XlsxOption = None,
    delimiter: DelimiterOption = None,
) -> None:
    """List the participants."""
    from samling.domain.people import list_participants

    one_output(json=json, csv=csv, xlsx=xlsx, delimiter=delimiter)
    store = open_store(ctx, directory)
    rows = list_participants(store, org)
    _print_people(rows, store.network.language, json=json, csv=csv, xlsx=xlsx, delimiter=delimiter)


def _print_people(
    rows: list[ParticipantRow], language: str, *, json: bool, csv: bool, xlsx: Path | None, delimiter: str | None
) -> None:
    from samling.outputs.spreadsheets import participants_sheet

    if json:
        print_json([record_json(r.id, r.participant) for r in rows])
        return
    if spreadsheet([participants_sheet(rows)], language=language, csv=csv, xlsx=xlsx, delimiter=delimiter):
        return
    grid = table("id", "name", "email", "organization")
    for r in rows:
        add_row(grid, r.id, r.participant.name, r.participant.email, r.organization_name)
    console().print(grid)
    echo(plural(len(rows), "participant"))


@app.command("find")
def find(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(help="Words of a name, email address or organization, in any order (oberg finds Öberg).")
    ],
    directory: DirOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    xlsx: XlsxOption = None,
    delimiter: DelimiterOption = None,
) -> None:
    """Find participants by part of their name, email address or organization: every word, in any
    order, ignoring case, accents and punctuation. Exit code 3 when nobody matches."""
    from samling.domain.people import search_participants

    one_output(json=json, csv=csv, xlsx=xlsx, delimiter=delimiter)
    store = open_store(ctx, directory)
    rows = search_participants(store, text)
    if not rows and not (json or csv or xlsx):
        echo(f"No participant's name, email address or organization holds {text!r}.")
    else:
        _print_people(rows, store.network.language, json=json, csv=csv, xlsx=xlsx, delimiter=delimiter)
    if not rows:
        raise typer.Exit(3)


@app.command("show")
def show(
    ctx: typer.Context,
    participant: Annotated[str, typer.Argument(help="Participant id, email or name.")],
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Show one participant and the meetings they registered for."""
    from samling.domain.people import participant_profile

    profile = participant_profile(open_store(ctx, directory), participant)
    data = record_json(profile.id, profile.participant)
    if json:
        print_json(data | {"registrations": jsonable(profile.registrations)})
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        if value is not None:
            echo(f"{key:<{width}}  {value}")
    for r in profile.registrations:
        came = {True: ", attended", False: ", absent"}.get(r.attended, "") if r.attended is not None else ""
        echo(f"{'meeting':<{width}}  {r.meeting} ({r.session}, {r.status}{came})")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="CSV or .xlsx file: a member list or a spreadsheet export.", dir_okay=False)
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")] = False,
    non_members: Annotated[
        bool, typer.Option("--non-members", help="Organizations created by this import are not members.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(help="File encoding (default: UTF-8 with or without BOM, else Windows-1252).", show_default=False),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(help="Column separator: ; or , or tab, comma, semicolon (default: guessed).", show_default=False),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help='Say what a column is: "Kolumn=field" (name, email, organization, diet, phone, ...) or '
            '"Kolumn=ignore"; repeatable.',
            show_default=False,
        ),
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Import participants from a CSV or .xlsx file; a known email address updates that person.

    Headers may be in any of the five languages or English, e.g. Namn;E-post;Bibliotek or
    Name,Email,Organization (also first and last name columns, language, diet, phone).
    Organizations named in the file are matched by name or id, or created.
    """
    from samling.imports.members import import_participants
    from samling.imports.tables import column_report

    plan = import_participants(
        open_store(ctx, directory),
        file,
        dry_run=dry_run,
        encoding=encoding,
        delimiter=delimiter,
        members=not non_members,
        mapping=mapping,
    )
    if json:
        print_json(
            {
                "dry_run": dry_run,
                "encoding": plan.table.encoding,
                "delimiter": plan.table.delimiter,
                "ignored_columns": plan.table.ignored,
                "not_needed_columns": plan.table.unused,
                "second_columns": jsonable(plan.table.seconds),
                "columns": plan.table.columns,
                "new_organizations": [record_json(oid, o) for oid, o in plan.new_organizations.items()],
                "changes": [
                    {
                        "line": c.line,
                        "action": c.action,
                        "changed": c.changed,
                        **record_json(c.participant_id, c.participant),
                    }
                    for c in plan.changes
                ],
            }
        )
        return
    for change in plan.changes:
        if change.action == "create":
            person = change.participant
            echo(f"line {change.line}: new {change.participant_id} ({person.name} <{person.email}>)")
        elif change.action == "update":
            echo(f"line {change.line}: update {change.participant_id}: {', '.join(change.changed)}")
    for oid, org_record in plan.new_organizations.items():
        echo(f"new organization {oid} ({org_record.name}, {'member' if org_record.member else 'non-member'})")
    for line in column_report(plan.table, "diet, phone, ..."):
        echo(line)
    if "organization" not in plan.table.columns and plan.count("create"):
        echo(
            f"Warning: no organization column: {plural(plan.count('create'), 'new participant')} without an "
            'organization (non-members when they register); name the column with --map "Column=organization"'
        )
    echo(
        f"{'Would import' if dry_run else 'Imported'}: {plan.count('create')} new, "
        f"{plan.count('update')} updated, {plan.count('unchanged')} unchanged, "
        f"{plural(len(plan.new_organizations), 'new organization')} ({plan.table.encoding}, "
        f"separator {plan.table.delimiter!r})."
    )
    if dry_run:
        echo("Nothing was written (--dry-run).")


@app.command("export")
def export(
    ctx: typer.Context,
    participant: Annotated[str, typer.Argument(help="Participant id, email or name.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the JSON to this file instead of printing it.", dir_okay=False),
    ] = None,
    directory: DirOption = None,
) -> None:
    """Everything the folder holds about one person, as JSON (the right of access): their record,
    their registrations, the questions they asked, the themes they suggested and what they were
    sent, in every meeting, and which other files name them (minutes, question texts)."""
    import json as json_module

    from samling.domain.privacy import personal_data

    data = personal_data(open_store(ctx, directory), participant)
    text = json_module.dumps(jsonable(data), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        print(text, end="")
        return
    from samling.domain.privacy import write_export

    write_export(output, text)
    echo(f"Wrote everything about {data.id} to {output}.")


@app.command("forget")
def forget(
    ctx: typer.Context,
    participant: Annotated[str, typer.Argument(help="Participant id, email or name.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Erase one person (the right to erasure): their record goes, their registrations stay but
    anonymous (organization, membership and fee kept), questions and themes lose their author, and
    what they were sent is removed. Files whose free text may still name them are listed to review."""
    from samling.domain.privacy import forget as forget_person

    store = open_store(ctx, directory)
    if not dry_run and not yes:
        from samling.errors import InvalidInput

        preview = forget_person(store, participant, dry_run=True)
        question = f"Erase {preview.name} <{preview.email}> ({preview.id}) from the network for good?"
        try:
            erase = typer.confirm(question)
        except typer.Abort:  # no answer (no terminal, end of input)
            erase = False
        if not erase:
            raise InvalidInput(
                "nothing was erased", "look first with --dry-run; give --yes to erase without being asked"
            )
    erasure = forget_person(store, participant, dry_run=dry_run)
    if json:
        print_json(erasure)
        return
    echo(f"{'Would forget' if dry_run else 'Forgot'} {erasure.name} <{erasure.email}> ({erasure.id}).")
    for path in erasure.removed:
        echo(f"{'would remove' if dry_run else 'removed'}: {path}")
    for moved in erasure.anonymized:
        given_up = " (their place was given up first)" if moved.unregistered else ""
        echo(f"{'would anonymize' if dry_run else 'anonymized'}: {moved.was} -> {moved.now}{given_up}")
        for pid in moved.promoted:
            echo(f"  promoted from the waitlist: {pid}")
    for cleared in erasure.cleared:
        echo(f"{'would clear' if dry_run else 'cleared'}: {cleared}")
    if erasure.review:
        echo("Review by hand; these files may still name them (free text is not rewritten):")
        for path in erasure.review:
            echo(f"  {path}")
    if dry_run:
        echo("Nothing was written (--dry-run).")
