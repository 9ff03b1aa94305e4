"""What the organizer asks to be sent besides what the registrations decide, and what people say
back: ``meetings/<id>/requests.toml`` (each `samling remind`, `samling followup` and `samling
minutes --send` is a round) and ``meetings/<id>/declined/<participant-id>.toml`` (regrets)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from samling.models.base import Record


class Requests(Record):
    """The moments the organizer asked for a mailing. A reminder goes to everyone invited who has
    neither registered nor declined and was told nothing since; the follow-up (the answers) and the
    minutes to every member and everyone registered, absent ones included, who has not had them
    since."""

    reminder: list[dt.datetime] = Field(default_factory=list)
    followup: list[dt.datetime] = Field(default_factory=list)
    minutes: list[dt.datetime] = Field(default_factory=list)
    # a hash of what the last follow-up and minutes round said: asking again with nothing new
    # makes no new round
    followup_content: str | None = None
    minutes_content: str | None = None


class Decline(Record):
    """A member's regrets: they will not come, so reminders stop, and the minutes can tell regrets
    from people who simply did not come."""

    at: dt.datetime
    note: str | None = None
