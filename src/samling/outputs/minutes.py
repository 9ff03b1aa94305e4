"""The minutes template, prefilled the way the minutes in seed 003 are written: date and place,
who was present and who sent regrets, the agenda with its questions, the themes with their votes,
and the next meeting. Written once; after that ``minutes.md`` is the organizer's own text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from samling.domain.agenda import AgendaQuestion, SessionLine, agenda_data
from samling.domain.state import MeetingState
from samling.domain.themes import ranked
from samling.errors import RuleViolation
from samling.models import Meeting, Network, Venue
from samling.outputs.handouts import Attendee, attendee, by_organization
from samling.outputs.templates import Renderer
from samling.store import Store, write_atomic


@dataclass
class ThemeTally:
    id: str
    text: str
    votes: int


@dataclass
class NextMeeting:
    id: str
    meeting: Meeting
    venue: Venue | None  # of its first session


@dataclass
class MinutesContext:
    network: Network
    meeting: Meeting
    meeting_id: str
    sessions: list[SessionLine]
    present: list[Attendee]
    regrets: list[Attendee]
    groups: list[tuple[str | None, list[AgendaQuestion]]]
    themes: list[ThemeTally]
    next: NextMeeting | None


def minutes_context(store: Store, meeting_id: str) -> MinutesContext:
    state = MeetingState.load(store, meeting_id)
    meeting = state.meeting
    recorded = any(r.attended is not None for r in state.registrations.values())
    present, regrets = [], []
    for pid, registration in state.registrations.items():
        person = attendee(state, pid)
        if registration.attended is True or (not recorded and registration.status == "registered"):
            present.append(person)
        elif registration.status == "cancelled" or registration.attended is False:
            regrets.append(person)
    # members who said they would not come (`samling decline`) without ever registering
    for pid in store.declines(meeting_id).ids():
        if pid not in state.registrations and store.participants.exists(pid):
            person_record = store.participants.load(pid)
            org = state.organizations.get(person_record.organization or "")
            regrets.append(Attendee(pid, person_record.name, org.name if org else None, False, "", ""))
    agenda = agenda_data(store, meeting_id)
    following: NextMeeting | None = None
    for mid in store.meeting_ids():
        candidate = store.load_meeting(mid)
        later = mid != meeting_id and candidate.first_date > meeting.last_date and not candidate.cancelled
        if later and (following is None or candidate.first_date < following.meeting.first_date):
            venue = candidate.sessions[0].venue
            following = NextMeeting(
                mid, candidate, store.venues.load(venue) if venue and store.venues.exists(venue) else None
            )
    return MinutesContext(
        network=state.network,
        meeting=meeting,
        meeting_id=meeting_id,
        sessions=agenda.sessions,
        present=sorted(present, key=by_organization),
        regrets=sorted(regrets, key=by_organization),
        groups=agenda.groups,
        themes=[ThemeTally(tid, t.text, t.votes) for tid, t in ranked(store, meeting_id)],
        next=following,
    )


def render_minutes(store: Store, meeting_id: str) -> str:
    context = minutes_context(store, meeting_id)
    return Renderer(store.root).render("minutes.md.j2", context.network.language, **vars(context))


def minutes_paths(store: Store, meeting_id: str) -> tuple[Path, Path]:
    folder = store.meeting_folder(meeting_id)
    return folder / "minutes.md", folder / "out" / "minutes.generated.md"


MinutesWritten = Literal["written", "updated", "replaced", "unchanged"]


def write_minutes(store: Store, meeting_id: str, *, force: bool = False) -> tuple[Path, MinutesWritten]:
    """Write ``minutes.md`` once. A file that differs from what samling last wrote has the
    organizer's own text and is never overwritten without ``force``; with it, the old text is
    kept in out/minutes.replaced.md. Returns (path, what happened)."""
    text = render_minutes(store, meeting_id)
    path, generated = minutes_paths(store, meeting_id)
    state: MinutesWritten
    with store.lock(meeting_id):
        if path.exists():
            current = path.read_bytes()
            if current == text.encode("utf-8"):
                return path, "unchanged"
            edited = not generated.exists() or generated.read_bytes() != current
            if edited and not force:
                raise RuleViolation(
                    f"{path.relative_to(store.root).as_posix()} has text of your own; samling will not overwrite it",
                    "keep it, or give --force to write a new template (your text is then kept in "
                    "out/minutes.replaced.md); --print shows the new one without writing",
                )
            if edited:
                write_atomic(generated.parent / "minutes.replaced.md", current)
            state = "replaced" if edited else "updated"
        else:
            state = "written"
        write_atomic(path, text.encode("utf-8"))
        write_atomic(generated, text.encode("utf-8"))
    return path, state
