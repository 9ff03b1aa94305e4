"""The outbox: every message due for a meeting, from the meeting's state and the record of what
was sent (``meetings/<id>/sent/``), through the pure planner. Read-only."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass, field

from samling.domain.planner import Due, MeetingTruth, PersonTruth, SessionTruth, fingerprint, plan
from samling.domain.state import MeetingState
from samling.errors import InvalidInput
from samling.models import Meeting, Network, Session, Venue
from samling.models.ledger import MESSAGE_KINDS, Ledger, SessionDetails
from samling.store import Collection, Store


def ledgers(store: Store, meeting_id: str) -> Collection[Ledger]:
    """``meetings/<id>/sent/<participant-id>.toml``: what each person was sent about the meeting."""
    return store.sent(meeting_id)


def session_uid(network: Network, meeting_id: str, session_id: str) -> str:
    """Derived from the network and the ids, so that two organizers making the same session in two
    clones get the same UID; stored in meeting.toml by the first calendar written, never changed."""
    name = f"samling:{network.name}:{meeting_id}:{session_id}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}@samling"


def event_place(meeting: Meeting, venue: Venue | None) -> str | None:
    """The LOCATION of a session's event: venue, address and city, or Online for a meeting held online."""
    if venue is None:
        return "Online" if meeting.online_link else None
    city = venue.city if venue.city and venue.city not in (venue.address or "") else None
    return ", ".join(p for p in (venue.name, venue.address, city) if p)


def event_description(meeting: Meeting, venue: Venue | None) -> str:
    """The DESCRIPTION of a session's event: the agenda, the online link, how to get there."""
    lines = [*meeting.agenda]
    if meeting.online_link:
        lines += ["", meeting.online_link]
    if venue and venue.directions:
        lines += ["", venue.directions]
    return "\n".join(lines).strip()


def session_details(network: Network, meeting: Meeting, session: Session, venue: Venue | None) -> SessionDetails:
    """Everything the session's calendar event shows, with its fingerprint."""
    tz = network.tz
    details = SessionDetails(
        session=session.id,
        title=meeting.title,
        start=dt.datetime.combine(session.date, session.start, tz),
        end=dt.datetime.combine(session.date, session.end, tz),
        timezone=network.timezone,
        place=event_place(meeting, venue),
        link=meeting.online_link,
        # the agenda and directions: the online link, also in the description, is a change of its own
        description_hash=hashlib.sha256(
            event_description(meeting.model_copy(update={"online_link": None}), venue).encode()
        ).hexdigest()[:16],
    )
    return details.model_copy(update={"fingerprint": fingerprint(details)})


def meeting_truth(state: MeetingState) -> MeetingTruth:
    sessions = {}
    for s in state.meeting.sessions:
        venue = state.venues.get(s.venue or "")
        sessions[s.id] = SessionTruth(
            id=s.id,
            uid=s.uid or session_uid(state.network, state.meeting_id, s.id),
            sequence=s.sequence or 0,
            cancelled=bool(s.cancelled),
            details=session_details(state.network, state.meeting, s, venue),
        )
    # Invitations are due while people can still register in time and the meeting lies ahead.
    inviting = not state.policy().deadline_passed and state.now.date() <= state.meeting.first_date
    requests = state.store.load_requests(state.meeting_id)
    asked = {kind: max(moments) for kind in ("reminder", "followup", "minutes") if (moments := getattr(requests, kind))}
    over = bool(state.meeting.closed) or state.meeting.last_date < state.now.date()
    return MeetingTruth(state.meeting_id, state.meeting.cancelled, sessions, inviting, asked, over)


def people_truth(state: MeetingState) -> list[PersonTruth]:
    """Everyone the meeting concerns: every member, and everyone who registered."""
    fees = state.fees()
    positions = state.positions()
    declined = set(state.store.declines(state.meeting_id).ids())
    result = []
    for pid in sorted(state.people):
        registration = state.registrations.get(pid)
        member = state.is_member(pid)
        if registration is None and not member:
            continue
        fee = fees.get(pid)
        result.append(
            PersonTruth(
                participant=pid,
                member=member,
                status=registration.status if registration else None,
                session=registration.session if registration else None,
                online=registration.online if registration else False,
                fee=fee.amount if fee else None,
                position=positions.get(pid),
                declined=pid in declined,
            )
        )
    return result


@dataclass
class Outbox:
    meeting_id: str
    due: list[Due] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # participant id -> name, for the organizer to read

    def counts(self) -> dict[str, int]:
        counted = Counter(d.kind for d in self.due)
        return {kind: counted[kind] for kind in MESSAGE_KINDS if counted[kind]}


def load_state(store: Store, meeting_id: str) -> MeetingState:
    return MeetingState.load(store, meeting_id, everyone=True)


def outbox_of(
    state: MeetingState,
    sent: dict[str, Ledger],
    *,
    participants: list[str] | None = None,
    kinds: list[str] | None = None,
) -> Outbox:
    for kind in kinds or []:
        if kind not in MESSAGE_KINDS:
            raise InvalidInput(f"--kind {kind!r} is not one of {', '.join(MESSAGE_KINDS)}")
    people = people_truth(state)
    if participants:
        people = [p for p in people if p.participant in participants]
    due = [d for d in plan(meeting_truth(state), people, sent) if not kinds or d.kind in kinds]
    return Outbox(state.meeting_id, due, {d.participant: state.people[d.participant].name for d in due})


def outbox(
    store: Store, meeting_id: str, *, participants: list[str] | None = None, kinds: list[str] | None = None
) -> Outbox:
    """Every message due now, by recipient (`samling outbox`); nothing is written."""
    state = load_state(store, meeting_id)
    return outbox_of(state, ledgers(store, meeting_id).load_all(), participants=participants, kinds=kinds)
