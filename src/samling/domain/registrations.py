"""Registering for a meeting: the rules of ``rules.py`` applied to the meeting's state, under its lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

from samling.domain import rules
from samling.domain.state import MeetingState, ensure_open
from samling.errors import InvalidInput, NotFound, RuleViolation
from samling.models import Registration
from samling.models.room import ROLES
from samling.store import Store


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
    questions: list[int] = field(default_factory=list)  # numbers of the questions sent with it
    organization_name: str = ""  # the participant's organization, as the fee is explained by it
    names: dict[str, str] = field(default_factory=dict)  # id -> name of everyone mentioned

    def name(self, pid: str) -> str:
        return self.names.get(pid, pid)


def _settle(
    state: MeetingState, pid: str, old: dict[str, Registration], before: dict[str, rules.Fee], outcome: Outcome
) -> Outcome:
    """Promote from the waitlists, then describe what changed for the organizer."""
    entries, _ = rules.promote(state.entries(), state.policy())
    state.apply(entries)
    outcome.promoted = sorted(
        (
            p
            for p, r in state.registrations.items()
            if p != pid and p in old and old[p].status == "waitlisted" and r.status == "registered"
        ),
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
    outcome.organization_name = state.org_name(pid)
    mentioned = [pid, *outcome.promoted, *(c.participant for c in outcome.fee_changes)]
    outcome.names = {p: state.people[p].name for p in mentioned if p in state.people}
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
    confirm_waitlist: bool = False,
    role: str | None = None,
) -> Outcome:
    """Apply one registration to ``state`` in memory (nothing is written). Moving someone who
    holds a seat to where they would only wait is refused unless ``confirm_waitlist``."""
    meeting, meeting_id = state.meeting, state.meeting_id
    ensure_open(meeting, meeting_id)
    if role and role not in ROLES:
        raise InvalidInput(f"--role {role!r} is not one of {', '.join(ROLES)}")
    if meeting.cancelled:
        raise RuleViolation(f"meeting {meeting_id} is cancelled", "registrations are closed")
    if online and not meeting.hybrid:
        raise RuleViolation(
            f"meeting {meeting_id} has no online link, so nobody can take part online",
            f"make it hybrid with `samling meeting edit {meeting_id} --online-link URL`",
        )
    existing = state.registrations.get(pid)
    active = existing if existing is not None and existing.active else None
    if active is not None and not update:
        raise RuleViolation(
            f"{pid} is already {active.status} for {meeting_id} (session {active.session})",
            "change the registration with --update, or cancel it with `samling unregister`",
        )
    chosen = state.session_for(session if session or active is None else active.session)
    if chosen.cancelled and (active is None or chosen.id != active.session):
        raise RuleViolation(
            f"session {chosen.id} of {meeting_id} is cancelled",
            "choose another session with --session",
        )
    when = registered_at or state.now
    is_late = meeting.deadline is not None and when.astimezone(state.network.tz).date() > meeting.deadline
    if is_late and not late and active is None:
        raise RuleViolation(
            f"registration for {meeting_id} closed on {meeting.deadline} (the deadline)",
            "register anyway with --late; the registration will be marked late",
        )
    policy = state.policy()
    old = dict(state.registrations)
    before = state.fees()
    outcome = Outcome(meeting_id, pid, "")
    if active is not None:
        # --update: a changed session, or online instead of on site, is a new place in the queue.
        existing = active
        moved = chosen.id != existing.session or online != existing.online
        changes: dict[str, Any] = {
            "diet": diet if diet is not None else existing.diet,
            "note": note if note is not None else existing.note,
            "role": (role or None) if role is not None else existing.role,  # "": no role any more
        }
        if moved:
            changes |= {"session": chosen.id, "online": online, "seq": state.next_seq()}
        state.registrations[pid] = existing.model_copy(update=changes)
        if moved:
            others = [e for e in state.entries() if e.participant != pid]
            entries, _ = rules.promote(others, policy)
            entries, _ = rules.add(entries, state.entry(pid, state.registrations[pid]), policy)
            state.apply(entries)
            gives_up_seat = existing.status == "registered" and not existing.online
            if gives_up_seat and state.registrations[pid].status == "waitlisted" and not confirm_waitlist:
                raise RuleViolation(
                    f"{pid} holds a seat in session {existing.session} of {meeting_id}; in session {chosen.id} "
                    f"{'online' if online else 'on site'} they would be on the waitlist "
                    f"(position {state.position(pid)}) and give up the seat",
                    "move them anyway with --yes (the seat goes to the next on the waitlist)",
                )
        outcome.updated = True
    else:
        registration = Registration(
            session=chosen.id,
            status="waitlisted",
            seq=state.next_seq(),
            registered_at=when,
            online=online,
            late=is_late,
            diet=diet,
            note=note,
            role=role or None,
        )
        registration = state.with_origin(pid, registration)  # the history keeps where they came from
        state.registrations[pid] = registration
        entries, _ = rules.add(state.entries(), state.entry(pid, registration), policy)
        state.apply(entries)
    return _settle(state, pid, old, before, outcome)


def unregister_in(state: MeetingState, pid: str) -> Outcome:
    ensure_open(state.meeting, state.meeting_id)
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


class Choices(TypedDict, total=False):
    """What a registration says besides who and for which meeting (``register_in``'s options)."""

    session: str | None
    online: bool
    diet: str | None
    note: str | None
    late: bool
    update: bool
    registered_at: dt.datetime | None
    confirm_waitlist: bool
    role: str | None


def register(
    store: Store, meeting_id: str, pid: str, *, questions: list[str] | None = None, **options: Unpack[Choices]
) -> Outcome:
    """Register ``pid`` for the meeting under its lock, with the questions they sent (added to the
    agenda under the same lock, so a refused registration adds none); see ``register_in``."""
    from samling.domain.questions import add_question

    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        if pid not in state.people:
            state.people[pid] = store.participants.load(pid)
        snapshot = dict(state.registrations)
        outcome = register_in(state, pid, **options)
        state.save_changes(snapshot)
        outcome.questions = [add_question(store, meeting_id, text, by=pid) for text in questions or []]
        return outcome


def unregister(store: Store, meeting_id: str, pid: str) -> Outcome:
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        snapshot = dict(state.registrations)
        outcome = unregister_in(state, pid)
        state.save_changes(snapshot)
        return outcome


@dataclass(frozen=True)
class Admitted:
    id: str
    name: str


def admit(store: Store, meeting_id: str, pids: list[str]) -> list[Admitted]:
    """The organizer admits waitlisted participants: the named ones (a seat must be free), or
    with none named, everyone the free seats allow, members first, in order of arrival."""
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        ensure_open(state.meeting, meeting_id)
        policy = state.policy()
        old = dict(state.registrations)
        if not pids:
            entries, _ = rules.promote(state.entries(), policy, admit_all=True)
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
        return [
            Admitted(pid, state.people[pid].name) for pid in sorted(changed, key=lambda p: state.registrations[p].seq)
        ]


def mark_attendance(store: Store, meeting_id: str, pids: list[str], present: bool) -> list[str]:
    """Record who came (or did not); returns the ids whose record changed."""
    with store.lock(meeting_id):
        ensure_open(store.load_meeting(meeting_id), meeting_id, "registrations and attendance")
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
