"""Editing what exists: a meeting, its sessions, organizations, participants and venues, and
merging two records of one person into one.

Every edit takes the values as the command line gives them, as text: ``None`` leaves a field as
it is, an empty text removes an optional field (``--online-link ""``), anything else is the new
value, validated as on creation (``session edit: --end: 09:00 is not after the start 10:00``).
Ids never change: the file name is the id, and calendars, links and the record of what was sent
point at it. What a participant was told is not touched: the outbox compares it with the records
as they are now, so an edit that changes what someone saw is an ``update`` there by itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from samling.domain import rules
from samling.domain.meetings import parse_clock, parse_date
from samling.domain.people import (
    build,
    find_organization,
    find_participant,
    find_venue,
    participants_by_email,
)
from samling.domain.state import MeetingState, ensure_open
from samling.errors import AlreadyExists, InvalidInput, NotFound, RuleViolation
from samling.models import FeeOverride, Meeting, Organization, Participant, Session, Venue
from samling.store import Collection, Store

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=BaseModel)


# --- the common part: changes applied to a record, validated as on creation ---------------------


def _given(**fields: object) -> dict[str, object]:
    """The options that were given (None: not given, so the field stays as it is)."""
    return {key: value for key, value in fields.items() if value is not None}


def _apply(record: M, what: str, changes: dict[str, object]) -> M:
    """``record`` with ``changes``, validated as a new record would be. An empty text removes an
    optional field; for a required one it is the model's own error (``--title: must not be empty``)."""
    model = type(record)
    data = record.model_dump()
    for key, value in changes.items():
        data[key] = None if value == "" and not model.model_fields[key].is_required() else value
    return build(model, what, **data)


def _changed(before: BaseModel, after: BaseModel) -> list[str]:
    """The fields whose value differs, in the record's own order."""
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return [key for key in new if old.get(key) != new[key]]


def _nothing_to_change(what: str, example: str) -> InvalidInput:
    return InvalidInput(f"{what}: nothing to change", f"give the new value of a field, e.g. {example}")


def _remove(collection: Collection[Any], record_id: str) -> None:
    """Delete a record's file (and forget what the read cache knew of it)."""
    collection.remove(record_id)


# --- seats: an edit never leaves a session with more people on site than seats ----------------


def _check_seats(before: MeetingState, after: MeetingState, what: str, option: str) -> None:
    """Refuse an edit that leaves a session fewer seats than people registered on site (the rules
    never take a place away, and `samling check` would report it). Only an edit that takes seats
    away is refused: a session over its capacity by a hand edit does not block changing the title."""
    for session in after.meeting.sessions:
        old = before.meeting.session(session.id)
        was, now = before.capacity(old) if old else None, after.capacity(session)
        seated = rules.seated(after.entries(), session.id)
        fewer = now is not None and (was is None or now < was)
        if fewer and now is not None and seated > now and not session.cancelled:
            raise RuleViolation(
                f"{what}: {option}: session {session.id} of {after.meeting_id} would have {now} "
                f"seat{'' if now == 1 else 's'} for the {seated} registered on site",
                "move or unregister someone first, give the session its own capacity "
                f"(`samling session edit {session.id} --meeting {after.meeting_id} --capacity N`), or keep more seats",
            )


def _with(state: MeetingState, meeting: Meeting, venues: dict[str, Venue] | None = None) -> MeetingState:
    """The state as it will be with ``meeting`` (and ``venues``, where given) instead of the stored ones."""
    known = {**state.venues, **(venues or {})}
    used = {s.venue: known.get(s.venue) or state.store.venues.load(s.venue) for s in meeting.sessions if s.venue}
    return dataclasses.replace(state, meeting=meeting, venues=used)


def _settle(state: MeetingState) -> list[str]:
    """After an edit that may free seats (more capacity, an earlier deadline), serve the waitlists
    as `register` and `unregister` do; returns who was promoted. A cancelled meeting, or one that
    is over, is left alone: an edit there corrects the record, it does not give out places."""
    if state.meeting.cancelled or state.meeting.last_date < state.now.astimezone(state.network.tz).date():
        return []
    snapshot = dict(state.registrations)
    entries, _ = rules.promote(state.entries(), state.policy())
    state.apply(entries)
    changed = state.save_changes(snapshot)
    return [pid for pid in changed if state.registrations[pid].status == "registered"]


