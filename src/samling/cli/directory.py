"""``samling org``, ``samling participant`` and ``samling venue``: the network's people and places."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samling.cli.base import (
    App,
    DirOption,
    JsonOption,
    add_row,
    console,
    echo,
    open_store,
    print_json,
    record_json,
    table,
)

IdOption = Annotated[str | None, typer.Option("--id", help="Id (file name) to use instead of the one made from the name.", show_default=False)]


def _show(record_id: str, record: object, json: bool) -> None:
    data = record_json(record_id, record)
    if json:
        print_json(data)
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        if value not in (None, [], {}):
            echo(f"{key:<{width}}  {value}")


def register(app: App) -> None:
    orgs = App(help="Member organizations (and non-members from the sector).")
    people = App(help="Participants: the people of the network.")
    venues = App(help="Venues where sessions are held.")
    app.add_typer(orgs, name="org")
    app.add_typer(people, name="participant")
    app.add_typer(venues, name="venue")

    # --- organizations

    @orgs.command("add")
    def org_add(
        name: Annotated[str, typer.Argument(help="The organization's name.")],
        member: Annotated[bool, typer.Option("--member/--non-member", help="Member of the network, or another organization from the sector.")] = True,
        email: Annotated[str | None, typer.Option(help="A general email address.", show_default=False)] = None,
        contact: Annotated[str | None, typer.Option(help="Contact person (participant id or email).", show_default=False)] = None,
        city: Annotated[str | None, typer.Option(help="City.", show_default=False)] = None,
        record_id: IdOption = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Add an organization."""
        from samling.domain.people import add_organization

        org_id, org = add_organization(open_store(directory), name, record_id=record_id, member=member,
                                       email=email, contact=contact, city=city)
        if json:
            print_json(record_json(org_id, org))
            return
        echo(f"Added organization {org_id} ({org.name}, {'member' if org.member else 'non-member'}).")

    @orgs.command("list")
    def org_list(directory: DirOption = None, json: JsonOption = False) -> None:
        """List the organizations, with how many participants each has."""
        store = open_store(directory)
        records = store.organizations.load_all()
        counts: dict[str, int] = {}
        for person in store.participants.load_all().values():
            if person.organization:
                counts[person.organization] = counts.get(person.organization, 0) + 1
        if json:
            print_json([record_json(oid, org) | {"participants": counts.get(oid, 0)} for oid, org in records.items()])
            return
        grid = table("id", "name", "member", "participants", "city")
        for oid, org in records.items():
            add_row(grid, oid, org.name, "yes" if org.member else "no", counts.get(oid, 0), org.city)
        console().print(grid)

    @orgs.command("show")
    def org_show(org: Annotated[str, typer.Argument(help="Organization id or name.")], directory: DirOption = None, json: JsonOption = False) -> None:
        """Show one organization."""
        from samling.domain.people import find_organization

        store = open_store(directory)
        org_id = find_organization(store, org)
        _show(org_id, store.organizations.load(org_id), json)

    # --- participants

    @people.command("add")
    def participant_add(
        name: Annotated[str, typer.Argument(help="Full name, e.g. \"Bjørn Ødegård\".")],
        email: Annotated[str, typer.Option("--email", "-e", help="Email address.")],
        org: Annotated[str | None, typer.Option("--org", "-o", help="Organization id or name.", show_default=False)] = None,
        language: Annotated[str | None, typer.Option(help="The person's own language (sv, nb, da, nl, en) if not the network's.", show_default=False)] = None,
        diet: Annotated[str | None, typer.Option(help="Diet or allergies, e.g. vegetarian.", show_default=False)] = None,
        phone: Annotated[str | None, typer.Option(help="Phone number.", show_default=False)] = None,
        record_id: IdOption = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Add a participant. The id is made from the name (Bjørn Ødegård -> bjorn-odegard)."""
        from samling.domain.people import add_participant

        pid, person = add_participant(open_store(directory), name, email, organization=org, record_id=record_id,
                                      language=language, diet=diet, phone=phone)
        if json:
            print_json(record_json(pid, person))
            return
        echo(f"Added participant {pid} ({person.name} <{person.email}>).")

    @people.command("list")
    def participant_list(
        org: Annotated[str | None, typer.Option("--org", "-o", help="Only this organization's participants.", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """List the participants."""
        from samling.domain.people import find_organization

        store = open_store(directory)
        records = store.participants.load_all()
        if org:
            org_id = find_organization(store, org)
            records = {pid: p for pid, p in records.items() if p.organization == org_id}
        if json:
            print_json([record_json(pid, p) for pid, p in records.items()])
            return
        names = {oid: o.name for oid, o in store.organizations.load_all().items()}
        grid = table("id", "name", "email", "organization")
        for pid, person in records.items():
            add_row(grid, pid, person.name, person.email, names.get(person.organization or "", person.organization))
        console().print(grid)
        echo(f"{len(records)} participant{'s' if len(records) != 1 else ''}")

    @people.command("show")
    def participant_show(
        participant: Annotated[str, typer.Argument(help="Participant id, email or name.")],
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Show one participant and the meetings they registered for."""
        from samling.domain.people import find_participant

        store = open_store(directory)
        pid = find_participant(store, participant)
        data = record_json(pid, store.participants.load(pid))
        data["registrations"] = [
            {"meeting": mid, "session": r.session, "status": r.status, "attended": r.attended}
            for mid in store.meeting_ids()
            if (r := _registration(store, mid, pid)) is not None
        ]
        if json:
            print_json(data)
            return
        registrations = data.pop("registrations")
        width = max(len(k) for k in data)
        for key, value in data.items():
            if value is not None:
                echo(f"{key:<{width}}  {value}")
        for r in registrations:
            came = {True: ", attended", False: ", absent"}.get(r["attended"], "")
            echo(f"{'meeting':<{width}}  {r['meeting']} ({r['session']}, {r['status']}{came})")

    @people.command("import")
    def participant_import(
        file: Annotated[Path, typer.Argument(help="CSV file: a member list or a spreadsheet export.", dir_okay=False)],
        dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")] = False,
        non_members: Annotated[bool, typer.Option("--non-members", help="Organizations created by this import are not members.")] = False,
        encoding: Annotated[str | None, typer.Option(help="File encoding (default: UTF-8 with or without BOM, else Windows-1252).", show_default=False)] = None,
        delimiter: Annotated[str | None, typer.Option(help="Column separator (default: guessed from ; , or tab).", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Import participants from a CSV file; a known email address updates that person.

        Headers may be in any of the five languages or English, e.g. Namn;E-post;Bibliotek or
        Name,Email,Organization (also first and last name columns, language, diet, phone).
        Organizations named in the file are matched by name or id, or created.
        """
        from samling.imports.members import import_participants

        store = open_store(directory)
        plan = import_participants(store, file, dry_run=dry_run, encoding=encoding, delimiter=delimiter,
                                   members=not non_members)
        if json:
            print_json({
                "dry_run": dry_run,
                "encoding": plan.table.encoding,
                "delimiter": plan.table.delimiter,
                "ignored_columns": plan.table.ignored,
                "new_organizations": [record_json(oid, o) for oid, o in plan.new_organizations.items()],
                "changes": [{"line": c.line, "action": c.action, "changed": c.changed,
                             **record_json(c.participant_id, c.participant)} for c in plan.changes],
            })
            return
        verb = "Would" if dry_run else "Did"
        for change in plan.changes:
            if change.action == "create":
                echo(f"line {change.line}: new {change.participant_id} ({change.participant.name} <{change.participant.email}>)")
            elif change.action == "update":
                echo(f"line {change.line}: update {change.participant_id}: {', '.join(change.changed)}")
        for oid, org_record in plan.new_organizations.items():
            echo(f"new organization {oid} ({org_record.name}, {'member' if org_record.member else 'non-member'})")
        if plan.table.ignored:
            echo(f"ignored columns: {', '.join(plan.table.ignored)}")
        echo(f"{verb.replace('Did', 'Imported')}{' import' if dry_run else ''}: {plan.count('create')} new, "
             f"{plan.count('update')} updated, {plan.count('unchanged')} unchanged, "
             f"{len(plan.new_organizations)} new organizations ({plan.table.encoding}, "
             f"separator {plan.table.delimiter!r}).")
        if dry_run:
            echo("Nothing was written (--dry-run).")

    # --- venues

    @venues.command("add")
    def venue_add(
        name: Annotated[str, typer.Argument(help="The venue's name.")],
        address: Annotated[str | None, typer.Option(help="Street address.", show_default=False)] = None,
        city: Annotated[str | None, typer.Option(help="City.", show_default=False)] = None,
        capacity: Annotated[int | None, typer.Option(help="Seats in the room.", show_default=False)] = None,
        directions: Annotated[str | None, typer.Option(help="How to get there (bus, train, parking).", show_default=False)] = None,
        accessibility: Annotated[str | None, typer.Option(help="Step-free access, hearing loop, ...", show_default=False)] = None,
        record_id: IdOption = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Add a venue."""
        from samling.domain.people import add_venue

        venue_id, venue = add_venue(open_store(directory), name, record_id=record_id, address=address, city=city,
                                    capacity=capacity, directions=directions, accessibility=accessibility)
        if json:
            print_json(record_json(venue_id, venue))
            return
        echo(f"Added venue {venue_id} ({venue.name}).")

    @venues.command("list")
    def venue_list(directory: DirOption = None, json: JsonOption = False) -> None:
        """List the venues."""
        records = open_store(directory).venues.load_all()
        if json:
            print_json([record_json(vid, v) for vid, v in records.items()])
            return
        grid = table("id", "name", "address", "city", "capacity")
        for vid, venue in records.items():
            add_row(grid, vid, venue.name, venue.address, venue.city, venue.capacity)
        console().print(grid)

    @venues.command("show")
    def venue_show(venue: Annotated[str, typer.Argument(help="Venue id or name.")], directory: DirOption = None, json: JsonOption = False) -> None:
        """Show one venue."""
        from samling.domain.people import find_venue

        store = open_store(directory)
        venue_id = find_venue(store, venue)
        _show(venue_id, store.venues.load(venue_id), json)


def _registration(store: object, mid: str, pid: str) -> object:
    collection = store.registrations(mid)  # type: ignore[attr-defined]
    return collection.load(pid) if collection.exists(pid) else None
