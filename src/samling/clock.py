"""The one place that asks what time it is, so that a deadline can be rehearsed and tested."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from samling import env
from samling.errors import InvalidInput


def now(tz: ZoneInfo) -> dt.datetime:
    """Now in ``tz``, or the moment ``SAMLING_NOW`` names (a date means that day at noon)."""
    fixed = env.get(env.SAMLING_NOW)
    if fixed is None:
        return dt.datetime.now(tz).replace(microsecond=0)
    try:
        if len(fixed) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(fixed), dt.time(12, 0), tz)
        moment = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise InvalidInput(
            f"{env.SAMLING_NOW}={fixed!r} is not an ISO date or date-time",
            "e.g. SAMLING_NOW=2026-03-01 or 2026-03-01T09:30",
        ) from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def today(tz: ZoneInfo) -> dt.date:
    return now(tz).date()
