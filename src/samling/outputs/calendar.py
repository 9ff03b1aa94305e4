"""Calendar files (RFC 5545, iMIP per RFC 5546/6047), built through icalendar's types.

- A file to publish: METHOD:PUBLISH, one VEVENT per session, the organizer, no attendees.
- A personal invitation: METHOD:REQUEST, the organizer and that one attendee (RSVP=TRUE).
- A cancellation (meeting cancelled, or the participant unregistered): METHOD:CANCEL, same UID,
  a higher SEQUENCE.

Same data, same bytes: DTSTAMP is the session's ``changed_at`` (or the cancellation's time), never
the clock at generation; the VTIMEZONE covers the years of the meeting's sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from samling import __version__
from samling.domain.outbox import event_description, event_place
from samling.models import Meeting, Network, Participant, Session, Venue
from samling.store import Store

if TYPE_CHECKING:  # icalendar is imported where it is used, so that simple commands start fast
    from icalendar import Alarm, Component, Event

    from samling.domain.state import MeetingState
    from samling.models.ledger import Ledger

PRODID = f"-//samling//samling {__version__}//EN"
UTC = dt.UTC


def issued_state(network: Network, meeting: Meeting, session: Session, venue: Venue | None) -> str:
    """What, when changed, makes a calendar update necessary (SEQUENCE rises): everything the event
    shows (title, times and time zone, place and address, online link, description) and whether
    the meeting is cancelled."""
    from samling.domain.outbox import session_details

    state = "cancelled" if meeting.cancelled or session.cancelled else "confirmed"
    return f"{session_details(network, meeting, session, venue).fingerprint};{state}"


def sync(store: Store, meeting_id: str) -> Meeting:
    """Give each session its UID and bring its SEQUENCE up to date with the meeting; saved under
    the meeting's lock (a no-op, and no write, when nothing changed)."""
    from samling.domain.outbox import session_uid

    with store.lock(meeting_id):
        meeting = store.load_meeting(meeting_id)
        network = store.network
        sessions = []
        for session in meeting.sessions:
            update: dict[str, Any] = {}
            if session.uid is None:
                update["uid"] = session_uid(network, meeting_id, session.id)  # stored: it never changes
            venue = store.venues.load(session.venue) if session.venue and store.venues.exists(session.venue) else None
            current = issued_state(network, meeting, session, venue)
            # Nothing from the clock: two organizers who run `invite` after the same change write
            # the same lines, and git merges them (a changed_at would conflict on every merge).
            if session.issued is None:
                update |= {"issued": current, "sequence": 0}
            elif session.issued != current:
                update |= {"issued": current, "sequence": (session.sequence or 0) + 1}
            sessions.append(session.model_copy(update=update) if update else session)
        updated = meeting.model_copy(update={"sessions": sessions})
        if updated != meeting:
            store.save_meeting(meeting_id, updated)
        return updated


@dataclass
class CalendarContext:
    """What is the same for every recipient, built once: the VTIMEZONE, venues, texts."""

    network: Network
    meeting_id: str
    meeting: Meeting
    venues: dict[str, Venue]
    timezone: Any
    descriptions: dict[str, str]  # session id -> DESCRIPTION
    cache: _Cache = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.cache = _Cache(self)

    @classmethod
    def build(cls, store: Store, meeting_id: str, meeting: Meeting) -> CalendarContext:
        from samling.outputs.timezones import vtimezone

        network = store.network
        years = [s.date.year for s in meeting.sessions]
        timezone = vtimezone(network.timezone, min(years), max(years) + 1)
        venues = {s.venue: store.venues.load(s.venue) for s in meeting.sessions if s.venue}
        descriptions = {s.id: event_description(meeting, venues.get(s.venue or "")) for s in meeting.sessions}
        return cls(network, meeting_id, meeting, venues, timezone, descriptions)

    def location(self, session: Session) -> str | None:
        # the same words the planner compares (domain.outbox), so what changed is what it sees
        return event_place(self.meeting, self.venues.get(session.venue or ""))


