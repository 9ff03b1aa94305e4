"""The meeting's state: a meeting and everything its rules need (registrations, people,
organizations, venues, the clock), read once, and the views every command asks of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from samling import clock
from samling.domain import rules
from samling.errors import InvalidInput, InvalidRecord, NotFound, RuleViolation
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


ANONYMOUS_NAME = "(anonymous)"


def ensure_open(meeting: Meeting, meeting_id: str, what: str = "registrations") -> None:
    """A closed meeting is history: its registrations, fees and attendance no longer change."""
    if meeting.closed:
        raise RuleViolation(
            f"meeting {meeting_id} is closed: its {what} are history and no longer change",
            f"reopen it with `samling close {meeting_id} --undo` if something must be corrected",
        )


def anonymous_person(registration: Registration) -> Participant:
    """Who a forgotten person is to the meeting: a participant from their organization, no more
    (built without validation: there is no email address, and nobody is told anything)."""
    return Participant.model_construct(name=ANONYMOUS_NAME, email="", organization=registration.organization)


def deadline_passed(meeting: Meeting, network: Network, now: dt.datetime) -> bool:
    """Registration is open through the whole deadline day, in the network's time zone."""
    return meeting.deadline is not None and now.astimezone(network.tz).date() > meeting.deadline


@dataclass
class MeetingState:
    """A meeting and everything its rules need, read once (under the lock when writing).

    ``people`` holds each person as the meeting knows them: today's record, but with the
    organization they registered from when the registration keeps it (``today`` has their
    organization now, for a new registration). A forgotten person (an anonymous registration) is
    in ``people`` as "(anonymous)" without an address, except when ``everyone`` is loaded: that is
    everyone the meeting may address, and nobody can address them.
    """

    store: Store
    meeting_id: str
    meeting: Meeting
    network: Network
    now: dt.datetime
    registrations: dict[str, Registration]
    people: dict[str, Participant]
    organizations: dict[str, Organization]
    venues: dict[str, Venue]
    today: dict[str, str | None] = field(default_factory=dict)  # participant -> organization now

    @classmethod
    def load(cls, store: Store, meeting_id: str, *, everyone: bool = False) -> MeetingState:
        network = store.network
        meeting = store.load_meeting(meeting_id)
        registrations = store.registrations(meeting_id).load_all()
        _refuse_unusable(store, meeting_id, meeting, registrations)
        if everyone:
            people = store.participants.load_all()
        else:
            people = {pid: store.participants.load(pid) for pid, r in registrations.items() if not r.anonymous}
        today = {pid: person.organization for pid, person in people.items()}
        for pid, registration in registrations.items():
            person = people.get(pid)
            if registration.anonymous:
                if not everyone:
                    people[pid] = anonymous_person(registration)
            elif person is not None and registration.has_origin and person.organization != registration.organization:
                people[pid] = person.model_copy(update={"organization": registration.organization})
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
            today,
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

    def organization_of(self, pid: str) -> str | None:
        """The person's organization for this meeting: the one they registered from, when the
        registration keeps it, else today's."""
        registration = self.registrations.get(pid)
        if registration is not None and registration.has_origin:
            return registration.organization
        return self.people[pid].organization

    def is_member(self, pid: str) -> bool:
        """Whether the person counts as a member for this meeting: as they were when they
        registered, when the registration keeps it, else by today's records."""
        registration = self.registrations.get(pid)
        if registration is not None and registration.member is not None:
            return registration.member
        return self.member_today(self.people[pid].organization)

    def member_today(self, org_id: str | None) -> bool:
        org = self.organizations.get(org_id) if org_id else None
        return bool(org and org.member)

    def with_origin(self, pid: str, registration: Registration) -> Registration:
        """A registration made now, keeping where the person comes from today: their organization
        and whether it is a member (see ``Registration``)."""
        org_id = self.today[pid] if pid in self.today else self.people[pid].organization
        return registration.model_copy(update={"organization": org_id, "member": self.member_today(org_id)})

    def entry(self, pid: str, registration: Registration) -> rules.Entry:
        return rules.Entry(
            pid,
            self.organization_of(pid),
            self.is_member(pid),
            registration.session,
            registration.online,
            registration.status,
            registration.seq,
        )

    def entries(self) -> list[rules.Entry]:
        return [self.entry(pid, r) for pid, r in self.registrations.items()]

    def fees(self) -> dict[str, rules.Fee]:
        """Everyone's fee: by the rules, or for a closed meeting as it was fixed then."""
        if self.meeting.closed:
            return {
                pid: rules.Fee(r.fee, r.fee_reason or "extra")
                for pid, r in self.registrations.items()
                if r.fee is not None
            }
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
        """The name of the person's organization for this meeting: as fixed when it was closed,
        else today's name of the organization they registered from (or belong to)."""
        registration = self.registrations.get(pid)
        if registration is not None and registration.organization_name is not None:
            return registration.organization_name
        org_id = self.organization_of(pid)
        org = self.organizations.get(org_id) if org_id else None
        return org.name if org else ""

    def session_for(self, wanted: str | None) -> Session:
        if wanted is None:
            going_ahead = [s for s in self.meeting.sessions if not s.cancelled]
            if len(going_ahead) == 1:  # the only one (or the only one not called off)
                return going_ahead[0]
            raise InvalidInput(
                f"meeting {self.meeting_id} has {len(going_ahead)} sessions: {', '.join(s.id for s in going_ahead)}",
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


def _refuse_unusable(store: Store, meeting_id: str, meeting: Meeting, registrations: dict[str, Registration]) -> None:
    """A registration for a session the meeting lacks, or of nobody, cannot be counted: an error
    naming the file, as `samling check` reports it (not skipped: a seat, a fee or a place on the
    waitlist would silently go wrong)."""
    from samling.domain.check import registration_problems

    problems = registration_problems(store, meeting_id, meeting, registrations, set(store.participants.ids()))
    if problems:
        raise InvalidRecord(problems, "fix the files, then run `samling check`")
