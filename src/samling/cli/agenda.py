"""``samling agenda`` and ``samling followup``: the meeting's questions on the big screen, and the
answers sent back afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samling.cli.boundary import App, ListingGroup
from samling.cli.context import open_meeting
from samling.cli.options import DirOption, JsonOption, MeetingAlsoOption, MeetingArgument
from samling.cli.printing import echo, jsonable, plural, print_json


class AgendaGroup(ListingGroup):
    """``samling agenda [MEETING] [OPTIONS]`` is ``samling agenda show``."""

    default_command = "show"


app = App(
    cls=AgendaGroup,
    no_args_is_help=False,
    help="A meeting's agenda: `samling agenda [MEETING] [OPTIONS]` shows it (it is `samling agenda show`; "
    "see `samling agenda show --help`), `samling agenda pull [MEETING]` carries onto it what is unfinished "
    "from earlier meetings.",
)


@app.command("show")
def show(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    html: Annotated[
        bool,
        typer.Option(
            "--html",
            help="Write meetings/<id>/out/agenda.html: a page for the big screen, one item at a time in large "
            "type (the arrow keys move), in the meeting's language.",
        ),
    ] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """The agenda for the big screen: the fixed items, then the questions grouped by topic,
    carried-over escalations marked, then the action items still open from earlier meetings. In
    the network's language."""
    from samling.outputs.agenda import render_agenda, write_agenda_page

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    data, text = render_agenda(store, ref.id)
    page = write_agenda_page(store, ref.id) if html else None
    where = page[0].relative_to(store.root).as_posix() if page else None
    if json:
        print_json(
            {
                "meeting": ref.id,
                "title": data.meeting.title,
                # what the text and the page show first; times as the meeting's records write them
                "sessions": [
                    {**jsonable(s), "start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}"} for s in data.sessions
                ],
                "online_link": data.meeting.online_link,
                "agenda": data.meeting.agenda,
                "topics": [{"topic": t, "questions": g} for t, g in data.groups],
                "actions": [{"ref": a.ref, **jsonable(a)} for a in data.actions],
                **({"html": where, "written": page[1]} if page else {}),
            }
        )
        return
    if page:
        echo(f"Wrote {where}: open it in a browser on the big screen." if page[1] else f"{where} is up to date.")
        return
    print(text, end="")


@app.command("pull")
def pull(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    no_themes: Annotated[
        bool, typer.Option("--no-themes", help="Do not add the previous meeting's top-voted themes as agenda items.")
    ] = False,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Carry onto a meeting, whenever it was created, what is unfinished from earlier meetings:
    open questions not reached at a meeting that is over, escalations still waiting for an answer
    (as links to the original), and the previous meeting's top-voted themes as agenda items. Each
    once: pulling again adds nothing already there. Open action items show on the agenda until
    done."""
    from samling.domain.agenda import pull as run

    store, ref = open_meeting(ctx, directory, meeting, option=meeting_option)
    pulled = run(store, ref.id, themes=not no_themes)
    if json:
        print_json(
            {
                "meeting": ref.id,
                "questions": jsonable(pulled.questions),
                "themes_from": pulled.themes_from,
                "themes": pulled.themes,
                "actions": [a.ref for a in pulled.actions],
            }
        )
        return
    for q in pulled.questions:
        why = "escalated, waiting for an answer" if q.status == "escalated" else "not reached"
        echo(f"Question {q.number}: {q.text} (from {q.origin}; {why})")
    if pulled.themes:
        echo(f"Agenda items from the themes voted for at {pulled.themes_from}: " + "; ".join(pulled.themes))
    if not pulled.changed:
        echo(f"Nothing new to carry onto {ref.id}.")
    else:
        echo(
            f"Carried onto {ref.id}: {plural(len(pulled.questions), 'question')}, "
            f"{plural(len(pulled.themes), 'agenda item')} (see `samling agenda {ref.id}`)."
        )
    if pulled.actions:
        echo(f"{plural(len(pulled.actions), 'action item')} of earlier meetings on its agenda until done.")


def followup(
    ctx: typer.Context,
    meeting: MeetingArgument = None,
    meeting_option: MeetingAlsoOption = None,
    directory: DirOption = None,
    json: JsonOption = False,
) -> None:
    """Write the answers back: a message per participant who asked, and a digest for everyone
    (members who were absent included), in meetings/<id>/out/followup/; and make them due in the
    outbox, one message each, for `samling send` to send."""
    from samling.domain.mailings import request_mailing
    from samling.domain.outbox import outbox
    from samling.outputs.followup import followup as run

    store, ref = open_meeting(ctx, directory, meeting, held=True, option=meeting_option)
    result = run(store, ref.id)
    digest = result.digest.read_text(encoding="utf-8") if result.digest else ""
    personal = "".join(p.read_text(encoding="utf-8") for p in result.personal.values())
    request_mailing(store, ref.id, "followup", digest + personal)
    due = len(outbox(store, ref.id, kinds=["followup"]).due)

    def rel(path: Path) -> str:
        return path.relative_to(store.root).as_posix()

    if json:
        print_json(
            {
                "meeting": ref.id,
                "digest": rel(result.digest) if result.digest else None,
                "personal": {k: rel(v) for k, v in result.personal.items()},
                "recipients": result.recipients,
                "written": [rel(p) for p in result.written],
                "due": due,
            }
        )
        return
    echo(f"Follow-up for {ref.id} in {rel(result.folder)}:")
    echo(f"  digest.md for {plural(len(result.recipients), 'recipient')} (recipients.csv)")
    echo(f"  {plural(len(result.personal), 'personal message')}: " + ", ".join(f"{p}.md" for p in result.personal))
    echo(f"  {plural(len(result.written), 'file')} written, the rest unchanged")
    echo(f"  {plural(due, 'message')} due: `samling send` sends them (`samling outbox --kind followup` lists them).")
