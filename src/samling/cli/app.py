"""The root command: ``samling [--dir D] [--debug] COMMAND``. Command groups are Typer apps of
their own modules, joined here with ``add_typer``; single commands are module-level functions,
registered here by name, so that this file is the table of contents of the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samling import __version__, env
from samling.cli import (
    agenda,
    calendar,
    close,
    groups,
    handouts,
    invite,
    meeting,
    meetings,
    network,
    org,
    outbox,
    participant,
    questions,
    registrations,
    remind,
    room,
    send,
    session,
    status,
    templates,
    themes,
    venue,
)
from samling.cli.boundary import App
from samling.cli.context import Options
from samling.cli.options import DIR_HELP

app = App(
    help="Organize the recurring meetings of a professional network from a folder of TOML files.", add_completion=False
)


def _version(value: bool) -> None:
    if value:
        print(f"samling {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    directory: Annotated[
        Path | None, typer.Option("--dir", "-C", help=DIR_HELP, show_default=False, file_okay=False)
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=f"Show tracebacks (or set {env.SAMLING_DEBUG}=1).")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    ctx.obj = Options(directory=directory, debug=debug)


# The network and its records
app.command("init")(network.init)
app.command("check")(network.check)
app.add_typer(org.app, name="org")
app.add_typer(participant.app, name="participant")
app.add_typer(venue.app, name="venue")
# Meetings
app.command("new")(meetings.new)
app.add_typer(session.app, name="session")
app.command("meetings")(meetings.meetings)
app.command("cancel")(meetings.cancel)
# Registration
app.command("register")(registrations.register)
app.command("unregister")(registrations.unregister)
app.command("admit")(registrations.admit)
app.command("attended")(registrations.attended)
app.command("absent")(registrations.absent)
app.add_typer(registrations.app, name="registrations")
app.command("status")(status.status)
# Questions and themes
app.command("ask")(questions.ask)
app.command("questions")(questions.questions)
app.add_typer(questions.app, name="question")
app.command("escalations")(questions.escalations)
app.command("followup")(agenda.followup)
app.add_typer(themes.app, name="theme")
app.command("themes")(themes.themes)
app.add_typer(agenda.app, name="agenda")
# The meeting room (issue 13, part A): decisions, action items, important dates
app.command("decide")(room.decide)
app.add_typer(room.action_app, name="action")
app.command("actions")(room.actions)
app.add_typer(room.date_app, name="date")
app.command("dates")(room.dates)
app.command("groups")(groups.groups)
app.add_typer(groups.app, name="group")
# What the organizer hands out
app.command("ics")(calendar.ics)
app.command("invite")(invite.invite)
app.command("list")(handouts.list_)
app.command("minutes")(handouts.minutes)
app.add_typer(templates.app, name="templates")
# History and each person's data (issue 10)
app.command("close")(close.close)
# Editing (issue 10)
# (`session edit|remove`, `org|participant|venue edit` and `participant merge` are in their groups)
app.add_typer(meeting.app, name="meeting")
# What each person is told
app.command("outbox")(outbox.outbox)
app.command("send")(send.send)
app.command("remind")(remind.remind)
app.command("decline")(remind.decline)


def main() -> None:
    import signal

    # `samling ... | head`: when the reader goes away, stop quietly, as cat and grep do.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app()
