"""``samling.toml``: the network, its organizer, defaults and fee policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import EmailStr, Field

from samling.models.base import Amount, Language, Line, Record, Text, TimeOfDay, TimeZoneName


class Organizer(Record):
    name: Line
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
        # Validated, not copied: the dump writes amounts as plain numbers (450), which must
        # become Decimals again before the fee rules add them up.
        return FeePolicy.model_validate({**policy.model_dump(), **self.model_dump(exclude_none=True)})


class Defaults(Record):
    start: TimeOfDay = dt.time(10, 0)
    end: TimeOfDay = dt.time(14, 30)
    capacity: int | None = Field(default=None, ge=0)
    # Bounded so that the date arithmetic (a deadline, a reminder before a session) cannot overflow:
    # ten years, one year.
    deadline_days: int = Field(default=14, ge=0, le=3650)
    reminder_hours: int = Field(default=24, ge=0, le=8760)  # calendar reminder before a session; 0 = none


class Smtp(Record):
    """``[smtp]``: the organizer's mail server, for `samling send`. The password is never stored:
    it comes from ``SAMLING_SMTP_PASSWORD`` or a prompt on the terminal."""

    host: Text
    port: int | None = Field(default=None, ge=1, le=65535)  # default: 587 starttls, 465 tls, 25 none
    security: Literal["starttls", "tls", "none"] = "starttls"
    user: str | None = None
    from_address: EmailStr | None = None  # the sender, with Reply-To the organizer; default: the organizer
    # A certificate (PEM, path relative to the network folder) to trust besides the system's: a
    # server with a self-made certificate is accepted only when the organizer names it here.
    certificate: str | None = None
    timeout: int = Field(default=60, ge=1)

    @property
    def port_or_default(self) -> int:
        return self.port or {"starttls": 587, "tls": 465, "none": 25}[self.security]


class Network(Record):
    name: Line
    language: Language = "en"
    timezone: TimeZoneName = "Europe/Stockholm"
    organizer: Organizer | None = None
    defaults: Defaults = Defaults()
    fees: FeePolicy = FeePolicy()
    smtp: Smtp | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
