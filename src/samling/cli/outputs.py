"""``samling ics``, ``invite``, ``list``, ``minutes`` and ``templates``: what the organizer hands out."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.base import (
    App,
    DirOption,
    JsonOption,
    MeetingArgument,
    echo,
    open_meeting,
    open_store,
    print_json,
)


def register(app: App) -> None:
    @app.command()
    def ics(meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """Calendar files: one to publish (all sessions, no attendees) and a personal invitation per
        registered participant (METHOD:REQUEST), or a cancellation (METHOD:CANCEL) for those who
        unregistered or when the meeting is cancelled. In meetings/<id>/out/calendar/."""
        from samling.outputs.calendar import write_calendars

        store, ref = open_meeting(directory, meeting)
        files = write_calendars(store, ref.id)
        if json:
            print_json({"meeting": ref.id, "published": files.published, "sessions": files.sessions,
                        "personal": {pid: {"path": path, "method": files.methods[pid]} for pid, path in files.personal.items()},
                        "written": files.written})
            return
        echo(f"Calendar to publish: {files.published}")
        echo(f"One file per session (for a CalDAV server, or to import one event): {len(files.sessions)} in "
             f"{files.published.rsplit('/', 1)[0]}/sessions/")
        requests = sum(1 for m in files.methods.values() if m == "REQUEST")
        echo(f"Personal: {requests} invitation(s), {len(files.methods) - requests} cancellation(s); "
             f"{len(files.written)} file(s) written, the rest unchanged.")


def register_invite(app: App) -> None:
    @app.command()
    def invite(
        meeting: MeetingArgument = None,
        to: Annotated[str, typer.Option("--to", help="Personal invitations for: members (of member organizations), registered, or all.")] = "members",
        participant: Annotated[list[str] | None, typer.Option("--participant", "-p", help="Only these participants (repeatable).", show_default=False)] = None,
        session: Annotated[str | None, typer.Option("--session", "-s", help="Invite to this session only (east or west): one event per calendar.", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Invitations: a general one (invitation.md/.html/.ics) for the mailing list, and per
        recipient a personal .md, .html, .ics (METHOD:REQUEST) and a ready-to-send .eml, in their
        language. In meetings/<id>/out/invitations/."""
        import sys

        from samling.domain.people import find_participant
        from samling.errors import InvalidInput
        from samling.outputs.invitations import invite as run

        if to not in ("members", "registered", "all"):
            raise InvalidInput(f"--to {to!r} is not one of members, registered, all")
        store, ref = open_meeting(directory, meeting)
        only = [find_participant(store, p) for p in participant] if participant else None
        if sys.stdout.isatty() and not json:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Invitations", total=None)
                result = run(store, ref.id, audience=to, only=only, session=session,  # type: ignore[arg-type]
                             progress=lambda n, total: bar.update(task, completed=n, total=total))
        else:
            result = run(store, ref.id, audience=to, only=only, session=session)  # type: ignore[arg-type]
        if json:
            print_json({"meeting": ref.id, "general": result.general, "personal": result.personal, "written": result.written})
            return
        echo(f"General invitation: {result.general['md']} (also .html, .ics)")
        echo(f"Personal invitations: {len(result.personal)} ({to}), each .md, .html, .ics and .eml; "
             f"{result.written} file(s) written, the rest unchanged.")


def register_handouts(app: App) -> None:
    @app.command("list")
    def list_command(
        meeting: MeetingArgument = None,
        session: Annotated[str | None, typer.Option("--session", "-s", help="Only this session.", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """The participant list for the presentation round (grouped by organization, on site or
        online), printable name badges and the catering order, in meetings/<id>/out/list/.
        Prints the list."""
        from samling.outputs.handouts import write_list

        store, ref = open_meeting(directory, meeting)
        result = write_list(store, ref.id, session)
        if json:
            print_json({"meeting": ref.id, "participants": result.participants, "badges": result.badges,
                        "catering": result.catering, "written": result.written,
                        "sessions": [{"id": s["id"], "date": s["date"].isoformat(), "on_site": s["on_site"],
                                      "online": s["online"], "people": s["people"],
                                      "special_diets": dict(s["special_diets"])} for s in result.sessions]})
            return
        print((store.root / result.participants).read_text(encoding="utf-8"), end="")
        echo("")
        echo(f"Written: {result.participants}, {result.badges} (print it), {result.catering}")

    @app.command()
    def minutes(
        meeting: MeetingArgument = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite minutes.md even if you have edited it (your text is kept in out/minutes.replaced.md).")] = False,
        print_only: Annotated[bool, typer.Option("--print", help="Print the template; write nothing.")] = False,
        directory: DirOption = None,
    ) -> None:
        """The minutes template in the meeting's language, written once to meetings/<id>/minutes.md:
        date and place, who was present and who sent regrets, the agenda with the questions under
        it and places for discussion, decisions and action items, the themes with their votes, the
        next meeting. Your own text in minutes.md is never overwritten without --force."""
        from samling.outputs.handouts import render_minutes, write_minutes

        store, ref = open_meeting(directory, meeting)
        if print_only:
            print(render_minutes(store, ref.id), end="")
            return
        path, state = write_minutes(store, ref.id, force=force)
        where = path.relative_to(store.root).as_posix()
        echo({"written": f"Wrote {where}; it is yours to edit now.",
              "updated": f"Updated {where} (you had not edited it).",
              "replaced": f"Replaced {where}; your earlier text is in out/minutes.replaced.md.",
              "unchanged": f"{where} is up to date."}[state])

    templates = App(help="The texts samling writes, and your own versions of them.")
    app.add_typer(templates, name="templates")

    @templates.command("list")
    def templates_list(directory: DirOption = None, json: JsonOption = False) -> None:
        """Every template, per language, and which ones the network has its own version of."""
        from samling.outputs.overrides import list_templates

        rows = list_templates(open_store(directory))
        if json:
            print_json(rows)
            return
        for row in rows:
            own = "  (own version)" if row["overridden"] else ""
            echo(f"{row['language']}/{row['name']}{own}")

    @templates.command("copy")
    def templates_copy(
        name: Annotated[str, typer.Argument(help="Template name, e.g. invitation.md.j2 (or invitation.md).")],
        language: Annotated[str | None, typer.Option("--language", "-l", help="Language (default: the network's); 'all' for every one.", show_default=False)] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite your own version.")] = False,
        directory: DirOption = None,
    ) -> None:
        """Start your own version of a template in the network's templates/ folder; samling uses it
        from then on instead of the packaged one."""
        from samling.outputs.overrides import copy_template

        store = open_store(directory)
        for path in copy_template(store, name, language, force=force):
            echo(f"Copied to {path.relative_to(store.root).as_posix()}; edit it there.")
