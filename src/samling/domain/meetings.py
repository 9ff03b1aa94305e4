"""Meetings: creating them and their sessions, and finding "the meeting" a command means."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, Unpack

from samling import clock, ids
from samling.domain.people import build, find_venue
from samling.domain.state import ensure_open
from samling.errors import InvalidInput, NotFound
from samling.models import Meeting, Session, Venue, parse_time
from samling.store import Store

if TYPE_CHECKING:
    from samling.domain.agenda import Pulled

_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: What ``parse_date`` accepts, for the hint when it cannot read a date.
DATE_FORMS = "write it as YYYY-MM-DD (2026-03-12) or day first, DD.MM.YYYY or DD/MM/YYYY (12.3.2026, 12/3/2026)"


def parse_date(text: str, option: str) -> dt.date:
    """2026-03-12, or 12.3.2026 (12/3/2026) as it is written in the Nordic countries and the Netherlands."""
    import calendar

    text = text.strip()
    match = _DMY.match(text)
    parts = (int(match[3]), int(match[2]), int(match[1])) if match else None
    match = _YMD.match(text)  # 2026-3-12 as well as 2026-03-12
    parts = (int(match[1]), int(match[2]), int(match[3])) if match else parts
    try:
        return dt.date(*parts) if parts else dt.date.fromisoformat(text)
    except ValueError as error:
        if parts and 1 <= parts[1] <= 12 and dt.MINYEAR <= parts[0] <= dt.MAXYEAR:
            days = calendar.monthrange(parts[0], parts[1])[1]
            reason = f"{_MONTHS[parts[1] - 1]} {parts[0]} has {days} days"
        elif parts and not 1 <= parts[1] <= 12:
            reason = f"there is no month {parts[1]}"
        else:
            reason = str(error) if "range" in str(error) or "must be" in str(error) else "unknown format"
        raise InvalidInput(f"{option}: {text!r} is not a valid date ({reason})", DATE_FORMS) from None


def parse_clock(text: str, option: str) -> dt.time:
    try:
        value = parse_time(text)
    except ValueError as error:
        raise InvalidInput(f"{option}: {error}") from None
    assert isinstance(value, dt.time)  # text always becomes a time (or the error above)
    return value


def meeting_id(date: dt.date, title: str) -> str:
    """``2026-03-12-natverkstraff-varen``: ids sort by date. The title's part leaves room for the
    date, so that a long one-word title still makes an id ``ids.is_valid`` accepts."""
    prefix = f"{date.isoformat()}-"
    # from_name only to say why there is no id (it raises when the slug is empty)
    return prefix + (ids.slug(title, ids.LONGEST - len(prefix)) or ids.from_name(title, "title"))


def _session_id(meeting: Meeting | None, venue: str | None, date: dt.date, given: str | None) -> str:
    taken = {s.id for s in meeting.sessions} if meeting else set()
    if given:
        ids.check(given, "--session", file_name=False)
        if given in taken:
            raise InvalidInput(f"--session: the meeting already has a session {given!r}")
        return given
    return ids.unique(venue or date.isoformat(), taken)


def new_session(
    store: Store,
    meeting: Meeting | None,
    *,
    date: dt.date,
    start: dt.time | None,
    end: dt.time | None,
    venue: str | None,
    capacity: int | None,
    session_id: str | None,
) -> Session:
    defaults = store.network.defaults
    venue_id = find_venue(store, venue) if venue else None
    return build(
        Session,
        "session",
        id=_session_id(meeting, venue_id, date, session_id),
        date=date,
        start=start or defaults.start,
        end=end or defaults.end,
        venue=venue_id,
        capacity=capacity,
    )


def default_deadline(store: Store, first_date: dt.date) -> dt.date:
    """``defaults.deadline_days`` before the meeting, but not in the past (and not after it)."""
    today = clock.today(store.network.tz)
    wanted = first_date - dt.timedelta(days=store.network.defaults.deadline_days)
    return min(max(wanted, today), first_date)


class MeetingFields(TypedDict, total=False):
    """What `samling new` may say about a meeting besides its title and date."""

    start: dt.time | None
    end: dt.time | None
    venue: str | None
    deadline: dt.date | None
    capacity: int | None
    online_link: str | None
    registration_url: str | None
    session_id: str | None
    record_id: str | None


def build_meeting(
    store: Store,
    title: str,
    *,
    date: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
    venue: str | None = None,
    deadline: dt.date | None = None,
    capacity: int | None = None,
    online_link: str | None = None,
    registration_url: str | None = None,
    session_id: str | None = None,
    agenda: list[str] | None = None,
    record_id: str | None = None,
) -> tuple[str, Meeting]:
    """A new meeting with its first session, validated, and its id; nothing written."""
    session = new_session(
        store, None, date=date, start=start, end=end, venue=venue, capacity=None, session_id=session_id
    )
    meeting = build(
        Meeting,
        "new",
        title=title,
        deadline=deadline or default_deadline(store, date),
        capacity=capacity if capacity is not None else store.network.defaults.capacity,
        online_link=online_link,
        registration_url=registration_url,
        agenda=agenda or [],
        sessions=[session],
    )
    mid = ids.check(record_id, "--id") if record_id else meeting_id(date, meeting.title)
    return mid, meeting


@dataclass
class NewMeeting:
    id: str
    meeting: Meeting
    pulled: Pulled  # what it took over from earlier meetings: questions, themes as agenda items
    venues: dict[str, Venue]  # the venues of its sessions, by id

    @property
    def themes_from(self) -> str | None:
        """The meeting whose top-voted themes became the draft agenda (None: none did)."""
        return self.pulled.themes_from if self.pulled.themes else None

    @property
    def carried(self) -> list[int]:
        """The numbers of the questions carried onto it (open ones and escalations)."""
        return [q.number for q in self.pulled.questions]


def new_meeting(
    store: Store,
    title: str,
    *,
    date: dt.date,
    agenda: list[str] | None = None,
    use_themes: bool = True,
    **options: Unpack[MeetingFields],
) -> NewMeeting:
    """`samling new`: the meeting, with the previous meeting's top-voted themes as its draft agenda
    (unless an agenda is given) and what is unfinished from earlier meetings carried onto it (as
    `samling agenda pull` does), all in one lock."""
    from samling.domain.agenda import carry_into

    mid, meeting = build_meeting(store, title, date=date, agenda=agenda, **options)
    with store.lock(mid):
        store.save_meeting(mid, meeting, create=True)
        pulled = carry_into(store, mid, meeting, themes=use_themes and not agenda)
        meeting = store.load_meeting(mid)
    return NewMeeting(mid, meeting, pulled, venues_of(store, meeting))


def venues_of(store: Store, meeting: Meeting) -> dict[str, Venue]:
    """The venues a meeting's sessions are held at, by id (a missing venue is left out)."""
    return {s.venue: store.venues.load(s.venue) for s in meeting.sessions if s.venue and store.venues.exists(s.venue)}