# --- meetings and sessions ---------------------------------------------------------------------


@dataclass
class MeetingEdited:
    """A meeting after an edit: what changed, and who was promoted because seats were freed."""

    id: str
    meeting: Meeting
    changed: list[str]
    promoted: list[str] = field(default_factory=list)
    session: str | None = None  # the session edited or removed


def _save_meeting(store: Store, mid: str, before: Meeting, after: Meeting, what: str, option: str) -> MeetingEdited:
    """Check the seats, write the meeting, serve the waitlists (under the meeting's lock)."""
    stored = MeetingState.load(store, mid)
    state = _with(stored, after)
    _check_seats(stored, state, what, option)
    online = sorted(pid for pid, r in state.registrations.items() if r.online and r.active)
    if online and not after.hybrid:
        raise RuleViolation(
            f"{what}: --online-link: {', '.join(online)} take{'s' if len(online) == 1 else ''} part online",
            "move them on site first (`samling register P --update`), or unregister them",
        )
    store.save_meeting(mid, after)
    return MeetingEdited(mid, after, _changed(before, after), _settle(state))


def edit_meeting(
    store: Store,
    mid: str,
    *,
    title: str | None = None,
    deadline: str | None = None,
    capacity: str | None = None,
    online_link: str | None = None,
    registration_url: str | None = None,
    fee: str | None = None,
    free_per_organization: str | None = None,
    non_member_fee: str | None = None,
    online_fee: str | None = None,
) -> MeetingEdited:
    """`samling meeting edit`: the meeting's own fields and its ``[fees]`` table; its id stays."""
    what = "meeting edit"
    changes = _given(title=title, capacity=capacity, online_link=online_link, registration_url=registration_url)
    if deadline is not None:
        changes["deadline"] = parse_date(deadline, f"{what}: --deadline") if deadline else ""
    fees = _given(
        fee=fee, free_per_organization=free_per_organization, non_member_fee=non_member_fee, online_fee=online_fee
    )
    if not changes and not fees:
        raise _nothing_to_change(what, "--title or --deadline")
    with store.lock(mid):
        meeting = store.load_meeting(mid)
        ensure_open(meeting, mid, "sessions and details")
        if fees:
            override = _apply(meeting.fees or FeeOverride(), what, fees)
            # every key back to the network's: no [fees] table left
            changes["fees"] = override if override.model_dump(exclude_none=True) else None
        return _save_meeting(store, mid, meeting, _apply(meeting, what, changes), what, "--capacity")


def _session_of(meeting: Meeting, mid: str, sid: str) -> Session:
    session = meeting.session(sid)
    if session is None:
        raise NotFound(
            f"meeting {mid} has no session {sid!r}", f"its sessions are: {', '.join(s.id for s in meeting.sessions)}"
        )
    return session


def edit_session(
    store: Store,
    mid: str,
    sid: str,
    *,
    date: str | None = None,
    start: str | None = None,
    end: str | None = None,
    venue: str | None = None,
    capacity: str | None = None,
) -> MeetingEdited:
    """`samling session edit`: one session's date, times, venue or seats, validated as
    `session add` does; the registration deadline must not fall after the first session."""
    what = "session edit"
    changes = _given(capacity=capacity)
    if date is not None:
        changes["date"] = parse_date(date, f"{what}: --date")
    if start is not None:
        changes["start"] = parse_clock(start, f"{what}: --start")
    if end is not None:
        changes["end"] = parse_clock(end, f"{what}: --end")
    if venue is not None:
        changes["venue"] = find_venue(store, venue) if venue else ""
    if not changes:
        raise _nothing_to_change(what, "--date or --start")
    with store.lock(mid):
        meeting = store.load_meeting(mid)
        ensure_open(meeting, mid, "sessions and details")
        session = _apply(_session_of(meeting, mid, sid), what, changes)
        sessions = [session if s.id == sid else s for s in meeting.sessions]
        first = min(s.date for s in sessions)
        if meeting.deadline is not None and meeting.deadline > first:
            raise InvalidInput(
                f"{what}: --date: {first} is before the meeting's registration deadline {meeting.deadline}",
                f"move the deadline first: `samling meeting edit {mid} --deadline DATE`",
            )
        edited = _apply(meeting, what, {"sessions": sessions})
        option = "--capacity" if capacity is not None else "--venue"
        result = _save_meeting(store, mid, meeting, edited, what, option)
    result.session = sid
    result.changed = _changed(_session_of(meeting, mid, sid), session)
    return result


