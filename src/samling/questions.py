"""The question-based agenda (seed 001): questions sent with registration or asked at the meeting,
worked through one by one, escalated to the vendor when nobody can answer, answered (perhaps at
a later meeting), and the answers sent back. And the themes suggested for next time, with votes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samling import clock, ids
from samling.errors import AlreadyExists, InvalidInput, NotFound, RuleViolation
from samling.models import Question, Theme
from samling.store import Store


@dataclass
class Resolved:
    """A question as shown: the record in this meeting, and the original it links to (or itself)."""

    meeting_id: str
    number: int
    record: Question
    origin_meeting: str
    origin_number: int
    original: Question

    @property
    def carried(self) -> bool:
        return self.record.origin is not None

    @property
    def ref(self) -> str:
        return f"{self.origin_meeting}/{self.origin_number}"


def numbers(store: Store, meeting_id: str) -> list[int]:
    return sorted(int(i) for i in store.questions(meeting_id).ids() if i.isdigit())


def _next_number(store: Store, meeting_id: str) -> int:
    return max(numbers(store, meeting_id), default=0) + 1


def resolve(store: Store, meeting_id: str, number: int) -> Resolved:
    record = _load(store, meeting_id, number)
    if record.origin is None:
        return Resolved(meeting_id, number, record, meeting_id, number, record)
    origin_meeting, _, origin_number = record.origin.partition("/")
    original = _load(store, origin_meeting, int(origin_number))
    return Resolved(meeting_id, number, record, origin_meeting, int(origin_number), original)


def _load(store: Store, meeting_id: str, number: int) -> Question:
    collection = store.questions(meeting_id)
    if not collection.exists(str(number)):
        raise NotFound(f"meeting {meeting_id} has no question {number}",
                       f"list them with `samling questions {meeting_id}`")
    return collection.load(str(number))


def all_questions(store: Store, meeting_id: str) -> list[Resolved]:
    return [resolve(store, meeting_id, n) for n in numbers(store, meeting_id)]


def ask(store: Store, meeting_id: str, text: str, *, by: str | None = None, topic: str | None = None,
        asked_at: dt.datetime | None = None) -> int:
    """Add a question; returns its number, which is short enough to say aloud."""
    with store.lock(meeting_id):
        store.load_meeting(meeting_id)
        return add_question(store, meeting_id, text, by=by, topic=topic, asked_at=asked_at)


def add_question(store: Store, meeting_id: str, text: str, *, by: str | None = None, topic: str | None = None,
                 asked_at: dt.datetime | None = None) -> int:
    """``ask`` for a caller that already holds the meeting's lock."""
    from samling.directory import build

    number = _next_number(store, meeting_id)
    question = build(Question, "ask", text=text, by=by, topic=(topic or "").strip() or None,
                     asked_at=asked_at or clock.now(store.network.tz))
    store.questions(meeting_id).create(str(number), question)
    return number


def _save_original(store: Store, resolved: Resolved, question: Question) -> None:
    store.questions(resolved.origin_meeting).save(str(resolved.origin_number), question)


def discuss(store: Store, meeting_id: str, number: int, notes: str | None = None) -> Resolved:
    with store.lock(meeting_id):
        resolved = resolve(store, meeting_id, number)
        if resolved.original.status == "answered":
            raise RuleViolation(f"question {number} is already answered")
        update: dict[str, object] = {"notes": notes if notes is not None else resolved.original.notes}
        if resolved.original.status == "open":
            update["status"] = "discussed"
        _save_original(store, resolved, resolved.original.model_copy(update=update))
    return resolve(store, meeting_id, number)


def escalate(store: Store, meeting_id: str, number: int, to: str, on: dt.date | None = None) -> Resolved:
    if not to.strip():
        raise InvalidInput("--to must name who the question goes to, e.g. --to \"Bibliotek-Systemer\"")
    with store.lock(meeting_id):
        resolved = resolve(store, meeting_id, number)
        if resolved.original.status == "answered":
            raise RuleViolation(f"question {number} is already answered")
        question = resolved.original.model_copy(update={
            "status": "escalated", "escalated_to": to.strip(),
            "escalated_at": on or clock.today(store.network.tz)})
        _save_original(store, resolved, question)
    return resolve(store, meeting_id, number)


def answer(store: Store, meeting_id: str, number: int, text: str, by: str | None = None,
           on: dt.date | None = None, replace: bool = False) -> Resolved:
    if not text.strip():
        raise InvalidInput("--answer must not be empty")
    with store.lock(meeting_id):
        resolved = resolve(store, meeting_id, number)
        if resolved.original.status == "answered" and not replace:
            raise RuleViolation(f"question {number} is already answered",
                                "give --replace to replace the answer")
        default_by = resolved.original.escalated_to if resolved.original.status == "escalated" else None
        question = resolved.original.model_copy(update={
            "status": "answered", "answer": text.strip(), "answered_by": (by or default_by),
            "answered_at": on or clock.today(store.network.tz), "answered_in": meeting_id})
        _save_original(store, resolved, question)
    return resolve(store, meeting_id, number)


