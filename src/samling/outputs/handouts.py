"""What the organizer prints or hands out: the participant list for the presentation round
(seed 001: "a quick presentation round of who is there"), name badges and the catering order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from samling.domain.state import MeetingState
from samling.domain.status import STANDARD_DIET, diet_of
from samling.models import Venue
from samling.models.room import ROLES, Role
from samling.outputs.templates import Renderer
from samling.outputs.writer import OutputWriter
from samling.store import Store


@dataclass
class Attendee:
    id: str
    name: str
    organization: str | None  # the organization's name
    online: bool
    session: str
    diet: str
    role: Role | None = None  # host, speaker or vendor: listed apart


def attendee(state: MeetingState, pid: str) -> Attendee:
    registration = state.registrations[pid]
    return Attendee(
        pid,
        state.people[pid].name,
        state.org_name(pid) or None,
        registration.online,
        registration.session,
        diet_of(state, pid),
        registration.role,
    )


def by_organization(person: Attendee) -> tuple[bool, str, str]:
    """People sorted as the presentation round goes: by organization, then name; no organization last."""
    return (person.organization is None, (person.organization or "").casefold(), person.name.casefold())


@dataclass
class SessionList:
    """Who is at one session: grouped by organization, on site or online, and their diets."""

    id: str
    date: dt.date
    start: dt.time
    end: dt.time
    venue: Venue | None
    people: list[Attendee]
    groups: list[tuple[str | None, list[Attendee]]]  # (organization name, its people), roles left out
    on_site: int
    online: int
    special_diets: list[tuple[str, list[str]]]  # (diet, names), the standard diet left out
    # (role, its people) for hosts, speakers and vendors, listed apart (seed 003: the host's staff)
    roles: list[tuple[Role, list[Attendee]]] = field(default_factory=list)


def sessions_data(state: MeetingState, only: str | None = None) -> list[SessionList]:
    """Per session: who is there, grouped by organization: those holding a place who are not
    marked absent, and anyone marked as having come (a walk-in from the waitlist included)."""
    result = []
    for session in state.meeting.sessions:
        if (only and session.id != only) or session.cancelled:
            continue
        people = sorted(
            (
                attendee(state, pid)
                for pid, r in state.registrations.items()
                if r.session == session.id
                and (r.attended is True or (r.status == "registered" and r.attended is not False))
            ),
            key=by_organization,
        )
        groups: dict[str | None, list[Attendee]] = {}
        for person in people:
            if person.role is None:
                groups.setdefault(person.organization, []).append(person)
        roles = [(role, [p for p in people if p.role == role]) for role in ROLES]
        on_site = [p for p in people if not p.online]
        diets: dict[str, list[str]] = {}
        for person in on_site:
            diets.setdefault(person.diet, []).append(person.name)
        result.append(
            SessionList(
                id=session.id,
                date=session.date,
                start=session.start,
                end=session.end,
                venue=state.venues.get(session.venue or ""),
                people=people,
                groups=list(groups.items()),
                on_site=len(on_site),
                online=len(people) - len(on_site),
                special_diets=sorted((d, names) for d, names in diets.items() if d != STANDARD_DIET),
                roles=[(role, members) for role, members in roles if members],
            )
        )
    return result


@dataclass
class Handouts:
    participants: str  # paths, relative to the network folder
    badges: str
    catering: str
    participants_text: str  # the participant list as written, for printing
    sessions: list[SessionList]
    written: list[str]


def write_list(store: Store, meeting_id: str, session: str | None = None) -> Handouts:
    state = MeetingState.load(store, meeting_id)
    if session:
        state.session_for(session)
    data = sessions_data(state, session)
    renderer = Renderer(store.root)
    language = state.network.language
    context = {"network": state.network, "meeting": state.meeting, "meeting_id": meeting_id, "sessions": data}
    out = OutputWriter(store, meeting_id, "list")
    suffix = f"-{session}" if session else ""
    participants = renderer.render("participants.md.j2", language, **context)
    return Handouts(
        out.write(f"participants{suffix}.md", participants),
        out.write(f"badges{suffix}.html", renderer.render("badges.html.j2", language, **context)),
        out.write(f"catering{suffix}.md", renderer.render("catering.md.j2", language, **context)),
        participants,
        data,
        out.written,
    )