def remove_session(store: Store, mid: str, sid: str) -> MeetingEdited:
    """`samling session remove`: only a session nobody ever registered for (a cancelled
    registration is history, and its person was told about the session), never the last one."""
    with store.lock(mid):
        meeting = store.load_meeting(mid)
        ensure_open(meeting, mid, "sessions and details")
        _session_of(meeting, mid, sid)
        if len(meeting.sessions) == 1:
            raise RuleViolation(
                f"session {sid} is the only session of {mid}; a meeting needs one",
                f"call the meeting off with `samling cancel {mid}`, or add another session first",
            )
        registered = [(pid, r.status) for pid, r in store.registrations(mid).load_all().items() if r.session == sid]
        if registered:
            who = ", ".join(f"{pid} ({status})" for pid, status in registered)
            raise RuleViolation(
                f"session {sid} of {mid} has registrations: {who}",
                f"call it off with `samling session cancel {sid} --meeting {mid}` instead, so that they are told",
            )
        edited = meeting.model_copy(update={"sessions": [s for s in meeting.sessions if s.id != sid]})
        store.save_meeting(mid, edited)
    return MeetingEdited(mid, edited, ["sessions"], session=sid)


# --- organizations, participants and venues ----------------------------------------------------


@dataclass
class RecordEdited(Generic[R]):
    """A record after an edit, and the fields that changed."""

    id: str
    record: R
    changed: list[str]
    promoted: dict[str, list[str]] = field(default_factory=dict)  # meeting id -> promoted participants


def edit_organization(
    store: Store,
    ref: str,
    *,
    name: str | None = None,
    member: bool | None = None,
    email: str | None = None,
    contact: str | None = None,
    city: str | None = None,
) -> RecordEdited[Organization]:
    """`samling org edit`; the contact is a participant's id, email or name."""
    what = "org edit"
    changes = _given(name=name, member=member, email=email, city=city)
    if contact is not None:
        changes["contact"] = find_participant(store, contact) if contact else ""
    if not changes:
        raise _nothing_to_change(what, "--name or --non-member")
    with store.lock():
        org_id = find_organization(store, ref)
        org = store.organizations.load(org_id)
        edited = _apply(org, what, changes)
        store.organizations.save(org_id, edited)
    return RecordEdited(org_id, edited, _changed(org, edited))


def edit_participant(
    store: Store,
    ref: str,
    *,
    name: str | None = None,
    email: str | None = None,
    organization: str | None = None,
    language: str | None = None,
    diet: str | None = None,
    phone: str | None = None,
) -> RecordEdited[Participant]:
    """`samling participant edit`; the email address stays unique, the organization is named by
    id or name."""
    what = "participant edit"
    changes = _given(name=name, email=email, language=language, diet=diet, phone=phone)
    if organization is not None:
        changes["organization"] = find_organization(store, organization) if organization else ""
    if not changes:
        raise _nothing_to_change(what, "--email or --organization")
    # Under the network's lock, as `participant add`: two terminals must not give two people one address.
    with store.lock():
        pid = find_participant(store, ref)
        person = store.participants.load(pid)
        edited = _apply(person, what, changes)
        owner = participants_by_email(store).get(edited.email.casefold())
        if owner is not None and owner != pid:
            raise AlreadyExists(
                f"{what}: --email: {edited.email} is already participant {owner!r}",
                f"one person, one record: merge them with `samling participant merge {pid} {owner}`",
            )
        store.participants.save(pid, edited)
    return RecordEdited(pid, edited, _changed(person, edited))


