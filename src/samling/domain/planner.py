"""What each person must be told now: a pure function of the meeting as it is and of the record
of what they were told (the ledger), like a sync tool's status file or git's index.

No files, no clock. For each recipient the planner works out what they should know now (their
*truth*: invited, registered in a session, waitlisted, unregistered, or cancelled) and which
calendar events they should hold (a REQUEST for the session they have a seat in, nothing else),
compares it with what their ledger says they were told and which events they were sent, and
plans at most one message that closes the difference. After that message is recorded the same
state plans nothing.

Calendars never lie: every UID a person holds that they should not is cancelled (METHOD:CANCEL),
every event they should hold is requested (METHOD:REQUEST) when they do not hold it or hold it
with other details; per recipient and UID the SEQUENCE never goes down and rises with each
message that carries that UID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from samling.models.ledger import (
    MAILING_KINDS,
    CalendarAction,
    Ledger,
    MessageKind,
    SentMessage,
    SessionDetails,
    Told,
    Via,
)

ChangeKind = Literal["time", "place", "link", "title", "details", "fee", "online", "timezone"]


@dataclass(frozen=True)
class SessionTruth:
    """A session as it is now."""

    id: str
    uid: str
    sequence: int  # the event's revision as published (meeting.toml); a recipient never gets less
    cancelled: bool
    details: SessionDetails


@dataclass(frozen=True)
class PersonTruth:
    """A possible recipient as they are now: their registration, if any, as the rules decided it."""

    participant: str
    member: bool
    status: Literal["registered", "waitlisted", "cancelled"] | None = None  # None: not registered
    session: str | None = None
    online: bool = False
    fee: Decimal | None = None
    position: int | None = None  # on the waitlist
    declined: bool = False  # sent regrets: no invitation, no reminder


@dataclass(frozen=True)
class MeetingTruth:
    meeting_id: str
    cancelled: bool
    sessions: Mapping[str, SessionTruth]
    inviting: bool = True  # False once the deadline has passed or the meeting has begun: no new invitations
    # the last time the organizer asked for each mailing: reminder, followup, minutes
    requested: Mapping[str, dt.datetime] = field(default_factory=dict)
    # held (its last session has ended) or closed: what is past is not news, only the mailings go
    over: bool = False

    @property
    def reminded_at(self) -> dt.datetime | None:
        return self.requested.get("reminder")


@dataclass(frozen=True)
class Change:
    """One thing that changed since the person was last told, for the message to say in words."""

    kind: ChangeKind
    session: str | None
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Due:
    """A message that is due: to whom, of which kind, why, what it tells, and its calendar part."""

    participant: str
    kind: MessageKind
    reason: str  # for the organizer: "promoted from the waitlist", "the venue's address changed"
    told: Told
    calendar: tuple[CalendarAction, ...] = ()
    changes: tuple[Change, ...] = ()
    previous: Told | None = None  # what they were told last

    @property
    def session(self) -> str | None:
        return self.told.session


def fingerprint(details: SessionDetails) -> str:
    """A short hash of everything the event shows (not of the fingerprint field itself)."""
    data = details.model_dump(mode="json", exclude={"fingerprint"})
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass
class Held:
    """What a recipient's calendar holds, by applying every calendar action they were sent."""

    sequences: dict[str, int] = field(default_factory=dict)  # uid -> last SEQUENCE sent
    requested: dict[str, SessionDetails | None] = field(default_factory=dict)  # uid -> details it shows

    @classmethod
    def from_ledger(cls, ledger: Ledger) -> Held:
        held = cls()
        for message in ledger.message:
            shown = {d.session: d for d in message.told.sessions} if message.told else {}
            for action in message.calendar:
                held.sequences[action.uid] = max(held.sequences.get(action.uid, -1), action.sequence)
                if action.method == "REQUEST":
                    held.requested[action.uid] = shown.get(action.session)
                elif action.method == "CANCEL":
                    held.requested.pop(action.uid, None)
        return held


def _last_place(ledger: Ledger) -> str | None:
    """What the person was last told about their own place, leaving out news of the whole meeting
    being cancelled (or back on)."""
    for message in reversed(ledger.message):
        if message.told is not None and (message.told.status != "cancelled" or message.told.session is not None):
            return message.told.status
    return None


def last_told(ledger: Ledger) -> SentMessage | None:
    """The last message about the person's place (a mailing, such as the minutes, is none)."""
    return next((m for m in reversed(ledger.message) if m.told is not None), None)


