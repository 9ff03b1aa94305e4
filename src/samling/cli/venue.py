"""``samling venue``: the places where sessions are held."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.boundary import App
from samling.cli.context import open_store
from samling.cli.meeting import EMPTY_REMOVES, option, print_record_edit
from samling.cli.options import DirOption, IdOption, JsonOption
from samling.cli.printing import (
    add_row,
    console,
    echo,
    print_json,
    record_json,
    show_record,
    table,
)

app = App(help="Venues where sessions are held.")


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The venue's name.")],
    address: Annotated[str | None, typer.Option(help="Street address.", show_default=False)] = None,
    city: Annotated[str | None, typer.Option(help="City.", show_default=False)] = None,
    capacity: Annotated[int | None, typer.Option(help="Seats in the room.", show_default=False)] = None,
    directions: Annotated[
        str | None, typer.Option(help="How to get there (bus, train, parking).", show_default=False)
    ] = None,
    accessibility: Annotated[
        str | None, typer.Option(help="Step-free access, hearing loop, ...", show_default=False)
    ] = None,
    record_id: IdOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Add a venue."""
    from samling.domain.people import add_venue

    venue_id, venue = add_venue(
        open_store(ctx, directory),
        name,
        record_id=record_id,
        address=address,
        city=city,
        capacity=capacity,
        directions=directions,
        accessibility=accessibility,
    )
    if json:
        print_json(record_json(venue_id, venue))
        return
    echo(f"Added venue {venue_id} ({venue.name}).")


@app.command("list")
def list_(ctx: typer.Context, directory: DirOption = None, json: JsonOption = False) -> None:
    """List the venues."""
    from samling.domain.people import list_venues

    venues = list_venues(open_store(ctx, directory))
    if json:
        print_json([record_json(vid, v) for vid, v in venues.items()])
        return
    grid = table("id", "name", "address", "city", "capacity")
    for vid, venue in venues.items():
        add_row(grid, vid, venue.name, venue.address, venue.city, venue.capacity)
    console().print(grid)


@app.command("show")
def show(
    ctx: typer.Context,
    venue: Annotated[str, typer.Argument(help="Venue id or name.")],
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Show one venue."""
    from samling.domain.people import get_venue

    show_record(*get_venue(open_store(ctx, directory), venue), json=json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    venue: Annotated[str, typer.Argument(help="Venue id or name.")],
    name: Annotated[str | None, option("--name", help="The venue's name (its id stays the same).")] = None,
    address: Annotated[str | None, option("--address", help=f"Street address; {EMPTY_REMOVES}.")] = None,
    city: Annotated[str | None, option("--city", help=f"City; {EMPTY_REMOVES}.")] = None,
    capacity: Annotated[
        str | None, option("--capacity", help=f"Seats in the room; {EMPTY_REMOVES}.", metavar="N")
    ] = None,
    directions: Annotated[
        str | None, option("--directions", help=f"How to get there (bus, train, parking); {EMPTY_REMOVES}.")
    ] = None,
    accessibility: Annotated[
        str | None, option("--accessibility", help=f"Step-free access, hearing loop, ...; {EMPTY_REMOVES}.")
    ] = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Change a venue; its id stays. Who holds a seat in a session there gets an update in
    `samling outbox` when what their calendar shows changes (name, address, directions)."""
    from samling.domain.editing import edit_venue

    result = edit_venue(
        open_store(ctx, directory),
        venue,
        name=name,
        address=address,
        city=city,
        capacity=capacity,
        directions=directions,
        accessibility=accessibility,
    )
    print_record_edit("venue", result, json)
