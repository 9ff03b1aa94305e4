"""``samling registrations import``: registrations as web forms export them (Microsoft Forms,
Google Forms, Nettskjema), applied in the order of the form's timestamps."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from samling import ids
from samling.domain.registrations import Outcome, register_in
from samling.domain.state import MeetingState
from samling.errors import InvalidInput, InvalidRecord, Problem, SamlingError
from samling.imports.members import (
    PARTICIPANT_COLUMNS,
    OrganizationIndex,
    language_code,
    row_name,
)
from samling.imports.tables import read_table
from samling.models import Participant, Registration, problems_from
from samling.store import Store

FORM_COLUMNS: dict[str, set[str]] = {
    **PARTICIPANT_COLUMNS,
    "timestamp": {
        "timestamp",
        # Microsoft Forms and Google Forms, localized: when the answer was started or sent
        "tidstämpel",
        "starttid",
        "starttidspunkt",
        "fullføringstidspunkt",
        "fuldførelsestidspunkt",
        "sluttidspunkt",
        "sluttid",
        "begintijd",
        "tijd van voltooien",
        "tidsstämpel",
        "tidsstempel",
        "tidsmerke",
        "tijdstempel",
        "start time",
        "completion time",
        "submitted",
        "submitted at",
        "innsendt",
        "inskickat",
        "indsendt",
        "created",
        "date",
        "tid",
        "tidspunkt",
        "ingediend",
    },
    "session": {
        "session",
        "pass",
        "ort",
        "plats",
        "sted",
        "location",
        "venue",
        "lokation",
        "locatie",
        "tillfälle",
        "dato og sted",
        "datum och plats",
        "møde",
        "möte",
        "samling",
    },
    "online": {
        "online",
        "participation",
        "deltagande",
        "deltakelse",
        "deltagelse",
        "deelname",
        "digitalt",
        "how will you attend",
        "hvordan deltar du",
    },
    "note": {
        "note",
        "comment",
        "comments",
        "kommentar",
        "kommentarer",
        "övrigt",
        "meddelande",
        "melding",
        "besked",
        "opmerking",
        "opmerkingen",
        "other",
    },
    "question": {
        "question",
        "questions",
        "fråga",
        "frågor",
        "spørsmål",
        "spørgsmål",
        "vraag",
        "vragen",
        "problem",
        "problems",
        "problemer",
        "tema",
        "topics",
        "innspill",
        "önskemål",
    },
}

ONLINE_WORDS = ("online", "digit", "distans", "remote", "teams", "zoom", "nett", "video", "web")
ON_SITE_WORDS = ("plats", "sted", "stede", "site", "fysisk", "physical", "locatie", "in person", "nej", "nei", "no")

_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M.%S",
    "%d.%m.%Y %H.%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
)


def parse_timestamp(text: str, tz: dt.tzinfo) -> dt.datetime:
    value = re.sub(r"\s+(GMT|UTC)([+-]\d+)?$", "", text.strip())  # Google Forms: "... GMT+1"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        for fmt in _FORMATS:
            try:
                moment = dt.datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"{text!r} is not a date and time samling can read (e.g. 2026-02-03 10:15:22)") from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def is_online(text: str) -> bool:
    value = text.strip().casefold()
    if value in ("yes", "ja", "true", "1", "x"):
        return True
    if any(word in value for word in ON_SITE_WORDS):
        return False
    return any(word in value for word in ONLINE_WORDS)


def match_session(state: MeetingState, text: str) -> str | None:
    """A form's answer ("Øst – 12. marts, Roskilde") to a session id: id, venue, city or date."""
    value = text.strip().casefold()
    if not value:
        return None
    slugged = ids.slug(text)
    for session in state.meeting.sessions:
        venue = state.venues.get(session.venue or "")
        words = {session.id, session.date.isoformat(), f"{session.date.day}.{session.date.month}"}
        if venue:
            words |= {venue.name.casefold(), (venue.city or "").casefold()}
        if value in words or slugged == session.id or any(w and w in value for w in words if len(w) > 3):
            return session.id
    raise InvalidInput(f"session: {text!r} matches none of {', '.join(s.id for s in state.meeting.sessions)}")


