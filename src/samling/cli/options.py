"""Options and arguments that several commands share, spelled once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DIR_HELP = "The network folder (default: $SAMLING_DIR, then the current folder and its parents)."
MEETING_HELP = (
    "Meeting id, its start, or the date of one of its sessions (default: the next meeting; for what "
    "happened, the one held most recently)."
)
#: For a command about what happened at a meeting (``open_meeting(..., held=True)``).
HELD_MEETING_HELP = (
    "Meeting id, its start, or the date of one of its sessions (default: the meeting held most "
    "recently, until the next one begins; before any was held, the next one)."
)

#: ``--dir`` on every command (also accepted before the command: ``samling --dir X status``).
DirOption = Annotated[Path | None, typer.Option("--dir", "-C", help=DIR_HELP, show_default=False, file_okay=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
# The meeting as an argument (``samling status MEETING``) or an option (``-m MEETING``); a command
# that takes both passes both to ``open_meeting``, which makes them agree.
MeetingArgument = Annotated[str | None, typer.Argument(help=MEETING_HELP, show_default=False, metavar="MEETING")]
MeetingOption = Annotated[
    str | None, typer.Option("--meeting", "-m", help=MEETING_HELP, show_default=False, metavar="MEETING")
]
HeldMeetingArgument = Annotated[
    str | None, typer.Argument(help=HELD_MEETING_HELP, show_default=False, metavar="MEETING")
]
HeldMeetingOption = Annotated[
    str | None, typer.Option("--meeting", "-m", help=HELD_MEETING_HELP, show_default=False, metavar="MEETING")
]
#: ``-m`` on a command that also takes MEETING as its argument, so that every command takes ``-m``.
MeetingAlsoOption = Annotated[
    str | None,
    typer.Option(
        "--meeting", "-m", help="The meeting, as MEETING (either will do).", show_default=False, metavar="MEETING"
    ),
]
ParticipantArgument = Annotated[str, typer.Argument(help="Participant id, email or name.", metavar="PARTICIPANT")]
IdOption = Annotated[
    str | None,
    typer.Option("--id", help="Id (file name) to use instead of the one made from the name.", show_default=False),
]
