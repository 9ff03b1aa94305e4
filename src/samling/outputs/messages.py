"""Each message of the outbox made into mail: the text and HTML in the recipient's language, its
calendar part (METHOD:REQUEST or CANCEL, one UID each), and the ``.eml`` with its headers. And
``samling send --drafts``: every message due written as a draft and recorded in the ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from samling import clock
from samling.domain.outbox import ledgers, load_state, outbox_of
from samling.domain.planner import Due, record
from samling.domain.state import MeetingState
from samling.errors import InvalidInput
from samling.models import Participant, Session
from samling.models.ledger import Ledger, SessionDetails
from samling.outputs import calendar
from samling.outputs.mail import CalendarPart, compose
from samling.outputs.templates import Renderer
from samling.store import Store


@dataclass
class MessageSession:
    """A session as a message describes it."""

    id: str
    date: dt.date
    start: dt.time
    end: dt.time
    venue_name: str | None
    place: str | None
    directions: str | None


@dataclass
class ChangeView:
    """One change, for the message to say in words: the kind and the details as they are now."""

    kind: str
    new: SessionDetails
    date: dt.date
    start: dt.time
    end: dt.time


@dataclass
class Message:
    due: Due
    person: Participant
    language: str
    subject: str
    text: str
    html: str
    calendars: list[CalendarPart]


def _session_view(state: MeetingState, session: Session) -> MessageSession:
    from samling.domain.outbox import event_place

    venue = state.venues.get(session.venue or "")
    return MessageSession(
        session.id,
        session.date,
        session.start,
        session.end,
        venue.name if venue else None,
        event_place(state.meeting, venue),
        venue.directions if venue else None,
    )


class Composer:
    """Makes the messages of one meeting: templates, calendars and venues built once."""

    def __init__(self, store: Store, state: MeetingState) -> None:
        if state.network.organizer is None:
            raise InvalidInput(
                "the network has no organizer, so messages have no sender",
                'add [organizer] name = "..." email = "..." to samling.toml',
            )
        self.store = store
        self.state = state
        self.renderer = Renderer(store.root)
        self.calendar = calendar.CalendarContext.build(store, state.meeting_id, state.meeting)

    def make(self, due: Due, stamp: dt.datetime) -> Message:
        state = self.state
        person = state.people[due.participant]
        language = person.language or state.network.language
        sessions = {s.id: s for s in state.meeting.sessions}
        calendars = self.calendars(due, person, stamp)
        if due.kind == "invitation":
            text, html = self._invitation(person, language)
        else:
            session = sessions.get(due.told.session or "")
            previous_id = due.previous.session if due.previous and due.kind == "moved" else None
            previous = sessions.get(previous_id or "")
            tz = state.network.tz
            changes = [
                ChangeView(
                    c.kind, d, d.start.astimezone(tz).date(), d.start.astimezone(tz).time(), d.end.astimezone(tz).time()
                )
                for c in due.changes
                for d in due.told.sessions
                if d.session == c.session
            ]
            methods = {a.method for a in due.calendar}
            context = {
                "kind": due.kind,
                "person": person,
                "network": state.network,
                "meeting": state.meeting,
                "meeting_id": state.meeting_id,
                "organizer": state.network.organizer,
                "told": due.told,
                "session": _session_view(state, session) if session else None,
                "previous": _session_view(state, previous) if previous else None,
                "changes": changes,
                "currency": state.fee_policy.currency,
                "calendar": "request" if "REQUEST" in methods else "cancel" if "CANCEL" in methods else None,
                # waiting because members come first (not because the session is full)
                "members_first": due.told.status == "waitlisted"
                and not state.is_member(due.participant)
                and not state.policy().deadline_passed,
                # the meeting was cancelled, and that is taken back
                "reinstated": due.previous is not None
                and due.previous.status == "cancelled"
                and due.previous.session is None,
            }
            text = self.renderer.render("message.md.j2", language, **context)
            html = self.renderer.render("message.html.j2", language, **context)
        subject = text.split("\n", 1)[0].lstrip("# ").strip()
        return Message(due, person, language, subject, text, html, calendars)

    def _invitation(self, person: Participant, language: str) -> tuple[str, str]:
        from samling.outputs.invitations import invitation_context

        context = invitation_context(self.state, self.calendar)
        return (
            self.renderer.render("invitation.md.j2", language, person=person, registration=None, **context),
            self.renderer.render("invitation.html.j2", language, person=person, registration=None, **context),
        )

    def calendars(self, due: Due, person: Participant, stamp: dt.datetime) -> list[CalendarPart]:
        sessions = {s.id: s for s in self.state.meeting.sessions}
        parts = []
        if due.kind == "invitation":
            # No iTIP REQUEST before someone registers (RFC 5546 allows one UID per REQUEST, and an
            # invitation is no seat): a file per session to add to a calendar by hand.
            for session in self.state.meeting.sessions:
                parts.append(CalendarPart("PUBLISH", calendar.publish(self.calendar, [session]), f"{session.id}.ics"))
            return parts
        whole = due.kind == "cancelled"  # the event itself is called off, not just this person's place
        for action in due.calendar:
            found = sessions.get(action.session)
            if found is None:
                continue  # a session removed from the meeting: nothing left to send for it
            data = calendar.itip(
                self.calendar,
                person,
                found,
                method=action.method,
                uid=action.uid,
                sequence=action.sequence,
                stamp=stamp,
                cancelled=whole,
            )
            name = f"{'cancel' if action.method == 'CANCEL' else 'invite'}-{found.id}.ics"
            parts.append(CalendarPart(action.method, data, name))
        # The REQUEST is the part mail clients act on; a CANCEL alone (unregistered, cancelled) is too.
        inline = next((p for p in parts if p.method == "REQUEST"), parts[0] if parts else None)
        return [CalendarPart(p.method, p.data, p.filename, p is inline) for p in parts]

    def eml(self, message: Message, stamp: dt.datetime, message_id: str, *, draft: bool) -> bytes:
        organizer = self.state.network.organizer
        assert organizer is not None  # checked in __init__
        return compose(
            organizer,
            message.person,
            message.subject,
            message.text,
            message.html,
            message.calendars,
            stamp,
            message_id,
            draft=draft,
        )


def message_id(state: MeetingState, due: Due, ledger: Ledger, stamp: dt.datetime) -> str:
    """Unique per message: the meeting, the recipient, the message's number in their ledger and the
    moment (two organizers sending from two clones do not collide)."""
    organizer = state.network.organizer
    domain = organizer.email.rsplit("@", 1)[1] if organizer else "samling.invalid"
    domain = domain.encode("idna").decode("ascii")
    return f"<{state.meeting_id}.{due.participant}.{len(ledger.message) + 1}.{stamp:%Y%m%dT%H%M%S}@{domain}>"


@dataclass
class Handed:
    """One message handed over: to whom, what, and where the draft is."""

    participant: str
    kind: str
    reason: str
    message_id: str
    path: str | None  # the draft file


@dataclass
class SendResult:
    meeting: str
    dry_run: bool
    handed: list[Handed] = field(default_factory=list)


def send_drafts(
    store: Store,
    meeting_id: str,
    folder: Path,
    *,
    participants: list[str] | None = None,
    kinds: list[str] | None = None,
    dry_run: bool = False,
) -> SendResult:
    """Write every message due as a ready ``.eml`` draft into ``folder`` and record each in the
    ledger as it is written, under the meeting's lock (so two terminals never send one twice)."""
    result = SendResult(meeting_id, dry_run)
    if not dry_run:
        calendar.sync(store, meeting_id)  # every session has its UID stored before a message names it
    with store.lock(meeting_id):
        state = load_state(store, meeting_id)
        sent = ledgers(store, meeting_id)
        history = sent.load_all()
        box = outbox_of(state, history, participants=participants, kinds=kinds)
        if dry_run or not box.due:
            result.handed = [Handed(d.participant, d.kind, d.reason, "", None) for d in box.due]
            return result
        composer = Composer(store, state)
        folder.mkdir(parents=True, exist_ok=True)
        for due in box.due:
            stamp = clock.now(state.network.tz)
            ledger = history.get(due.participant, Ledger())
            mid = message_id(state, due, ledger, stamp)
            message = composer.make(due, stamp)
            path = folder / f"{meeting_id}-{due.participant}-{len(ledger.message) + 1}-{due.kind}.eml"
            path.write_bytes(composer.eml(message, stamp, mid, draft=True))
            history[due.participant] = record(ledger, due, at=stamp, via="draft", message_id=mid)
            sent.save(due.participant, history[due.participant])
            result.handed.append(Handed(due.participant, due.kind, due.reason, mid, str(path)))
    return result
