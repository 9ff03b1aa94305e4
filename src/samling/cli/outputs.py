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
