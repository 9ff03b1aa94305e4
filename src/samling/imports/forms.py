"""``samling registrations import``: registrations as web forms export them (Microsoft Forms,
Google Forms, Nettskjema), applied in the order of the form's timestamps."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from samling import ids
from samling.domain.registrations import Outcome
from samling.domain.state import MeetingState, ensure_open
from samling.errors import InvalidInput, InvalidRecord, Problem, SamlingError
from samling.imports.members import (
    PARTICIPANT_COLUMNS,
    OrganizationIndex,
    found_columns,
    language_code,
    row_name,
)
from samling.imports.seating import Seating
from samling.imports.tables import Table, overlong, parse_mapping, read_table
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
        "hvor deltar du",
        "hvor deltager du",
        "hvordan vil du delta",
        "hvordan vil du deltage",
        "hur vill du delta",
        "waar neem je deel",
        "hoe wil je deelnemen",
        "how will you participate",
        "attendance",
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
        "remarks",
        "bemærkning",
        "bemærkninger",
        "anmerkning",
        "anmerkninger",
        "merknad",
        "merknader",
        "anmärkning",
        "anmärkningar",
        "øvrigt",
        "annet",
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
    notices: list[str] = field(default_factory=list)  # what the organizer may want to do by hand
    # the known person's empty fields the answer filled in (organization, phone, language)
    filled: list[str] = field(default_factory=list)

    @property
    def notice(self) -> str | None:
        return "; ".join(self.notices) or None

    @property
    def action(self) -> str:
        """registered | waitlisted | updated | skipped | refused"""
        if self.refused:
            return "refused"
        if self.outcome is not None:
            return self.outcome.status
        if self.updated or self.question or self.filled:
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
    # known people whose empty fields the answers filled in (organization, phone, language)
    updated_people: dict[str, Participant] = field(default_factory=dict)
    month_first: bool = False
    future: int = 0  # answers dated after now (a clock or a date order gone wrong?)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def refused_all(self) -> bool:
        """Every row was refused (a cancelled meeting, an export after the deadline): the import
        failed, though no row was wrong (an answer imported before is no failure)."""
        return bool(self.rows) and all(row.action == "refused" for row in self.rows)


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
    without_organization: bool = False,
) -> RegistrationImport:
    """Plan the whole import, then (unless ``dry_run``) write it in one locked block: all of it,
    or (a bad row, a crash, a full disk) none of it.

    Answers are applied in the order they arrived. A row already applied (its person registered
    at or after its time) is skipped, so a cumulative export can be imported again and again; a
    later answer from someone registered adds its question and updates the diet and note; a
    cancellation is never undone by an import. Organizations the file names and the network
    does not know are created as members (``members=False``: as non-members), and the rules
    treat them by that record from the first row on. A form without an organization column
    is refused when it would add people to a network with member organizations (they would all
    wait as non-members), unless ``without_organization`` says the form did not ask."""
    table = read_table(
        path,
        FORM_COLUMNS,
        encoding=encoding,
        delimiter=delimiter,
        mapping=parse_mapping(mapping, set(FORM_COLUMNS)),
        metadata=FORM_METADATA,
    )
    if "timestamp" in table.columns and "started" in table.columns:
        # Microsoft Forms' start time, beside its completion time: known, and not needed
        unused = {*table.unused, table.columns.pop("started")}
        table.unused = [h for h in table.headers if h in unused]
    if "email" not in table.columns:
        raise InvalidInput(
            f"{path}: no email column (found: {found_columns(table)})",
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
        if "organization" not in table.columns and not without_organization:
            _refuse_without_organization(state, table, sum(1 for p in parsed if p[1].new_person))
        snapshot = dict(state.registrations)
        asked = _questions_asked(store, meeting_id)
        seating = Seating(state)
        for _, row, session, values in sorted(parsed, key=lambda r: (r[0], r[1].line)):
            _apply(state, seating, row, session, values, asked, late=late)
            result.rows.append(row)
        # a new person is created when one of their answers registered them (not always the first)
        registered = {r.participant for r in result.rows if r.outcome}
        result.new_people = {
            r.participant: r.new_person for r in result.rows if r.new_person and r.participant in registered
        }
        used = {person.organization for person in [*result.new_people.values(), *result.updated_people.values()]}
        result.new_organizations = {oid: o for oid, o in result.new_organizations.items() if oid in used}
        # Each outcome as the import leaves it (a place on the waitlist is the one after the last row)
        positions, fees = state.positions(), state.fees()
        for row in result.rows:
            if row.outcome is not None:
                row.outcome.status = state.registrations[row.participant].status
                row.outcome.position = positions.get(row.participant)
                row.outcome.fee = fees.get(row.participant)
        if not dry_run:
            _write(store, state, result, snapshot)
        return result


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


class _People:
    """Who each row is: a known person (by email address), the person of an answer imported
    before (by its time and name: the organizer corrected the address since), or someone new."""

    def __init__(self, store: Store, state: MeetingState, result: RegistrationImport, members: bool) -> None:
        self.state, self.result = state, result
        self.everyone = store.participants.load_all()
        self.by_email = {p.email.casefold(): pid for pid, p in self.everyone.items()}
        self.taken = set(self.everyone)
        self.orgs = OrganizationIndex(store, member=members)
        self.answered: dict[tuple[dt.datetime, str], str] = {}
        self.created: dict[str, Row] = {}  # the row of each person new with this import
        self.registered_names: dict[str, str] = {}
        for pid, registration in state.registrations.items():
            person = state.people.get(pid)
            if person is None or registration.anonymous:
                continue
            self.registered_names.setdefault(_folded(person.name), pid)
            for moment in (registration.registered_at, registration.answered_at):
                if moment is not None:
                    self.answered[(moment, _folded(person.name))] = pid

    def row(self, line: int, at: dt.datetime, timed: bool, values: dict[str, str]) -> Row:
        """The row's person (raises ValidationError or InvalidInput for a bad row)."""
        email = values.get("email", "")
        if not email:
            raise InvalidInput(NO_ADDRESS)
        notices: list[str] = []
        name = row_name(values)
        pid = self.by_email.get(email.casefold())
        if pid is None and timed:
            pid = self.answered.get((at, _folded(name)))
            if pid is not None:
                notices.append(
                    f"{email} is not the address on record ({self.everyone[pid].email}); "
                    "the same answer as the one imported before"
                )
        if pid is None:
            return self._new(line, at, name, email, values, notices)
        if pid not in self.everyone:  # new with this import, and answering again
            first = self.created[pid]
            more: dict[str, str | None] = {
                "organization": self.orgs.resolve(values.get("organization", "")),
                "phone": values.get("phone") or None,
                "language": language_code(values.get("language", "")),
            }
            more = {k: v for k, v in more.items() if v and not getattr(first.new_person, k)}
            if more and first.new_person is not None:  # what the first answer left empty
                first.new_person = Participant.model_validate({**first.new_person.model_dump(), **more})
                self.state.people[pid] = first.new_person
            return Row(line, at, pid, self.state.people[pid].name, None, notices=notices, filled=sorted(more))
        filled, differ = _fill_in(self.everyone, pid, values, self.orgs, self.result)
        notices += differ
        if pid not in self.state.people or filled:
            person = self.everyone[pid]
            registration = self.state.registrations.get(pid)
            if registration is not None and registration.has_origin:
                # the meeting knows them by the organization they registered from
                person = person.model_copy(update={"organization": registration.organization})
            self.state.people[pid] = person
        return Row(line, at, pid, self.state.people[pid].name, None, notices=notices, filled=filled)

    def _new(
        self, line: int, at: dt.datetime, name: str, email: str, values: dict[str, str], notices: list[str]
    ) -> Row:
        person = Participant.model_validate(
            {
                "name": name,
                "email": email,
                "organization": self.orgs.resolve(values.get("organization", "")),
                "language": language_code(values.get("language", "")),
                "diet": values.get("diet") or None,
                "phone": values.get("phone") or None,
            }
        )
        pid = ids.unique(ids.from_name(person.name), self.taken)
        self.taken.add(pid)
        self.by_email[email.casefold()] = pid
        self.state.people[pid] = person
        twin = self.registered_names.get(_folded(person.name))
        if twin is not None:
            notices.append(
                f"{twin} ({self.everyone[twin].email}) of the same name is registered too; if they are one "
                f"person: `samling participant merge {twin} {pid}`"
            )
        self.created[pid] = Row(line, at, pid, person.name, person, notices=notices)
        return self.created[pid]


