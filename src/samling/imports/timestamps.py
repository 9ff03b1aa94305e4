"""A form's timestamps, read by one policy: the day comes first, as in the five languages'
countries (``07/05/2026`` is 7 May, as ``--date 07/05/2026`` is). A US-style export, month
first, is recognised by its service's format: Google Forms and Microsoft Forms in US English
write ``5/7/2026 10:00:00`` (no leading zeros) under an English header, where the British
ones write ``05/07/2026``. A column that could be read either way stops the import, naming
the column, until ``--month-first`` or ``--day-first`` says which."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from samling.errors import InvalidInput

Order = Literal["day", "month"]

# 2026-05-07 10:00[:00[.123]] and 2026/05/07, with T, Z or an offset (Nettskjema, ISO 8601)
_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(.*))?$")
# 7.5.2026, 7-5-2026 (Dutch): always the day first
_DAY_FIRST = re.compile(r"^(\d{1,2})[.-](\d{1,2})[.-](\d{4}|\d{2})\.?(?:[ ,]+(.*))?$")
# 5/7/2026 or 05/07/26: day or month first, by the column
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[ ,]+(.*))?$")
_TIME = re.compile(
    r"^(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*"
    r"(z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
# Google Forms adds the form owner's zone: "... GMT+1", "... CET"
_ZONE_NAME = re.compile(r"\s+(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?$|\s+(?:CET|CEST|EET|EEST)$", re.IGNORECASE)
# Headers in English: where a month-first export comes from (the services' US English format)
ENGLISH_HEADERS = frozenset({"timestamp", "completion time", "start time", "submitted", "submitted at"})
# Headers in the five languages' other four (and Dutch): the form owner's locale writes the day
# first, so a slashed date under one is never month first unless only that reading is possible
LOCALIZED_HEADERS = frozenset(
    {
        "tidstämpel",
        "tidsstämpel",
        "sluttid",
        "tid för slutförande",
        "slutförandetid",
        "tidsstempel",
        "tidsmerke",
        "fullføringstidspunkt",
        "fullført",
        "sluttidspunkt",
        "fuldførelsestidspunkt",
        "tidspunkt for fuldførelse",
        "tijdstempel",
        "tijd van voltooien",
        "voltooiingstijd",
        "innsendt",
        "inskickat",
        "indsendt",
        "ingediend",
        "tid",
        "tidspunkt",
        "starttid",
        "starttidspunkt",
        "begintijd",
        "starttijd",
    }
)


def localized_header(header: str) -> bool:
    """Whether a timestamp column's header is in a Nordic language or Dutch (not English)."""
    normalized = " ".join(header.casefold().strip().strip(":*?").split())
    return normalized in LOCALIZED_HEADERS or (not normalized.isascii() and normalized not in ENGLISH_HEADERS)


EXAMPLE = "2026-05-07 10:15"


@dataclass(frozen=True)
class Parts:
    first: int
    second: int
    year: int
    time: str
    slashed: bool
    iso: bool  # year first: first is the month
    padded: bool  # 05/07: a leading zero on a day or month below 10 (never written in US style)
    unpadded: bool  # 5/7: a day or month below 10 without one (never written in British style)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _split(text: str) -> Parts | None:
    value = _ZONE_NAME.sub("", text.strip())
    match = _ISO.match(value)
    if match:
        return Parts(int(match[2]), int(match[3]), int(match[1]), match[4] or "", False, True, False, False)
    for pattern, slashed in ((_DAY_FIRST, False), (_SLASHED, True)):
        match = pattern.match(value)
        if match:
            one, two = match[1], match[2]
            small = [p for p in (one, two) if int(p) < 10]
            return Parts(
                int(one),
                int(two),
                _year(match[3]),
                match[4] or "",
                slashed,
                False,
                any(len(p) == 2 for p in small),
                any(len(p) == 1 for p in small),
            )
    return None


