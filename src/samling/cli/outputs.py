"""``samling ics``, ``invite``, ``list``, ``minutes`` and ``templates``: what the organizer hands out."""

from __future__ import annotations

from typing import Annotated

import typer

from samling.cli.base import App, DirOption, JsonOption, MeetingArgument, echo, open_store, print_json


def register(app: App) -> None:
    @app.command()
    def ics(meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """Calendar files: one to publish (all sessions, no attendees) and a personal invitation per
        registered participant (METHOD:REQUEST), or a cancellation (METHOD:CANCEL) for those who
        unregistered or when the meeting is cancelled. In meetings/<id>/out/calendar/."""
        from samling.calendar import write_calendars
        from samling.meetings import resolve_meeting

        store = open_store(directory)
        ref = resolve_meeting(store, meeting)
        files = write_calendars(store, ref.id)
        if json:
            print_json({"meeting": ref.id, "published": files.published,
                        "personal": {pid: {"path": path, "method": files.methods[pid]} for pid, path in files.personal.items()},
                        "written": files.written})
            return
        echo(f"Calendar to publish: {files.published}")
        requests = sum(1 for m in files.methods.values() if m == "REQUEST")
        echo(f"Personal: {requests} invitation(s), {len(files.methods) - requests} cancellation(s); "
             f"{len(files.written)} file(s) written, the rest unchanged.")


def register_invite(app: App) -> None:
    @app.command()
    def invite(
        meeting: MeetingArgument = None,
        to: Annotated[str, typer.Option("--to", help="Personal invitations for: members (of member organizations), registered, or all.")] = "members",
        participant: Annotated[list[str] | None, typer.Option("--participant", "-p", help="Only these participants (repeatable).", show_default=False)] = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Invitations: a general one (invitation.md/.html/.ics) for the mailing list, and per
        recipient a personal .md, .html, .ics (METHOD:REQUEST) and a ready-to-send .eml, in their
        language. In meetings/<id>/out/invitations/."""
        import sys

        from samling.directory import find_participant
        from samling.errors import InvalidInput
        from samling.invite import invite as run
        from samling.meetings import resolve_meeting

        if to not in ("members", "registered", "all"):
            raise InvalidInput(f"--to {to!r} is not one of members, registered, all")
        store = open_store(directory)
        ref = resolve_meeting(store, meeting)
        only = [find_participant(store, p) for p in participant] if participant else None
        if sys.stdout.isatty() and not json:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Invitations", total=None)
                result = run(store, ref.id, audience=to, only=only,  # type: ignore[arg-type]
                             progress=lambda n, total: bar.update(task, completed=n, total=total))
        else:
            result = run(store, ref.id, audience=to, only=only)  # type: ignore[arg-type]
        if json:
            print_json({"meeting": ref.id, "general": result.general, "personal": result.personal, "written": result.written})
            return
        echo(f"General invitation: {result.general['md']} (also .html, .ics)")
        echo(f"Personal invitations: {len(result.personal)} ({to}), each .md, .html, .ics and .eml; "
             f"{result.written} file(s) written, the rest unchanged.")
