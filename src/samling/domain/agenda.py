"""The agenda for the big screen, and what a meeting takes over from the ones before it.

The agenda: the fixed items, then the questions grouped by topic, then the action items still open
from earlier meetings (as 4minitz carries them until done).

Carrying over (``samling new`` and ``samling agenda pull``): an open question that was not reached
at a meeting that is over, and an escalation still waiting for its answer, are linked onto the
meeting (``origin = "<meeting>/<number>"``, so answering it anywhere answers it everywhere); the
top-voted themes of the meeting before it by date become agenda items. Each once: a question
already linked, or a theme already an item, is not added again, so pulling twice adds nothing and
a meeting created in January pulls the spring's questions when the spring meeting is over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from samling import clock
from samling.domain.questions import UNFINISHED, Resolved, all_questions, numbers
from samling.domain.room import ActionRow, done_in, open_actions
from samling.domain.state import ensure_open
from samling.domain.themes import ranked
from samling.models import Meeting, Organization, Question, QuestionStatus
from samling.models.room import Note
from samling.store import Store

#: How many of the previous meeting's themes (those with votes, most votes first) become items.
TOP_THEMES = 5


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
    carried_from_title: str | None = None  # that meeting's title and first date, as people name it
    carried_from_date: dt.date | None = None


@dataclass
class SessionLine:
    id: str
    date: dt.date
    start: dt.time
    end: dt.time
    venue_name: str | None
    venue: str | None = None  # its id
    venue_address: str | None = None
    venue_city: str | None = None


@dataclass
class Agenda:
    meeting: Meeting
    meeting_id: str
    sessions: list[SessionLine]
    groups: list[tuple[str | None, list[AgendaQuestion]]]  # (topic, its questions); no topic last
    # action items of earlier meetings still open (or reported done at this one): on the agenda until done
    actions: list[ActionRow] = field(default_factory=list)


def agenda_data(store: Store, meeting_id: str) -> Agenda:
    """The fixed items, then the questions grouped by topic (topics in order of first mention,
    questions without one last; withdrawn ones left out, but at an earlier meeting than the one
    that withdrew it, where it was still on the list); carried-over escalations marked with how
    long they have waited; then the open action items of earlier meetings."""
    meeting = store.load_meeting(meeting_id)
    people = store.participants.load_all()
    orgs = store.organizations.load_all()
    venues = store.venues.load_all()
    today = clock.today(store.network.tz)
    timeline: Timeline | None = None
    rows = []
    for r in all_questions(store, meeting_id):
        q = r.original
        if q.status == "withdrawn":
            timeline = timeline or Timeline(store)
            if timeline.withdrawn_by(r, meeting_id):
                continue
        person = people.get(q.by or "")
        org_name = _asker_organization(store, r.origin_meeting, q.by, orgs) if person else None
        origin = _meeting_or_none(store, r.origin_meeting) if r.carried else None
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
                carried_from_title=origin.title if origin else None,
                carried_from_date=origin.first_date if origin else None,
            )
        )
    groups: dict[str | None, list[AgendaQuestion]] = {}
    for row in rows:
        groups.setdefault(row.topic, []).append(row)
    # Topics in order of first mention, the questions without one last.
    ordered = sorted(groups.items(), key=lambda item: item[0] is None)
    sessions = [
        SessionLine(
            s.id,
            s.date,
            s.start,
            s.end,
            venues[s.venue].name if s.venue in venues else None,
            s.venue,
            venues[s.venue].address if s.venue in venues else None,
            venues[s.venue].city if s.venue in venues else None,
        )
        for s in meeting.sessions
        if not s.cancelled
    ]
    return Agenda(meeting, meeting_id, sessions, ordered, agenda_actions(store, meeting_id))


def agenda_actions(store: Store, meeting_id: str) -> list[ActionRow]:
    """The action items a meeting's agenda carries: those of earlier meetings still open, and
    those reported done at this meeting (so that its minutes can say so), oldest first."""
    return sorted([*open_actions(store, meeting_id), *done_in(store, meeting_id)], key=lambda a: a.ref)


def _meeting_or_none(store: Store, meeting_id: str) -> Meeting | None:
    return store.load_meeting(meeting_id) if meeting_id in store.meeting_ids() else None


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


# --- a question as it stood at one meeting --------------------------------------------------------


@dataclass
class QuestionAt:
    """A question as it stood at the end of one meeting: what had happened to it there or before.
    What a later meeting did (a discussion, a note, an escalation, an answer) is left out, so that an
    earlier meeting's minutes and follow-up, written again, never rewrite its history."""

    status: QuestionStatus  # answered, escalated, discussed (at this meeting), open (not reached) or withdrawn
    notes: list[Note]  # said at this meeting or an earlier one, oldest first
    # answered after the meeting: recorded under it (the vendor wrote back in April), or, for a
    # question passed on by then, at a later meeting; the minutes leave it out, the follow-up sends it
    answered_since: bool


