"""``samling registrations import``: registrations as web forms export them (Microsoft Forms,
Google Forms, Nettskjema), applied in the order of the form's timestamps."""

from __future__ import annotations

import datetime as dt
import functools
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
    Diets,
    OrganizationIndex,
    found_columns,
    language_code,
    row_name,
)
from samling.imports.seating import Seating
from samling.imports.tables import Table, asks_yes_online, overlong, parse_mapping, read_table
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
    # when the answer was last edited (Microsoft Forms): an edit is applied as a later answer
    "modified": {
        "last modified time",
        "senast ändrad",
        "tid för senaste ändring",
        "sist endret",
        "tidspunkt for siste endring",
        "sidst ændret",
        "tidspunkt for seneste ændring",
        "laatst gewijzigd",
        "tijd van laatste wijziging",
        "laatst gewijzigde tijd",
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
        "by",
        "stad",
        "city",
        "träff",
        "treff",
        "træf",
        "which session",
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
        "$submission id",  # headers as normalize_header has them: _ as a space
        "$answer time ms",
        "$respondent id",
    }
)

# Words (or the start of words) in an answer to "how will you take part?"
ONLINE_WORDS = (
    "online",
    "digit",
    "distans",
    "remote",
    "teams",
    "zoom",
    "nett",
    "video",
    "web",
    "virtu",
    "hjemme",
    "fjern",
    "afstand",
    "avstånd",
    "avstand",
    "thuis",
)
ON_SITE_WORDS = (
    "plats",
    "sted",
    "site",
    "onsite",
    "fysisk",
    "fysiek",
    "physical",
    "locatie",
    "person",
    "lokal",
    "oppmøte",
    "fremmød",
    "opmød",
    "tilstede",
    "aanwezig",
)
NO_WORDS = frozenset({"nej", "nei", "no", "nee", "false", "0", "not", "inte", "ikke", "ikkje", "niet"})
YES_WORDS = frozenset({"yes", "ja", "true", "1", "x"})


def attendance(text: str, yes_means_online: bool = True) -> bool | None:
    """An answer to "how will you take part?": True online ("Online via Teams", "Fjern",
    "Digitalt", "Zoom, annonsert senere"), False on site ("På plats", "Fysisk oppmøte", "Inte
    digitalt"; nothing answered), None for an answer that says neither ("Hybrid", or "Ja" to
    "fysisk eller online?"). "Ja"/"Nej" are read only where the question is "online?"
    (``yes_means_online``). Whole words are compared, so that "no" is not found inside "annonsert"."""
    words = re.findall(r"\w+", text.casefold())
    if not words:
        return False
    joined = " ".join(words)
    if joined in YES_WORDS:
        return True if yes_means_online else None
    if joined in NO_WORDS:
        return False if yes_means_online else None
    online = any(word.startswith(ONLINE_WORDS) for word in words)
    on_site = any(word.startswith(ON_SITE_WORDS) for word in words)
    negated = any(word in NO_WORDS for word in words)
    if online and not on_site:
        return not negated  # "Inte digitalt": on site
    if on_site and not online and not negated:
        return False
    return None


def is_online(text: str) -> bool:
    """Whether an answer means taking part online (an answer saying neither: not online)."""
    return attendance(text) is True


def _session_words(state: MeetingState, session_id: str) -> set[str]:
    """What a form's answer may name a session by: its id, its venue's name (and the words of
    it), its city (as the five languages and English spell it), its date in many ways."""
    session = next(s for s in state.meeting.sessions if s.id == session_id)
    venue = state.venues.get(session.venue or "")
    words = {session.id, *_date_words(session.date)}
    if venue:
        name = " ".join(venue.name.casefold().split())
        bare = re.sub(r"^(?:det|den|de|the|het)\s+", "", name)  # "Det Kgl. Bibliotek": "Kgl. Bibliotek"
        words |= {name, bare, re.sub(r"\bkgl\.?(?=\s)", "kongelige", bare)}
        words |= {w for w in re.findall(r"\w+", venue.name.casefold()) if len(w) > 3 and not w.isdigit()}
        words -= _COMMON_VENUE_WORDS
        if venue.city:
            city = venue.city.casefold()
            words.add(city)
            for names in _CITY_NAMES:
                if city in names:
                    words |= names
    return {w for w in words if w}