def edit_venue(
    store: Store,
    ref: str,
    *,
    name: str | None = None,
    address: str | None = None,
    city: str | None = None,
    capacity: str | None = None,
    directions: str | None = None,
    accessibility: str | None = None,
) -> RecordEdited[Venue]:
    """`samling venue edit`. Fewer seats are refused where a session held there (without a
    capacity of its own or its meeting's) has more people on site; more seats serve the waitlists."""
    what = "venue edit"
    changes = _given(
        name=name, address=address, city=city, capacity=capacity, directions=directions, accessibility=accessibility
    )
    if not changes:
        raise _nothing_to_change(what, "--address or --capacity")
    with store.lock():
        venue_id = find_venue(store, ref)
        venue = store.venues.load(venue_id)
        edited = _apply(venue, what, changes)
        using = [mid for mid in store.meeting_ids() if _held_at(store.load_meeting(mid), venue_id)]
        with _locks(store, using):
            stored = [MeetingState.load(store, m) for m in using]
            states = [_with(state, state.meeting, {venue_id: edited}) for state in stored]
            for before, after in zip(stored, states, strict=True):
                _check_seats(before, after, what, "--capacity")
            store.venues.save(venue_id, edited)
            promoted = {state.meeting_id: _settle(state) for state in states}
    return RecordEdited(venue_id, edited, _changed(venue, edited), {m: p for m, p in promoted.items() if p})


def _held_at(meeting: Meeting, venue_id: str) -> bool:
    return any(s.venue == venue_id for s in meeting.sessions)


@contextlib.contextmanager
def _locks(store: Store, meeting_ids: list[str]) -> Iterator[None]:
    """Hold the locks of several meetings, always taken in the same (id) order."""
    with contextlib.ExitStack() as stack:
        for mid in sorted(set(meeting_ids)):
            stack.enter_context(store.lock(mid))
        yield


# --- one person, two records: merging them -----------------------------------------------------


@dataclass
class Merged:
    """What `samling participant merge` moved from the other record to the one kept."""

    id: str
    participant: Participant
    merged: str  # the id of the record that was removed
    registrations: list[str] = field(default_factory=list)  # meetings
    ledgers: list[str] = field(default_factory=list)  # meetings whose sent/ record moved
    questions: list[str] = field(default_factory=list)  # "meeting/number"
    themes: list[str] = field(default_factory=list)  # "meeting/theme"
    actions: list[str] = field(default_factory=list)  # "meeting/number" of action items they had
    groups: list[str] = field(default_factory=list)  # meetings whose workshop groups named them
    organizations: list[str] = field(default_factory=list)  # whose contact it was
    fields: list[str] = field(default_factory=list)  # taken from the other record


_TAKEN = ("organization", "language", "diet", "phone", "notes")


def _touches(store: Store, mid: str, other: str) -> bool:
    """Whether anything of meeting ``mid`` names participant ``other``."""
    if store.registrations(mid).exists(other) or store.sent(mid).exists(other):
        return True
    questions = store.questions(mid).load_all().values()
    themes = store.themes(mid).load_all().values()
    if any(q.by == other for q in questions) or any(t.by == other for t in themes):
        return True
    groups = store.load_groups(mid)
    in_groups = groups is not None and any(other in g.members for g in groups.groups)
    return in_groups or any(a.who == other for a in store.actions(mid).load_all().values())


def _clashes(store: Store, mids: list[str], keep: str, other: str) -> list[str]:
    """Meetings where both records hold a place (registered or waiting): two places cannot be made
    one without the rules (who gives theirs up frees a seat). A cancelled registration beside an
    active one is simply history of the same person, and two records of what was sent are joined."""
    found = []
    for mid in mids:
        registrations = store.registrations(mid)
        if registrations.exists(keep) and registrations.exists(other):
            mine, theirs = registrations.load(keep), registrations.load(other)
            if mine != theirs and mine.active and theirs.active:
                found.append(f"{mid}: both are registered ({keep} {mine.status}, {other} {theirs.status})")
    return found