@dataclass
class Row:
    line: int
    at: dt.datetime
    participant: str
    name: str
    new_person: Participant | None
    outcome: Outcome | None = None
    refused: str | None = None
    question: str | None = None


@dataclass
class RegistrationImport:
    meeting_id: str
    rows: list[Row] = field(default_factory=list)
    new_organizations: dict[str, object] = field(default_factory=dict)


def import_registrations(
    store: Store,
    meeting_id: str,
    path: Path,
    *,
    dry_run: bool = False,
    late: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> RegistrationImport:
    table = read_table(path, FORM_COLUMNS, encoding=encoding, delimiter=delimiter)
    if "email" not in table.columns:
        raise InvalidInput(
            f"{path}: no email column (found: {', '.join(table.ignored) or 'nothing'})",
            "the form must ask for the email address; samling matches people by it",
        )
    with store.lock(), store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        everyone = store.participants.load_all()
        by_email = {p.email.casefold(): pid for pid, p in everyone.items()}
        taken = set(everyone)
        orgs = OrganizationIndex(store, member=True)
        tz = state.network.tz
        problems: list[Problem] = []
        parsed = []
        for line, values in table.rows:
            try:
                at = parse_timestamp(values["timestamp"], tz) if values.get("timestamp") else state.now
                session = match_session(state, values.get("session", ""))
            except (ValueError, InvalidInput) as error:
                problems.append(Problem(path, f"line {line}", str(error)))
                continue
            email = values.get("email", "").casefold()
            pid = by_email.get(email)
            new_person = None
            if pid is None:
                try:
                    new_person = Participant.model_validate(
                        {
                            "name": row_name(values),
                            "email": values.get("email", ""),
                            "organization": orgs.resolve(values.get("organization", "")),
                            "language": language_code(values.get("language", "")),
                            "diet": values.get("diet") or None,
                        }
                    )
                except ValidationError as error:
                    for p in problems_from(error, Participant, path):
                        problems.append(Problem(path, f"line {line}", f"{p.key}: {p.explanation}"))
                    continue
                pid = ids.unique(ids.from_name(new_person.name), taken)
                taken.add(pid)
                by_email[email] = pid
                state.people[pid] = new_person
            elif pid not in state.people:
                state.people[pid] = everyone[pid]
            parsed.append((at, line, pid, session, values, new_person))
        if problems:
            raise InvalidRecord(problems, "nothing was imported; correct these rows and import again")
        snapshot = dict(state.registrations)
        result = RegistrationImport(meeting_id, new_organizations=dict(orgs.new))
        for at, line, pid, session, values, new_person in sorted(parsed, key=lambda r: (r[0], r[1])):
            row = Row(line, at, pid, state.people[pid].name, new_person, question=values.get("question") or None)
            try:
                row.outcome = register_in(
                    state,
                    pid,
                    session=session,
                    online=is_online(values.get("online", "")),
                    diet=values.get("diet") or None,
                    note=values.get("note") or None,
                    late=late,
                    registered_at=at,
                )
            except SamlingError as error:
                row.refused = error.message
            result.rows.append(row)
        # Each outcome as the import leaves it (a place on the waitlist is the one after the last row)
        positions = state.positions()
        for row in result.rows:
            if row.outcome is not None:
                row.outcome.status = state.registrations[row.participant].status
                row.outcome.position = positions.get(row.participant)
        if not dry_run:
            _write(store, state, orgs, result, snapshot)
        return result


def _write(
    store: Store,
    state: MeetingState,
    orgs: OrganizationIndex,
    result: RegistrationImport,
    snapshot: dict[str, Registration],
) -> None:
    """What an import decided, written: new organizations and people, the registrations that
    changed, and the questions sent with them."""
    from samling.domain.questions import add_question

    for oid, org in orgs.new.items():
        store.organizations.create(oid, org)
    for row in result.rows:
        if row.new_person is not None:
            store.participants.create(row.participant, row.new_person)
    state.save_changes(snapshot)
    for row in result.rows:
        if row.question and not row.refused:
            add_question(store, state.meeting_id, row.question, by=row.participant, asked_at=row.at)
