"""What happens in the meeting room, kept for the minutes and for the next meeting: notes on a
question, decisions, action items, workshop groups and important dates.

Each lives in its own file under the meeting's folder (``decisions/<n>.toml``,
``actions/<n>.toml``, ``dates/<n>.toml``, ``groups.toml``), so that two organizers recording
different things at the same meeting never touch the same file (and git merges them cleanly).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from samling.models.base import Bool, MeetingDate, Record, RecordId, Text

#: How a registration takes part besides attending: listed apart in the presentation list and the
#: minutes (the host organization's staff, an invited speaker, a vendor's representative).
Role = Literal["host", "speaker", "vendor"]
ROLES: tuple[Role, ...] = ("host", "speaker", "vendor")


class Note(Record):
    """What was said about a question at one meeting; notes are appended, never replaced."""

    meeting: RecordId | None = None  # None: a note from before samling kept the meeting
    date: dt.date | None = None
    text: Text


class Decision(Record):
    """``meetings/<id>/decisions/<n>.toml``: what the meeting decided, under agenda item ``item``
    (1-based, as the agenda numbers them; None: not under an item)."""

    text: Text
    item: int | None = Field(default=None, ge=1)
    decided_at: dt.date | None = None


class Action(Record):
    """``meetings/<id>/actions/<n>.toml``: an action item, carried to each next meeting's agenda
    until done (referred to elsewhere as ``<meeting-id>/<n>``)."""

    text: Text
    who: RecordId | None = None  # a participant id
    who_name: str | None = None  # someone without a participant record ("BiBK", "the board")
    due: MeetingDate | None = None
    item: int | None = Field(default=None, ge=1)
    created_at: dt.date | None = None
    done: Bool | None = None
    done_at: dt.date | None = None
    done_in: RecordId | None = None  # the meeting at which it was reported done


class ImportantDate(Record):
    """``meetings/<id>/dates/<n>.toml``: a date to remember, set in bold in the minutes."""

    date: MeetingDate
    text: Text


class Group(Record):
    """One workshop group: its members (participant ids) and the points it noted."""

    number: int = Field(ge=1)
    members: list[RecordId] = Field(default_factory=list)
    points: list[Text] = Field(default_factory=list)


class Groups(Record):
    """``meetings/<id>/groups.toml``: the workshop groups, as `samling groups` made them."""

    seed: int = 0
    size: int | None = Field(default=None, ge=1)
    count: int | None = Field(default=None, ge=1)
    topic: str | None = None
    groups: list[Group] = Field(default_factory=list)
