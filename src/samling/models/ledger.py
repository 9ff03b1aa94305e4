"""The record of what each person was told: ``meetings/<id>/sent/<participant-id>.toml``.

One file per recipient, so that two organizers sending to different people never conflict in
git. Each message handed over (sent, or written as a draft) is appended: its kind, the moment,
the Message-ID, what it told (status, session, fee, and the details of every session it showed),
and for each calendar UID the METHOD and SEQUENCE it carried. Nothing in it comes from the clock
except the moment of sending, so the same history gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import Field

from samling.models.base import Amount, Bool, Record, RecordId, Text

MessageKind = Literal[
    "invitation",
    "reminder",
    "confirmation",
    "waitlisted",
    "promoted",
    "update",
    "moved",
    "unregistered",
    "cancelled",
    "followup",
    "minutes",
]
MESSAGE_KINDS: tuple[MessageKind, ...] = get_args(MessageKind)
#: Mailings the organizer asks for, beside the conversation about each person's place: they tell
#: nothing about it (``told`` is left out) and are due once per request.
MAILING_KINDS: tuple[MessageKind, ...] = ("followup", "minutes")
#: What a person was last told about their place: invited (not registered), registered (holds a
#: seat, or takes part online), waitlisted, unregistered (their cancellation confirmed), cancelled
#: (the meeting, or their session, was called off).
ToldStatus = Literal["invited", "registered", "waitlisted", "unregistered", "cancelled"]
Method = Literal["REQUEST", "CANCEL", "PUBLISH"]
Via = Literal["draft", "smtp"]


class SessionDetails(Record):
    """Everything a session's calendar event shows; a change of any of it is news to a participant."""

    session: RecordId
    title: Text
    start: dt.datetime  # aware, in the network's time zone: a change of time zone is a change of time
    end: dt.datetime
    timezone: Text
    place: str | None = None  # venue name, address and city as one line
    link: str | None = None  # the online link
    description_hash: str = ""  # of the event's description (agenda, link, directions)
    fingerprint: str = ""  # of all the above: what the calendar event shows


class CalendarAction(Record):
    """One calendar object in a message: its UID, METHOD and SEQUENCE."""

    session: RecordId
    uid: Text
    method: Method
    sequence: int = Field(ge=0)


class Told(Record):
    """What a message told its recipient about their place at the meeting."""

    status: ToldStatus
    session: RecordId | None = None
    online: Bool = False
    fee: Amount | None = None
    position: int | None = Field(default=None, ge=1)
    sessions: list[SessionDetails] = Field(default_factory=list)  # the details of every session shown


class SentMessage(Record):
    kind: MessageKind
    at: dt.datetime
    via: Via
    message_id: Text
    reason: str = ""
    told: Told | None = None  # what it told about the person's place (left out for a mailing)
    calendar: list[CalendarAction] = Field(default_factory=list)


class Ledger(Record):
    """Everything one recipient was sent about one meeting, oldest first."""

    message: list[SentMessage] = Field(default_factory=list)

    def joined(self, other: Ledger) -> Ledger:
        """Everything sent by either record (two clones, two records of one person), once each,
        in the order it was sent."""
        messages = {m.message_id: m for m in [*self.message, *other.message]}
        return Ledger(message=sorted(messages.values(), key=lambda m: m.at))
