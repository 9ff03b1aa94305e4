"""Each person's data: everything the folder holds about one person (``participant export``, the
right of access) and erasing it (``participant forget``, the right to erasure) so that past
meetings keep anonymous counts ("a participant from Odense Bibliotekerne") and nothing breaks.

What samling structures (the person's record, their registrations, the ``by`` of questions and
themes, the ledger of what they were sent, an organization's ``contact``) is erased or made
anonymous; free text written by people (minutes.md, question texts and notes, other records'
notes) is not rewritten but listed for the organizer to review."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from samling.domain.history import is_over
from samling.domain.people import find_participant
from samling.domain.registrations import unregister_in
from samling.domain.state import MeetingState
from samling.models import Participant, Question, Registration, Theme
from samling.models.ledger import Ledger
from samling.store import Store, write_atomic

ANONYMOUS_PREFIX = "anon-"
# Generated files that keep what the organizer wrote: listed for review, never removed
KEPT_OUTPUTS = frozenset({"minutes.replaced.md"})


# --- samling participant export ------------------------------------------------------------------


@dataclass
class RegistrationData:
    meeting: str
    registration: Registration


@dataclass
class QuestionData:
    meeting: str
    number: str
    question: Question


@dataclass
class ThemeData:
    meeting: str
    id: str
    theme: Theme


@dataclass
class SentData:
    meeting: str
    ledger: Ledger


@dataclass
class PersonalData:
    """Everything the folder holds about one person, across all meetings."""

    id: str
    participant: Participant
    contact_of: list[str]  # organizations that name them as their contact
    registrations: list[RegistrationData]
    questions: list[QuestionData]  # asked by them
    themes: list[ThemeData]  # suggested by them
    sent: list[SentData]  # what they were sent, meeting by meeting
    mentioned_in: list[str]  # other files whose text names them (minutes, questions...)


def personal_data(store: Store, ref: str) -> PersonalData:
    pid = find_participant(store, ref)
    data = PersonalData(
        pid,
        store.participants.load(pid),
        sorted(oid for oid, org in store.organizations.load_all().items() if org.contact == pid),
        [],
        [],
        [],
        [],
        [],
    )
    structured = {store.participants.path(pid)}
    for mid in store.meeting_ids():
        structured |= {store.registrations(mid).path(pid), store.sent(mid).path(pid)}
        registrations = store.registrations(mid)
        if registrations.exists(pid):
            data.registrations.append(RegistrationData(mid, registrations.load(pid)))
        for number, question in sorted(store.questions(mid).load_all().items(), key=lambda kv: _number(kv[0])):
            if question.by == pid:
                data.questions.append(QuestionData(mid, number, question))
        for theme_id, theme in store.themes(mid).load_all().items():
            if theme.by == pid:
                data.themes.append(ThemeData(mid, theme_id, theme))
        sent = store.sent(mid)
        if sent.exists(pid):
            data.sent.append(SentData(mid, sent.load(pid)))
    needles = [n.casefold() for n in (data.participant.name, data.participant.email) if n.strip()]
    data.mentioned_in = [_relative(store, p) for p in _mentioning(store.root, needles) if p not in structured]
    return data


def write_export(path: Path, text: str) -> None:
    """Write an export where the organizer asked (outside the folder, usually), atomically."""
    write_atomic(path, text.encode("utf-8"))


def _number(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isascii() and text.isdigit() else (0, text)


# --- samling participant forget ------------------------------------------------------------------


@dataclass
class Anonymized:
    meeting: str
    was: str  # path of the registration, relative to the folder
    now: str  # its anonymous path
    unregistered: bool  # the meeting was still ahead: the place was given up first
    promoted: list[str] = field(default_factory=list)  # moved up from the waitlist as a consequence


@dataclass
class Erasure:
    """What ``forget`` did (or with ``dry_run``, would do)."""

    id: str
    name: str
    email: str
    dry_run: bool
    removed: list[str] = field(default_factory=list)  # files removed (relative paths)
    anonymized: list[Anonymized] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)  # "path: key" of every field emptied
    review: list[str] = field(default_factory=list)  # files whose free text may still name them


def forget(store: Store, ref: str, *, dry_run: bool = False) -> Erasure:
    """Erase one person from the folder (see the module's docstring), under the network's lock
    and each meeting's in turn. Everything is read once first, without writing, so that a broken
    record stops the erasure before it begins rather than half-way."""
    pid = find_participant(store, ref)
    with store.lock():
        erasure = _erase(store, pid, dry_run=True)
        return erasure if dry_run else _erase(store, pid, dry_run=False)


def _erase(store: Store, pid: str, *, dry_run: bool) -> Erasure:
    person = store.participants.load(pid)
    erasure = Erasure(pid, person.name, person.email, dry_run)
    needles = [n.casefold() for n in (person.name, person.email) if n.strip()]
    for mid in store.meeting_ids():
        with store.lock(mid):
            _forget_in_meeting(store, mid, pid, needles, erasure)
    for oid, org in store.organizations.load_all().items():
        if org.contact == pid:
            erasure.cleared.append(f"{_relative(store, store.organizations.path(oid))}: contact")
            if not dry_run:
                store.organizations.save(oid, org.model_copy(update={"contact": None}))
    path = store.participants.path(pid)
    erasure.removed.insert(0, _relative(store, path))
    if not dry_run:
        _remove(store, path)
    gone = {store.root / p for p in erasure.removed} | {store.root / a.was for a in erasure.anonymized}
    erasure.review = [_relative(store, p) for p in _mentioning(store.root, needles) if p not in gone]
    return erasure


def _forget_in_meeting(store: Store, mid: str, pid: str, needles: list[str], erasure: Erasure) -> None:
    dry_run = erasure.dry_run
    registrations = store.registrations(mid)
    anonymous_id: str | None = None
    if registrations.exists(pid):
        state = MeetingState.load(store, mid)
        registration = state.registrations[pid]
        ahead = registration.active and not state.meeting.closed and not is_over(state)
        promoted: list[str] = []
        if ahead and not state.meeting.cancelled:
            # Someone who is forgotten cannot come: their place goes to the waitlist, as for anyone.
            snapshot = dict(state.registrations)
            promoted = unregister_in(state, pid).promoted
            if not dry_run:
                state.save_changes(snapshot)
            registration = state.registrations[pid]
        anonymous_id = _anonymous_id(registrations.ids())
        erasure.anonymized.append(
            Anonymized(
                mid,
                _relative(store, registrations.path(pid)),
                _relative(store, registrations.path(anonymous_id)),
                ahead,
                promoted,
            )
        )
        if not dry_run:
            registrations.create(anonymous_id, _anonymous(state, pid, registration))
            _remove(store, registrations.path(pid))
    questions = store.questions(mid)
    for number, question in questions.load_all().items():
        if question.by == pid:
            erasure.cleared.append(f"{_relative(store, questions.path(number))}: by")
            if not dry_run:
                questions.save(number, question.model_copy(update={"by": None}))
    themes = store.themes(mid)
    for theme_id, theme in themes.load_all().items():
        if theme.by == pid:
            erasure.cleared.append(f"{_relative(store, themes.path(theme_id))}: by")
            if not dry_run:
                themes.save(theme_id, theme.model_copy(update={"by": None}))
    _forget_in_room(store, mid, pid, anonymous_id, erasure)
    sent = store.sent(mid)
    if sent.exists(pid):
        erasure.removed.append(_relative(store, sent.path(pid)))
        if not dry_run:
            _remove(store, sent.path(pid))
    # Generated files (lists, badges, invitations, calendars) are made again by the commands
    # that wrote them; those that show the person go now.
    out = store.meeting_folder(mid) / "out"
    own = sorted(p for p in out.rglob(f"{pid}.*") if p.is_file()) if out.is_dir() else []  # their personal files
    mentioning = _mentioning(out, needles)
    # what `samling minutes` wrote last (its base for merging) is generated text too
    base = store.meeting_folder(mid) / "minutes.generated.md"
    if base.is_file() and _names(base.read_text("utf-8", errors="replace").casefold(), needles):
        mentioning.insert(0, base)
    for path in mentioning + [p for p in own if p not in mentioning]:
        if path.name not in KEPT_OUTPUTS:
            erasure.removed.append(_relative(store, path))
            if not dry_run:
                store.remove(path)


def _forget_in_room(store: Store, mid: str, pid: str, anonymous_id: str | None, erasure: Erasure) -> None:
    """Action items no longer name them; their place in a workshop group stays, as their
    anonymous registration (if they had one)."""
    dry_run = erasure.dry_run
    actions = store.actions(mid)
    for number, action in actions.load_all().items():
        if action.who == pid:
            erasure.cleared.append(f"{_relative(store, actions.path(number))}: who")
            if not dry_run:
                actions.save(number, action.model_copy(update={"who": None}))
    groups = store.load_groups(mid)
    if groups is not None and any(pid in g.members for g in groups.groups):
        erasure.cleared.append(f"{_relative(store, store.groups_path(mid))}: members")
        if not dry_run:
            changed = [
                g.model_copy(update={"members": [anonymous_id or "" if m == pid else m for m in g.members]})
                for g in groups.groups
            ]
            for g in changed:
                g.members[:] = [m for m in g.members if m]
            store.save_groups(mid, groups.model_copy(update={"groups": changed}))


def _anonymous(state: MeetingState, pid: str, registration: Registration) -> Registration:
    """What stays of a forgotten person's registration: when, where, in which state, from which
    organization, and what it cost (fixed if the meeting is closed, else by the rules); nothing
    they wrote (a diet, a note)."""
    return Registration(
        session=registration.session,
        status=registration.status,
        seq=registration.seq,
        registered_at=registration.registered_at,
        online=registration.online,
        late=registration.late,
        cancelled_at=registration.cancelled_at,
        attended=registration.attended,
        organization=state.organization_of(pid),
        member=state.is_member(pid),
        organization_name=state.org_name(pid) or None,
        fee=registration.fee,
        fee_reason=registration.fee_reason,
        anonymous=True,
    )


_ANONYMOUS = re.compile(rf"^{ANONYMOUS_PREFIX}(\d+)$")


def _anonymous_id(taken: list[str]) -> str:
    numbers = [int(m[1]) for m in map(_ANONYMOUS.match, taken) if m]
    return f"{ANONYMOUS_PREFIX}{max(numbers, default=0) + 1}"


def _mentioning(folder: Path, needles: list[str]) -> list[Path]:
    """Every file under ``folder`` (hidden ones left out) whose text contains one of ``needles``
    (casefolded), in path order."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            try:
                text = path.read_bytes().decode("utf-8", errors="replace").casefold()
            except OSError:
                continue
            if _names(text, needles):
                found.append(path)
    return found


def _names(text: str, needles: list[str]) -> bool:
    """Whether ``text`` (casefolded) holds one of ``needles`` as a whole: "Person 1" is not in
    "Person 10", "ada@example.se" not in "linda@example.se"."""
    import re

    return any(re.search(rf"(?<![\w@.]){re.escape(needle)}(?![\w@])", text) for needle in needles if needle)


def _remove(store: Store, path: Path) -> None:
    store.remove(path)


def _relative(store: Store, path: Path) -> str:
    return path.relative_to(store.root).as_posix()