@dataclass
class SessionAdded:
    meeting: Meeting
    session: Session
    venues: dict[str, Venue]


def add_session(
    store: Store,
    mid: str,
    *,
    date: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
    venue: str | None = None,
    capacity: int | None = None,
    session_id: str | None = None,
) -> SessionAdded:
    with store.lock(mid):
        meeting = store.load_meeting(mid)
        session = new_session(
            store, meeting, date=date, start=start, end=end, venue=venue, capacity=capacity, session_id=session_id
        )
        updated = build(Meeting, "session add", **{**meeting.model_dump(), "sessions": [*meeting.sessions, session]})
        store.save_meeting(mid, updated)
    return SessionAdded(updated, session, venues_of(store, updated))


@dataclass
class MeetingRef:
    id: str
    meeting: Meeting
    default: str | None = None  # why this one, when the command named none: "the next meeting", ...


def all_meetings(store: Store) -> list[MeetingRef]:
    return [MeetingRef(mid, store.load_meeting(mid)) for mid in store.meeting_ids()]


@dataclass
class MeetingSummary:
    """A line of `samling meetings`: the meeting, its venues, and how many hold or wait for a place."""

    id: str
    meeting: Meeting
    venues: dict[str, Venue]
    registered: int
    waitlisted: int


def list_meetings(store: Store, *, upcoming: bool = False) -> list[MeetingSummary]:
    """Every meeting, oldest first; with ``upcoming`` only those that have not ended."""
    today = clock.today(store.network.tz)
    venues = store.venues.load_all()
    result = []
    for ref in all_meetings(store):
        if upcoming and ref.meeting.last_date < today:
            continue
        statuses = [r.status for r in store.registrations(ref.id).load_all().values()]
        used = {s.venue: venues[s.venue] for s in ref.meeting.sessions if s.venue in venues}
        result.append(
            MeetingSummary(ref.id, ref.meeting, used, statuses.count("registered"), statuses.count("waitlisted"))
        )
    return result


