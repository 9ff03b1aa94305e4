"""``samling participant import``: a member list from a spreadsheet, merged by email address."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from samling import ids
from samling.domain.status import folded_diet, means_no_diet
from samling.errors import InvalidInput, InvalidRecord, Problem
from samling.imports.tables import Table, overlong, parse_mapping, read_table
from samling.models import LANGUAGES, Organization, Participant, problems_from
from samling.store import Store

# Headers as they appear in member lists and form exports, in the five languages and English.
PARTICIPANT_COLUMNS: dict[str, set[str]] = {
    "name": {
        "name",
        "full name",
        "namn",
        "fullständigt namn",
        "navn",
        "fullt navn",
        "fulde navn",
        "naam",
        "volledige naam",
        "deltagare",
        "deltaker",
        "deltager",
        "deelnemer",
    },
    "first_name": {"first name", "given name", "förnamn", "fornavn", "voornaam", "roepnaam"},
    # Dutch names keep their particle apart: Jan | de | Vries
    "infix": {"tussenvoegsel", "tussenvoegsels", "voorvoegsel", "name prefix"},
    "last_name": {"last name", "surname", "family name", "efternamn", "etternavn", "efternavn", "achternaam"},
    "email": {
        "email",
        "e-mail",
        "e-mail address",
        "email address",
        "mail",
        "e-post",
        "epost",
        "e-postadress",
        "e-postadresse",
        "mejl",
        "mejladress",
        "e-mailadres",
        "emailadres",
        "mailadresse",
        "e-mailadresse",
        "emailadresse",
        "e-mail-adresse",
        "mailadress",
    },
    "organization": {
        "organization",
        "organisation",
        "organisasjon",
        "organisatie",
        "library",
        "bibliotek",
        "bibliotheek",
        "arbetsplats",
        "arbeidssted",
        "arbejdssted",
        "instelling",
        "employer",
        "kommune",
        "kommun",
        "institution",
        "company",
        "affiliation",
        "arbejdsplads",
        "arbeidsplass",
        "arbeidsgiver",
        "arbejdsgiver",
        "arbetsgivare",
        "virksomhed",
        "virksomhet",
        "myndighet",
        "myndighed",
        "werkgever",
        "werkplek",
        "organisatie / werkgever",
    },
    "language": {"language", "preferred language", "språk", "sprog", "taal", "voorkeurstaal"},
    "diet": {
        "diet",
        "dietary requirements",
        "dietary needs",
        "dietary restrictions",
        "allergies",
        "food",
        "kost",
        "specialkost",
        "kostönskemål",
        "kostbehov",
        "matallergi",
        "allergier",
        "allergi",
        "matpreferanser",
        "kosthold",
        "diett",
        "matbehov",
        "mad",
        "kosthensyn",
        "dieet",
        "dieetwensen",
        "allergieën",
        "eetwensen",
    },
    "phone": {
        "phone",
        "telephone",
        "phone number",
        "mobile",
        "mobile number",
        "telefon",
        "mobil",
        "telefoon",
        "telefoonnummer",
        "mobiel",
        "mobiel nummer",
        "telefonnummer",
        "mobilnummer",
        "mobilnr",
        "tlf",
        "tlf nr",
        "mobiltelefon",
    },
}

# The five languages as each of the five names them (and the country codes people write instead).
LANGUAGE_NAMES = {
    **dict.fromkeys(("svenska", "svensk", "swedish", "zweeds", "se"), "sv"),
    **dict.fromkeys(("norska", "norsk", "bokmål", "norsk bokmål", "nynorsk", "norwegian", "noors", "no", "nn"), "nb"),
    **dict.fromkeys(("danska", "dansk", "danish", "deens", "dk"), "da"),
    **dict.fromkeys(
        ("nederländska", "holländska", "nederlandsk", "hollandsk", "nederlands", "dutch", "vlaams", "flemish"), "nl"
    ),
    **dict.fromkeys(("engelska", "engelsk", "english", "engels", "gb", "uk"), "en"),
}


@dataclass
class Change:
    line: int
    action: str  # create | update | unchanged
    participant_id: str
    participant: Participant
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    table: Table
    changes: list[Change]
    new_organizations: dict[str, Organization]

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def found_columns(table: Table, shown: int = 12) -> str:
    """Every column of the file, for an error that says which one is missing: printable, each
    cut at 40 characters, the first ``shown`` of them."""
    headers = [h if len(h) <= 40 else h[:39] + "…" for h in table.headers if h and h.isprintable()]
    more = f", and {len(headers) - shown} more" if len(headers) > shown else ""
    return ", ".join(repr(h) for h in headers[:shown]) + more if headers else "no readable column"


def language_code(text: str) -> str | None:
    value = text.strip().casefold()
    if not value:
        return None
    return value if value in LANGUAGES else LANGUAGE_NAMES.get(value, value)


def row_name(values: dict[str, str]) -> str:
    """The person's name as it is written in a letter: "Öberg, Åsa" (a register's order) becomes
    "Åsa Öberg", and first name, Dutch tussenvoegsel and last name are joined ("Jan de Vries").
    Only a surname (one word, after particles: "van der Berg, Jan") before the comma and given
    names after it are turned round: "Eva Lind, KB" and "Anna Svensson, bibliotekarie" stay."""
    name = " ".join(values.get("name", "").split())
    if not name:
        parts = (values.get("first_name", ""), values.get("infix", ""), values.get("last_name", ""))
        return " ".join(" ".join(p.split()) for p in parts if p.strip())
    last, comma, first = (part.strip() for part in name.partition(","))
    if not comma or any(c.isdigit() for c in name):
        return name
    # ÖBERG, ÅSA: a register written in capitals is judged as if it were not
    surname, given = (last.title(), first.title()) if last.isupper() and first.isupper() else (last, first)
    if _surname(surname) and _given_names(given):
        return f"{first} {last}"
    return name


# Particles before a surname: "van der Berg, Jan", "de la Cruz, Ana", "af Klint, Hilma"
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ter", "ten", "te"}
    | {"af", "av", "zu"}
)


def _capitalized(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def _surname(text: str) -> bool:
    """One word, capitalized (a double name with a hyphen is one), after any particles: the
    part before the comma of "Öberg, Åsa". "Eva Lind" (two words) is a name already."""
    words = text.split()
    while len(words) > 1 and words[0].casefold() in _PARTICLES:
        words = words[1:]
    return len(words) == 1 and _capitalized(words[0]) and not (words[0].isupper() and len(words[0]) <= 4)


def _given_names(text: str) -> bool:
    """One to three capitalized words: "Åsa", "Anna Maria", "Jan-Erik"; not "bibliotekarie", "KB"."""
    words = text.split()
    return 1 <= len(words) <= 3 and all(_capitalized(w) and not (w.isupper() and len(w) > 1) for w in words)


class Diets:
    """Answers to "special diet?" as stored: a word that means none ("Ingen", "Nej tak", "-",
    "N/A") is no diet; one diet typed two ways ("Vegetar", "vegetar ") is one, spelled as it
    was first (on record, or in the file)."""

    def __init__(self, known: Iterable[str | None] = ()) -> None:
        self.spelling: dict[str, str] = {}
        for diet in known:
            if diet and not means_no_diet(diet):
                self.spelling.setdefault(folded_diet(diet), " ".join(diet.split()))

    def clean(self, text: str | None) -> str | None:
        if not text or means_no_diet(text):
            return None
        return self.spelling.setdefault(folded_diet(text), " ".join(text.split()))


# Words that say nothing about which organization it is ("Det", "Bibliotek", "Kommune")
_ORG_STOP = frozenset(
    {
        "det",
        "den",
        "de",
        "the",
        "het",
        "og",
        "och",
        "and",
        "en",
        "i",
        "of",
        "af",
        "av",
        "for",
        "för",
        "van",
        "voor",
        "a",
        "s",
    }
)
_ORG_GENERIC = frozenset(
    {
        "bibliotek",
        "biblioteket",
        "biblioteker",
        "bibliotekerne",
        "bibliotekene",
        "biblioteken",
        "bibliotheek",
        "bibliotheken",
        "library",
        "libraries",
        "kommune",
        "kommunes",
        "kommun",
        "kommuns",
        "gemeente",
        "universitet",
        "universitets",
        "universiteit",
        "university",
        "universitetsbibliotek",
        "universitetsbiblioteket",
        "stadsbibliotek",
        "stadsbiblioteket",
        "hovedbibliotek",
        "folkebibliotek",
        "folkbibliotek",
        "københavn",
        "kobenhavn",
        "oslo",
        "stockholm",
        "amsterdam",
        "ab",
        "as",
        "aps",
        "bv",
    }
)
_ORG_ABBREVIATIONS = {"kgl": "kongelige", "kgs": "kongens", "kungl": "kungliga", "kon": "koninklijke"}


def _org_words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name.casefold().replace("ø", "o").replace("æ", "ae"))
    words = re.findall(r"\w+", "".join(c for c in plain if not unicodedata.combining(c)))
    return [_ORG_ABBREVIATIONS.get(w, w) for w in words if w not in _ORG_STOP]


def _acronyms(name: str) -> set[str]:
    """What an organization is called for short: "(KB)", "/ AAKB", and its initials."""
    found = {a.casefold() for a in re.findall(r"\b[A-ZÆØÅÄÖ]{2,6}\b", name)}
    words = _org_words(re.sub(r"\(.*?\)", " ", name))
    if len(words) > 1:
        found.add("".join(w[0] for w in words))
    return found


def resembles(given: str, known: str) -> bool:
    """Whether two organization names may be one organization written two ways: "KB" and "Det
    Kongelige Bibliotek (KB)", "Det Kgl. Bibliotek / KB" and "Det Kgl. Bibliotek", "Aarhus
    Kommunes Biblioteker (AAKB)" and "Aarhus Kommunes Biblioteker" (difflib and shared words)."""
    a, b = _org_words(given), _org_words(known)
    if not a or not b:
        return False
    if a == b:
        return True
    short_a, short_b = _acronyms(given), _acronyms(known)
    if (len(a) == 1 and a[0] in short_b) or (len(b) == 1 and b[0] in short_a):
        return True  # "KB" for "Det Kgl. Bibliotek"
    key_a, key_b = set(a) - _ORG_GENERIC, set(b) - _ORG_GENERIC
    if key_a and key_b and (key_a <= set(b) or key_b <= set(a)):
        return True  # the same names with more words: a city, an acronym
    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() >= 0.88


