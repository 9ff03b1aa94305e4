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
from samling.domain.state import MeetingState, ensure_open
from samling.errors import InvalidInput, InvalidRecord, Problem, SamlingError
from samling.imports.members import (
    PARTICIPANT_COLUMNS,
    OrganizationIndex,
    language_code,
    row_name,
)
from samling.imports.tables import Table, parse_mapping, read_table
from samling.imports.timestamps import Order, column_order, parse_timestamp
from samling.models import Organization, Participant, Registration, problems_from
from samling.store import Store

FORM_COLUMNS: dict[str, set[str]] = {
    **PARTICIPANT_COLUMNS,
    # when the answer was sent: the arrival order (Microsoft Forms' completion time, Google
    # Forms' timestamp, Nettskjema's $created), in the five languages
    "timestamp": {
        "timestamp",
        "completion time",
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
        "$created",
        "created",
        "submitted",
        "submitted at",
        "innsendt",
        "inskickat",
        "indsendt",
        "ingediend",
        "date",
        "tid",
        "tidspunkt",
    },
    # when it was started (Microsoft Forms): the arrival time only when there is no completion time
    "started": {"start time", "starttid", "starttidspunkt", "begintijd", "starttijd"},
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
        "møte",
        "mötesplats",
        "sesjon",
        "økt",
        "sessie",
        "bijeenkomst",
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
        "hur deltar du",
        "hvordan deltager du",
        "hoe neem je deel",
        "hoe neemt u deel",
        "on site or online",
        "på plats eller digitalt",
        "fysisk eller digitalt",
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

#: The form services' own columns, known and not needed (reported as such, not as unknown)
FORM_METADATA = frozenset(
    {
        "id",
        "last modified time",
        "senast ändrad",
        "tid för senaste ändring",
        "sist endret",
        "tidspunkt for siste endring",
        "sidst ændret",
        "tidspunkt for seneste ændring",
        "laatst gewijzigd",
        "tijd van laatste wijziging",
        "$submission id",  # headers as normalize_header has them: _ as a space
        "$answer time ms",
        "$respondent id",
    }
)

# Words (or the start of words) in an answer to "how will you take part?"
ONLINE_WORDS = ("online", "digit", "distans", "remote", "teams", "zoom", "nett", "video", "web", "virtu", "hjemme")
ON_SITE_WORDS = ("plats", "sted", "site", "fysisk", "fysiek", "physical", "locatie", "person", "lokal", "oppmøte")
NO_WORDS = frozenset({"nej", "nei", "no", "nee", "false", "0", "not", "inte", "ikke", "ikkje", "niet"})
YES_WORDS = frozenset({"yes", "ja", "true", "1", "x"})


def is_online(text: str) -> bool:
    """Whether an answer means taking part online: "Online via Teams", "Zoom, annonsert senere"
    and "Ja" do; "På plats", "Fysisk oppmøte", "Nei" do not. Whole words are compared, so that
    "no" is not found inside "annonsert"."""
    words = re.findall(r"\w+", text.casefold())
    if not words:
        return False
    if " ".join(words) in YES_WORDS:
        return True
    if any(word in NO_WORDS or word.startswith(ON_SITE_WORDS) for word in words):
        return False
    return any(word.startswith(ONLINE_WORDS) for word in words)


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
    """One answer of the form and what the import makes of it."""

    line: int
    at: dt.datetime
    participant: str
    name: str
    new_person: Participant | None
    outcome: Outcome | None = None
    refused: str | None = None
    question: str | None = None  # added to the agenda by this row
    skipped: str | None = None  # why nothing was done: the row was imported before, or...
    updated: list[str] = field(default_factory=list)  # what a later answer changed: diet, note
    notice: str | None = None  # what the organizer may want to do by hand

    @property
    def action(self) -> str:
        """registered | waitlisted | updated | skipped | refused"""
        if self.refused:
            return "refused"
        if self.outcome is not None:
            return self.outcome.status
        if self.updated or self.question:
            return "updated"
        return "skipped"


@dataclass
class RegistrationImport:
    meeting_id: str
    table: Table
    members: bool
    rows: list[Row] = field(default_factory=list)
    # people and organizations the import adds: a person whose every answer was refused (too
    # late) is not added, nor an organization nobody added comes from
    new_people: dict[str, Participant] = field(default_factory=dict)
    new_organizations: dict[str, Organization] = field(default_factory=dict)
    month_first: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _arrival(
    table: Table, order: Order | None, tz: dt.tzinfo, problems: list[Problem]
) -> tuple[dict[int, dt.datetime | None], Order]:
    """Each row's arrival time: the completion time, else the start time (Microsoft Forms); and
    whether the column's dates give the day or the month first. A bad one goes to ``problems``."""
    field_name = "timestamp" if "timestamp" in table.columns else "started"
    if field_name not in table.columns:
        return {}, order or "day"
    header = table.columns[field_name]
    column = column_order([row.get(field_name, "") for _, row in table.rows], header, str(table.path), order)
    times: dict[int, dt.datetime | None] = {}
    for line, values in table.rows:
        text = values.get(field_name, "")
        try:
            times[line] = parse_timestamp(text, tz, column) if text else None
        except ValueError as error:
            problems.append(Problem(table.path, table.where(line), f"{header}: {error}"))
    return times, column


def import_registrations(
    store: Store,
    meeting_id: str,
    path: Path,
    *,
    dry_run: bool = False,
    late: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
    mapping: list[str] | None = None,
    order: Order | None = None,
    members: bool = True,
) -> RegistrationImport:
    """Plan the whole import, then (unless ``dry_run``) write it in one locked block: all of it,
    or (a bad row, a crash, a full disk) none of it.

    Answers are applied in the order they arrived. A row already applied (its person registered
    at or after its time) is skipped, so a cumulative export can be imported again and again; a
    later answer from someone registered adds its question and updates the diet and note; a
    cancellation is never undone by an import. Organizations the file names and the network
    does not know are created as members (``members=False``: as non-members), and the rules
    treat them by that record from the first row on."""
    table = read_table(
        path,
        FORM_COLUMNS,
        encoding=encoding,
        delimiter=delimiter,
        mapping=parse_mapping(mapping, set(FORM_COLUMNS)),
        metadata=FORM_METADATA,
    )
    if "email" not in table.columns:
        raise InvalidInput(
            f"{path}: no email column (found: {', '.join(table.ignored) or 'nothing'})",
            'the form must ask for the email address; name its column with --map "Column=email"',
        )
    with store.lock(), store.lock(meeting_id):
        state = MeetingState.load(store, meeting_id)
        ensure_open(state.meeting, meeting_id)  # a closed meeting's registrations are history
        result = RegistrationImport(meeting_id, table, members)
        problems: list[Problem] = []
        times, column = _arrival(table, order, state.network.tz, problems)
        result.month_first = column == "month"
        parsed = _people(store, state, table, times, result, members, problems)
        snapshot = dict(state.registrations)
        asked = _questions_asked(store, meeting_id)
        for _, row, session, values in sorted(parsed, key=lambda r: (r[0], r[1].line)):
            _apply(state, row, session, values, asked, late=late)
            result.rows.append(row)
        result.new_people = {r.participant: r.new_person for r in result.rows if r.new_person and r.outcome}
        used = {person.organization for person in result.new_people.values()}
        result.new_organizations = {oid: o for oid, o in result.new_organizations.items() if oid in used}
        # Each outcome as the import leaves it (a place on the waitlist is the one after the last row)
        positions = state.positions()
        for row in result.rows:
            if row.outcome is not None:
                row.outcome.status = state.registrations[row.participant].status
                row.outcome.position = positions.get(row.participant)
        if not dry_run:
            _write(store, state, result, snapshot)
        return result


def _people(
    store: Store,
    state: MeetingState,
    table: Table,
    times: dict[int, dt.datetime | None],
    result: RegistrationImport,
    members: bool,
    problems: list[Problem],
) -> list[tuple[dt.datetime, Row, str | None, dict[str, str]]]:
    """Every row's person (known by email, or new) and session; every bad row at once."""
    everyone = store.participants.load_all()
    by_email = {p.email.casefold(): pid for pid, p in everyone.items()}
    taken = set(everyone)
    orgs = OrganizationIndex(store, member=members)
    parsed = []
    for line, values in table.rows:
        where = table.where(line)
        at = times.get(line) or state.now
        try:
            session = match_session(state, values.get("session", ""))
        except InvalidInput as error:
            problems.append(Problem(table.path, where, error.message))
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
                for p in problems_from(error, Participant, table.path):
                    problems.append(Problem(table.path, where, f"{p.key}: {p.explanation}"))
                continue
            except InvalidInput as error:
                problems.append(Problem(table.path, where, error.message))
                continue
            pid = ids.unique(ids.from_name(new_person.name), taken)
            taken.add(pid)
            by_email[email] = pid
            state.people[pid] = new_person
        elif pid not in state.people:
            state.people[pid] = everyone[pid]
        parsed.append((at, Row(line, at, pid, state.people[pid].name, new_person), session, values))
    if problems:
        problems.sort(key=lambda p: int(p.key.split()[-1]) if p.key and p.key.split()[-1].isdigit() else 0)
        raise InvalidRecord(problems, "nothing was imported; correct these rows and import again")
    # New organizations count by what their record will say, from the first row on.
    result.new_organizations = dict(orgs.new)
    state.organizations.update(orgs.new)
    return parsed


def _questions_asked(store: Store, meeting_id: str) -> set[tuple[str | None, str]]:
    return {
        (q.by, " ".join((q.text or "").split()).casefold())
        for q in store.questions(meeting_id).load_all().values()
        if q.text
    }


def _apply(
    state: MeetingState,
    row: Row,
    session: str | None,
    values: dict[str, str],
    asked: set[tuple[str | None, str]],
    *,
    late: bool,
) -> None:
    """One row, applied to the meeting's state in memory (see ``import_registrations``)."""
    pid = row.participant
    question = " ".join(values.get("question", "").split())
    new_question = bool(question) and (pid, question.casefold()) not in asked
    diet, note = values.get("diet") or None, values.get("note") or None
    existing = state.registrations.get(pid)
    if existing is not None and not existing.active:
        when = existing.cancelled_at.date().isoformat() if existing.cancelled_at else "before"
        row.skipped = f"unregistered ({when}); an import does not undo a cancellation"
        if row.at > (existing.cancelled_at or existing.registered_at):
            row.notice = f"answered again after unregistering: register them with `samling register {pid}`"
        return
    if existing is not None:
        applied = max(existing.registered_at, existing.answered_at or existing.registered_at)
        if row.at <= applied and (row.at == existing.registered_at or existing.answered_at is not None):
            row.skipped = "imported before"  # this answer, or a later one, was applied
            return
        if row.at > applied:
            # a later answer: its diet and note replace the registration's
            changes: dict[str, object] = {
                k: v for k, v in (("diet", diet), ("note", note)) if v is not None and getattr(existing, k) != v
            }
            row.updated = sorted(changes)
            if new_question or changes:
                changes["answered_at"] = row.at
                state.registrations[pid] = existing.model_copy(update=changes)
            wanted = session or existing.session
            online = bool(values.get("online")) and is_online(values["online"])
            if wanted != existing.session or (values.get("online") and online != existing.online):
                row.notice = (
                    f"answered for session {wanted}{' online' if online else ''}; "
                    f"move them with `samling register {pid} --update --session {wanted}`"
                    + (" --online" if online else "")
                )
        # (an answer sent before a registration made by hand gives its question only)
        if new_question:
            row.question = question
            asked.add((pid, question.casefold()))
        if not row.updated and not row.question:
            row.skipped = (
                "nothing new"
                if row.at > applied
                else f"registered by hand on {existing.registered_at.date().isoformat()}, after this answer"
            )
        return
    try:
        row.outcome = register_in(
            state,
            pid,
            session=session,
            online=is_online(values.get("online", "")),
            diet=diet,
            note=note,
            late=late,
            registered_at=row.at,
        )
    except SamlingError as error:
        row.refused = error.message
        return
    if new_question:
        row.question = question
        asked.add((pid, question.casefold()))


def _write(store: Store, state: MeetingState, result: RegistrationImport, snapshot: dict[str, Registration]) -> None:
    """What an import decided, written inside the caller's locks (one atomic change): new
    organizations and people, the registrations that changed, and the questions sent with them."""
    from samling.domain.questions import add_question

    for oid, org in result.new_organizations.items():
        store.organizations.create(oid, org)
    for pid, person in result.new_people.items():
        store.participants.create(pid, person)
    state.save_changes(snapshot)
    for row in result.rows:
        if row.question:
            add_question(store, state.meeting_id, row.question, by=row.participant, asked_at=row.at)
