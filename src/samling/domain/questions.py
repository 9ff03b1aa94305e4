"""The question-based agenda (seed 001): questions sent with registration or asked at the meeting,
worked through one by one, escalated to the vendor when nobody can answer, answered (perhaps at
a later meeting), and the answers sent back. And the themes suggested for next time, with votes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samling import clock
from samling.errors import InvalidInput, NotFound, RuleViolation
from samling.models import Question
from samling.models.room import Note
from samling.store import Store

#: A question still waiting to be taken up: it stays on the list (and is carried to the next
#: meeting) until it is discussed, escalated, answered or withdrawn.
UNFINISHED = ("open",)
#: Dealt with for good: never carried, left out of the list, the agenda and the follow-up.
FINAL = ("answered", "withdrawn")


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
    return sorted(int(i) for i in store.questions(meeting_id).ids() if i.isascii() and i.isdigit())


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
        raise NotFound(
            f"meeting {meeting_id} has no question {number}", f"list them with `samling questions {meeting_id}`"
        )
    return collection.load(str(number))


def all_questions(store: Store, meeting_id: str) -> list[Resolved]:
    return [resolve(store, meeting_id, n) for n in numbers(store, meeting_id)]


def ask(
    store: Store,
    meeting_id: str,
    text: str,
    *,
    by: str | None = None,
    topic: str | None = None,
    asked_at: dt.datetime | None = None,
) -> int:
    """Add a question; returns its number, which is short enough to say aloud."""
    with store.lock(meeting_id):
        store.load_meeting(meeting_id)
        return add_question(store, meeting_id, text, by=by, topic=topic, asked_at=asked_at)


def add_question(
    store: Store,
    meeting_id: str,
    text: str,
    *,
    by: str | None = None,
    topic: str | None = None,
    asked_at: dt.datetime | None = None,
) -> int:
    """``ask`` for a caller that already holds the meeting's lock."""
    from samling.domain.people import build

    number = _next_number(store, meeting_id)
    question = build(
        Question,
        "ask",
        text=text,
        by=by,
        topic=(topic or "").strip() or None,
        asked_at=asked_at or clock.now(store.network.tz),
    )
    store.questions(meeting_id).create(str(number), question)
    return number


def _save_original(store: Store, resolved: Resolved, question: Question) -> None:
    store.questions(resolved.origin_meeting).save(str(resolved.origin_number), question)


def _refuse_final(resolved: Resolved, number: int) -> None:
    status = resolved.original.status
    if status == "answered":
        raise RuleViolation(f"question {number} is already answered")
    if status == "withdrawn":
        raise RuleViolation(f"question {number} was withdrawn", "ask it again with `samling ask` if it is back")


def discuss(store: Store, meeting_id: str, number: int, notes: str | None = None) -> Resolved:
    """Mark a question discussed; ``notes`` are added to what was said before (at this meeting
    or an earlier one), each note with the meeting where it was said and the date. A carried
    question's notes go on the original, so every meeting's words stay together."""
    with store.lock(meeting_id):
        resolved = resolve(store, meeting_id, number)
        _refuse_final(resolved, number)
        update: dict[str, object] = {}
        if notes is not None and notes.strip():
            note = Note(meeting=meeting_id, date=clock.today(store.network.tz), text=notes.strip())
            update["notes"] = [*resolved.original.notes, note]
        elif meeting_id not in (resolved.original.discussed_in or []):
            # no note to say where: remembered, so that each meeting's minutes show the question
            # as it stood there (discussed here, not at the meeting it was carried from)
            update["discussed_in"] = [*(resolved.original.discussed_in or []), meeting_id]
        if resolved.original.status == "open":
            update["status"] = "discussed"
        _save_original(store, resolved, resolved.original.model_copy(update=update))
    return resolve(store, meeting_id, number)


def escalate(store: Store, meeting_id: str, number: int, to: str, on: dt.date | None = None) -> Resolved:
    if not to.strip():
        raise InvalidInput('--to must name who the question goes to, e.g. --to "Bibliotek-Systemer"')
    with store.lock(meeting_id):
        resolved = resolve(store, meeting_id, number)
        _refuse_final(resolved, number)
        question = resolved.original.model_copy(
            update={
                "status": "escalated",
                "escalated_to": to.strip(),
                "escalated_at": on or clock.today(store.network.tz),
            }
        )
        _save_original(store, resolved, question)
    return resolve(store, meeting_id, number)


def answer(
    store: Store,
    meeting_id: str,
    number: int,
    text: str,
    by: str | None = None,
    on: dt.date | None = None,
    replace: bool = False,
) -> Resolved:
    if not text.strip():
        raise InvalidInput("--answer must not be empty")
    with store.lock(meeting_id):
        resolved = resolve(store, meeting_id, number)
        if resolved.original.status == "answered" and not replace:
            raise RuleViolation(f"question {number} is already answered", "give --replace to replace the answer")
        if resolved.original.status == "withdrawn":
            _refuse_final(resolved, number)
        default_by = resolved.original.escalated_to if resolved.original.status == "escalated" else None
        question = resolved.original.model_copy(
            update={
                "status": "answered",
                "answer": text.strip(),
                "answered_by": (by or default_by),
                "answered_at": on or clock.today(store.network.tz),
                "answered_in": meeting_id,
            }
        )
        _save_original(store, resolved, question)
    return resolve(store, meeting_id, number)


def withdraw(store: Store, meeting_id: str, number: int) -> Resolved:
    """The asker takes an open (or discussed) question back: it leaves the list and is not carried
    to the next meeting. The record stays, with status ``withdrawn``, for the history."""
    with store.lock(meeting_id):
        resolved = resolve(store, meeting_id, number)
        status = resolved.original.status
        if status not in ("open", "discussed"):
            raise RuleViolation(
                f"question {number} is {status}: only an open or discussed question can be withdrawn",
                "an escalated question waits for its answer; record it with `samling question answer`"
                if status == "escalated"
                else None,
            )
        _save_original(store, resolved, resolved.original.model_copy(update={"status": "withdrawn"}))
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
    result = [
        Escalation(r, (today - r.original.escalated_at).days if r.original.escalated_at else 0, carried.get(r.ref, []))
        for r in originals
    ]
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


def questions_everywhere(store: Store) -> list[Resolved]:
    """Every meeting's own questions, oldest meeting first (carried-over links are not repeated)."""
    return [r for mid in store.meeting_ids() for r in all_questions(store, mid) if not r.carried]