class OrganizationIndex:
    """Find an organization by id or name; remember the ones an import would create, and the
    known one each new one resembles (``similar``: new id -> the known one's name)."""

    def __init__(self, store: Store, member: bool) -> None:
        self.existing = store.organizations.load_all()
        self.by_name = {org.name.casefold(): oid for oid, org in self.existing.items()}
        self.member = member
        self.new: dict[str, Organization] = {}
        self.similar: dict[str, str] = {}

    def warning(self, oid: str | None) -> str | None:
        """What to say of a new organization that resembles a known one (None: nothing)."""
        if oid is None or oid not in self.similar:
            return None
        org = self.new[oid]
        kind = "member organization" if org.member else "organization"
        return (
            f"new organization {org.name!r} resembles {self.similar[oid]!r}: --map or fix the answer; "
            f"a new {kind} gets its own free place"
        )

    def resolve(self, text: str) -> str | None:
        text = text.strip()
        if not text:
            return None
        if text in self.existing:
            return text
        if text.casefold() in self.by_name:
            return self.by_name[text.casefold()]
        oid = ids.from_name(text, "organization name")
        if oid not in self.existing and oid not in self.new:
            self.new[oid] = Organization(name=text, member=self.member)
            like = next((o.name for o in self.existing.values() if resembles(text, o.name)), None)
            if like is not None:
                self.similar[oid] = like
        self.by_name[text.casefold()] = oid
        return oid


