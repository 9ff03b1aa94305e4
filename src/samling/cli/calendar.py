"""``samling ics``: calendar files for a meeting."""

from __future__ import annotations

import typer

from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import echo, plural, print_json


def ics(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Calendar files: one to publish (all sessions, no attendees) and a personal invitation per
    registered participant (METHOD:REQUEST), or a cancellation (METHOD:CANCEL) for those who
    unregistered or when the meeting is cancelled. In meetings/<id>/out/calendar/."""
    from samling.outputs.calendar import write_calendars

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    files = write_calendars(store, ref.id)
    if json:
        print_json(
            {
                "meeting": ref.id,
                "published": files.published,
                "sessions": files.sessions,
                "personal": {pid: {"path": path, "method": files.methods[pid]} for pid, path in files.personal.items()},
                "written": files.written,
            }
        )
        return
    echo(f"Calendar to publish: {files.published}")
    echo(
        f"One file per session (for a CalDAV server, or to import one event): {len(files.sessions)} in "
        f"{files.published.rsplit('/', 1)[0]}/sessions/"
    )
    requests = sum(1 for m in files.methods.values() if m == "REQUEST")
    echo(
        f"Personal: {plural(requests, 'invitation')}, {plural(len(files.methods) - requests, 'cancellation')}; "
        f"{plural(len(files.written), 'file')} written, the rest unchanged."
    )