_COMMON_VENUE_WORDS = frozenset(
    {
        "bibliotek",
        "biblioteket",
        "biblioteca",
        "bibliotheek",
        "library",
        "hovedbibliotek",
        "hovedbiblioteket",
        "huvudbibliotek",
        "stadsbibliotek",
        "stadsbiblioteket",
        "stadsbibliotheek",
        "centrale",
        "kommune",
        "kommun",
        "gemeente",
        "universitet",
        "universitets",
        "universiteit",
        "university",
        "kongelige",
        "kungliga",
        "koninklijke",
        "royal",
        "hotel",
        "hotell",
        "konferencecenter",
        "konferenscenter",
        "center",
        "centre",
        "centrum",
        "senter",
        "salen",
        "huset",
    }
)
# A city as the five languages and English write it
_CITY_NAMES = (
    frozenset({"københavn", "kobenhavn", "copenhagen", "köpenhamn", "kopenhamn", "kaupmannahöfn", "kopenhagen"}),
    frozenset({"aarhus", "århus", "arhus"}),
    frozenset({"göteborg", "goteborg", "gothenburg", "gøteborg", "gotenburg"}),
    frozenset({"stockholm"}),
    frozenset({"oslo"}),
    frozenset({"helsinki", "helsingfors"}),
    frozenset({"den haag", "'s-gravenhage", "the hague", "haag"}),
    frozenset({"malmö", "malmo", "malmø"}),
    frozenset({"trondheim", "trondhjem"}),
    frozenset({"reykjavík", "reykjavik"}),
)


def _date_words(date: dt.date) -> set[str]:
    """A session's date as people write it: 2027-04-15, 15.4, 15/04/2027, 15. april (2027),
    torsdag den 15. april 2027, 15 april, April 15, in the five languages and English."""
    d, m, y = date.day, date.month, date.year
    words = {
        date.isoformat(),
        f"{d}.{m}.",
        f"{d}.{m}.{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}/{m}",
        f"{d}/{m}/{y}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d:02d}/{m:02d}",
        f"{d}-{m}-{y}",
        f"{d:02d}-{m:02d}-{y}",
    }
    for month in _month_names(m):
        words |= {f"{d}. {month}", f"{d} {month}", f"{month} {d}", f"{d}e {month}", f"{d}:e {month}"}
    return words


@functools.cache
def _month_names(month: int) -> frozenset[str]:
    names = {dt.date(2000, month, 1).strftime("%B").casefold()}
    try:
        from babel.dates import get_month_names
    except ImportError:  # pragma: no cover - Babel is a dependency
        return frozenset(names)
    for locale in ("da", "sv", "nb", "nn", "nl", "en"):
        for width in ("wide", "abbreviated"):
            names.add(str(get_month_names(width, locale=locale)[month]).casefold().rstrip("."))
    return frozenset(names)


def _in_text(word: str, value: str) -> bool:
    """Whether ``word`` stands in ``value`` as whole words (15/4 not inside 15/04, 4 not in 14)."""
    return re.search(rf"(?<![\w/.-]){re.escape(word)}(?![\w/-]|\.\d)", value) is not None


def match_session(state: MeetingState, text: str) -> tuple[str | None, bool | None]:
    """A form's answer ("Øst – 12. marts, Roskilde", "Aarhus (online via Teams)", "Online") to a
    session id (by id, venue, city or date) and whether it says online (None: it does not say).
    An answer that is only "online" means the meeting's one session; with several it is refused."""
    value = " ".join(text.split()).casefold()
    if not value:
        return None, None
    online = attendance(text, yes_means_online=False)
    slugged = ids.slug(text)
    sessions = state.meeting.sessions
    found: dict[str, int] = {}  # session -> how much of the answer names it (its words' lengths)
    for session in sessions:
        words = _session_words(state, session.id)
        named = [len(w) for w in words if w == value or (len(w) > 3 and _in_text(w, value))]
        if named or slugged == session.id:
            found[session.id] = 1000 if slugged == session.id else sum(named)
    # the one the answer names most of: "København, 15. april" before the other session in København
    ranked = sorted(found, key=lambda sid: -found[sid])
    if len(ranked) > 1 and found[ranked[0]] == found[ranked[1]]:
        raise InvalidInput(
            f"session: {text!r} names {' and '.join(ranked)} alike: which one? "
            "correct the answer (e.g. with the date) or register them by hand"
        )
    if ranked:
        return ranked[0], online
    choices = ", ".join(s.id for s in sessions)
    if online is True:
        if len(sessions) == 1:
            return sessions[0].id, True
        raise InvalidInput(
            f"session: {text!r} says online but not which session ({choices}); "
            'correct the answer (e.g. "Aarhus, online") or register them by hand'
        )
    raise InvalidInput(f"session: {text!r} matches none of {choices}")


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
    modified: dt.datetime | None = None  # when the answer was last edited (Microsoft Forms)
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
    # new organizations like known ones: what to say of each (by id)
    resembling: dict[str, str] = field(default_factory=dict)
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


