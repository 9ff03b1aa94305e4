"""The workshop groups to print or show on the screen: ``meetings/<id>/out/groups.md``."""

from __future__ import annotations

from samling.domain.groups import GroupsView
from samling.outputs.templates import Renderer
from samling.outputs.writer import OutputWriter
from samling.store import Store


def render_groups(store: Store, view: GroupsView) -> str:
    meeting = store.load_meeting(view.meeting_id)
    return Renderer(store.root).render(
        "groups.md.j2",
        store.network.language,
        network=store.network,
        meeting=meeting,
        meeting_id=view.meeting_id,
        first_date=meeting.first_date,
        topic=view.topic,
        groups=view.groups,
    )


def write_groups(store: Store, view: GroupsView) -> tuple[str, str]:
    """Write ``out/groups.md``; returns its path (relative to the network folder) and its text."""
    text = render_groups(store, view)
    return OutputWriter(store, view.meeting_id, "").write("groups.md", text), text
