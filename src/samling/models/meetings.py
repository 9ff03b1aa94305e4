"""A meeting and what hangs under its folder: sessions, registrations, questions and themes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from samling.models.base import (
    Amount,
    Bool,
    FieldProblem,
    Free,
    Line,
    MeetingDate,
    Record,
    RecordId,
    Text,
    TimeOfDay,
    Url,
)
from samling.models.network import FeeOverride
from samling.models.room import Note, Role


class Session(Record):
    """One occasion of a meeting: the same agenda may be held east and west on different dates."""

    id: RecordId
    date: MeetingDate
    start: TimeOfDay
    end: TimeOfDay
    venue: RecordId | None = None
    capacity: int | None = Field(default=None, ge=0)
    # true: this occasion is called off (`samling session cancel`) while the others go on; left
    # out of the file otherwise, so that a session needs no line for it
    cancelled: Bool | None = None
    # Kept by samling for calendars (RFC 5545): the UID never changes; SEQUENCE rises when what
    # the event shows (times, place, link, agenda, title, cancelled) changes. Do not edit by hand.
    uid: str | None = None
    sequence: int | None = Field(default=None, ge=0)
    issued: str | None = None
    changed_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Session:
        if self.end <= self.start:
            raise FieldProblem("end", f"{self.end:%H:%M} is not after the start {self.start:%H:%M}")
        return self


class Meeting(Record):
    title: Line
    deadline: MeetingDate | None = None
    capacity: int | None = Field(default=None, ge=0)
    online_link: Url | None = None
    registration_url: Url | None = None
    cancelled: Bool = False
    agenda: list[Text] = Field(default_factory=list)
    fees: FeeOverride | None = None
    # true: the meeting is over and its history fixed (`samling close`): each registration holds
    # its fee and organization; left out of the file otherwise
    closed: Bool | None = None
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
FeeReason = Literal["free", "extra", "non-member", "online"]


class Registration(Record):
    """A participant's registration for one meeting; file name = the participant's id.

    ``seq`` is the order of arrival within the meeting (assigned under the meeting's lock); the
    waitlist and the free seats per organization are served in that order.
    """

    session: RecordId
    status: RegistrationStatus
    seq: int = Field(ge=1)
    registered_at: dt.datetime
    online: Bool = False
    late: Bool = False
    diet: Free | None = None
    note: Free | None = None
    cancelled_at: dt.datetime | None = None
    attended: Bool | None = None
    # Where the person came from when they registered, so that a later member list does not
    # rewrite the meeting's history: their organization (none if absent) and whether it was a
    # member. Left out of the file when unknown (a registration made before samling kept them:
    # today's records apply).
    organization: RecordId | None = None
    member: Bool | None = None
    # Fixed when the meeting is closed (`samling close`): the organization's name then, the fee
    # and why; from then on these are the meeting's history, whatever today's records say.
    organization_name: str | None = None
    fee: Amount | None = None
    fee_reason: FeeReason | None = None
    # true: the person was forgotten (`samling participant forget`); the file name is an
    # anonymous id (anon-<n>) and only the organization, membership and fee remain
    anonymous: Bool | None = None
    # host, speaker or vendor: listed apart in the presentation list and the minutes
    role: Role | None = None
    # the time of the latest web-form answer applied to it after the one that registered
    # (`registrations import`): an answer sent at or before it is not applied again
    answered_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.status != "cancelled"

    @property
    def has_origin(self) -> bool:
        """Whether the registration holds the organization and membership it was made with."""
        return self.member is not None


QuestionStatus = Literal["open", "discussed", "escalated", "answered", "withdrawn"]


class Question(Record):
    """A question or problem brought to a meeting; file name = its number within the meeting.

    A question carried over from an earlier meeting (an escalation still unanswered) is a link:
    ``origin = "<meeting-id>/<number>"`` and nothing else; its text, status and answer live in the
    original, so answering it anywhere answers it everywhere.
    """

    text: Text | None = None
    by: RecordId | None = None
    asked_at: dt.datetime | None = None
    topic: Free | None = None
    status: QuestionStatus | None = None  # None: open, or for a link, the original's status
    # what was said, one note per discussion (appended, each with its meeting and date); a
    # question written by hand may give one text: notes = "..."
    notes: list[Note] = Field(default_factory=list)
    # the meetings where it was discussed without a note (`question discuss` without --notes); a
    # discussion with a note is known by the note's meeting; None: none such recorded
    discussed_in: list[RecordId] | None = None
    escalated_to: Free | None = None
    escalated_at: dt.date | None = None
    answer: Free | None = None
    answered_by: Free | None = None
    answered_at: dt.date | None = None
    answered_in: RecordId | None = None
    origin: str | None = None

    @field_validator("notes", mode="before")
    @classmethod
    def _one_text(cls, value: object) -> object:
        if isinstance(value, str):
            return [{"text": value}] if value.strip() else []
        return value

    @model_validator(mode="after")
    def _text_or_origin(self) -> Question:
        if self.origin is None and self.text is None:
            raise FieldProblem("text", "is required (or origin, for a question carried over)")
        if self.origin is None and self.status is None:
            self.status = "open"
        if self.origin is not None:
            meeting, _, number = self.origin.partition("/")
            if not (number.isascii() and number.isdigit()) or not meeting:
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
