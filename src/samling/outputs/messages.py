"""Each message of the outbox made into mail: the text and HTML in the recipient's language, its
calendar part (METHOD:REQUEST or CANCEL, one UID each), and the ``.eml`` with its headers. And
``samling send --drafts``: every message due written as a draft and recorded in the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Literal, Protocol, Self

from samling import clock
from samling.domain.outbox import ledgers, load_state, outbox_of
from samling.domain.planner import Due, record
from samling.domain.state import MeetingState
from samling.errors import InvalidInput
from samling.models import Participant, Session
from samling.models.ledger import MAILING_KINDS, Ledger, SessionDetails
from samling.outputs import calendar
from samling.outputs.followup import Item
from samling.outputs.mail import CalendarPart, compose
from samling.outputs.smtp import Dropped, MailServer, Refused
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
        self._items: list[Item] | None = None  # the meeting's questions, for the follow-up
        self.deadline_passed = state.policy().deadline_passed  # once, not per message

    def make(self, due: Due, stamp: dt.datetime) -> Message:
        state = self.state
        person = state.people[due.participant]
        language = person.language or state.network.language
        sessions = {s.id: s for s in state.meeting.sessions}
        calendars = self.calendars(due, person, stamp)
        if due.kind == "invitation":
            text, html = self._invitation(person, language)
        elif due.kind in MAILING_KINDS:
            text, html = self._mailing(due.kind, due.participant, person, language)
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
                "sessions": [_session_view(state, s) for s in state.meeting.sessions if not s.cancelled],
                "previous": _session_view(state, previous) if previous else None,
                "changes": changes,
                "currency": state.fee_policy.currency,
                "calendar": "request" if "REQUEST" in methods else "cancel" if "CANCEL" in methods else None,
                # waiting because members come first (not because the session is full)
                "members_first": due.told.status == "waitlisted"
                and not state.is_member(due.participant)
                and not self.deadline_passed,
                # confirmed before, now back on the waitlist of the same session (a capacity lowered,
                # `check --fix` after a merge): told that the place is withdrawn, not thanked again
                "lost_place": due.kind == "waitlisted"
                and due.previous is not None
                and due.previous.status == "registered",
                # the meeting was cancelled, and that is taken back
                "reinstated": due.previous is not None and due.previous.status == "cancelled",
            }
            text = self.renderer.render("message.md.j2", language, **context)
            html = self.renderer.render("message.html.j2", language, **context)
        subject = text.split("\n", 1)[0].lstrip("# ").strip()
        return Message(due, person, language, subject, text, html, calendars)

    def _mailing(self, kind: str, pid: str, person: Participant, language: str) -> tuple[str, str]:
        """The follow-up (their own answers to someone who asked, else the digest for everyone) in
        their language, or the minutes as the organizer wrote them; HTML made from the Markdown."""
        state = self.state
        if kind == "minutes":
            path = self.store.meeting_folder(state.meeting_id) / "minutes.md"
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise InvalidInput(
                    f"meetings/{state.meeting_id}/minutes.md does not exist yet",
                    "write it with `samling minutes`, finish it, then `samling minutes --send`",
                ) from None
            return text, markdown_page(text, state.network.language)
        from samling.outputs.followup import items

        if self._items is None:
            self._items = items(self.store, state.meeting_id)
        organizer = state.network.organizer
        common = {
            "network": state.network,
            "meeting": state.meeting,
            "meeting_id": state.meeting_id,
            "organizer": organizer.name if organizer else state.network.name,
            "first_date": state.meeting.first_date,
        }
        mine = [i for i in self._items if i.asker == pid]
        if mine:
            text = self.renderer.render("followup_personal.md.j2", language, person=person, items=mine, **common)
        else:
            text = self.renderer.render("followup_digest.md.j2", language, items=self._items, **common)
        return text, markdown_page(text, language)

    def _invitation(self, person: Participant, language: str) -> tuple[str, str]:
        from samling.outputs.invitations import invitation_context

        context = invitation_context(self.state, self.calendar)
        return (
            self.renderer.render("invitation.md.j2", language, person=person, **context),
            self.renderer.render("invitation.html.j2", language, person=person, **context),
        )

    def calendars(self, due: Due, person: Participant, stamp: dt.datetime) -> list[CalendarPart]:
        sessions = {s.id: s for s in self.state.meeting.sessions}
        parts = []
        if due.kind == "invitation":
            # No iTIP REQUEST before someone registers (RFC 5546 allows one UID per REQUEST, and an
            # invitation is no seat): a file per session to add to a calendar by hand.
            for session in self.state.meeting.sessions:
                if session.cancelled:
                    continue
                data = calendar.publish(self.calendar, [session], stamp=stamp)
                parts.append(CalendarPart("PUBLISH", data, f"{session.id}.ics"))
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

    def eml(
        self, message: Message, stamp: dt.datetime, message_id: str, *, draft: bool, from_address: str | None = None
    ) -> bytes:
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
            from_address=from_address,
            language=message.language,
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
    """One message of a run: to whom, what, and what became of it."""

    participant: str
    email: str
    kind: str
    reason: str
    message_id: str
    status: Literal["sent", "written", "refused", "not sent", "due"]
    path: str | None = None  # the draft file
    error: str | None = None  # the server's reason, for a refused message


@dataclass
class SendResult:
    meeting: str
    dry_run: bool
    via: Literal["smtp", "draft"]
    handed: list[Handed] = field(default_factory=list)
    stopped: str | None = None  # why the run ended early: the connection lost, interrupted

    def count(self, status: str) -> int:
        return sum(1 for h in self.handed if h.status == status)


class Transport(Protocol):
    """Where a run's messages go: the mail server, or a folder of drafts."""

    def __enter__(self) -> Self: ...
    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None: ...
    def send(self, sender: str, recipient: str, data: bytes) -> None: ...


