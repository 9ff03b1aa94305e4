"""``samling org``: member organizations, and non-members from the sector."""

from __future__ import annotations

from typing import Annotated

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
    one_output,
    print_json,
    record_json,
    show_record,
    spreadsheet,
    table,
)

app = App(help="Member organizations (and non-members from the sector).")


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The organization's name.")],
    member: Annotated[
        bool,
        typer.Option("--member/--non-member", help="Member of the network, or another organization from the sector."),
    ] = True,
    email: Annotated[str | None, typer.Option(help="A general email address.", show_default=False)] = None,
    contact: Annotated[
        str | None, typer.Option(help="Contact person (participant id or email).", show_default=False)
    ] = None,
    city: Annotated[str | None, typer.Option(help="City.", show_default=False)] = None,
    record_id: IdOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Add an organization."""
    from samling.domain.people import add_organization

    org_id, org = add_organization(
        open_store(ctx, directory), name, record_id=record_id, member=member, email=email, contact=contact, city=city
    )
    if json:
        print_json(record_json(org_id, org))
        return
    echo(f"Added organization {org_id} ({org.name}, {'member' if org.member else 'non-member'}).")


@app.command("list")
def list_(
    ctx: typer.Context,
    directory: DirOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    xlsx: XlsxOption = None,
    delimiter: DelimiterOption = None,
) -> None:
    """List the organizations, with how many participants each has."""
    from samling.domain.people import list_organizations
    from samling.outputs.spreadsheets import organizations_sheet

    one_output(json=json, csv=csv, xlsx=xlsx, delimiter=delimiter)
    store = open_store(ctx, directory)
    rows = list_organizations(store)
    if json:
        print_json([record_json(r.id, r.organization) | {"participants": r.participants} for r in rows])
        return
    sheets = [organizations_sheet(rows)]
    if spreadsheet(sheets, language=store.network.language, csv=csv, xlsx=xlsx, delimiter=delimiter):
        return
    grid = table("id", "name", "member", "participants", "city")
    for r in rows:
        add_row(
            grid,
            r.id,
            r.organization.name,
            "yes" if r.organization.member else "no",
            r.participants,
            r.organization.city,
        )
    console().print(grid)


@app.command("show")
def show(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="Organization id or name.")],
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Show one organization."""
    from samling.domain.people import get_organization

    show_record(*get_organization(open_store(ctx, directory), org), json=json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="Organization id or name.")],
    name: Annotated[str | None, option("--name", help="The organization's name (its id stays the same).")] = None,
    member: Annotated[
        bool | None,
        typer.Option(
            "--member/--non-member",
            help="Member of the network, or another organization from the sector.",
            show_default=False,
        ),
    ] = None,
    email: Annotated[str | None, option("--email", help=f"A general email address; {EMPTY_REMOVES}.")] = None,
    contact: Annotated[
        str | None, option("--contact", help=f"Contact person (participant id, email or name); {EMPTY_REMOVES}.")
    ] = None,
    city: Annotated[str | None, option("--city", help=f"City; {EMPTY_REMOVES}.")] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Change an organization; its id stays. Membership decides who goes first and who is free."""
    from samling.domain.editing import edit_organization

    result = edit_organization(
        open_store(ctx, directory), org, name=name, member=member, email=email, contact=contact, city=city
    )
    print_record_edit("organization", result, json)
