"""People and places: ``organizations/``, ``participants/`` and ``venues/``."""

from __future__ import annotations

from pydantic import EmailStr, Field

from samling.models.base import Bool, Free, Language, Line, Record, RecordId


class Organization(Record):
    name: Line
    member: Bool = True
    email: EmailStr | None = None
    contact: RecordId | None = None
    city: Free | None = None


class Participant(Record):
    name: Line
    email: EmailStr
    organization: RecordId | None = None
    language: Language | None = None
    diet: Free | None = None
    phone: Free | None = None
    notes: Free | None = None


class Venue(Record):
    name: Line
    address: Free | None = None
    city: Free | None = None
    capacity: int | None = Field(default=None, ge=0)
    directions: Free | None = None
    accessibility: Free | None = None
