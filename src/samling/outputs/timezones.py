"""A VTIMEZONE that Outlook reads: the zone's yearly rule as RRULEs (RFC 5545 3.6.5), as Outlook
and Exchange write them, instead of a list of RDATEs; no COMMENT inside the component.

The rule comes from the time zone database: the transitions in the meeting's years, each
expressed as "the Nth (or last) weekday of a month at a local time". Where the years do not follow
one rule (a country changing its daylight saving time), the zone is written with its transitions
listed, as icalendar makes it, still without the COMMENT.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from icalendar import Timezone

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset, in the local time before it (as a VTIMEZONE's DTSTART is)."""

    local: dt.datetime  # naive
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool

    def rule(self) -> tuple[int, int, int, dt.time]:
        """(month, week of the month 1-4 or -1 for the last, weekday, time of day)."""
        day = self.local.day
        days_in_month = ((self.local.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)).day
        week = -1 if day > days_in_month - 7 else (day - 1) // 7 + 1
        return self.local.month, week, self.local.weekday(), self.local.time()


def transitions(zone: ZoneInfo, year: int) -> list[Transition]:
    """The changes of UTC offset in ``year``, found hour by hour and refined to the minute."""
    result = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    step = dt.timedelta(hours=1)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + step
        new_offset = following.astimezone(zone).utcoffset()
        if new_offset != offset:
            low, high = moment, following  # the change happens in (low, high]
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            after = high.astimezone(zone)
            assert offset is not None
            assert new_offset is not None
            local_before = (high + offset).replace(tzinfo=None)
            result.append(Transition(local_before, offset, new_offset, after.tzname() or "", bool(after.dst())))
            offset = new_offset
        moment = following
    return result


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of ``tzid`` for events in ``first_year``..``last_year``."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = ZoneInfo(tzid)
    # The rule starts the year before, so that an event early in the first year has an onset before it.
    years = range(first_year - 1, last_year + 1)
    per_year = [transitions(zone, year) for year in years]
    rules = [[(t.rule(), t.offset_from, t.offset_to, t.name) for t in found] for found in per_year]
    timezone = Timezone()
    timezone.add("tzid", tzid)
    if all(r == rules[0] for r in rules) and len(rules[0]) in (0, 2):
        if not rules[0]:  # no daylight saving time: one standard component
            moment = dt.datetime(first_year, 1, 1, 12, tzinfo=zone)
            standard = TimezoneStandard()
            standard.add("dtstart", dt.datetime(1970, 1, 1))
            standard.add("tzname", moment.tzname() or tzid)
            standard.add("tzoffsetfrom", moment.utcoffset())
            standard.add("tzoffsetto", moment.utcoffset())
            timezone.add_component(standard)
            return timezone
        for transition in per_year[0]:
            month, week, weekday, _ = transition.rule()
            component = TimezoneDaylight() if transition.daylight else TimezoneStandard()
            component.add("dtstart", transition.local)
            component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": f"{week}{WEEKDAYS[weekday]}"})
            component.add("tzname", transition.name)
            component.add("tzoffsetfrom", transition.offset_from)
            component.add("tzoffsetto", transition.offset_to)
            timezone.add_component(component)
        return timezone
    listed = Timezone.from_tzid(tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31))
    listed.pop("COMMENT", None)
    return listed
