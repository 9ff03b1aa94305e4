"""What the organizer asks to be sent besides what the registrations decide (a reminder round),
and what people say back (regrets)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from samling import clock
from samling.domain.state import MeetingState, deadline_passed
from samling.errors import RuleViolation
from samling.models.mailings import Decline
from samling.store import Store


@dataclass
class Reminded:
    meeting: str
    at: dt.datetime
    rounds: int  # how many times reminders were asked for, this one included


def remind(store: Store, meeting_id: str) -> Reminded:
    """Ask for a reminder to everyone invited who has neither registered nor declined (and was
    told nothing since): `samling outbox` then has them, `samling send` sends them. Asking again
    after they went makes a new round; asking twice before sending makes one."""
    with store.lock(meeting_id):
        meeting = store.load_meeting(meeting_id)
        network = store.network
        now = clock.now(network.tz)
        if meeting.cancelled:
            raise RuleViolation(f"meeting {meeting_id} is cancelled", "there is nothing to remind anyone of")
        if deadline_passed(meeting, network, now):
            raise RuleViolation(
                f"registration for {meeting_id} closed on {meeting.deadline}",
                "a reminder to register would come too late",
            )
        requests = store.load_requests(meeting_id)
        updated = requests.model_copy(update={"reminder": [*requests.reminder, now]})
        store.save_requests(meeting_id, updated)
        return Reminded(meeting_id, now, len(updated.reminder))


def request_mailing(store: Store, meeting_id: str, kind: Literal["followup", "minutes"]) -> dt.datetime:
    """Make the follow-up or the minutes due to every member and everyone registered who has not
    had them since (`samling outbox`, `samling send`)."""
    with store.lock(meeting_id):
        store.load_meeting(meeting_id)
        now = clock.now(store.network.tz)
        requests = store.load_requests(meeting_id)
        store.save_requests(meeting_id, requests.model_copy(update={kind: [*getattr(requests, kind), now]}))
        return now


def decline(store: Store, meeting_id: str, pid: str, *, note: str | None = None, undo: bool = False) -> bool:
    """Record a person's regrets (or take them back); returns whether anything changed. Someone
    registered unregisters instead: their seat may go to someone waiting."""
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        declines = store.declines(meeting_id)
        if undo:
            if not declines.exists(pid):
                return False
            declines.path(pid).unlink()
            return True
        registration = state.registrations.get(pid)
        if registration is not None and registration.active:
            raise RuleViolation(
                f"{pid} is {registration.status} for {meeting_id}",
                f"to cancel the registration use `samling unregister {pid}`",
            )
        if declines.exists(pid):
            return False
        declines.create(pid, Decline(at=state.now, note=note.strip() if note and note.strip() else None))
        return True
