"""The records of a network folder, as pydantic v2 models. Unknown keys are errors.

A record's id is its file name and is never stored inside it. Field order here is the key order
in the files samling writes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    PlainSerializer,
    ValidationError,
    model_validator,
)

from samling.errors import Problem

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


def _nonblank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{value!r} is not a known time zone; use an IANA name such as Europe/Oslo"
        ) from None
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


Text = Annotated[str, AfterValidator(_nonblank)]
TimeOfDay = Annotated[
    dt.time, BeforeValidator(parse_time), PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str)
]
Amount = Annotated[Decimal, Field(ge=0), PlainSerializer(plain_number)]
RecordId = Annotated[str, AfterValidator(_record_id)]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
Url = Annotated[str, AfterValidator(_url)]


class FieldProblem(ValueError):
    """Raised by a model validator about one key: the message starts with that key."""

    def __init__(self, key: str, explanation: str) -> None:
        super().__init__(f"{key}: {explanation}")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_assignment=True)


# --- the network ------------------------------------------------------------------------------


class Organizer(Record):
    name: Text
    email: EmailStr


class FeePolicy(Record):
    """Each member organization sends ``free_per_organization`` participants free, then ``fee``."""

    free_per_organization: int = Field(default=1, ge=0)
    fee: Amount = Decimal(0)
    non_member_fee: Amount | None = None
    online_fee: Amount | None = None
    currency: str = "SEK"


class FeeOverride(Record):
    """A meeting's changes to the network's fee policy; a key left out keeps the network's value."""

    free_per_organization: int | None = Field(default=None, ge=0)
    fee: Amount | None = None
    non_member_fee: Amount | None = None
    online_fee: Amount | None = None
    currency: str | None = None

    def apply(self, policy: FeePolicy) -> FeePolicy:
        return policy.model_copy(update=self.model_dump(exclude_none=True))


class Defaults(Record):
    start: TimeOfDay = dt.time(10, 0)
    end: TimeOfDay = dt.time(14, 30)
    capacity: int | None = Field(default=None, ge=0)
    deadline_days: int = Field(default=14, ge=0)
    reminder_hours: int = Field(default=24, ge=0)  # calendar reminder before a session; 0 = none


class Network(Record):
    name: Text
    language: Language = "en"
    timezone: TimeZoneName = "Europe/Stockholm"
    organizer: Organizer | None = None
    defaults: Defaults = Defaults()
    fees: FeePolicy = FeePolicy()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


# --- people and places ---------------------------------------------------------------------


class Organization(Record):
    name: Text
    member: bool = True
    email: EmailStr | None = None
    contact: RecordId | None = None
    city: str | None = None


class Participant(Record):
    name: Text
    email: EmailStr
    organization: RecordId | None = None
    language: Language | None = None
    diet: str | None = None
    phone: str | None = None
    notes: str | None = None


class Venue(Record):
    name: Text
    address: str | None = None
    city: str | None = None
    capacity: int | None = Field(default=None, ge=0)
    directions: str | None = None
    accessibility: str | None = None


# --- meetings ------------------------------------------------------------------------------


class Session(Record):
    """One occasion of a meeting: the same agenda may be held east and west on different dates."""

    id: RecordId
    date: dt.date
    start: TimeOfDay
    end: TimeOfDay
    venue: RecordId | None = None
    capacity: int | None = Field(default=None, ge=0)
    # Kept by samling for calendars (RFC 5545): the UID never changes; SEQUENCE rises when what
    # was last issued (date, times, venue, title, cancelled) changes. Do not edit by hand.
    uid: str | None = None
    sequence: int | None = Field(default=None, ge=0)
    issued: str | None = None
    changed_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Session:
        if self.end <= self.start:
            raise FieldProblem(
                "end", f"{self.end:%H:%M} is not after the start {self.start:%H:%M}"
            )
        return self


class Meeting(Record):
    title: Text
    deadline: dt.date | None = None
    capacity: int | None = Field(default=None, ge=0)
    online_link: Url | None = None
    registration_url: Url | None = None
    cancelled: bool = False
    agenda: list[Text] = []
    fees: FeeOverride | None = None
    sessions: list[Session] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Meeting:
        seen: set[str] = set()
        for n, session in enumerate(self.sessions):
            if session.id in seen:
                raise FieldProblem(f"sessions[{n}].id", f"{session.id!r} is used by two sessions")
            seen.add(session.id)
        if self.deadline is not None and self.deadline > self.first_date:
            raise FieldProblem(
                "deadline",
                f"{self.deadline} is after the meeting's first session on {self.first_date}",
            )
        return self

    @property
    def first_date(self) -> dt.date:
        return min(s.date for s in self.sessions)

    @property
    def last_date(self) -> dt.date:
        return max(s.date for s in self.sessions)

    @property
    def hybrid(self) -> bool:
        return self.online_link is not None

    def session(self, session_id: str) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)