def _clock(text: str) -> tuple[dt.time, dt.tzinfo | None]:
    if not text.strip():
        return dt.time(0, 0), None
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    meridiem = (match[4] or "").replace(".", "").casefold()
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    zone: dt.tzinfo | None = None
    if match[5]:
        offset = match[5].replace(":", "")
        if offset.casefold() == "z":
            zone = dt.UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            zone = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
    return dt.time(hour, minute, second), zone


def order_from(month_first: bool, day_first: bool) -> Order | None:
    """``--month-first`` / ``--day-first``: one of them, or neither (guessed from the column)."""
    if month_first and day_first:
        raise InvalidInput("--month-first and --day-first contradict each other", "give one of them")
    return "month" if month_first else "day" if day_first else None


def column_order(values: list[str], header: str, path: str, given: Order | None) -> Order:
    """Whether the column's slashed dates give the day or the month first (see the module)."""
    if given:
        return given
    parts = [p for p in (_split(v) for v in values if v.strip()) if p is not None and p.slashed]
    if not parts:
        return "day"
    day_first = [p for p in parts if p.first > 12]
    month_first = [p for p in parts if p.second > 12]
    if day_first and month_first:
        raise InvalidInput(
            f"{path}: column {header!r} has dates written day first and month first "
            f"({_shown(day_first[0])} and {_shown(month_first[0])})",
            "export the form again, or correct the column so that every date is written one way",
        )
    if day_first:
        return "day"
    if month_first:
        return "month"
    if any(re.search(r"\d\s*[ap]\.?m\.?$", v.strip(), re.IGNORECASE) for v in values):
        return "month"  # 5/7/2026 1:05:00 PM: only US English writes the hour so
    if localized_header(header):
        return "day"  # Tidsstempel, Tijdstempel: a Nordic or Dutch form owner writes the day first
    english = " ".join(header.casefold().split()) in ENGLISH_HEADERS
    if english and any(p.unpadded for p in parts) and not any(p.padded for p in parts):
        return "month"  # Google Forms / Microsoft Forms in US English: 5/7/2026 10:00:00
    if any(p.padded for p in parts) and not any(p.unpadded for p in parts):
        return "day"  # 05/07/2026: British English, and how people in the five countries write it
    example = _shown(parts[0])
    raise InvalidInput(
        f"{path}: column {header!r}: a date like {example} may be day first or month first "
        f"({parts[0].first} {_month(parts[0].second)} or {parts[0].second} {_month(parts[0].first)})",
        "say which with --day-first or --month-first",
    )


def _month(number: int) -> str:
    return dt.date(2000, number, 1).strftime("%B") if 1 <= number <= 12 else str(number)


def _shown(parts: Parts) -> str:
    return f"{parts.first}/{parts.second}/{parts.year}"


# An Excel serial date: days since 30 December 1899 (Excel's 1900 date system), the fraction the
# time of day; 20000 is 1954, 100000 is 2173. A workbook cell not formatted as a date has one.
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def excel_serial(text: str) -> dt.datetime | None:
    """``46346.41`` as the date and time it is in Excel (to the second), or None."""
    value = text.strip()
    if not _SERIAL.match(value) or not 20000 <= float(value.replace(",", ".")) < 100000:
        return None
    moment = _EXCEL_EPOCH + dt.timedelta(days=float(value.replace(",", ".")))
    return (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def parse_timestamp(text: str, tz: dt.tzinfo, order: Order = "day") -> dt.datetime:
    """One of a form's timestamps, in the network's time zone (``tz``) unless it names its own."""
    value = text.strip()
    serial = excel_serial(value)
    if serial is not None:
        return serial.replace(tzinfo=tz)
    parts = _split(value)
    try:
        if parts is None:
            raise ValueError
        if parts.iso or (parts.slashed and order == "month"):
            month, day = parts.first, parts.second
        else:
            day, month = parts.first, parts.second
        time, zone = _clock(parts.time)
        moment = dt.datetime.combine(dt.date(parts.year, month, day), time)
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time samling can read (e.g. {EXAMPLE})") from None
    if zone is not None:
        return moment.replace(tzinfo=zone).astimezone(tz)
    return moment.replace(tzinfo=tz)
