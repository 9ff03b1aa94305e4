"""What the organizer asks to be sent besides what the registrations decide, and what people say
back: ``meetings/<id>/reminders.toml`` (each `samling remind` is a round) and
``meetings/<id>/declined/<participant-id>.toml`` (regrets, `samling decline`)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from samling.models.base import Record


class Reminders(Record):
    """The moments the organizer asked for a reminder: everyone invited who has neither registered
    nor declined, and was told nothing since, gets one."""

    round: list[dt.datetime] = Field(default_factory=list)


class Decline(Record):
    """A member's regrets: they will not come, so reminders stop, and the minutes can tell regrets
    from people who simply did not come."""

    at: dt.datetime
    note: str | None = None