def _edits(table: Table, order: Order, tz: dt.tzinfo, problems: list[Problem]) -> dict[int, dt.datetime]:
    """Each edited row's last-modified time (Microsoft Forms), read as the arrival times are."""
    if "modified" not in table.columns:
        return {}
    header = table.columns["modified"]
    edits: dict[int, dt.datetime] = {}
    for line, values in table.rows:
        text = values.get("modified", "")
        try:
            if text:
                edits[line] = parse_timestamp(text, tz, order)
        except ValueError as error:
            problems.append(Problem(table.path, table.where(line), f"{header}: {error}"))
    return edits


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
        _session_column(state, table)
        result = RegistrationImport(meeting_id, table, members)
        problems: list[Problem] = []
        times, column = _arrival(table, order, state.network.tz, problems)
        result.month_first = column == "month"
        edits = _edits(table, column, state.network.tz, problems)
        parsed = _people(store, state, table, times, result, members, problems)
        for _, row, _, _ in parsed:
            row.modified = edits.get(row.line)
        if "organization" not in table.columns and not without_organization:
            _refuse_without_organization(state, table, sum(1 for p in parsed if p[1].new_person))
        snapshot = dict(state.registrations)
        asked = _questions_asked(store, meeting_id)
        seating = Seating(state)
        yes_online = "online" in table.columns and asks_yes_online(table.columns["online"])
        for _, row, session, values in sorted(parsed, key=lambda r: (r[0], r[1].line)):
            _apply(state, seating, row, session, values, asked, late=late, yes_online=yes_online)
            result.rows.append(row)
        # a new person is created when one of their answers registered them (not always the first)
        registered = {r.participant for r in result.rows if r.outcome}
        result.new_people = {
            r.participant: r.new_person for r in result.rows if r.new_person and r.participant in registered
        }
        used = {person.organization for person in [*result.new_people.values(), *result.updated_people.values()]}
        result.new_organizations = {oid: o for oid, o in result.new_organizations.items() if oid in used}
        table.notes += [w for oid, w in result.resembling.items() if oid in result.new_organizations]
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


def _names_a_session(state: MeetingState, answer: str) -> bool:
    try:
        return match_session(state, answer)[0] is not None
    except InvalidInput:
        return False


