"""The building blocks of every record: the base model (unknown keys are errors) and the value
types people write by hand in TOML (times as 10.00, amounts, ids, time zones, web addresses)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
)

from samling import text

LANGUAGES = ("sv", "nb", "da", "nl", "en")
Language = Literal["sv", "nb", "da", "nl", "en"]

_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*$")


def parse_time(value: Any) -> Any:
    """Accept 10:00, 10.00 (as Scandinavians write it) and TOML's native 10:00:00."""
    if isinstance(value, str):
        match = _TIME.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a time of day; write it as HH:MM, e.g. 10:00")
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise ValueError(f"{value!r} is not a time of day (hours 0-23, minutes 0-59)")
        return dt.time(hour, minute)
    return value


def clean_text(value: str) -> str:
    """``value`` without escape sequences and control characters (tab and line breaks kept)."""
    return text.clean(value)


def _nonblank(value: str) -> str:
    value = clean_text(value).strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _one_line(value: str) -> str:
    """A name or a title: one line, single spaces (a line break in a name would split a list)."""
    return " ".join(_nonblank(value).split())


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a known time zone; use an IANA name such as Europe/Oslo") from None
    return value


def _record_id(value: str) -> str:
    from samling import ids

    if not ids.is_valid(value):
        raise ValueError(f"{value!r} is not an id (lowercase a-z, digits and hyphens)")
    return value


def plain_number(value: Decimal) -> int | float:
    """An amount as TOML and JSON write it: 450, not 450.00; 12.5 stays 12.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def _url(value: str) -> str:
    value = value.strip()
    if not re.match(r"^https?://\S+$", value):
        raise ValueError(f"{value!r} is not a web address; it should start with https://")
    return value


# The years a meeting may be held in: dates outside make no sense for a meeting, and a year such as
# 9999 or 1 would overflow the date arithmetic of deadlines and reminders.
FIRST_YEAR, LAST_YEAR = 1900, 2200
# The largest amount a fee may be (and finite: TOML allows inf and nan); more is a typo.
MAX_AMOUNT = Decimal(10) ** 9


def _meeting_date(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"{value} is out of range; a meeting is held between {FIRST_YEAR} and {LAST_YEAR}")
    return value


#: Text people write (a question, a note): control characters left out, at most 20,000 characters.
Text = Annotated[str, Field(max_length=20_000), AfterValidator(_nonblank)]
#: A name or a title: one line, at most 200 characters (as an import takes them).
Line = Annotated[str, Field(max_length=200), AfterValidator(_one_line)]
#: An optional free text (a diet, an address, an answer): control characters left out.
Free = Annotated[str, Field(max_length=20_000), AfterValidator(clean_text)]
# TOML has real booleans: "yes", 1 or "true" in quotes is a mistake, not a yes.
Bool = StrictBool
MeetingDate = Annotated[dt.date, AfterValidator(_meeting_date)]
TimeOfDay = Annotated[
    dt.time, BeforeValidator(parse_time), PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str)
]
Amount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False), PlainSerializer(plain_number)]
RecordId = Annotated[str, AfterValidator(_record_id)]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
Url = Annotated[str, AfterValidator(_url)]


class FieldProblem(ValueError):
    """Raised by a model validator about one key: the message starts with that key."""

    def __init__(self, key: str, explanation: str) -> None:
        super().__init__(f"{key}: {explanation}")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_assignment=True)