class DraftFolder:
    """Drafts: one ``.eml`` per message in a folder, for the organizer's mail program."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = ""  # the next file's name, set by the run
        self.last: Path | None = None

    def __enter__(self) -> Self:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        return None

    def send(self, sender: str, recipient: str, data: bytes) -> None:
        self.last = self.folder / self.name
        self.last.write_bytes(data)


def send(
    store: Store,
    meeting_id: str,
    *,
    drafts: Path | None = None,
    password: str | None = None,
    participants: list[str] | None = None,
    kinds: list[str] | None = None,
    dry_run: bool = False,
    pause: float = 0.0,
    progress: Callable[[int, int], None] | None = None,
) -> SendResult:
    """Hand over every message due, one at a time, each recorded in the recipient's ledger before
    the next goes, under the meeting's lock (two terminals never send one message twice). Through
    the mail server of ``[smtp]``, or with ``drafts`` as ``.eml`` files into that folder.

    A message the server refuses is reported with its reason and stays due; a lost connection or
    Ctrl-C ends the run with what was sent recorded, so that the next run sends exactly the rest."""
    import time

    result = SendResult(meeting_id, dry_run, "draft" if drafts is not None else "smtp")
    if not dry_run:
        calendar.sync(store, meeting_id)  # every session has its UID stored before a message names it
    with store.lock(meeting_id):
        state = load_state(store, meeting_id)
        sent = ledgers(store, meeting_id)
        history = sent.load_all()
        box = outbox_of(state, history, participants=participants, kinds=kinds)
        if dry_run or not box.due:
            result.handed = [
                Handed(d.participant, state.people[d.participant].email, d.kind, d.reason, "", "due") for d in box.due
            ]
            return result
        composer = Composer(store, state)
        transport, sender = _transport(store, state, drafts, password)
        folder = transport if isinstance(transport, DraftFolder) else None
        with transport:
            for n, due in enumerate(box.due, start=1):
                person = state.people[due.participant]
                stamp = clock.now(state.network.tz)
                ledger = history.get(due.participant, Ledger())
                mid = message_id(state, due, ledger, stamp)
                message = composer.make(due, stamp)
                data = composer.eml(message, stamp, mid, draft=folder is not None, from_address=sender)
                handed = Handed(due.participant, person.email, due.kind, due.reason, mid, "sent")
                try:
                    if folder is not None:
                        folder.name = f"{meeting_id}-{due.participant}-{len(ledger.message) + 1}-{due.kind}.eml"
                    transport.send(sender, person.email, data)
                except Refused as refused:
                    handed.status, handed.error = "refused", refused.reason
                    result.handed.append(handed)
                    continue
                except (Dropped, KeyboardInterrupt) as stop:
                    result.stopped = stop.reason if isinstance(stop, Dropped) else "interrupted"
                    result.handed += [
                        Handed(d.participant, state.people[d.participant].email, d.kind, d.reason, "", "not sent")
                        for d in box.due[n - 1 :]
                    ]
                    break
                history[due.participant] = record(ledger, due, at=stamp, via=result.via, message_id=mid)
                sent.save(due.participant, history[due.participant])
                store.commit()  # handed over is recorded for good, whatever happens to the rest
                if folder is not None:
                    handed.status, handed.path = "written", str(folder.last)
                result.handed.append(handed)
                if progress:
                    progress(n, len(box.due))
                if pause and n < len(box.due):
                    time.sleep(pause)
    return result


def _transport(store: Store, state: MeetingState, drafts: Path | None, password: str | None) -> tuple[Transport, str]:
    """Where the run's messages go, and the sender's address: the organizer's, or the mail
    server's ``from_address`` (the organizer is then the Reply-To)."""
    organizer = state.network.organizer
    assert organizer is not None  # Composer checks it
    if drafts is not None:
        return DraftFolder(drafts), organizer.email
    smtp = state.network.smtp
    if smtp is None:
        raise InvalidInput(
            "samling.toml has no [smtp] table, so there is no mail server to send through",
            'add [smtp] with host = "smtp.example.org" (and user, security), or write drafts with --drafts DIR',
        )
    return MailServer(smtp, store.root, password), str(smtp.from_address or organizer.email)


def smtp_user(store: Store) -> str | None:
    """The user the mail server of ``[smtp]`` logs in as (a password is needed), or None."""
    smtp = store.network.smtp
    return smtp.user if smtp is not None and smtp.user else None


def markdown_page(text: str, language: str) -> str:
    """The HTML part of a message written in Markdown (the minutes, the follow-up), made by
    markdown-it-py; HTML in the text is shown as text, never passed on."""
    from html import escape

    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(text)
    title = escape(text.split("\n", 1)[0].lstrip("# ").strip())
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        '</head>\n<body style="font-family: Arial, Helvetica, sans-serif; line-height: 1.5; color: #222; '
        f'max-width: 40em;">\n{body}</body>\n</html>\n'
    )