def _target(person: PersonTruth, meeting: MeetingTruth) -> Told | None:
    """What the person should know now; None: nothing to tell (a non-member never invited)."""
    if meeting.cancelled:
        return Told(status="cancelled")
    session = meeting.sessions.get(person.session or "") if person.status else None
    if person.status in ("registered", "waitlisted") and session is not None:
        if session.cancelled:
            return Told(status="cancelled", session=session.id, sessions=[session.details])
        if person.status == "registered":
            return Told(
                status="registered",
                session=session.id,
                online=person.online,
                fee=person.fee,
                sessions=[session.details],
            )
        return Told(
            status="waitlisted",
            session=session.id,
            online=person.online,
            position=person.position,
            sessions=[session.details],
        )
    if person.status == "cancelled":
        return Told(status="unregistered", session=person.session)
    if person.member:
        return Told(status="invited", sessions=[s.details for s in meeting.sessions.values() if not s.cancelled])
    return None


def _changes(before: Told, after: Told) -> list[Change]:
    """What changed in what the person saw, for an update in words."""
    changes: list[Change] = []
    old = {d.session: d for d in before.sessions}
    for new in after.sessions:
        was = old.get(new.session)
        if was is None or was.fingerprint == new.fingerprint:
            continue
        if (was.start, was.end) != (new.start, new.end):
            changes.append(
                Change(
                    "time",
                    new.session,
                    f"{was.start.isoformat()}/{was.end.isoformat()}",
                    f"{new.start.isoformat()}/{new.end.isoformat()}",
                )
            )
        elif was.timezone != new.timezone:
            changes.append(Change("timezone", new.session, was.timezone, new.timezone))
        if was.place != new.place:
            changes.append(Change("place", new.session, was.place, new.place))
        if was.link != new.link:
            changes.append(Change("link", new.session, was.link, new.link))
        if was.title != new.title:
            changes.append(Change("title", new.session, was.title, new.title))
        if was.description_hash != new.description_hash:
            changes.append(Change("details", new.session, None, None))
    # the link, the title and the agenda are the meeting's: said once, not once per session
    seen: set[ChangeKind] = set()
    unique = []
    for change in changes:
        if change.kind in ("link", "title", "details"):
            if change.kind in seen:
                continue
            seen.add(change.kind)
        unique.append(change)
    changes = unique
    if before.status == after.status == "registered":
        if before.fee != after.fee:
            changes.append(Change("fee", after.session, _text(before.fee), _text(after.fee)))
        if before.online != after.online:
            changes.append(Change("online", after.session, str(before.online).lower(), str(after.online).lower()))
    return changes


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


_REASONS: dict[ChangeKind, str] = {
    "time": "the time changed",
    "timezone": "the time zone changed",
    "place": "the place changed",
    "link": "the online link changed",
    "title": "the title changed",
    "details": "the agenda or directions changed",
    "fee": "the fee changed",
    "online": "on site / online changed",
}


def plan_person(person: PersonTruth, meeting: MeetingTruth, ledger: Ledger) -> Due | None:
    """The one message due to ``person`` now, or None."""
    target = _target(person, meeting)
    last = last_told(ledger)
    before = last.told if last is not None else None
    held = Held.from_ledger(ledger)
    if target is None or (before is None and target.status in ("cancelled", "unregistered")):
        return None  # never told anything: nothing to take back
    if before is not None and before.status in ("unregistered", "cancelled") and target.status == before.status:
        return None
    if target.status == "invited" and (not meeting.inviting or person.declined):
        return None  # too late to invite (or remind), or they sent their regrets
    if target.status == "unregistered" and _last_place(ledger) == "unregistered":
        return None  # told already; a cancelled meeting that is back on changes nothing for them

    wanted: dict[str, SessionTruth] = {}
    if target.status == "registered" and target.session is not None:
        wanted[target.session] = meeting.sessions[target.session]
    by_uid = {s.uid: s for s in meeting.sessions.values()}

    actions: list[CalendarAction] = []

    def sequence(uid: str, base: int) -> int:
        last_sequence = held.sequences.get(uid)
        return base if last_sequence is None else max(base, last_sequence + 1)

    for uid in sorted(held.requested):
        if all(s.uid != uid for s in wanted.values()):
            session = by_uid.get(uid)
            actions.append(
                CalendarAction(
                    session=session.id if session else _session_of(ledger, uid),
                    uid=uid,
                    method="CANCEL",
                    sequence=sequence(uid, session.sequence if session else 0),
                )
            )
    for session in wanted.values():
        shown = held.requested.get(session.uid)
        if shown is None or shown.fingerprint != session.details.fingerprint:
            actions.append(
                CalendarAction(
                    session=session.id,
                    uid=session.uid,
                    method="REQUEST",
                    sequence=sequence(session.uid, session.sequence),
                )
            )

    kind, reason, changes = _kind(before, target, bool(actions))
    # a reminder asked for after the last thing an invited member was told
    reminder = meeting.reminded_at is not None and last is not None and meeting.reminded_at > last.at
    if kind is None and target.status == "invited" and reminder:
        kind, reason = "reminder", "invited, not registered: a reminder was asked for"
    if kind is None:
        return None
    if before is not None and before.status == "cancelled" and before.session is None:
        reason = "the meeting's cancellation was taken back; " + reason
    return Due(person.participant, kind, reason, target, tuple(actions), tuple(changes), before)


