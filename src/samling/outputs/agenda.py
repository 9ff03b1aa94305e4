"""The agenda as the big screen shows it, in the meeting's language: printed in the terminal
(``agenda.md.j2``), or as a page to show from the back of a room (``agenda.html.j2``): large
type, one item per screen with links to the next and the previous, the arrow keys to move."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from samling.domain.agenda import Agenda, AgendaQuestion, agenda_data
from samling.outputs.templates import render
from samling.store import Store, write_atomic


def render_agenda(store: Store, meeting_id: str) -> tuple[Agenda, str]:
    data = agenda_data(store, meeting_id)
    return data, render(store.root, "agenda.md.j2", store.network.language, **vars(data))


@dataclass
class Slide:
    """One screen of the agenda page: a fixed item, a question, or the open action items."""

    id: str  # its anchor: item-1, question-4, actions
    kind: Literal["item", "question", "actions"]
    number: int  # the item's or the question's number (0 for the action items)
    title: str  # what the overview lists
    topic: str | None = None  # a question's topic ("" for one without)
    question: AgendaQuestion | None = None


def slides(data: Agenda) -> list[Slide]:
    """The screens after the overview, in the order of the meeting."""
    result = [Slide(f"item-{n}", "item", n, text) for n, text in enumerate(data.meeting.agenda, 1)]
    for topic, group in data.groups:
        result += [Slide(f"question-{q.number}", "question", q.number, q.text or "", topic or "", q) for q in group]
    if data.actions:
        result.append(Slide("actions", "actions", 0, ""))
    return result


def render_agenda_page(store: Store, meeting_id: str) -> tuple[Agenda, str]:
    data = agenda_data(store, meeting_id)
    html = render(store.root, "agenda.html.j2", store.network.language, **vars(data), slides=slides(data))
    return data, html


def write_agenda_page(store: Store, meeting_id: str) -> tuple[Path, bool]:
    """Write ``meetings/<id>/out/agenda.html``; returns its path and whether it changed."""
    _, html = render_agenda_page(store, meeting_id)
    path = store.meeting_folder(meeting_id) / "out" / "agenda.html"
    data = html.encode("utf-8")
    with store.lock(meeting_id):  # which also refuses a link among the meeting's outputs
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            return path, False
        write_atomic(path, data)
    return path, True