def plan_participants(
    store: Store,
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    members: bool = True,
    mapping: list[str] | None = None,
) -> ImportPlan:
    """Everything an import would do, or every bad row at once (nothing is written here)."""
    table = read_table(
        path,
        PARTICIPANT_COLUMNS,
        encoding=encoding,
        delimiter=delimiter,
        mapping=parse_mapping(mapping, set(PARTICIPANT_COLUMNS)),
    )
    if "email" not in table.columns or not ("name" in table.columns or "first_name" in table.columns):
        raise InvalidInput(
            f"{path}: the first line must name a name column and an email column (found: {found_columns(table)})",
            'e.g. Namn;E-post;Bibliotek or Name,Email,Organization; or say which with --map "Column=email"',
        )
    existing = store.participants.load_all()
    by_email = {p.email.casefold(): pid for pid, p in existing.items()}
    orgs = OrganizationIndex(store, members)
    diets = Diets(p.diet for p in existing.values())
    taken = set(existing)
    seen_lines: dict[str, int] = {}
    problems: list[Problem] = []
    changes: list[Change] = []
    for line, values in table.rows:
        where = table.where(line)
        email = values.get("email", "")
        too_long = overlong(values)
        if too_long:
            problems += [Problem(path, where, text) for text in too_long]
            continue
        if email.casefold() in seen_lines:
            problems.append(
                Problem(path, where, f"email: {email} is also on {table.where(seen_lines[email.casefold()])}")
            )
            continue
        try:
            # validated as any record is: the file's text, not yet known to be a language code
            person = Participant.model_validate(
                {
                    "name": row_name(values),
                    "email": email,
                    "organization": orgs.resolve(values.get("organization", "")),
                    "language": language_code(values.get("language", "")),
                    "diet": diets.clean(values.get("diet")),
                    "phone": values.get("phone") or None,
                }
            )
        except ValidationError as error:
            for problem in problems_from(error, Participant, path):
                problems.append(Problem(path, where, f"{problem.key}: {problem.explanation}"))
            continue
        except InvalidInput as error:
            problems.append(Problem(path, where, error.message))
            continue
        seen_lines[person.email.casefold()] = line
        pid = by_email.get(person.email.casefold())
        if pid is None:
            pid = ids.unique(ids.from_name(person.name), taken)
            taken.add(pid)
            changes.append(Change(line, "create", pid, person))
            continue
        old = existing[pid]
        # A column that is empty or absent keeps what the record has: the list only adds.
        given = {k: v for k, v in person.model_dump().items() if v is not None}
        given.pop("email")  # matched case-insensitively: BJORN@ is the same person, keep the spelling on file
        merged = old.model_copy(update=given)
        changed = [k for k in given if getattr(old, k) != getattr(merged, k)]
        changes.append(Change(line, "update" if changed else "unchanged", pid, merged, changed))
    if problems:
        raise InvalidRecord(problems, "nothing was imported; correct these rows and import again")
    table.notes += [w for w in map(orgs.warning, orgs.new) if w]
    return ImportPlan(table, changes, orgs.new)


def import_participants(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    encoding: str | None = None,
    delimiter: str | None = None,
    members: bool = True,
    mapping: list[str] | None = None,
) -> ImportPlan:
    """Plan and (unless ``dry_run``) apply, under the network's lock so that two imports at
    once cannot both create the same person: the plan is made first, then written in one
    locked block (all of it or, after a crash, none of it)."""
    with store.lock():
        plan = plan_participants(store, path, encoding=encoding, delimiter=delimiter, members=members, mapping=mapping)
        if dry_run:
            return plan
        for oid, org in plan.new_organizations.items():
            store.organizations.create(oid, org)
        for change in plan.changes:
            if change.action == "create":
                store.participants.create(change.participant_id, change.participant)
            elif change.action == "update":
                store.participants.save(change.participant_id, change.participant)
    return plan
