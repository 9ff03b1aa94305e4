"""People and places: ``organizations/``, ``participants/`` and ``venues/``."""

from __future__ import annotations

from pydantic import EmailStr, Field

from samling.models.base import Bool, Language, Record, RecordId, Text


class Organization(Record):
    name: Text
    member: Bool = True
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