RegistrationStatus = Literal["registered", "waitlisted", "cancelled"]


class Registration(Record):
    """A participant's registration for one meeting; file name = the participant's id.

    ``seq`` is the order of arrival within the meeting (assigned under the meeting's lock); the
    waitlist and the free seats per organization are served in that order.
    """

    session: RecordId
    status: RegistrationStatus
    seq: int = Field(ge=1)
    registered_at: dt.datetime
    online: bool = False
    late: bool = False
    diet: str | None = None
    note: str | None = None
    cancelled_at: dt.datetime | None = None
    attended: bool | None = None

    @property
    def active(self) -> bool:
        return self.status != "cancelled"


# --- turning pydantic's errors into sentences -------------------------------------------------


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType, list, Annotated):
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found:
                return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        nested = _nested_model(field.annotation)
        if nested is None:
            return None
        model = nested
    return model


def _key(loc: tuple[Any, ...]) -> str:
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else str(part)
    return key


def _explain(model: type[BaseModel], error: dict[str, Any]) -> tuple[str | None, str]:
    kind = error["type"]
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
    key = _key(loc) or None
    message: str = error["msg"]
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1]) if loc else model
        allowed = sorted(parent.model_fields) if parent else []
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1) if loc else []
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys: {', '.join(allowed)}"
        return key, f"unknown key; {hint}"
    if kind == "missing":
        return key, "is required but missing"
    if kind.startswith("date") or kind.startswith("datetime"):
        what = "date-time" if kind.startswith("datetime") else "date"
        example = "2026-03-12T10:00:00+01:00" if what == "date-time" else "2026-03-12"
        detail = ""
        if "outside expected range" in message:
            detail = " (that day does not exist)"
        return key, f"{error.get('input')!r} is not a valid {what}{detail}; write it as {example}"
    if kind == "literal_error":
        expected = message.split("Input should be ", 1)[-1]
        return key, f"{error.get('input')!r} is not allowed; use {expected}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return key, f"{error.get('input')!r} is not a whole number"
    if kind == "bool_type" or kind == "bool_parsing":
        return key, f"{error.get('input')!r} must be true or false"
    if kind == "string_type":
        return key, "must be text in quotes"
    if kind in ("greater_than_equal", "greater_than"):
        return key, f"{error.get('input')!r} is too small: {message[0].lower()}{message[1:]}"
    if kind == "too_short":
        return key, "needs at least one entry"
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
        if isinstance(error.get("ctx", {}).get("error"), FieldProblem):
            inner, _, text = message.partition(": ")
            return _key(loc + tuple(inner.split("."))) if loc else inner, text
    return key, message[0].lower() + message[1:] if message else message


def problems_from(error: ValidationError, model: type[BaseModel], path: Path) -> list[Problem]:
    return [Problem(path, *_explain(model, e)) for e in error.errors()]


# --- questions and themes (the question-based agenda) -------------------------------------------

QuestionStatus = Literal["open", "discussed", "escalated", "answered"]


class Question(Record):
    """A question or problem brought to a meeting; file name = its number within the meeting.

    A question carried over from an earlier meeting (an escalation still unanswered) is a link:
    ``origin = "<meeting-id>/<number>"`` and nothing else; its text, status and answer live in the
    original, so answering it anywhere answers it everywhere.
    """

    text: Text | None = None
    by: RecordId | None = None
    asked_at: dt.datetime | None = None
    topic: str | None = None
    status: QuestionStatus | None = None  # None: open, or for a link, the original's status
    notes: str | None = None
    escalated_to: str | None = None
    escalated_at: dt.date | None = None
    answer: str | None = None
    answered_by: str | None = None
    answered_at: dt.date | None = None
    answered_in: RecordId | None = None
    origin: str | None = None

    @model_validator(mode="after")
    def _text_or_origin(self) -> Question:
        if self.origin is None and self.text is None:
            raise FieldProblem("text", "is required (or origin, for a question carried over)")
        if self.origin is None and self.status is None:
            self.status = "open"
        if self.origin is not None:
            meeting, _, number = self.origin.partition("/")
            if not number.isdigit() or not meeting:
                raise FieldProblem("origin", f"{self.origin!r} should be MEETING-ID/NUMBER")
            if self.text is not None:
                raise FieldProblem("text", "a carried-over question keeps its text in the original (origin)")
        if self.status == "escalated" and not self.escalated_to:
            raise FieldProblem("escalated_to", "an escalated question needs the party it went to")
        if self.status == "answered" and not self.answer:
            raise FieldProblem("answer", "an answered question needs its answer")
        return self


class Theme(Record):
    """A suggestion for a later meeting's theme, collected at a meeting, with its votes."""

    text: Text
    by: RecordId | None = None
    suggested_at: dt.datetime | None = None
    votes: int = Field(default=0, ge=0)