def _event(
    ctx: CalendarContext, session: Session, *, sequence: int, stamp: dt.datetime, status: str, alarm: bool
) -> tuple[Event, Alarm | None]:
    """A session's event without attendees (those are added per recipient by ``_calendar``), and
    its reminder apart: the attendee's line goes between the event's properties and the VALARM."""
    from icalendar import Alarm, Event, vCalAddress, vText

    tz = ctx.network.tz
    event = Event()
    event.add("uid", session.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("dtstart", dt.datetime.combine(session.date, session.start, tz))
    event.add("dtend", dt.datetime.combine(session.date, session.end, tz))
    event.add("summary", ctx.meeting.title)
    location = ctx.location(session)
    if location:
        event.add("location", location)
    if ctx.descriptions[session.id]:
        event.add("description", ctx.descriptions[session.id])
    if ctx.meeting.online_link:
        event.add("url", ctx.meeting.online_link)
    event.add("status", status)
    event.add("transp", "OPAQUE")
    organizer = ctx.network.organizer
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer.email}")
        address.params["cn"] = vText(organizer.name)
        event.add("organizer", address)
    hours = ctx.network.defaults.reminder_hours
    if not (alarm and hours and status != "CANCELLED"):
        return event, None
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", ctx.meeting.title)
    reminder.add("trigger", dt.timedelta(hours=-hours))
    return event, reminder


def _attendee(person: Participant, rsvp: bool) -> bytes:
    """The ATTENDEE property, escaped (RFC 6868 parameters) and folded by icalendar."""
    from icalendar import vCalAddress, vText
    from icalendar.parser import Contentline

    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    address.params["cutype"] = "INDIVIDUAL"
    address.params["role"] = "REQ-PARTICIPANT"
    if rsvp:
        address.params["partstat"] = "NEEDS-ACTION"
        address.params["rsvp"] = "TRUE"
    line = Contentline.from_parts("ATTENDEE", address.params, address, sorted=True)
    return fold(line.encode("utf-8"))


