"""Organizations, participants and venues: adding them and finding them by id, name or email."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from samling import ids
from samling.errors import AlreadyExists, InvalidInput, NotFound
from samling.models import Organization, Participant, Venue, problems_from
from samling.models.base import clean_text
from samling.store import Collection, Store

M = TypeVar("M", bound=BaseModel)


def build(model: type[M], what: str, **fields: Any) -> M:
    """Make a record from command-line values; a bad value becomes ``--key: explanation``."""
    try:
        return model(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as error:
        problem = problems_from(error, model, Path(what))[0]
        option = (problem.key or "").replace("_", "-")
        raise InvalidInput(f"{what}: --{option}: {problem.explanation}") from None


def new_id(collection: Collection[Any], name: str, given: str | None, *, suffix: bool) -> str:
    """The id for a new record: ``--id`` as given, or the name's slug (with -2, -3... if
    ``suffix`` and the slug is taken; otherwise a clash is an error)."""
    if given:
        record_id = ids.check(given, "--id")
        if collection.exists(record_id):
            raise AlreadyExists(f"{collection.label} {record_id!r} already exists")
        return record_id
    base = ids.from_name(clean_text(name))  # the name as it is stored, escapes left out
    if suffix:
        return ids.unique(base, set(collection.ids()))
    if collection.exists(base):
        existing = collection.load(base)
        raise AlreadyExists(
            f"{collection.label} {base!r} already exists ({getattr(existing, 'name', base)})",
            "give the new one another id with --id",
        )
    return base


# --- organizations ----------------------------------------------------------------------------


def find_organization(store: Store, ref: str) -> str:
    """An organization's id from its id or its name (case and accents as typed)."""
    if ids.is_valid(ref) and store.organizations.exists(ref):
        return ref
    wanted = ref.strip().casefold()
    for org_id, org in store.organizations.load_all().items():
        if org.name.casefold() == wanted:
            return org_id
    slugged = ids.slug(ref)
    if slugged and store.organizations.exists(slugged):
        return slugged
    raise NotFound(
        f"no organization {ref!r}",
        "add it with `samling org add NAME`, or list them with `samling org list`",
    )


def add_organization(
    store: Store,
    name: str,
    *,
    record_id: str | None = None,
    member: bool = True,
    email: str | None = None,
    contact: str | None = None,
    city: str | None = None,
) -> tuple[str, Organization]:
    org = build(Organization, "org add", name=name, member=member, email=email, city=city)
    if contact is not None:
        org.contact = find_participant(store, contact)
    org_id = new_id(store.organizations, org.name, record_id, suffix=False)
    store.organizations.create(org_id, org)
    return org_id, org


# --- participants -----------------------------------------------------------------------------


def participants_by_email(store: Store) -> dict[str, str]:
    return {p.email.casefold(): pid for pid, p in store.participants.load_all().items()}


def find_participant(store: Store, ref: str) -> str:
    """A participant's id from the id, an email address, or an exact name."""
    ref = ref.strip()
    if ids.is_valid(ref) and store.participants.exists(ref):
        return ref
    everyone = store.participants.load_all()
    if "@" in ref:
        for pid, person in everyone.items():
            if person.email.casefold() == ref.casefold():
                return pid
    else:
        matches = [pid for pid, person in everyone.items() if person.name.casefold() == ref.casefold()]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InvalidInput(
                f"{len(matches)} participants are called {ref!r}: {', '.join(matches)}",
                "name one by its id or email",
            )
    raise NotFound(
        f"no participant {ref!r}",
        "add them with `samling participant add`, or list them with `samling participant list`",
    )


def add_participant(
    store: Store,
    name: str,
    email: str,
    *,
    organization: str | None = None,
    record_id: str | None = None,
    language: str | None = None,
    diet: str | None = None,
    phone: str | None = None,
) -> tuple[str, Participant]:
    person = build(Participant, "participant add", name=name, email=email, language=language, diet=diet, phone=phone)
    if organization is not None:
        person.organization = find_organization(store, organization)
    # Under the network's lock: two terminals adding the same address, or two people with the
    # same name, must not both pass the checks below.
    with store.lock():
        same_email = participants_by_email(store).get(person.email.casefold())
        if same_email:
            raise AlreadyExists(
                f"{person.email} is already participant {same_email!r}",
                f"see it with `samling participant show {same_email}`",
            )
        pid = new_id(store.participants, person.name, record_id, suffix=True)
        store.participants.create(pid, person)
    return pid, person


# --- venues -----------------------------------------------------------------------------------