class Timeline:
    """The network's meetings in time: what had happened to a question by the end of a meeting."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meetings = {mid: store.load_meeting(mid) for mid in store.meeting_ids()}
        self._carried: dict[str, list[str]] | None = None

    def carried_to(self, ref: str) -> list[str]:
        """The meetings a question ("<meeting>/<number>") was carried onto."""
        if self._carried is None:
            self._carried = {}
            for mid in self.meetings:
                for r in all_questions(self.store, mid):
                    if r.carried:
                        self._carried.setdefault(r.ref, []).append(mid)
        return self._carried.get(ref, [])

    def by_then(self, said_at: str | None, meeting_id: str) -> bool:
        """Whether something recorded at meeting ``said_at`` had happened by the end of ``meeting_id``
        (None, or a meeting no longer there: it is not known when, and it is kept)."""
        if said_at is None or said_at == meeting_id or said_at not in self.meetings:
            return True
        return self.meetings[said_at].first_date < self.meetings[meeting_id].first_date

    def question_at(self, resolved: Resolved, meeting_id: str) -> QuestionAt:
        q, last = resolved.original, self.meetings[meeting_id].last_date
        notes = [
            n
            for n in q.notes
            if self.by_then(n.meeting, meeting_id) and not (n.meeting is None and n.date and n.date > last)
        ]
        # answered here or before (not at a later meeting), and by the end of this one
        answered_by_then = q.status == "answered" and self.by_then(q.answered_in, meeting_id)
        answered = answered_by_then and (q.answered_at is None or q.answered_at <= last)
        escalated = bool(q.escalated_to) and (q.escalated_at is None or q.escalated_at <= last)
        status: QuestionStatus
        if q.status == "withdrawn" and self.withdrawn_by(resolved, meeting_id):
            status = "withdrawn"
        elif answered:
            status = "answered"
        elif escalated:
            status = "escalated"
        elif self._discussed_at(resolved, meeting_id):
            status = "discussed"
        else:
            status = "open"
        since = q.status == "answered" and not answered and (answered_by_then or escalated)
        return QuestionAt(status, notes, since)

    def withdrawn_by(self, resolved: Resolved, meeting_id: str) -> bool:
        """Whether a withdrawn question was withdrawn by the end of ``meeting_id``. Where is not
        recorded: at the last meeting that had it on its list (it is carried no further), so an
        earlier meeting that had it keeps it."""
        return self.by_then(self._last_holder(resolved), meeting_id)

    def _last_holder(self, resolved: Resolved) -> str | None:
        holders = [m for m in [resolved.origin_meeting, *self.carried_to(resolved.ref)] if m in self.meetings]
        return max(holders, key=lambda m: self.meetings[m].first_date) if holders else None

    def _discussed_at(self, resolved: Resolved, meeting_id: str) -> bool:
        q = resolved.original
        if any(n.meeting == meeting_id for n in q.notes) or meeting_id in (q.discussed_in or []):
            return True
        if any(n.meeting is None for n in q.notes):  # a note from before notes said where: its own meeting's
            return meeting_id == resolved.origin_meeting
        if q.status != "discussed" or q.discussed_in or any(n.meeting for n in q.notes):
            return False
        # Discussed before samling kept where: at the last meeting that had it on its list (an open
        # question is carried on until it is reached, and no further).
        return self._last_holder(resolved) == meeting_id


# --- carrying over -------------------------------------------------------------------------------


@dataclass
class CarriedQuestion:
    number: int  # its number in the meeting it was carried to
    origin: str  # "<meeting>/<number>" of the original
    status: QuestionStatus | None  # "open" (not reached) or "escalated" (waiting for an answer)
    text: str | None


@dataclass
class Pulled:
    """What a meeting took over from the ones before it (``samling new``, ``samling agenda pull``)."""

    meeting_id: str
    questions: list[CarriedQuestion]
    themes_from: str | None  # the meeting whose top-voted themes became agenda items
    themes: list[str]  # the agenda items added from them
    actions: list[ActionRow]  # the open action items of earlier meetings the agenda shows (not copied)

    @property
    def changed(self) -> bool:
        return bool(self.questions or self.themes)


def pull(store: Store, meeting_id: str, *, themes: bool = True) -> Pulled:
    """`samling agenda pull`: carry what is unfinished from earlier meetings onto ``meeting_id``,
    whenever it was created. Running it again adds nothing new."""
    with store.lock(meeting_id):
        meeting = store.load_meeting(meeting_id)
        ensure_open(meeting, meeting_id, "agenda and questions")
        return carry_into(store, meeting_id, meeting, themes=themes)


def carry_into(store: Store, meeting_id: str, meeting: Meeting, *, themes: bool = True) -> Pulled:
    """``pull`` for a caller that holds the meeting's lock (``samling new``, in the same lock as
    the meeting's creation)."""
    now = clock.now(store.network.tz)
    questions = _carry_questions(store, meeting_id, meeting, now)
    themes_from: str | None = None
    added: list[str] = []
    if themes:
        themes_from, added = _carry_themes(store, meeting_id, meeting)
    return Pulled(meeting_id, questions, themes_from, added, agenda_actions(store, meeting_id))


