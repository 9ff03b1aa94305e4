"""What the organizer asks to be sent besides what the registrations decide (a reminder round),
and what people say back (regrets)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from samling import clock
from samling.domain.state import MeetingState, deadline_passed
from samling.errors import InvalidInput, RuleViolation
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


def request_mailing(store: Store, meeting_id: str, kind: Literal["followup", "minutes"], content: str) -> bool:
    """Make the follow-up or the minutes (``content``: their text) due to every member and everyone
    registered who has not had them since (`samling outbox`, `samling send`). A new round only when
    the text changed since the last one; returns whether there is a new round. Refused before the
    meeting has been held."""
    import hashlib

    with store.lock(meeting_id):
        meeting = store.load_meeting(meeting_id)
        now = clock.now(store.network.tz)
        if meeting.first_date > now.date():
            raise RuleViolation(
                f"meeting {meeting_id} has not been held yet (it begins {meeting.first_date})",
                "the follow-up and the minutes go out after the meeting",
            )
        requests = store.load_requests(meeting_id)
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
        if getattr(requests, f"{kind}_content") == digest and getattr(requests, kind):
            return False
        update = {kind: [*getattr(requests, kind), now], f"{kind}_content": digest}
        store.save_requests(meeting_id, requests.model_copy(update=update))
        return True


def decline(store: Store, meeting_id: str, pid: str, *, note: str | None = None, undo: bool = False) -> bool:
    """Record a person's regrets (or take them back); returns whether anything changed. Someone
    registered unregisters instead: their seat may go to someone waiting."""
    with store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        declines = store.declines(meeting_id)
        if undo:
            if not declines.exists(pid):
                return False
            return declines.remove(pid)
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


def request_minutes(store: Store, meeting_id: str) -> bool:
    """`samling minutes --send`: the organizer's finished ``minutes.md``, due to everyone."""
    path = store.meeting_folder(meeting_id) / "minutes.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(
            f"meetings/{meeting_id}/minutes.md does not exist yet",
            "write it with `samling minutes`, finish it, then `samling minutes --send`",
        ) from None
    return request_mailing(store, meeting_id, "minutes", text)