def resolve_meeting(store: Store, ref: str | None, *, held: bool = False) -> MeetingRef:
    """The meeting a command means: its id, the start of its id, or the date of one of its
    sessions (12.3.2026 or 2026-03-12). Named by none of these: for a command about what happened
    (``held``), the meeting held most recently, until the next one begins; otherwise the next
    upcoming one (through its last day), else the most recent one."""
    known = store.meeting_ids()
    if not known:
        raise NotFound("the network has no meetings yet", 'create one with `samling new "TITLE" --date ...`')
    if ref:
        return _named_meeting(store, ref.strip(), known)
    today = clock.today(store.network.tz)
    meetings = [m for m in all_meetings(store) if not m.meeting.cancelled] or all_meetings(store)
    if held:
        begun = [m for m in meetings if m.meeting.first_date <= today]
        if begun:
            chosen = max(begun, key=lambda m: (m.meeting.first_date, m.id))
            return MeetingRef(chosen.id, chosen.meeting, "the meeting held most recently")
    upcoming = [m for m in meetings if m.meeting.last_date >= today]
    if upcoming:
        chosen = min(upcoming, key=lambda m: (m.meeting.first_date, m.id))
        return MeetingRef(chosen.id, chosen.meeting, "the next meeting")
    chosen = max(meetings, key=lambda m: (m.meeting.last_date, m.id))
    return MeetingRef(chosen.id, chosen.meeting, "the most recent meeting; none is planned")


def _named_meeting(store: Store, ref: str, known: list[str]) -> MeetingRef:
    if ref in known:
        return MeetingRef(ref, store.load_meeting(ref))
    matches = [mid for mid in known if mid.startswith(ref)]
    if not matches:
        day = _as_date(ref)
        if day is not None:  # a date: the meeting with a session that day, whatever its id says
            matches = [m.id for m in all_meetings(store) if any(s.date == day for s in m.meeting.sessions)]
            if not matches:
                raise NotFound(f"no meeting has a session on {day}", "list the meetings with `samling meetings`")
    if not matches:
        matches = [mid for mid in known if ref in mid]
    if len(matches) == 1:
        return MeetingRef(matches[0], store.load_meeting(matches[0]))
    if matches:
        raise InvalidInput(f"{ref!r} matches {len(matches)} meetings: {', '.join(matches)}", "give more of the id")
    raise NotFound(f"no meeting {ref!r}", "list the meetings with `samling meetings`")


def _as_date(text: str) -> dt.date | None:
    """``text`` as a date, if it is one written in full (2026-03-12, 12.3.2026); else None."""
    if not (_DMY.match(text) or _YMD.match(text)):
        return None
    try:
        return parse_date(text, "meeting")
    except InvalidInput:
        return None


def set_session_cancelled(store: Store, meeting_id: str, session_id: str, cancelled: bool = True) -> bool:
    """Call off one session of a meeting (or take it back); returns whether anything changed. Its
    people have a cancellation due in the outbox; the meeting's other sessions go on."""
    with store.lock(meeting_id):
        meeting = store.load_meeting(meeting_id)
        ensure_open(meeting, meeting_id, "sessions and dates")
        session = meeting.session(session_id)
        if session is None:
            raise NotFound(
                f"meeting {meeting_id} has no session {session_id!r}",
                f"its sessions are: {', '.join(s.id for s in meeting.sessions)}",
            )
        if session.cancelled == cancelled:
            return False
        sessions = [
            s.model_copy(update={"cancelled": cancelled}) if s.id == session_id else s for s in meeting.sessions
        ]
        store.save_meeting(meeting_id, meeting.model_copy(update={"sessions": sessions}))
        return True


def set_cancelled(store: Store, meeting_id: str, cancelled: bool = True) -> bool:
    """Cancel a meeting (or take the cancellation back); returns whether anything changed.
    Everyone who was told anything about it has a cancellation due in the outbox."""
    with store.lock(meeting_id):
        meeting = store.load_meeting(meeting_id)
        ensure_open(meeting, meeting_id, "sessions and dates")
        if meeting.cancelled == cancelled:
            return False
        store.save_meeting(meeting_id, meeting.model_copy(update={"cancelled": cancelled}))
        return True
