"""The registration policy as pure functions: no files, no clock, no terminal.

The networks' rules (seeds 001 and 002):
- a session has a number of seats; online participants of a hybrid meeting take none;
- when a session is full, a registration waits on the waitlist, served in order of arrival;
- members first: a participant whose organization is not a member ("others from the sector, as
  far as space allows") waits until the deadline has passed, or until the organizer admits them;
  on the waitlist members come before non-members, each group in order of arrival;
- each member organization sends ``free_per_organization`` participants free (the first to arrive
  among those holding a place), further participants pay ``fee``; non-members pay
  ``non_member_fee`` (default: ``fee``); online participants pay ``online_fee`` if it is set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

Status = Literal["registered", "waitlisted", "cancelled"]


@dataclass(frozen=True)
class Entry:
    """A registration as the rules see it."""

    participant: str
    organization: str | None
    member: bool
    session: str
    online: bool
    status: Status
    seq: int


@dataclass(frozen=True)
class FeeRule:
    free_per_organization: int = 1
    fee: Decimal = Decimal(0)
    non_member_fee: Decimal | None = None
    online_fee: Decimal | None = None


@dataclass(frozen=True)
class Policy:
    capacities: Mapping[str, int | None]  # session id -> seats (None: no limit)
    fees: FeeRule = FeeRule()
    deadline_passed: bool = False


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    reason: Literal["free", "extra", "non-member", "online"]


def seated(entries: Iterable[Entry], session: str) -> int:
    return sum(1 for e in entries if e.session == session and e.status == "registered" and not e.online)


def free_seats(entries: Iterable[Entry], policy: Policy, session: str) -> int | None:
    capacity = policy.capacities.get(session)
    if capacity is None:
        return None
    return max(capacity - seated(entries, session), 0)


def waitlist_key(entry: Entry) -> tuple[bool, int]:
    return (not entry.member, entry.seq)


def waitlist(entries: Iterable[Entry], session: str) -> list[Entry]:
    """The session's waitlist in the order it is served: members first, then by arrival."""
    waiting = [e for e in entries if e.session == session and e.status == "waitlisted"]
    return sorted(waiting, key=waitlist_key)


def eligible(entry: Entry, policy: Policy) -> bool:
    """May take a free seat now without the organizer's say: members, and after the deadline all."""
    return entry.member or policy.deadline_passed


def place(entries: Iterable[Entry], new: Entry, policy: Policy, *, admit: bool = False) -> Status:
    """The status a new registration gets (``new.status`` is ignored)."""
    if new.online:
        return "registered"
    if not (admit or eligible(new, policy)):
        return "waitlisted"
    entries = list(entries)
    # Nobody jumps the queue: someone eligible already waiting would get a freed seat first.
    if any(eligible(e, policy) and waitlist_key(e) < waitlist_key(new) for e in waitlist(entries, new.session)):
        return "waitlisted"
    seats = free_seats(entries, policy, new.session)
    return "registered" if seats is None or seats > 0 else "waitlisted"


def promote(entries: list[Entry], policy: Policy, *, admit_all: bool = False) -> tuple[list[Entry], list[Entry]]:
    """Fill free seats from each waitlist in order. Returns (all entries, the promoted ones).

    ``admit_all`` is the organizer's `samling admit`: non-members are admitted before the deadline.
    """
    result = list(entries)
    promoted: list[Entry] = []
    for session in sorted({e.session for e in result}):
        for candidate in waitlist(result, session):
            if not (admit_all or eligible(candidate, policy)):
                continue
            seats = free_seats(result, policy, session)
            if seats is not None and seats <= 0:
                break
            index = result.index(candidate)
            result[index] = replace(candidate, status="registered")
            promoted.append(result[index])
    return result, promoted


def add(entries: list[Entry], new: Entry, policy: Policy, *, admit: bool = False) -> tuple[list[Entry], Entry]:
    """Register ``new`` (one active registration per participant: an earlier one is replaced)."""
    others = [e for e in entries if e.participant != new.participant]
    placed = replace(new, status=place(others, new, policy, admit=admit))
    return [*others, placed], placed


def cancel(entries: list[Entry], participant: str, policy: Policy) -> tuple[list[Entry], list[Entry]]:
    """Cancel ``participant``'s registration and promote from the waitlist. Returns (entries, promoted)."""
    result = [replace(e, status="cancelled") if e.participant == participant else e for e in entries]
    return promote(result, policy)


def fees(entries: Iterable[Entry], rule: FeeRule) -> dict[str, Fee]:
    """The fee of every participant holding a place (registered), in order of arrival."""
    result: dict[str, Fee] = {}
    free_used: dict[str, int] = {}
    for entry in sorted((e for e in entries if e.status == "registered"), key=lambda e: e.seq):
        if not entry.member or entry.organization is None:
            result[entry.participant] = Fee(
                rule.non_member_fee if rule.non_member_fee is not None else rule.fee, "non-member"
            )
            continue
        used = free_used.get(entry.organization, 0)
        if used < rule.free_per_organization:
            free_used[entry.organization] = used + 1
            result[entry.participant] = Fee(Decimal(0), "free")
        elif entry.online and rule.online_fee is not None:
            result[entry.participant] = Fee(rule.online_fee, "online")
        else:
            result[entry.participant] = Fee(rule.fee, "extra")
    return result


@dataclass(frozen=True)
class FeeChange:
    participant: str
    before: Fee | None
    after: Fee | None


def fee_changes(before: Mapping[str, Fee], after: Mapping[str, Fee], *, skip: Iterable[str] = ()) -> list[FeeChange]:
    """Whose fee moved (the free seat passing to the next from the same organization)."""
    ignore = set(skip)
    changes = []
    for participant in sorted(set(before) | set(after)):
        if participant in ignore:
            continue
        if before.get(participant) != after.get(participant):
            changes.append(FeeChange(participant, before.get(participant), after.get(participant)))
    return changes