def fold(line: bytes) -> bytes:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF and a space, never inside a
    UTF-8 character. (icalendar's folding walks the line a character at a time, 0.2 ms per
    attendee; this is the same rule on octets, checked by the tests' RFC check and parsers.)"""
    limit = 74  # as icalendar folds: 74 octets, then a space and 74 more (75 with the space)
    if len(line) <= limit:
        return line + b"\r\n"
    parts = []
    while len(line) > limit:
        cut = limit
        while cut > 0 and (line[cut] & 0xC0) == 0x80:  # a UTF-8 continuation byte: step back
            cut -= 1
        parts.append(line[:cut])
        line = line[cut:]
    parts.append(line)
    return b"\r\n ".join(parts) + b"\r\n"


def _properties(component: Component) -> bytes:
    """A component's own properties as icalendar serializes them (its order, escaping and
    folding), without its BEGIN and END lines or subcomponents, so that lines of our own (the
    attendee) and other components (the alarm, the events) can be composed around them."""
    from icalendar.parser import Contentlines

    lines = [
        component.content_line(name, value)
        for name, value in component.property_items(recursive=False)
        if name not in ("BEGIN", "END")
    ]
    if not lines:
        return b""
    serialized: _Serializable = Contentlines(lines)  # its to_ical is not annotated in icalendar
    return serialized.to_ical()


class _Serializable(Protocol):
    def to_ical(self) -> bytes: ...


class _Cache:
    """Serialized pieces that are the same for every recipient: the calendar's head per METHOD,
    the VTIMEZONE, and each session's event, in two parts: its BEGIN line and properties, then
    its alarm and END line. Per recipient only the ATTENDEE property is serialized (by icalendar)
    and put between the two."""

    def __init__(self, ctx: CalendarContext) -> None:
        self.ctx = ctx
        self.heads: dict[str | None, bytes] = {}
        self.events: dict[tuple[object, ...], tuple[bytes, bytes]] = {}
        self.timezone: bytes = ctx.timezone.to_ical()

    def head(self, method: str | None) -> bytes:
        """``BEGIN:VCALENDAR`` and the calendar's properties; the caller adds the components and
        ``END:VCALENDAR``."""
        if method not in self.heads:
            from icalendar import Calendar

            calendar = Calendar()
            calendar.add("prodid", PRODID)
            calendar.add("version", "2.0")
            calendar.add("calscale", "GREGORIAN")
            if method is not None:  # a file for a CalDAV server carries no METHOD (RFC 4791 4.1)
                calendar.add("method", method)
            self.heads[method] = b"BEGIN:VCALENDAR\r\n" + _properties(calendar)
        return self.heads[method]

    def event(self, session: Session, **options: Any) -> tuple[bytes, bytes]:
        key = (session.id, tuple(sorted(options.items())))
        if key not in self.events:
            event, alarm = _event(self.ctx, session, **options)
            head = b"BEGIN:VEVENT\r\n" + _properties(event)
            tail = (alarm.to_ical() if alarm is not None else b"") + b"END:VEVENT\r\n"
            self.events[key] = (head, tail)
        return self.events[key]


def _calendar(
    ctx: CalendarContext,
    method: str | None,
    sessions: list[Session],
    person: Participant | None,
    rsvp: bool = False,
    **options: Any,
) -> bytes:
    cache = ctx.cache
    parts = [cache.head(method), cache.timezone]
    attendee = _attendee(person, rsvp) if person is not None else b""
    for session in sessions:
        opts = {k: (v(session) if callable(v) else v) for k, v in options.items()}
        head, tail = cache.event(session, **opts)
        parts += [head, attendee, tail]
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


def _status(ctx: CalendarContext) -> Callable[[Session], str]:
    def status(session: Session) -> str:
        return "CANCELLED" if ctx.meeting.cancelled or session.cancelled else "CONFIRMED"

    return status


def publish(
    ctx: CalendarContext,
    sessions: list[Session] | None = None,
    *,
    caldav: bool = False,
    stamp: dt.datetime | None = None,
) -> bytes:
    """For the website or the mailing list: every session (or the ones given), no attendees.
    ``caldav``: an object to store on a CalDAV server, which carries no METHOD (RFC 4791 4.1).
    DTSTAMP is ``stamp`` (when the file or message is made), else the session's ``changed_at``."""
    method = None if caldav else "CANCEL" if ctx.meeting.cancelled else "PUBLISH"
    return _calendar(
        ctx,
        method,
        sessions or ctx.meeting.sessions,
        None,
        sequence=_sequence,
        stamp=_stamp if stamp is None else stamp,
        status=_status(ctx),
        alarm=True,
    )


def request(ctx: CalendarContext, person: Participant, sessions: list[Session]) -> bytes:
    """A personal invitation (or, for a cancelled meeting, its cancellation)."""
    if ctx.meeting.cancelled:
        return cancel(ctx, person, sessions, None)
    return _calendar(
        ctx, "REQUEST", sessions, person, rsvp=True, sequence=_sequence, stamp=_stamp, status="CONFIRMED", alarm=True
    )


def cancel(ctx: CalendarContext, person: Participant, sessions: list[Session], when: dt.datetime | None) -> bytes:
    """METHOD:CANCEL with the same UID and a higher SEQUENCE: removes the event from the calendar."""

    def stamp(s: Session) -> dt.datetime:
        return max(filter(None, [s.changed_at, when])) if (s.changed_at or when) else _epoch(s)

    return _calendar(
        ctx,
        "CANCEL",
        sessions,
        person,
        sequence=lambda s: (s.sequence or 0) + 1,
        stamp=stamp,
        status="CANCELLED",
        alarm=False,
    )


def last_change(state: MeetingState, history: dict[str, Ledger]) -> dt.datetime:
    """DTSTAMP of the files `ics` and `invite` make: the latest moment the meeting's records
    hold (a registration, a cancellation, a message sent). The same data gives the same bytes,
    whatever the clock says, and meeting.toml need hold no time of its own (which two organizers
    would write differently, and git could not merge)."""
    moments = [m.at for ledger in history.values() for m in ledger.message]
    for registration in state.registrations.values():
        moments += filter(None, [registration.registered_at, registration.cancelled_at])
    moments += [s.changed_at for s in state.meeting.sessions if s.changed_at]  # written by samling < 0.9
    if not moments:
        return _epoch(min(state.meeting.sessions, key=lambda s: s.date))
    return max(m if m.tzinfo else m.replace(tzinfo=state.network.tz) for m in moments).astimezone(UTC)


def _sequence(session: Session) -> int:
    return session.sequence or 0


def _stamp(session: Session) -> dt.datetime:
    return session.changed_at or _epoch(session)


def _epoch(session: Session) -> dt.datetime:
    return dt.datetime.combine(session.date, dt.time(0), UTC)


@dataclass
class CalendarFiles:
    published: str
    sessions: dict[str, str]  # session id -> a file with that one event (for CalDAV, for import)
    personal: dict[str, str]  # participant id -> path (relative to the network folder)
    methods: dict[str, str]  # participant id -> REQUEST or CANCEL
    written: list[str]


def write_calendars(store: Store, meeting_id: str) -> CalendarFiles:
    """`samling ics`: the file to publish, one per session for a CalDAV server, and per person the
    calendar part of the message the outbox has for them now (a REQUEST for their seat, a CANCEL
    for an event they should no longer hold). A personal file no longer due is removed."""
    from samling.domain.outbox import ledgers, outbox_of
    from samling.domain.state import MeetingState
    from samling.outputs.messages import Composer
    from samling.outputs.writer import OutputWriter

    meeting = sync(store, meeting_id)
    state = MeetingState.load(store, meeting_id, everyone=True)
    state.meeting = meeting
    composer = Composer(store, state)
    ctx = composer.calendar
    out = OutputWriter(store, meeting_id, "calendar")
    stamp = last_change(state, ledgers(store, meeting_id).load_all())
    published = out.write(f"{meeting_id}.ics", publish(ctx, stamp=stamp))
    # CalDAV stores one UID per calendar object (RFC 4791 4.1), so a server refuses the file with
    # every session as one object; these hold one session each, and no METHOD.
    sessions = {
        s.id: out.write(f"sessions/{s.id}.ics", publish(ctx, [s], caldav=True, stamp=stamp)) for s in meeting.sessions
    }
    personal: dict[str, str] = {}
    methods: dict[str, str] = {}
    keep = {f"{meeting_id}.ics"}
    for due in outbox_of(state, ledgers(store, meeting_id).load_all()).due:
        parts = [p for p in composer.calendars(due, state.people[due.participant], stamp) if p.method != "PUBLISH"]
        for part in parts:
            name = f"{due.participant}.ics" if part.inline else f"{due.participant}-{part.filename}"
            path = out.write(name, part.data)
            keep.add(name)
            if part.inline:
                personal[due.participant], methods[due.participant] = path, part.method
    for stale in out.folder.glob("*.ics"):
        if stale.name not in keep:
            stale.unlink()
    return CalendarFiles(published, sessions, personal, methods, out.written)


def itip(
    ctx: CalendarContext,
    person: Participant,
    session: Session,
    *,
    method: str,
    uid: str,
    sequence: int,
    stamp: dt.datetime,
    cancelled: bool,
) -> bytes:
    """One iTIP message (RFC 5546) about one session's event, to one attendee: METHOD:REQUEST
    (with RSVP and the reminder), or METHOD:CANCEL. A CANCEL for an event that is called off
    carries STATUS:CANCELLED; one that only takes this attendee out carries no STATUS (RFC 5546
    3.2.5). DTSTAMP is the moment the message is made; the SEQUENCE is the planner's."""
    request = method == "REQUEST"
    if session.uid != uid:
        session = session.model_copy(update={"uid": uid})
    status = "CANCELLED" if cancelled else "CONFIRMED"
    event, alarm = _event(ctx, session, sequence=sequence, stamp=stamp, status=status, alarm=request)
    if method == "CANCEL" and not cancelled:
        event.pop("STATUS")
    parts = [
        ctx.cache.head(method),
        ctx.cache.timezone,
        b"BEGIN:VEVENT\r\n",
        _properties(event),
        _attendee(person, rsvp=request),
        alarm.to_ical() if alarm is not None else b"",
        b"END:VEVENT\r\nEND:VCALENDAR\r\n",
    ]
    return b"".join(parts)
