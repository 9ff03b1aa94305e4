"""What the organizer prints or hands out: the participant list for the presentation round
(seed 001: "a quick presentation round of who is there"), name badges, the catering order, and
the minutes template, prefilled the way the minutes in seed 003 are written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samling.domain.agenda import agenda_data
from samling.domain.state import MeetingState
from samling.domain.status import STANDARD_DIET, diet_of
from samling.domain.themes import ranked
from samling.errors import RuleViolation
from samling.outputs.templates import Renderer
from samling.outputs.writer import OutputWriter
from samling.store import Store, write_atomic


def _person(state: MeetingState, pid: str) -> dict[str, Any]:
    registration = state.registrations[pid]
    return {"id": pid, "name": state.people[pid].name, "organization": state.org_name(pid) or None,
            "online": registration.online, "session": registration.session, "diet": diet_of(state, pid)}


def _sort_key(person: dict[str, Any]) -> tuple[bool, str, str]:
    return (person["organization"] is None, (person["organization"] or "").casefold(), person["name"].casefold())


def sessions_data(state: MeetingState, only: str | None = None) -> list[dict[str, Any]]:
    """Per session: who is there, grouped by organization: those holding a place who are not
    marked absent, and anyone marked as having come (a walk-in from the waitlist included)."""
    result = []
    for session in state.meeting.sessions:
        if only and session.id != only:
            continue
        people = sorted((_person(state, pid) for pid, r in state.registrations.items()
                         if r.session == session.id and (r.attended is True or (r.status == "registered" and r.attended is not False))),
                        key=_sort_key)
        groups: dict[str | None, list[dict[str, Any]]] = {}
        for person in people:
            groups.setdefault(person["organization"], []).append(person)
        on_site = [p for p in people if not p["online"]]
        diets: dict[str, list[str]] = {}
        for person in on_site:
            diets.setdefault(person["diet"], []).append(person["name"])
        venue = state.venues.get(session.venue or "")
        result.append({
            "id": session.id, "date": session.date, "start": session.start, "end": session.end, "venue": venue,
            "people": people, "groups": list(groups.items()), "on_site": len(on_site),
            "online": len(people) - len(on_site),
            "special_diets": sorted((d, names) for d, names in diets.items() if d != STANDARD_DIET),
        })
    return result


@dataclass
class Handouts:
    participants: str
    badges: str
    catering: str
    sessions: list[dict[str, Any]]
    written: list[str]


def write_list(store: Store, meeting_id: str, session: str | None = None) -> Handouts:
    state = MeetingState.load(store, meeting_id)
    if session:
        state.session_for(session)
    data = sessions_data(state, session)
    renderer = Renderer(store.root)
    language = store.network.language
    context = {"network": store.network, "meeting": state.meeting, "meeting_id": meeting_id, "sessions": data}
    out = OutputWriter(store, meeting_id, "list")
    suffix = f"-{session}" if session else ""
    return Handouts(
        out.write(f"participants{suffix}.md", renderer.render("participants.md.j2", language, **context)),
        out.write(f"badges{suffix}.html", renderer.render("badges.html.j2", language, **context)),
        out.write(f"catering{suffix}.md", renderer.render("catering.md.j2", language, **context)),
        data, out.written)


# --- minutes -----------------------------------------------------------------------------------


def minutes_context(store: Store, meeting_id: str) -> dict[str, Any]:
    state = MeetingState.load(store, meeting_id)
    meeting = state.meeting
    recorded = any(r.attended is not None for r in state.registrations.values())
    present, regrets = [], []
    for pid, registration in state.registrations.items():
        person = _person(state, pid)
        if registration.attended is True or (not recorded and registration.status == "registered"):
            present.append(person)
        elif registration.status == "cancelled" or registration.attended is False:
            regrets.append(person)
    agenda = agenda_data(store, meeting_id)
    following = None
    for mid in store.meeting_ids():
        candidate = store.load_meeting(mid)
        if mid != meeting_id and candidate.first_date > meeting.last_date and not candidate.cancelled:
            if following is None or candidate.first_date < following["meeting"].first_date:
                venue = candidate.sessions[0].venue
                following = {"id": mid, "meeting": candidate,
                             "venue": store.venues.load(venue) if venue and store.venues.exists(venue) else None}
    return {
        "network": store.network, "meeting": meeting, "meeting_id": meeting_id,
        "sessions": agenda["sessions"], "present": sorted(present, key=_sort_key),
        "regrets": sorted(regrets, key=_sort_key), "groups": agenda["groups"],
        "themes": [{"id": tid, "text": t.text, "votes": t.votes} for tid, t in ranked(store, meeting_id)],
        "next": following,
    }


def minutes_paths(store: Store, meeting_id: str) -> tuple[Path, Path]:
    folder = store.meeting_folder(meeting_id)
    return folder / "minutes.md", folder / "out" / "minutes.generated.md"


def write_minutes(store: Store, meeting_id: str, *, force: bool = False) -> tuple[Path, str]:
    """Write ``minutes.md`` once. A file that differs from what samling last wrote has the
    organizer's own text and is never overwritten without ``force``; with it, the old text is
    kept in out/minutes.replaced.md. Returns (path, what happened)."""
    text = Renderer(store.root).render("minutes.md.j2", store.network.language, **minutes_context(store, meeting_id))
    path, generated = minutes_paths(store, meeting_id)
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


def render_minutes(store: Store, meeting_id: str) -> str:
    return Renderer(store.root).render("minutes.md.j2", store.network.language, **minutes_context(store, meeting_id))
