"""Registering for a meeting: the rules of ``rules.py`` applied to the records, under the lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from samling import clock, rules
from samling.errors import InvalidInput, NotFound, RuleViolation
from samling.models import Meeting, Network, Organization, Participant, Registration, Session, Venue
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
        return cls(store, meeting_id, meeting, network, clock.now(network.tz), registrations,
                   people, store.organizations.load_all(), venues)

    # --- views for the rules

    @property
    def fee_policy(self) -> Any:
        policy = self.network.fees
        return self.meeting.fees.apply(policy) if self.meeting.fees else policy

    def policy(self) -> rules.Policy:
        fees = self.fee_policy
        return rules.Policy(
            capacities={s.id: self.capacity(s) for s in self.meeting.sessions},
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
        return rules.Entry(pid, self.people[pid].organization, self.is_member(pid),
                           registration.session, registration.online, registration.status, registration.seq)

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


@dataclass
class Outcome:
    """What a registration command did, for the organizer to read."""

    meeting_id: str
    participant: str
    status: str
    session: str | None = None
    online: bool = False
    late: bool = False
    position: int | None = None
    fee: rules.Fee | None = None
    currency: str = ""
    promoted: list[str] = field(default_factory=list)
    fee_changes: list[rules.FeeChange] = field(default_factory=list)
    updated: bool = False


def _settle(state: MeetingState, pid: str, old: dict[str, Registration], before: dict[str, rules.Fee], outcome: Outcome) -> Outcome:
    """Promote from the waitlists, then describe what changed for the organizer."""
    entries, _ = rules.promote(state.entries(), state.policy())
    state.apply(entries)
    outcome.promoted = sorted(
        (p for p, r in state.registrations.items()
         if p != pid and p in old and old[p].status == "waitlisted" and r.status == "registered"),
        key=lambda p: state.registrations[p].seq,
    )
    after = state.fees()
    outcome.fee_changes = rules.fee_changes(before, after, skip=[pid, *outcome.promoted])
    registration = state.registrations[pid]
    outcome.status = registration.status
    outcome.session = registration.session
    outcome.online = registration.online
    outcome.late = registration.late
    outcome.position = state.position(pid)
    outcome.fee = after.get(pid)
    outcome.currency = state.fee_policy.currency
    return outcome


def register_in(
    state: MeetingState,
    pid: str,
    *,
    session: str | None = None,
    online: bool = False,
    diet: str | None = None,
    note: str | None = None,
    late: bool = False,
    update: bool = False,
    registered_at: dt.datetime | None = None,
) -> Outcome:
    """Apply one registration to ``state`` in memory (nothing is written)."""
    meeting, meeting_id = state.meeting, state.meeting_id
    if meeting.cancelled:
        raise RuleViolation(f"meeting {meeting_id} is cancelled", "registrations are closed")
    if online and not meeting.hybrid:
        raise RuleViolation(
            f"meeting {meeting_id} has no online link, so nobody can take part online",
            f"add online_link to meetings/{meeting_id}/meeting.toml to make it hybrid",
        )
    existing = state.registrations.get(pid)
    active = existing is not None and existing.active
    if active and not update:
        raise RuleViolation(
            f"{pid} is already {existing.status} for {meeting_id} (session {existing.session})",  # type: ignore[union-attr]
            "change the registration with --update, or cancel it with `samling unregister`",
        )
    chosen = state.session_for(session if session or not active else existing.session)  # type: ignore[union-attr]
    when = registered_at or state.now
    is_late = meeting.deadline is not None and when.astimezone(state.network.tz).date() > meeting.deadline
    if is_late and not late and not active:
        raise RuleViolation(
            f"registration for {meeting_id} closed on {meeting.deadline} (the deadline)",
            "register anyway with --late; the registration will be marked late",
        )
    policy = state.policy()
    old = dict(state.registrations)
    before = state.fees()
    outcome = Outcome(meeting_id, pid, "")
    if active:
        # --update: a changed session, or online instead of on site, is a new place in the queue.
        assert existing is not None
        moved = chosen.id != existing.session or online != existing.online
        changes: dict[str, Any] = {"diet": diet if diet is not None else existing.diet,
                                   "note": note if note is not None else existing.note}
        if moved:
            changes |= {"session": chosen.id, "online": online, "seq": state.next_seq()}
        state.registrations[pid] = existing.model_copy(update=changes)
        if moved:
            others = [e for e in state.entries() if e.participant != pid]
            entries, _ = rules.promote(others, policy)
            entries, _ = rules.add(entries, state.entry(pid, state.registrations[pid]), policy)
            state.apply(entries)
        outcome.updated = True
    else:
        registration = Registration(
            session=chosen.id, status="waitlisted", seq=state.next_seq(), registered_at=when,
            online=online, late=is_late, diet=diet, note=note,
        )
        state.registrations[pid] = registration
        entries, _ = rules.add(state.entries(), state.entry(pid, registration), policy)
        state.apply(entries)
    return _settle(state, pid, old, before, outcome)


def unregister_in(state: MeetingState, pid: str) -> Outcome:
    existing = state.registrations.get(pid)
    if existing is None or not existing.active:
        raise RuleViolation(
            f"{pid} is not registered for {state.meeting_id}",
            f"see who is with `samling registrations {state.meeting_id}`",
        )
    old = dict(state.registrations)
    before = state.fees()
    state.registrations[pid] = existing.model_copy(update={"cancelled_at": state.now})
    # The same rule the property tests replay: cancel, then serve the waitlist.
    entries, _ = rules.cancel(state.entries(), pid, state.policy())
    state.apply(entries)
    outcome = _settle(state, pid, old, before, Outcome(state.meeting_id, pid, "cancelled"))
    outcome.fee = None
    return outcome


def register(store: Store, meeting_id: str, pid: str, **options: Any) -> Outcome:
    """Register ``pid`` for the meeting under its lock; see ``register_in`` for the options."""
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        if pid not in state.people:
            state.people[pid] = store.participants.load(pid)
        snapshot = dict(state.registrations)
        outcome = register_in(state, pid, **options)
        state.save_changes(snapshot)
        return outcome


def unregister(store: Store, meeting_id: str, pid: str) -> Outcome:
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        snapshot = dict(state.registrations)
        outcome = unregister_in(state, pid)
        state.save_changes(snapshot)
        return outcome


def admit(store: Store, meeting_id: str, pids: list[str]) -> list[str]:
    """The organizer admits waitlisted participants: the named ones (a seat must be free), or
    with none named, everyone the free seats allow, members first, in order of arrival."""
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        policy = state.policy()
        old = dict(state.registrations)
        if not pids:
            entries, promoted = rules.promote(state.entries(), policy, admit_all=True)
            state.apply(entries)
        else:
            for pid in pids:
                registration = state.registrations.get(pid)
                if registration is None or registration.status != "waitlisted":
                    status = registration.status if registration else "not registered"
                    raise RuleViolation(f"{pid} is not on the waitlist of {meeting_id} ({status})")
                seats = rules.free_seats(state.entries(), policy, registration.session)
                if seats is not None and seats <= 0:
                    raise RuleViolation(
                        f"session {registration.session} of {meeting_id} is full; {pid} cannot be admitted",
                        "raise the session's capacity in meeting.toml, or wait for a cancellation",
                    )
                state.registrations[pid] = registration.model_copy(update={"status": "registered"})
        changed = state.save_changes(old)
        return sorted(changed, key=lambda p: state.registrations[p].seq)


def mark_attendance(store: Store, meeting_id: str, pids: list[str], present: bool) -> list[str]:
    """Record who came (or did not); returns the ids whose record changed."""
    with store.lock(meeting_id):
        collection = store.registrations(meeting_id)
        records = {}
        for pid in pids:
            if not collection.exists(pid):
                store.participants.load(pid)  # a clear "no participant" first
                raise NotFound(
                    f"{pid} has no registration for {meeting_id}",
                    f"register them first (`samling register {pid} --late`) to record that they came",
                )
            records[pid] = collection.load(pid)
        changed = []
        for pid, registration in records.items():
            if collection.save(pid, registration.model_copy(update={"attended": present})):
                changed.append(pid)
        return changed


def money(amount: Decimal, currency: str) -> str:
    text = f"{amount:,.2f}".replace(",", " ").removesuffix(".00")
    return f"{text} {currency}".strip()