def find_venue(store: Store, ref: str) -> str:
    if ids.is_valid(ref) and store.venues.exists(ref):
        return ref
    for venue_id, venue in store.venues.load_all().items():
        if venue.name.casefold() == ref.strip().casefold():
            return venue_id
    raise NotFound(f"no venue {ref!r}", "add it with `samling venue add NAME`, or list them with `samling venue list`")


def add_venue(store: Store, name: str, *, record_id: str | None = None, **fields: Any) -> tuple[str, Venue]:
    venue = build(Venue, "venue add", name=name, **fields)
    venue_id = new_id(store.venues, venue.name, record_id, suffix=False)
    store.venues.create(venue_id, venue)
    return venue_id, venue


# --- listing and showing -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationRow:
    id: str
    organization: Organization
    participants: int  # how many participants name it as their organization


def list_organizations(store: Store) -> list[OrganizationRow]:
    counts: dict[str, int] = {}
    for person in store.participants.load_all().values():
        if person.organization:
            counts[person.organization] = counts.get(person.organization, 0) + 1
    return [OrganizationRow(oid, org, counts.get(oid, 0)) for oid, org in store.organizations.load_all().items()]


def get_organization(store: Store, ref: str) -> tuple[str, Organization]:
    org_id = find_organization(store, ref)
    return org_id, store.organizations.load(org_id)


@dataclass(frozen=True)
class ParticipantRow:
    id: str
    participant: Participant
    organization_name: str | None  # the organization's name, or its id when it has no record


def list_participants(store: Store, organization: str | None = None) -> list[ParticipantRow]:
    """Everyone, or the participants of one organization (given by id or name)."""
    people = store.participants.load_all()
    if organization:
        org_id = find_organization(store, organization)
        people = {pid: p for pid, p in people.items() if p.organization == org_id}
    names = {oid: o.name for oid, o in store.organizations.load_all().items()}
    return [
        ParticipantRow(pid, p, names.get(p.organization, p.organization) if p.organization else None)
        for pid, p in people.items()
    ]


def _folded(text: str) -> str:
    """Text as a search compares it: lowercase, without accents, ø as o and æ as ae
    (the transliteration of ids), words joined by single spaces."""
    from slugify import slugify

    return slugify(text, separator=" ", lowercase=True)


#: how Danes, Norwegians, Swedes and Germans write their letters without them (Aagesen, Oedegaard)
_SPELLED_OUT = str.maketrans({"å": "aa", "ø": "oe", "ö": "oe", "æ": "ae", "ä": "ae", "ü": "ue"})


def _searchable(text: str) -> str:
    """``_folded``, and again with å, ø, æ... spelled out: ``agesen`` and ``aagesen`` both find Ågesen."""
    return _folded(text) + " " + _folded(text.casefold().translate(_SPELLED_OUT))


def search_participants(store: Store, text: str) -> list[ParticipantRow]:
    """Everyone whose name, email address or organization (id or name) holds each word of
    ``text``, in any order, ignoring case, accents and punctuation: ``oberg`` finds Åsa Öberg,
    ``Öberg, Åsa`` too, ``odegard`` and ``oedegaard`` Bjørn Ødegård, ``vaxjo`` everyone from
    Växjö kommun. Sorted
    by name."""
    wanted = _folded(text).split()
    if not wanted:
        raise InvalidInput(f"{text!r} has nothing to search for", "give part of a name, email address or organization")
    found = []
    for row in list_participants(store):
        person = row.participant
        haystack = " | ".join(
            _searchable(part)
            for part in (person.name, person.email, person.organization or "", row.organization_name or "")
        )
        if all(word in haystack for word in wanted):
            found.append(row)
    return sorted(found, key=lambda r: (_folded(r.participant.name), r.id))


@dataclass(frozen=True)
class MeetingAttendance:
    """One meeting a participant registered for."""

    meeting: str
    session: str
    status: str
    attended: bool | None


@dataclass(frozen=True)
class ParticipantProfile:
    id: str
    participant: Participant
    registrations: list[MeetingAttendance]


def participant_profile(store: Store, ref: str) -> ParticipantProfile:
    """A participant and every meeting they registered for, oldest first."""
    pid = find_participant(store, ref)
    registrations = []
    for mid in store.meeting_ids():
        collection = store.registrations(mid)
        if collection.exists(pid):
            r = collection.load(pid)
            registrations.append(MeetingAttendance(mid, r.session, r.status, r.attended))
    return ParticipantProfile(pid, store.participants.load(pid), registrations)


def list_venues(store: Store) -> dict[str, Venue]:
    return store.venues.load_all()


def get_venue(store: Store, ref: str) -> tuple[str, Venue]:
    venue_id = find_venue(store, ref)
    return venue_id, store.venues.load(venue_id)
