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

#: ``--dir`` on every command (also accepted before the command: ``samling --dir X status``).
DirOption = Annotated[Path | None, typer.Option("--dir", "-C", help=DIR_HELP, show_default=False, file_okay=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
MeetingArgument = Annotated[str | None, typer.Argument(help=MEETING_HELP, show_default=False)]
MeetingOption = Annotated[str | None, typer.Option("--meeting", "-m", help=MEETING_HELP, show_default=False)]
ParticipantArgument = Annotated[str, typer.Argument(help="Participant id, email or name.")]
IdOption = Annotated[
    str | None,
    typer.Option("--id", help="Id (file name) to use instead of the one made from the name.", show_default=False),
]
