"""The VTIMEZONE samling writes: rules (RRULE) as Outlook reads them, no COMMENT inside, and the
same UTC offsets as the time zone database for every hour of the meeting's years, read back by an
independent parser (vobject builds its own tzinfo from the component's rules)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import vobject

from samling.outputs.timezones import vtimezone

ZONES = [
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Copenhagen",
    "Europe/Amsterdam",
    "Europe/London",
    "Atlantic/Reykjavik",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Tokyo",
    "UTC",
]


def calendar_with(tzid: str, first: int, last: int) -> bytes:
    return (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + vtimezone(tzid, first, last).to_ical()
        + b"END:VCALENDAR\r\n"
    )


@pytest.mark.parametrize("tzid", ZONES)
def test_rules_and_offsets_agree_with_the_tz_database(tzid: str) -> None:
    data = calendar_with(tzid, 2026, 2027)
    assert b"COMMENT" not in data
    if ZoneInfo(tzid).dst(dt.datetime(2026, 7, 1)) or ZoneInfo(tzid).dst(dt.datetime(2026, 1, 1)):
        assert b"RRULE:FREQ=YEARLY" in data and b"RDATE" not in data
    parsed = vobject.readOne(data.decode())
    tzinfo = parsed.vtimezone.gettzinfo()
    zone = ZoneInfo(tzid)
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    while moment < dt.datetime(2028, 1, 1, tzinfo=dt.UTC):
        local = moment.astimezone(zone).replace(tzinfo=None)
        if (moment + dt.timedelta(hours=2)).astimezone(zone).utcoffset() == zone.utcoffset(local):
            # Away from a transition (the hour that repeats or is skipped is ambiguous in wall time).
            assert local.replace(tzinfo=tzinfo).utcoffset() == zone.utcoffset(local), (tzid, local)
        moment += dt.timedelta(hours=5)


def test_a_zone_that_changes_its_rule_is_listed_without_comment() -> None:
    # Samoa skipped a day and dropped daylight saving time between 2011 and 2021.
    data = calendar_with("Pacific/Apia", 2020, 2022)
    assert b"COMMENT" not in data
    vobject.readOne(data.decode())
