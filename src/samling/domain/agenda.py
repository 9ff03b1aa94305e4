"""The agenda for the big screen: the fixed items, then the questions grouped by topic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samling import clock
from samling.domain.questions import all_questions
from samling.models import Meeting, Organization, QuestionStatus
from samling.store import Store


@dataclass
class AgendaQuestion:
    """A question as the agenda shows it, with the original's text and state for a carried-over one."""

    number: int
    text: str | None
    topic: str | None
    status: QuestionStatus | None
    asker: str | None
    asker_name: str | None
    asker_org: str | None
    carried_from: str | None  # the meeting it was first asked at, for a carried-over question
    origin: str  # "<meeting>/<number>" of the original
    escalated_to: str | None
    escalated_at: dt.date | None
    days_waiting: int | None  # for an escalation still waiting for its answer
    answer: str | None
    answered_by: str | None


@dataclass
class SessionLine:
    id: str
    date: dt.date
    start: dt.time
    end: dt.time
    venue_name: str | None


@dataclass
class Agenda:
    meeting: Meeting
    meeting_id: str
    sessions: list[SessionLine]
    groups: list[tuple[str | None, list[AgendaQuestion]]]  # (topic, its questions); no topic last


def agenda_data(store: Store, meeting_id: str) -> Agenda:
    """The fixed items, then the questions grouped by topic (topics in order of first mention,
    questions without one last); carried-over escalations marked with how long they have waited."""
    meeting = store.load_meeting(meeting_id)
    people = store.participants.load_all()
    orgs = store.organizations.load_all()
    venues = store.venues.load_all()
    today = clock.today(store.network.tz)
    rows = []
    for r in all_questions(store, meeting_id):
        q = r.original
        person = people.get(q.by or "")
        org_name = _asker_organization(store, r.origin_meeting, q.by, orgs) if person else None
        rows.append(
            AgendaQuestion(
                number=r.number,
                text=q.text,
                topic=r.record.topic or q.topic,
                status=q.status,
                asker=q.by,
                asker_name=person.name if person else None,
                asker_org=org_name,
                carried_from=r.origin_meeting if r.carried else None,
                origin=r.ref,
                escalated_to=q.escalated_to,
                escalated_at=q.escalated_at,
                days_waiting=(today - q.escalated_at).days if q.status == "escalated" and q.escalated_at else None,
                answer=q.answer,
                answered_by=q.answered_by,
            )
        )
    groups: dict[str | None, list[AgendaQuestion]] = {}
    for row in rows:
        groups.setdefault(row.topic, []).append(row)
    # Topics in order of first mention, the questions without one last.
    ordered = sorted(groups.items(), key=lambda item: item[0] is None)
    sessions = [
        SessionLine(s.id, s.date, s.start, s.end, venues[s.venue].name if s.venue in venues else None)
        for s in meeting.sessions
        if not s.cancelled
    ]
    return Agenda(meeting, meeting_id, sessions, ordered)


def _asker_organization(store: Store, meeting_id: str, pid: str | None, orgs: dict[str, Organization]) -> str | None:
    """The organization an asker came from to the meeting where they asked, as their registration
    for it keeps it (a later change of employer does not rewrite that meeting); else today's."""
    if pid is None:
        return None
    registrations = store.registrations(meeting_id)
    if registrations.exists(pid):
        registration = registrations.load(pid)
        if registration.organization_name:
            return registration.organization_name
        if registration.has_origin:
            org = orgs.get(registration.organization or "")
            return org.name if org else None
    person = store.participants.load(pid)
    org = orgs.get(person.organization or "")
    return org.name if org else None