def _people(
    store: Store,
    state: MeetingState,
    table: Table,
    times: dict[int, dt.datetime | None],
    result: RegistrationImport,
    members: bool,
    problems: list[Problem],
) -> list[tuple[dt.datetime, Row, str | None, dict[str, str]]]:
    """Every row's person (known by email, or new) and session; every bad row at once.

    A row whose address is unknown but whose time and name are those of an answer imported
    before is that answer. A known person's empty organization, phone and language are filled
    in from the answer; where the answer differs from the record, the record is kept and the
    report says so."""
    people = _People(store, state, result, members)
    limit = state.now + dt.timedelta(hours=1)
    parsed = []
    for line, values in table.rows:
        where = table.where(line)
        too_long = overlong(values)
        if too_long:
            problems += [Problem(table.path, where, text) for text in too_long]
            continue
        at = times.get(line) or state.now
        try:
            session = match_session(state, values.get("session", ""))
            row = people.row(line, at, times.get(line) is not None, values)
        except ValidationError as error:
            for p in problems_from(error, Participant, table.path):
                problems.append(Problem(table.path, where, f"{p.key}: {p.explanation}"))
            continue
        except InvalidInput as error:
            problems.append(Problem(table.path, where, error.message))
            continue
        if at > limit:
            result.future += 1
            row.notices.append(f"sent {at:%Y-%m-%d %H:%M}, which is after now: is the date right?")
        parsed.append((at, row, session, values))
    if problems:
        problems.sort(key=lambda p: int(p.key.split()[-1]) if p.key and p.key.split()[-1].isdigit() else 0)
        raise InvalidRecord(problems, "nothing was imported; correct these rows and import again")
    # New organizations count by what their record will say, from the first row on.
    result.new_organizations = dict(people.orgs.new)
    state.organizations.update(people.orgs.new)
    return parsed


