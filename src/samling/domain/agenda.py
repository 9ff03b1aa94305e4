"""The agenda for the big screen: the fixed items, then the questions grouped by topic."""

from __future__ import annotations

from samling import clock
from samling.domain.questions import all_questions
from samling.store import Store


def agenda_data(store: Store, meeting_id: str) -> dict[str, object]:
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
        org = orgs.get(person.organization or "") if person else None
        rows.append({
            "number": r.number, "text": q.text, "topic": r.record.topic or q.topic, "status": q.status,
            "asker": q.by, "asker_name": person.name if person else None, "asker_org": org.name if org else None,
            "carried_from": r.origin_meeting if r.carried else None, "origin": r.ref,
            "escalated_to": q.escalated_to, "escalated_at": q.escalated_at,
            "days_waiting": (today - q.escalated_at).days if q.status == "escalated" and q.escalated_at else None,
            "answer": q.answer, "answered_by": q.answered_by,
        })
    groups: dict[str | None, list[dict[str, object]]] = {}
    for row in rows:
        groups.setdefault(row["topic"], []).append(row)  # type: ignore[arg-type]
    ordered = [(t, g) for t, g in groups.items() if t is not None] + ([(None, groups[None])] if None in groups else [])
    sessions = [{"id": s.id, "date": s.date, "start": s.start, "end": s.end,
                 "venue_name": venues[s.venue].name if s.venue in venues else None} for s in meeting.sessions]
    return {"meeting": meeting, "meeting_id": meeting_id, "sessions": sessions, "groups": ordered}
