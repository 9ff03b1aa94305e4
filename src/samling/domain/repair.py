"""What two organizers' offline work can leave after a git merge, found (`samling check`) and,
where a rule decides it, repaired (`samling check --fix`).

Each organizer's commands were right in their own clone; merged, their records can disagree:
- two registrations with the same ``seq`` (each clone gave out the next number);
- more people on site than seats (each clone gave away the last seat);
- a free seat while someone who may take it waits (both clones promoted the same person when
  two different people cancelled, so the second seat was never given);
- one person in two participant files with the same address (each clone added them).

The repairs are the rules applied once more, never a guess: numbers follow the order of arrival
(a clash keeps the earlier registration's number, the later ones move up); a session with too
many on site sends its latest arrivals back to the top of the waitlist; free seats go to the
waitlist as `unregister` would give them; two records of one address become one as `samling
participant merge` does, keeping the older record. Whoever a repair changes gets their message
through the outbox, as after any change. Meetings that are closed, cancelled or over are left as
they are: their records are history, and history is corrected by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from samling.domain import rules
from samling.domain.state import MeetingState
from samling.errors import Problem, SamlingError
from samling.models import Registration
from samling.store import Store


@dataclass
class Fix:
    """One repair: the file it changed and what it did, in words."""

    path: str
    what: str


@dataclass
class Repairs:
    fixed: list[Fix] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # what could not be repaired, and why


def live(state: MeetingState) -> bool:
    """Whether the meeting's seats are still given out (not closed, cancelled or over)."""
    today = state.now.astimezone(state.network.tz).date()
    return not (state.meeting.closed or state.meeting.cancelled or state.meeting.last_date < today)


def seat_problems(store: Store, mid: str) -> list[Problem]:
    """Free seats while someone who may take one waits: what a double promotion leaves."""
    try:
        state = MeetingState.load(store, mid)
    except SamlingError:
        return []  # the broken records are reported as themselves
    if not live(state):
        return []
    _, promoted = rules.promote(state.entries(), state.policy())
    by_session = Counter(e.session for e in promoted)
    return [
        Problem(
            store.meeting_path(mid),
            f"sessions[{n}]",
            f"{by_session[s.id]} seat(s) free while {by_session[s.id]} or more wait to take them "
            "(two promotions of the same person in a merge?); `samling check --fix` gives them out",
        )
        for n, s in enumerate(state.meeting.sessions)
        if by_session[s.id]
    ]


def repair(store: Store) -> Repairs:
    """`samling check --fix`: duplicate people first (their registrations then count once), then
    each meeting's numbers and seats."""
    result = Repairs()
    _merge_duplicates(store, result)
    for mid in store.meeting_ids():
        with store.lock(mid):
            try:
                state = MeetingState.load(store, mid)
            except SamlingError as error:
                result.left.append(f"meeting {mid}: {error.message}; fix its records by hand first")
                continue
            if not live(state):
                continue
            snapshot = dict(state.registrations)
            notes = _renumber(state) + _overfilled(state) + _promote(state)
            for pid, what in notes:
                path = store.registrations(mid).path(pid).relative_to(store.root).as_posix()
                result.fixed.append(Fix(path, what))
            state.save_changes(snapshot)
    return result


def _renumber(state: MeetingState) -> list[tuple[str, str]]:
    """Distinct ``seq`` numbers in order of arrival: a clash keeps the earliest registration's
    number, the later ones take the next free numbers after it (numbers only ever rise, so the
    order of everyone else stays as it was)."""
    counts = Counter(r.seq for r in state.registrations.values())
    if all(n == 1 for n in counts.values()):
        return []
    notes = []
    order = sorted(state.registrations.items(), key=lambda item: (item[1].seq, _arrival(item[1]), item[0]))
    taken: set[int] = set()
    for pid, registration in order:
        seq = registration.seq
        while seq in taken:
            seq += 1
        taken.add(seq)
        if seq != registration.seq:
            state.registrations[pid] = registration.model_copy(update={"seq": seq})
            notes.append((pid, f"seq {registration.seq} was also another registration's; now {seq} (arrived later)"))
    return notes


def _overfilled(state: MeetingState) -> list[tuple[str, str]]:
    """More on site than seats: the latest arrivals go back to the waitlist."""
    notes = []
    policy = state.policy()
    for session in state.meeting.sessions:
        capacity = policy.capacities.get(session.id)
        if capacity is None:
            continue
        seated = sorted(
            (
                (pid, r)
                for pid, r in state.registrations.items()
                if r.session == session.id and r.status == "registered" and not r.online
            ),
            key=lambda item: item[1].seq,
        )
        for pid, registration in reversed(seated[capacity:]):
            state.registrations[pid] = registration.model_copy(update={"status": "waitlisted"})
            notes.append(
                (
                    pid,
                    f"back on the waitlist: session {session.id} had {len(seated)} on site for {capacity} seats, "
                    "and they arrived last; their message is due (`samling outbox`)",
                )
            )
    return notes


def _promote(state: MeetingState) -> list[tuple[str, str]]:
    entries, promoted = rules.promote(state.entries(), state.policy())
    state.apply(entries)
    return [
        (e.participant, f"promoted from the waitlist to a free seat in session {e.session}; their message is due")
        for e in promoted
    ]


def _arrival(registration: Registration) -> float:
    return registration.registered_at.timestamp() if registration.registered_at.tzinfo else 0.0


def _merge_duplicates(store: Store, result: Repairs) -> None:
    """Two participant files with one address: the newer (by id order of first registration, else
    by id) is merged into the older, as `samling participant merge` does."""
    from samling.domain.editing import merge_participants

    by_email: dict[str, list[str]] = {}
    try:
        people = store.participants.load_all()
    except SamlingError as error:
        result.left.append(f"participants: {error.message}; fix them by hand first")
        return
    for pid, person in people.items():
        by_email.setdefault(person.email.casefold(), []).append(pid)
    for address, pids in sorted(by_email.items()):
        if len(pids) < 2:
            continue
        keep, *others = sorted(pids, key=lambda p: (len(p), p))  # "asa-oberg" before "asa-oberg-2"
        for other in others:
            try:
                merged = merge_participants(store, keep, other)
            except SamlingError as error:
                result.left.append(f"participants/{other}.toml ({address}): {error.message}")
                continue
            result.fixed.append(
                Fix(
                    f"participants/{other}.toml",
                    f"merged into {keep} (the same address, {address})"
                    + (f"; moved: {', '.join(merged.registrations)}" if merged.registrations else ""),
                )
            )