@dataclass
class Escalation:
    resolved: Resolved
    days_waiting: int
    carried_to: list[str]


def open_escalations(store: Store, today: dt.date | None = None) -> list[Escalation]:
    """Every escalation still unanswered, across all meetings, oldest first."""
    today = today or clock.today(store.network.tz)
    carried: dict[str, list[str]] = {}
    originals: list[Resolved] = []
    for mid in store.meeting_ids():
        for resolved in all_questions(store, mid):
            if resolved.carried:
                carried.setdefault(resolved.ref, []).append(mid)
            elif resolved.original.status == "escalated":
                originals.append(resolved)
    result = [Escalation(r, (today - r.original.escalated_at).days if r.original.escalated_at else 0,
                         carried.get(r.ref, [])) for r in originals]
    return sorted(result, key=lambda e: (-e.days_waiting, e.resolved.ref))


def carry_over(store: Store, meeting_id: str) -> list[int]:
    """Link every unanswered escalation of earlier meetings into ``meeting_id`` (once each)."""
    meeting = store.load_meeting(meeting_id)
    with store.lock(meeting_id):
        already = {r.ref for r in all_questions(store, meeting_id) if r.carried}
        added = []
        for escalation in open_escalations(store):
            r = escalation.resolved
            if r.origin_meeting == meeting_id or r.ref in already:
                continue
            if store.load_meeting(r.origin_meeting).first_date >= meeting.first_date:
                continue  # carried forward only, never into an earlier meeting
            number = _next_number(store, meeting_id)
            store.questions(meeting_id).create(str(number), Question(origin=r.ref, topic=r.original.topic))
            added.append(number)
        return added


# --- themes -----------------------------------------------------------------------------------


def suggest(store: Store, meeting_id: str, text: str, by: str | None = None) -> str:
    from samling.directory import build

    with store.lock(meeting_id):
        store.load_meeting(meeting_id)
        theme = build(Theme, "theme suggest", text=text, by=by, suggested_at=clock.now(store.network.tz))
        theme_id = ids.from_name(theme.text, "theme")
        if store.themes(meeting_id).exists(theme_id):
            raise AlreadyExists(f"{theme.text!r} is already suggested as {theme_id}",
                                f"vote for it with `samling theme vote {theme_id}`")
        store.themes(meeting_id).create(theme_id, theme)
        return theme_id


def find_theme(store: Store, meeting_id: str, ref: str) -> str:
    known = store.themes(meeting_id).ids()
    if ref in known:
        return ref
    slugged = ids.slug(ref)
    matches = [t for t in known if t.startswith(slugged)] if slugged else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InvalidInput(f"{ref!r} matches {len(matches)} themes: {', '.join(matches)}", "give more of it")
    raise NotFound(f"no theme {ref!r} at meeting {meeting_id}", f"list them with `samling themes {meeting_id}`")


def vote(store: Store, meeting_id: str, ref: str, count: int = 1, set_to: bool = False) -> tuple[str, Theme]:
    with store.lock(meeting_id):
        theme_id = find_theme(store, meeting_id, ref)
        theme = store.themes(meeting_id).load(theme_id)
        votes = count if set_to else theme.votes + count
        if votes < 0:
            raise InvalidInput(f"{theme_id} has {theme.votes} votes; cannot take away {-count}")
        theme = theme.model_copy(update={"votes": votes})
        store.themes(meeting_id).save(theme_id, theme)
        return theme_id, theme


def ranked(store: Store, meeting_id: str) -> list[tuple[str, Theme]]:
    themes = store.themes(meeting_id).load_all()
    return sorted(themes.items(), key=lambda kv: (-kv[1].votes, kv[1].suggested_at or dt.datetime.min.replace(tzinfo=dt.timezone.utc), kv[0]))


def previous_meeting(store: Store, before: dt.date, exclude: str | None = None) -> str | None:
    """The last meeting held before ``before`` (where themes for the next one were collected)."""
    candidates = []
    for mid in store.meeting_ids():
        if mid == exclude:
            continue
        meeting = store.load_meeting(mid)
        if meeting.first_date < before:
            candidates.append((meeting.first_date, mid))
    return max(candidates)[1] if candidates else None


def draft_agenda(store: Store, before: dt.date, limit: int = 5, exclude: str | None = None) -> tuple[str | None, list[str]]:
    """The top-voted themes of the previous meeting, offered as a new meeting's agenda."""
    source = previous_meeting(store, before, exclude)
    if source is None:
        return None, []
    top = [theme.text for _, theme in ranked(store, source) if theme.votes > 0][:limit]
    return source, top


def bar(votes: int, most: int, width: int = 20) -> str:
    """The tally as people draw it on a flip chart: one mark per vote, scaled to fit."""
    if most <= 0:
        return ""
    length = votes if most <= width else round(votes * width / most)
    return "█" * length


# --- the agenda for the big screen -------------------------------------------------------------


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