def _kind(before: Told | None, target: Told, calendar_changed: bool) -> tuple[MessageKind | None, str, list[Change]]:
    status = target.status
    if status == "cancelled":
        what = "the session was cancelled" if target.session else "the meeting was cancelled"
        return "cancelled", what, []
    if status == "unregistered":
        return "unregistered", "the registration was cancelled", []
    was = before.status if before else None
    if status == "invited":
        if was in (None, "cancelled", "unregistered", "registered", "waitlisted"):
            return "invitation", "a member who has not registered", []
        assert before is not None
        changes = _changes(before, target)
        if changes:
            return "update", "; ".join(_REASONS[c.kind] for c in changes), changes
        return None, "", []
    if status == "registered":
        if was == "registered" and before is not None:
            if before.session != target.session:
                return "moved", f"moved from {before.session} to {target.session}", []
            changes = _changes(before, target)
            if changes or calendar_changed:
                return "update", "; ".join(_REASONS[c.kind] for c in changes) or "the calendar event changed", changes
            return None, "", []
        if was == "waitlisted" and before is not None:
            if before.session != target.session:
                return "moved", f"moved from the waitlist of {before.session} to a place in {target.session}", []
            return "promoted", "promoted from the waitlist", []
        return "confirmation", "registered", []
    # waitlisted
    if was == "waitlisted" and before is not None:
        if before.session != target.session:
            return "moved", f"moved from the waitlist of {before.session} to the waitlist of {target.session}", []
        changes = [c for c in _changes(before, target) if c.kind != "fee"]
        if changes:
            return "update", "; ".join(_REASONS[c.kind] for c in changes), changes
        return None, "", []
    if was == "registered" and before is not None:
        if before.session != target.session:
            return "moved", f"moved from {before.session} to the waitlist of {target.session}", []
        return "waitlisted", "lost the place and is back on the waitlist", []
    return "waitlisted", "on the waitlist", []


def _session_of(ledger: Ledger, uid: str) -> str:
    for message in reversed(ledger.message):
        for action in message.calendar:
            if action.uid == uid:
                return action.session
    raise ValueError(f"no session for UID {uid}")  # cannot happen: the UID came from this ledger


def plan_mailings(person: PersonTruth, meeting: MeetingTruth, ledger: Ledger) -> list[Due]:
    """The follow-up and the minutes, each due to every member and everyone registered (absent
    ones included) once per time the organizer asked for it."""
    if not (person.member or person.status in ("registered", "waitlisted")):
        return []
    due = []
    for kind in MAILING_KINDS:
        asked = meeting.requested.get(kind)
        sent = [m.at for m in ledger.message if m.kind == kind]
        if asked is not None and (not sent or asked > max(sent)):
            reason = {"followup": "the answers to the meeting's questions", "minutes": "the minutes"}[kind]
            last = last_told(ledger)
            told = last.told if last is not None and last.told is not None else Told(status="invited")
            due.append(Due(person.participant, kind, reason, told, previous=None))
    return due


def plan(meeting: MeetingTruth, people: Iterable[PersonTruth], ledgers: Mapping[str, Ledger]) -> list[Due]:
    """Every message due, in the order of the recipients given: per person the one about their
    place, then the mailings asked for."""
    due = []
    for person in people:
        ledger = ledgers.get(person.participant, Ledger())
        message = None if meeting.over else plan_person(person, meeting, ledger)
        if message is not None:
            due.append(message)
        due += plan_mailings(person, meeting, ledger)
    return due


def record(ledger: Ledger, due: Due, *, at: dt.datetime, via: Via, message_id: str) -> Ledger:
    """The ledger with ``due`` recorded as handed over."""
    sent = SentMessage(
        kind=due.kind,
        at=at,
        via=via,
        message_id=message_id,
        reason=due.reason,
        told=None if due.kind in MAILING_KINDS else due.told,
        calendar=list(due.calendar),
    )
    return Ledger(message=[*ledger.message, sent])