def merge_participants(store: Store, keep_ref: str, other_ref: str) -> Merged:
    """`samling participant merge KEEP OTHER`: everything that names OTHER (registrations, the
    record of what was sent, questions, themes, organization contacts) is moved to KEEP, KEEP takes
    the fields it lacks from OTHER, and OTHER's record is removed. All or nothing: every clash is
    found before anything is written."""
    with store.lock():
        keep, other = find_participant(store, keep_ref), find_participant(store, other_ref)
        if keep == other:
            raise InvalidInput(f"participant merge: {keep} and {other_ref!r} are the same participant")
        # Every meeting's lock, not only those that name OTHER now: a registration for OTHER
        # made meanwhile in another meeting would be left without its person.
        with _locks(store, store.meeting_ids()):
            touched = [mid for mid in store.meeting_ids() if _touches(store, mid, other)]
            clashes = _clashes(store, touched, keep, other)
            if clashes:
                raise AlreadyExists(
                    f"cannot merge {other} into {keep}: " + "; ".join(clashes),
                    f"nothing was changed; unregister one of the two in each of these meetings "
                    f"(`samling unregister {other} -m MEETING`: the waitlist moves up as usual), then merge again",
                )
            person, gone = store.participants.load(keep), store.participants.load(other)
            result = Merged(keep, person, other)
            lacking = {key: getattr(gone, key) for key in _TAKEN if getattr(person, key) is None}
            result.fields = [key for key, value in lacking.items() if value is not None]
            for mid in touched:
                _move_meeting(store, mid, keep, other, result)
            for oid, org in store.organizations.load_all().items():
                if org.contact == other:
                    store.organizations.save(oid, org.model_copy(update={"contact": keep}))
                    result.organizations.append(oid)
            if result.fields:
                result.participant = person.model_copy(update={key: lacking[key] for key in result.fields})
                store.participants.save(keep, result.participant)
            _remove(store.participants, other)
    return result


def _move(collection: Collection[M], keep: str, other: str) -> bool:
    """Give ``other``'s record in ``collection`` to ``keep``; returns whether there was one."""
    if not collection.exists(other):
        return False
    if not collection.exists(keep):  # else: the same record, left by an interrupted merge
        collection.create(keep, collection.load(other))
    _remove(collection, other)
    return True


def _move_meeting(store: Store, mid: str, keep: str, other: str, result: Merged) -> None:
    registrations = store.registrations(mid)
    if registrations.exists(keep) and registrations.exists(other):
        # one of them is cancelled (else `_clashes` refused): the place that is held stays
        if not registrations.load(keep).active and registrations.load(other).active:
            registrations.save(keep, registrations.load(other))
        _remove(registrations, other)
        result.registrations.append(mid)
    elif _move(registrations, keep, other):
        result.registrations.append(mid)
    sent = store.sent(mid)
    if sent.exists(keep) and sent.exists(other):
        # both were sent messages: one record of everything sent, in the order it was sent
        sent.save(keep, sent.load(keep).joined(sent.load(other)))
        _remove(sent, other)
        result.ledgers.append(mid)
    elif _move(sent, keep, other):
        result.ledgers.append(mid)
    questions = store.questions(mid)
    for number, question in questions.load_all().items():
        if question.by == other:
            questions.save(number, question.model_copy(update={"by": keep}))
            result.questions.append(f"{mid}/{number}")
    themes = store.themes(mid)
    for theme_id, theme in themes.load_all().items():
        if theme.by == other:
            themes.save(theme_id, theme.model_copy(update={"by": keep}))
            result.themes.append(f"{mid}/{theme_id}")
    actions = store.actions(mid)
    for number, action in actions.load_all().items():
        if action.who == other:
            actions.save(number, action.model_copy(update={"who": keep}))
            result.actions.append(f"{mid}/{number}")
    groups = store.load_groups(mid)
    if groups is not None and any(other in g.members for g in groups.groups):
        changed = [
            g.model_copy(update={"members": list(dict.fromkeys(keep if m == other else m for m in g.members))})
            for g in groups.groups
        ]
        store.save_groups(mid, groups.model_copy(update={"groups": changed}))
        result.groups.append(mid)