NO_ADDRESS = (
    'email: empty: the form collected no email address (Microsoft Forms writes "anonymous" when '
    "anyone may answer); the form must ask for it, as a required question"
)


def _fill_in(
    everyone: dict[str, Participant],
    pid: str,
    values: dict[str, str],
    orgs: OrganizationIndex,
    result: RegistrationImport,
) -> tuple[list[str], list[str]]:
    """A known person's empty fields, filled in from their answer (``everyone`` and
    ``result.updated_people`` are updated); and where the answer differs from the record."""
    person = everyone[pid]
    given: dict[str, str | None] = {
        "organization": orgs.resolve(values.get("organization", "")),
        "phone": values.get("phone") or None,
        "language": language_code(values.get("language", "")),
    }
    updates = {k: v for k, v in given.items() if v and not getattr(person, k)}
    differ = [
        f"the form says {k} {values.get(k) or v!r}, the record {_recorded(k, getattr(person, k), orgs)!r} (kept)"
        for k, v in given.items()
        if v and getattr(person, k) and _differs(k, v, getattr(person, k))
    ]
    if updates:
        changed = Participant.model_validate({**person.model_dump(), **updates})
        everyone[pid] = result.updated_people[pid] = changed
    return sorted(updates), differ


def _recorded(field_name: str, value: str, orgs: OrganizationIndex) -> str:
    """A record's value as the organizer knows it: an organization by its name."""
    org = orgs.existing.get(value) if field_name == "organization" else None
    return org.name if org else value


def _differs(field_name: str, given: str, recorded: str) -> bool:
    if field_name == "phone":
        return re.sub(r"[\s()-]", "", given) != re.sub(r"[\s()-]", "", recorded)
    return given != recorded


def _refuse_without_organization(state: MeetingState, table: Table, new_people: int) -> None:
    """A form without an organization column makes every new person a non-member, who waits:
    with 3,000 answers that is 3,000 people on the waitlist. Say so before, not after (where
    the network has no member organizations, or nobody is new, nothing changes)."""
    if not new_people or not any(org.member for org in state.organizations.values()):
        return
    raise InvalidInput(
        f"{table.path}: no organization column (found: {found_columns(table)}); "
        + (
            "1 new person would have no organization and wait as a non-member"
            if new_people == 1
            else f"{new_people} new people would have no organization and wait as non-members"
        ),
        'name the column with --map "Column=organization", or import them without one with --without-organization',
    )


def _questions_asked(store: Store, meeting_id: str) -> set[tuple[str | None, str]]:
    return {
        (q.by, " ".join((q.text or "").split()).casefold())
        for q in store.questions(meeting_id).load_all().values()
        if q.text
    }


def _apply(
    state: MeetingState,
    seating: Seating,
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
    if existing is not None:
        applied = max(existing.registered_at, existing.answered_at or existing.registered_at)
        if row.at <= applied and (row.at == existing.registered_at or existing.answered_at is not None):
            row.skipped = "imported before"  # this answer, or a later one, was applied
            if not existing.active and existing.cancelled_at:
                row.skipped += f"; unregistered since, on {existing.cancelled_at.date().isoformat()}"
            return
    if existing is not None and not existing.active:
        when = existing.cancelled_at.date().isoformat() if existing.cancelled_at else "before"
        row.skipped = f"unregistered ({when}); an import does not undo a cancellation"
        if row.at > (existing.cancelled_at or existing.registered_at):
            row.notices.append(f"answered again after unregistering: register them with `samling register {pid}`")
        return
    if existing is not None:
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
                row.notices.append(
                    f"answered for session {wanted}{' online' if online else ''}; "
                    f"move them with `samling register {pid} --update --session {wanted}"
                    + (" --online`" if online else "`")
                )
        # (an answer sent before a registration made by hand gives its question only)
        if new_question:
            row.question = question
            asked.add((pid, question.casefold()))
        if not row.updated and not row.question and not row.filled:
            row.skipped = (
                "nothing new"
                if row.at > applied
                else f"registered by hand on {existing.registered_at.date().isoformat()}, after this answer"
            )
        return
    try:
        row.outcome = seating.register(
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
    for pid, person in result.updated_people.items():
        store.participants.save(pid, person)
    state.save_changes(snapshot)
    for row in result.rows:
        if row.question:
            add_question(store, state.meeting_id, row.question, by=row.participant, asked_at=row.at)