def _session_column(state: MeetingState, table: Table) -> None:
    """The column that says which session, where no header named it: the "where?" column
    ("Hvor deltager du?") whose answers are places, not "on site"/"online"; else a column whose
    every answer names a session ("Øst eller vest?", "Vælg by"). A meeting of several sessions
    without one is refused where someone would register (they would all be), saying how to name it."""
    sessions = state.meeting.sessions
    if "session" in table.columns or len(sessions) < 2:
        return
    if "online" in table.columns:
        answers = [v.get("online", "") for _, v in table.rows]
        if any(attendance(a, False) is None and _names_a_session(state, a) for a in answers if a):
            table.columns["session"] = table.columns.pop("online")
            for _, values in table.rows:
                values["session"] = values.pop("online", "")
            return
    for header, answers in table.unread.items():
        given = [a for a in answers if a]
        if given and all(_names_a_session(state, a) for a in given):
            table.columns["session"] = header
            table.ignored.remove(header)
            for (_, values), answer in zip(table.rows, answers, strict=True):
                values["session"] = answer
            return
    registered = {state.people[pid].email.casefold() for pid in state.registrations if pid in state.people}
    if all(values.get("email", "").casefold() in registered for _, values in table.rows):
        return  # nobody would register: a later answer adds its question, diet and note
    example = table.ignored[0] if table.ignored else "Column"
    raise InvalidInput(
        f"{table.path}: meeting {state.meeting_id} has {len(sessions)} sessions "
        f"({', '.join(s.id for s in sessions)}) and no column of the file says which (found: {found_columns(table)})",
        f'name the column with --map "{example}=session" (its answers: a session id, venue, city or date)',
    )


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
        """The row's person (raises ValidationError or InvalidInput for a bad row); a new
        organization that resembles a known one is pointed out on the row."""
        row = self._row(line, at, timed, values)
        named = values.get("organization", "").strip()
        warning = self.orgs.warning(self.orgs.by_name.get(named.casefold())) if named else None
        if warning and warning not in row.notices:
            row.notices.append(warning)
        return row

    def _row(self, line: int, at: dt.datetime, timed: bool, values: dict[str, str]) -> Row:
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
    diets = Diets([*(r.diet for r in state.registrations.values()), *(p.diet for p in people.everyone.values())])
    for line, values in table.rows:
        where = table.where(line)
        too_long = overlong(values)
        if too_long:
            problems += [Problem(table.path, where, text) for text in too_long]
            continue
        if "diet" in values:
            values["diet"] = diets.clean(values["diet"]) or ""
        at = times.get(line) or state.now
        try:
            session, said_online = match_session(state, values.get("session", ""))
            if said_online is not None and not values.get("online"):
                # "Aarhus (online via Teams)": the session answer says how, where no column does
                values["online"] = "online" if said_online else "on site"
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
    result.resembling = {oid: w for oid in people.orgs.new if (w := people.orgs.warning(oid))}
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
    yes_online: bool = True,
) -> None:
    """One row, applied to the meeting's state in memory (see ``import_registrations``)."""
    pid = row.participant
    question = " ".join(values.get("question", "").split())
    new_question = bool(question) and (pid, question.casefold()) not in asked
    diet, note = values.get("diet") or None, values.get("note") or None
    existing = state.registrations.get(pid)
    # an answer edited since it was sent (Microsoft Forms' last-modified time) counts from the edit
    moment = row.modified if row.modified is not None and row.modified > row.at else row.at
    if existing is not None:
        applied = max(existing.registered_at, existing.answered_at or existing.registered_at)
        if moment <= applied and (row.at == existing.registered_at or existing.answered_at is not None):
            row.skipped = "imported before"  # this answer, or a later one, was applied
            if not existing.active and existing.cancelled_at:
                row.skipped += f"; unregistered since, on {existing.cancelled_at.date().isoformat()}"
            return
    if existing is not None and not existing.active:
        when = existing.cancelled_at.date().isoformat() if existing.cancelled_at else "before"
        row.skipped = f"unregistered ({when}); an import does not undo a cancellation"
        if row.at > (existing.cancelled_at or existing.registered_at):
            row.notices.append(
                "answered again after unregistering: register them with "
                f"`samling register {pid} --meeting {state.meeting_id}`"
            )
        return
    if existing is not None:
        if moment > applied:
            # a later answer (or an edit): its diet and note replace the registration's
            changes: dict[str, object] = {
                k: v for k, v in (("diet", diet), ("note", note)) if v is not None and getattr(existing, k) != v
            }
            row.updated = sorted(changes)
            if moment != row.at and (new_question or changes):
                row.notices.append(f"an answer edited on {moment:%Y-%m-%d %H:%M}, applied as a later one")
            if new_question or changes:
                changes["answered_at"] = moment
                state.registrations[pid] = existing.model_copy(update=changes)
            wanted = session or existing.session
            said = attendance(values.get("online", ""), yes_online) if values.get("online") else None
            online = existing.online if said is None else said
            if said is None and values.get("online"):
                row.notices.append(_unread_online(values["online"]))
            if wanted != existing.session or online != existing.online:
                row.notices.append(
                    f"answered for session {wanted}{' online' if online else ''}; move them with "
                    f"`samling register {pid} --meeting {state.meeting_id} --update --session {wanted}"
                    + (" --online`" if online else "`")
                )
        # (an answer sent before a registration made by hand gives its question only)
        if new_question:
            row.question = question
            asked.add((pid, question.casefold()))
        if not row.updated and not row.question and not row.filled:
            row.skipped = (
                "nothing new"
                if moment > applied
                else f"registered by hand on {existing.registered_at.date().isoformat()}, after this answer"
            )
        return
    online = _online(state, row, values.get("online", ""), yes_online)
    try:
        row.outcome = seating.register(
            pid,
            session=session,
            online=online,
            diet=diet,
            note=note,
            late=late,
            registered_at=row.at,
        )
    except SamlingError as error:
        row.refused = error.message
        return
    if moment != row.at and pid in state.registrations:
        # imported after its edit: the edit was applied with it
        state.registrations[pid] = state.registrations[pid].model_copy(update={"answered_at": moment})
    if new_question:
        row.question = question
        asked.add((pid, question.casefold()))


def _online(state: MeetingState, row: Row, answer: str, yes_online: bool) -> bool:
    """A new registration's online answer; one that says neither is on site, and the row says so."""
    online = attendance(answer, yes_online)
    if online is None:
        row.notices.append(
            _unread_online(answer)
            + f"; registered on site (if online: `samling register {row.participant} --meeting {state.meeting_id}"
            " --update --online`)"
        )
    return bool(online)


def _unread_online(answer: str) -> str:
    return f"online: {answer!r} says neither on site nor online"


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
