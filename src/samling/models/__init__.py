"""The records of a network folder, as pydantic v2 models. Unknown keys are errors.

A record's id is its file name and is never stored inside it. Field order in a model is the key
order in the files samling writes.
"""

from samling.models.base import (
    LANGUAGES,
    Amount,
    FieldProblem,
    Language,
    Record,
    RecordId,
    Text,
    TimeOfDay,
    parse_time,
    plain_number,
)
from samling.models.meetings import (
    Meeting,
    Question,
    QuestionStatus,
    Registration,
    RegistrationStatus,
    Session,
    Theme,
)
from samling.models.network import Defaults, FeeOverride, FeePolicy, Network, Organizer, Smtp
from samling.models.people import Organization, Participant, Venue
from samling.models.problems import problems_from

__all__ = [
    "LANGUAGES",
    "Amount",
    "Defaults",
    "FeeOverride",
    "FeePolicy",
    "FieldProblem",
    "Language",
    "Meeting",
    "Network",
    "Organization",
    "Organizer",
    "Participant",
    "Question",
    "QuestionStatus",
    "Record",
    "RecordId",
    "Registration",
    "RegistrationStatus",
    "Session",
    "Smtp",
    "Text",
    "Theme",
    "TimeOfDay",
    "Venue",
    "parse_time",
    "plain_number",
    "problems_from",
]