def _has_ended(meeting: Meeting, now: dt.datetime) -> bool:
    """Whether a meeting's last session is over (a cancelled meeting never takes place: its open
    questions are unfinished once its date has passed, too)."""
    tz = now.tzinfo
    return now >= max(dt.datetime.combine(s.date, s.end, tz) for s in meeting.sessions)


def _carry_questions(store: Store, meeting_id: str, meeting: Meeting, now: dt.datetime) -> list[CarriedQuestion]:
    """Link onto the meeting every question of an earlier meeting still waiting: an escalation
    without its answer (on every later agenda until it is answered), and an open question not
    reached at the meetings that had it, once they are all over. A question of a meeting still to
    come stays on that meeting's own list, and one already carried to a meeting still to come
    before this one waits there."""
    earlier: dict[str, bool] = {}  # meetings before this one: whether each is over
    for other in store.meeting_ids():
        record = store.load_meeting(other)
        if other != meeting_id and record.first_date < meeting.first_date:  # forward only
            earlier[other] = _has_ended(record, now)
    held_at: dict[str, list[str]] = {}  # a question's ref -> the meetings it was carried to
    originals: list[Resolved] = []
    for other in [*earlier, meeting_id]:
        for r in all_questions(store, other):
            if r.carried:
                held_at.setdefault(r.ref, []).append(other)
            elif other != meeting_id:
                originals.append(r)
    waiting = []
    for r in originals:
        holders = held_at.get(r.ref, [])
        if meeting_id in holders:
            continue  # each once
        status = r.original.status
        unreached = status in UNFINISHED and all(earlier.get(m, True) for m in [r.origin_meeting, *holders])
        if status == "escalated" or unreached:
            waiting.append(r)
    number = max(numbers(store, meeting_id), default=0)
    carried = []
    for r in waiting:
        number += 1
        store.questions(meeting_id).create(str(number), Question(origin=r.ref, topic=r.original.topic))
        carried.append(CarriedQuestion(number, r.ref, r.original.status, r.original.text))
    return carried


def _carry_themes(store: Store, meeting_id: str, meeting: Meeting) -> tuple[str | None, list[str]]:
    """The top-voted themes of the meeting before this one by date, as agenda items (an item
    already there, in any case, is not added again)."""
    before = [(store.load_meeting(other).first_date, other) for other in store.meeting_ids() if other != meeting_id]
    source = max(((d, m) for d, m in before if d < meeting.first_date), default=None)
    if source is None:
        return None, []
    top = [theme.text for _, theme in ranked(store, source[1]) if theme.votes > 0][:TOP_THEMES]
    have = {item.casefold() for item in meeting.agenda}
    added = [text for text in top if text.casefold() not in have]
    if added:
        store.save_meeting(meeting_id, meeting.model_copy(update={"agenda": [*meeting.agenda, *added]}))
    return source[1], added
