"""The meeting's state: a meeting and everything its rules need (registrations, people,
organizations, venues, the clock), read once, and the views every command asks of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from samling import clock
from samling.domain import rules
from samling.errors import InvalidInput, NotFound
from samling.models import (
    FeePolicy,
    Meeting,
    Network,
    Organization,
    Participant,
    Registration,
    Session,
    Venue,
)
from samling.store import Store


def session_capacity(meeting: Meeting, session: Session, venue: Venue | None) -> int | None:
    """Seats of a session: its own capacity, else the meeting's, else the venue's; None = no limit."""
    for capacity in (session.capacity, meeting.capacity, venue.capacity if venue else None):
        if capacity is not None:
            return capacity
    return None


def deadline_passed(meeting: Meeting, network: Network, now: dt.datetime) -> bool:
    """Registration is open through the whole deadline day, in the network's time zone."""
    return meeting.deadline is not None and now.astimezone(network.tz).date() > meeting.deadline


@dataclass
class MeetingState:
    """A meeting and everything its rules need, read once (under the lock when writing)."""

    store: Store
    meeting_id: str
    meeting: Meeting
    network: Network
    now: dt.datetime
    registrations: dict[str, Registration]
    people: dict[str, Participant]
    organizations: dict[str, Organization]
    venues: dict[str, Venue]

    @classmethod
    def load(cls, store: Store, meeting_id: str, *, everyone: bool = False) -> MeetingState:
        network = store.network
        meeting = store.load_meeting(meeting_id)
        registrations = store.registrations(meeting_id).load_all()
        if everyone:
            people = store.participants.load_all()
        else:
            people = {pid: store.participants.load(pid) for pid in registrations}
        venues = {s.venue: store.venues.load(s.venue) for s in meeting.sessions if s.venue}
        return cls(
            store,
            meeting_id,
            meeting,
            network,
            clock.now(network.tz),
            registrations,
            people,
            store.organizations.load_all(),
            venues,
        )

    # --- views for the rules

    @property
    def fee_policy(self) -> FeePolicy:
        policy = self.network.fees
        return self.meeting.fees.apply(policy) if self.meeting.fees else policy

    def policy(self) -> rules.Policy:
        fees = self.fee_policy
        return rules.Policy(
            # a session called off seats nobody more: its waitlist is not served
            capacities={s.id: 0 if s.cancelled else self.capacity(s) for s in self.meeting.sessions},
            fees=rules.FeeRule(fees.free_per_organization, fees.fee, fees.non_member_fee, fees.online_fee),
            deadline_passed=deadline_passed(self.meeting, self.network, self.now),
        )

    def capacity(self, session: Session) -> int | None:
        return session_capacity(self.meeting, session, self.venues.get(session.venue or ""))

    def is_member(self, pid: str) -> bool:
        org_id = self.people[pid].organization
        org = self.organizations.get(org_id) if org_id else None
        return bool(org and org.member)

    def entry(self, pid: str, registration: Registration) -> rules.Entry:
        return rules.Entry(
            pid,
            self.people[pid].organization,
            self.is_member(pid),
            registration.session,
            registration.online,
            registration.status,
            registration.seq,
        )

    def entries(self) -> list[rules.Entry]:
        return [self.entry(pid, r) for pid, r in self.registrations.items()]

    def fees(self) -> dict[str, rules.Fee]:
        return rules.fees(self.entries(), self.policy().fees)

    def positions(self) -> dict[str, int]:
        """Everyone's place on their session's waitlist (1 = next to be promoted)."""
        entries = self.entries()
        result: dict[str, int] = {}
        for session in self.meeting.sessions:
            for n, entry in enumerate(rules.waitlist(entries, session.id), start=1):
                result[entry.participant] = n
        return result

    def position(self, pid: str) -> int | None:
        return self.positions().get(pid)

    def next_seq(self) -> int:
        return max((r.seq for r in self.registrations.values()), default=0) + 1

    def org_name(self, pid: str) -> str:
        org_id = self.people[pid].organization
        org = self.organizations.get(org_id) if org_id else None
        return org.name if org else ""

    def session_for(self, wanted: str | None) -> Session:
        if wanted is None:
            if len(self.meeting.sessions) == 1:
                return self.meeting.sessions[0]
            raise InvalidInput(
                f"meeting {self.meeting_id} has {len(self.meeting.sessions)} sessions: "
                f"{', '.join(s.id for s in self.meeting.sessions)}",
                "choose one with --session",
            )
        session = self.meeting.session(wanted)
        if session is None:
            raise NotFound(
                f"meeting {self.meeting_id} has no session {wanted!r}",
                f"its sessions are: {', '.join(s.id for s in self.meeting.sessions)}",
            )
        return session

    # --- writing back

    def apply(self, entries: list[rules.Entry]) -> None:
        """Carry statuses decided by the rules into the records (in memory)."""
        for entry in entries:
            registration = self.registrations[entry.participant]
            if registration.status != entry.status:
                self.registrations[entry.participant] = registration.model_copy(update={"status": entry.status})

    def save_changes(self, snapshot: dict[str, Registration]) -> list[str]:
        """Write the registrations that differ from ``snapshot``; return their ids."""
        collection = self.store.registrations(self.meeting_id)
        changed = sorted(p for p, r in self.registrations.items() if snapshot.get(p) != r)
        for pid in changed:
            collection.save(pid, self.registrations[pid])
        return changed


def money(amount: Decimal, currency: str) -> str:
    text = f"{amount:,.2f}".replace(",", " ").removesuffix(".00")
    return f"{text} {currency}".strip()
