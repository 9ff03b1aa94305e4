"""A meeting that is over is history (``samling close``): each registration keeps the fee it was
charged and the name of the organization the person came from, so that today's records (a new
member list, a new fee, a renamed organization) never rewrite last spring.

What a registration keeps from the moment it is made (organization, membership) is written by
``registrations.register_in``; closing fixes the rest. Nothing is closed automatically: reading
commands only read, and an organizer records attendance after the meeting, before closing it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from samling.domain import rules
from samling.domain.state import MeetingState, money
from samling.models import Registration
from samling.store import Store

# What closing fixes into a registration, and --undo takes out again
FIXED_AT_CLOSING = ("organization_name", "fee", "fee_reason")


@dataclass
class Closing:
    """What ``samling close`` did: the meeting's fees as they are now fixed (or released)."""

    meeting_id: str
    closed: bool  # the meeting's state after the command
    changed: bool  # False: it was closed (or open) already
    registrations: int  # registrations whose record was written
    paying: int  # registrations with a fee above zero
    total: Decimal
    total_text: str
    over: bool  # whether the meeting's last session has ended


def is_over(state: MeetingState) -> bool:
    """Whether the meeting's last session has ended (in the network's time zone)."""
    tz = state.network.tz
    return state.now >= max(dt.datetime.combine(s.date, s.end, tz) for s in state.meeting.sessions)


def fixed(state: MeetingState, pid: str, registration: Registration, fee: rules.Fee | None) -> Registration:
    """The registration with its fee, the organization's name and the diet as they are now (the
    person's own diet, when the registration gave none, so that a later change of theirs does not
    rewrite the catering of a past meeting), and the organization and membership it was made with
    (today's, for an older registration)."""
    person = state.people.get(pid)
    diet = registration.diet or (person.diet if person is not None else None)
    return registration.model_copy(
        update={
            "diet": diet,
            "organization": state.organization_of(pid),
            "member": state.is_member(pid),
            "organization_name": state.org_name(pid) or None,
            "fee": fee.amount if fee else None,
            "fee_reason": fee.reason if fee else None,
        }
    )


def close(store: Store, meeting_id: str, *, undo: bool = False) -> Closing:
    """Close the meeting (or reopen it with ``undo``): fix each registration's fee and the name
    of its organization, then mark the meeting closed. Reopening takes the fixed fees and names
    out again, so that the rules apply to today's records; what each registration kept from the
    moment it was made stays."""
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        meeting = state.meeting
        collection = store.registrations(meeting_id)
        written = 0
        if undo:
            if not meeting.closed:
                return _result(state, False, 0)
            # The meeting first: a crash halfway leaves an open meeting with some names fixed,
            # which closing again completes.
            store.save_meeting(meeting_id, meeting.model_copy(update={"closed": None}))
            for pid, registration in sorted(state.registrations.items()):
                released = registration.model_copy(update=dict.fromkeys(FIXED_AT_CLOSING))
                written += collection.save(pid, released)
            return _result(MeetingState.load(store, meeting_id), True, written)
        if meeting.closed:
            return _result(state, False, 0)
        fees = state.fees()
        records = {pid: fixed(state, pid, r, fees.get(pid)) for pid, r in state.registrations.items()}
        for pid, registration in sorted(records.items()):
            written += collection.save(pid, registration)
        store.save_meeting(meeting_id, meeting.model_copy(update={"closed": True}))
        return _result(MeetingState.load(store, meeting_id), True, written)


def _result(state: MeetingState, changed: bool, written: int) -> Closing:
    fees = state.fees()
    total = sum((fee.amount for fee in fees.values()), Decimal(0))
    currency = state.fee_policy.currency
    return Closing(
        meeting_id=state.meeting_id,
        closed=bool(state.meeting.closed),
        changed=changed,
        registrations=written,
        paying=sum(1 for fee in fees.values() if fee.amount > 0),
        total=total,
        total_text=money(total, currency),
        over=is_over(state),
    )
