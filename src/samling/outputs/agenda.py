"""The agenda as the big screen shows it, in the network's language."""

from __future__ import annotations

from samling.domain.agenda import Agenda, agenda_data
from samling.outputs.templates import render
from samling.store import Store


def render_agenda(store: Store, meeting_id: str) -> tuple[Agenda, str]:
    data = agenda_data(store, meeting_id)
    return data, render(store.root, "agenda.md.j2", store.network.language, **vars(data))
