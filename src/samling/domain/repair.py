"""What two organizers' offline work can leave after a git merge, found (`samling check`) and,
where a rule decides it, repaired (`samling check --fix`).

Each organizer's commands were right in their own clone; merged, their records can disagree:
- two registrations with the same ``seq`` (each clone gave out the next number);
- more people on site than seats (each clone gave away the last seat);
- a free seat while someone who may take it waits (both clones promoted the same person when
  two different people cancelled, so the second seat was never given);
- one person in two participant files with the same address (each clone added them);
- a file both clones added or changed, left by git with its conflict markers: question 2 added
  in each clone, or a message recorded in each clone's ``sent/`` file of one person.

The repairs are the rules applied once more, never a guess: both sides of a conflict in a
numbered record (question, decision, action item, date) are kept, the other side under the next
free number; both sides' messages of a ``sent/`` file are kept, in the order they were sent;
any other conflict is left for a person, and then nothing else is repaired until it is resolved;
numbers follow the order of arrival (a clash keeps the earlier registration's number, the later
ones move up); a session with too many on site sends its latest arrivals back to the top of the
waitlist; free seats go to the waitlist as `unregister` would give them; two records of one
address become one as `samling participant merge` does, keeping the older record. Whoever a
repair changes gets their message through the outbox, as after any change. Meetings that are
closed, cancelled or over are left as they are: their records are history, and history is
corrected by hand.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samling.domain import rules
from samling.domain.state import MeetingState
from samling.errors import InvalidRecord, Problem, SamlingError
from samling.models import Registration
from samling.store import Collection, Store
from samling.store.files import read_file
from samling.store.toml import parse

#: What git writes into a file both sides changed (``<<<<<<< ours`` ... ``>>>>>>> theirs``).
CONFLICT_MARKER = b"<<<<<<< "
#: The numbered records of a meeting: two clones both adding number N is no disagreement.
NUMBERED = ("questions", "decisions", "actions", "dates")


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


def _seats(count: int) -> str:
    return f"{count} seat{'' if count == 1 else 's'}"


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
            f"{_seats(by_session[s.id])} free while {by_session[s.id]} or more wait to take them "
            "(two promotions of the same person in a merge?); `samling check --fix` gives them out",
        )
        for n, s in enumerate(state.meeting.sessions)
        if by_session[s.id]
    ]


def has_conflict(path: Path) -> bool:
    """Whether ``path`` still holds git's conflict markers (a merge left unresolved)."""
    try:
        data = read_file(path)[0]
    except (OSError, SamlingError):
        return False
    return data.startswith(CONFLICT_MARKER) or b"\n" + CONFLICT_MARKER in data


def conflict_sides(text: str) -> tuple[str, str] | None:
    """The two versions git merged in a file with conflict markers (the lines both share, plus
    each side's own; a diff3 base section left out), or None when the markers do not pair up."""
    ours: list[str] = []
    theirs: list[str] = []
    state = "both"
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<<") and state == "both":
            state = "ours"
        elif line.startswith("|||||||") and state == "ours":
            state = "base"
        elif line.startswith("=======") and state in ("ours", "base"):
            state = "theirs"
        elif line.startswith(">>>>>>>") and state == "theirs":
            state = "both"
        else:
            if state in ("both", "ours"):
                ours.append(line)
            if state in ("both", "theirs"):
                theirs.append(line)
    return ("".join(ours), "".join(theirs)) if state == "both" else None


def conflicted_records(store: Store) -> list[Path]:
    """Every record file (``*.toml``, outside ``out/``) that git left with conflict markers."""
    found = []
    for folder, subfolders, names in os.walk(store.root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d != "out")
        for name in sorted(names):
            path = Path(folder) / name
            if name.endswith(".toml") and not name.startswith(".") and has_conflict(path):
                found.append(path)
    return found


def repair(store: Store) -> Repairs:
    """`samling check --fix`: the conflicts a git merge left first (while one is left that only a
    person can resolve, nothing else is touched), then duplicate people (their registrations then
    count once), then each meeting's numbers and seats."""
    result = Repairs()
    if not _resolve_conflicts(store, result):
        return result
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


def _resolve_conflicts(store: Store, result: Repairs) -> bool:
    """Keep both sides of the conflicts a rule can settle; True when none is left."""
    left = []
    for path in conflicted_records(store):
        relative = path.relative_to(store.root)
        parts = relative.parts
        where = relative.as_posix()
        try:
            if len(parts) == 4 and parts[0] == "meetings" and parts[2] in NUMBERED:
                with store.lock(parts[1]):
                    what = _split(store, parts[1], parts[2], path)
            elif len(parts) == 4 and parts[0] == "meetings" and parts[2] == "sent":
                with store.lock(parts[1]):
                    what = _join_ledgers(store, parts[1], path)
            else:
                what = None
        except InvalidRecord as error:
            what = None
            left.append(
                f"{where}: one side of the git conflict is not a valid record ({error.problems[0].explanation})"
            )
            continue
        if what is None:
            left.append(
                f"{where}: git left a conflict here that no rule settles; keep the right lines, "
                "delete the <<<<<<< ======= >>>>>>> lines, then run `samling check --fix` again"
            )
        else:
            result.fixed.append(Fix(where, what + "; `git add` it to finish the merge"))
    if left:
        result.left += left
        result.left.append("nothing else was repaired: resolve the conflicts above first")
    return not left


def _sides(path: Path) -> tuple[dict[str, Any], dict[str, Any]] | None:
    sides = conflict_sides(read_file(path)[0].decode("utf-8", errors="replace"))
    if sides is None:
        return None
    return parse(sides[0].encode("utf-8"), path), parse(sides[1].encode("utf-8"), path)


def _split(store: Store, mid: str, kind: str, path: Path) -> str | None:
    """Question (decision, action item, date) N added in both clones: ours stays N, theirs
    becomes the next free number."""
    collection: Collection[Any] = getattr(store, kind)(mid)
    sides = _sides(path)
    if sides is None:
        return None
    ours, theirs = (_validated(collection, side, path) for side in sides)
    collection.save(path.stem, ours)
    if theirs == ours:
        return "both sides of the conflict were the same; kept once"
    number = max((int(n) for n in collection.ids() if n.isascii() and n.isdigit()), default=0) + 1
    collection.create(str(number), theirs)
    return f"both clones added number {path.stem}: one kept as {path.stem}, the other is now {number}"


def _join_ledgers(store: Store, mid: str, path: Path) -> str | None:
    """Both clones sent this person something: every message of both, in the order sent."""
    sent = store.sent(mid)
    sides = _sides(path)
    if sides is None:
        return None
    ours, theirs = (_validated(sent, side, path) for side in sides)
    joined = ours.joined(theirs)
    sent.save(path.stem, joined)
    return f"the messages recorded in both clones kept, {len(joined.message)} in the order they were sent"


def _validated(collection: Collection[Any], data: dict[str, Any], path: Path) -> Any:
    from pydantic import ValidationError

    from samling.models import problems_from

    try:
        return collection.model.model_validate(data)
    except ValidationError as error:
        raise InvalidRecord(problems_from(error, collection.model, path)) from None


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
                    f"back on the waitlist: session {session.id} had {len(seated)} on site for {_seats(capacity)}, "
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
