"""``samling check``: every record and every cross-reference, all problems at once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from samling import ids
from samling.errors import InvalidRecord, Problem
from samling.models import Meeting, Network, Registration
from samling.models.mailings import Requests
from samling.models.room import Groups
from samling.store import (
    MEETING_FILE,
    NETWORK_FILE,
    THEMES_FOLDER,
    Collection,
    Store,
    is_record_file,
)


def _linked_templates(store: Store) -> list[Problem]:
    """A network's templates are read only from regular files inside the folder: a symbolic link
    among them is refused when used, and named here before it is."""
    import os

    found = []
    templates = store.root / "templates"
    if templates.is_symlink():
        return [Problem(templates, None, "is a symbolic link; samling reads no template through a link: replace it")]
    for folder, subfolders, names in os.walk(templates):
        for name in sorted(subfolders + names):
            path = Path(folder) / name
            if path.is_symlink():
                found.append(
                    Problem(path, None, "is a symbolic link; samling reads no template through a link: replace it")
                )
    return found


def _broken(error: InvalidRecord) -> list[Problem]:
    """A broken record's problems; for a file a git merge left with conflict markers, that."""
    from samling.domain.repair import has_conflict

    path = error.problems[0].path if error.problems else None
    if path is None or not has_conflict(path):
        return error.problems
    return [
        Problem(
            path,
            None,
            "has an unresolved git merge conflict (<<<<<<< ======= >>>>>>>); `samling check --fix` keeps "
            "both sides of a question, decision, action item, date or sent/ file; elsewhere keep the right "
            "lines and delete the marker lines",
        )
    ]


def _load_each(collection: Collection[Any], problems: list[Problem], present: set[str] | None = None) -> dict[str, Any]:
    """The valid records of ``collection``; each broken one is a problem. ``present`` receives the
    id of every record file, broken or not: a record that is there but broken is not missing."""
    records: dict[str, Any] = {}
    if not collection.folder.is_dir():
        return records
    for path in sorted(collection.folder.iterdir()):
        if not is_record_file(path):
            if path.suffix.lower() == ".toml" and not path.name.startswith(".") and path.is_file():
                problems.append(
                    Problem(path, None, f"is not read: a record file ends in .toml; rename it to {path.stem}.toml")
                )
            continue
        if present is not None:
            present.add(path.stem)
        if ids.is_reserved(path.stem):
            problems.append(
                Problem(
                    path,
                    None,
                    f"{path.stem!r} is a name Windows reserves for a device, so this file cannot be used "
                    "there; rename it (and the references to it)",
                )
            )
        elif not ids.is_valid(path.stem):
            problems.append(
                Problem(
                    path,
                    None,
                    f"{path.name!r} is not a valid file name for a record; rename it "
                    f"to lowercase a-z, digits and hyphens, e.g. {ids.slug(path.stem) or 'name'}.toml",
                )
            )
        try:
            records[path.stem] = collection.cache.load(path, collection.model)  # read once: the rules reuse it
        except InvalidRecord as error:
            problems.extend(_broken(error))
    return records


def check(store: Store) -> list[Problem]:
    problems: list[Problem] = [
        Problem(journal, None, f"{told}: run `samling check` again when it has finished")
        for journal, told in store.under_way
    ]
    try:
        store.cache.load(store.root / NETWORK_FILE, Network)
    except InvalidRecord as error:
        problems.extend(_broken(error))

    # The ids of the files there, broken or not: a reference to a broken record is no second
    # problem (the broken file is reported once, as itself).
    org_ids: set[str] = set()
    people_ids: set[str] = set()
    venue_ids: set[str] = set()
    orgs = _load_each(store.organizations, problems, org_ids)
    people = _load_each(store.participants, problems, people_ids)
    venues = _load_each(store.venues, problems, venue_ids)

    emails: dict[str, str] = {}
    for pid, person in people.items():
        path = store.participants.path(pid)
        if person.organization and person.organization not in org_ids:
            problems.append(
                Problem(
                    path,
                    "organization",
                    f"no organization {person.organization!r} "
                    "(organizations/ has no such file); fix the id or add it with `samling org add`",
                )
            )
        address = person.email.casefold()
        if address in emails:
            problems.append(
                Problem(
                    path,
                    "email",
                    f"{person.email} is also the address of participants/"
                    f"{emails[address]}.toml; one person, one record: `samling participant merge "
                    f"{' '.join(sorted((emails[address], pid), key=lambda p: (len(p), p)))}`, or `samling check --fix`",
                )
            )
        else:
            emails[address] = pid
    for oid, org in orgs.items():
        if org.contact and org.contact not in people_ids:
            problems.append(Problem(store.organizations.path(oid), "contact", f"no participant {org.contact!r}"))

    problems.extend(_linked_templates(store))
    folder = store.meetings_folder
    if folder.is_dir():
        for meeting_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            path = meeting_dir / MEETING_FILE
            if not path.is_file():
                if any(not f.name.startswith(".") for f in meeting_dir.rglob("*") if not f.is_dir()):
                    problems.append(Problem(meeting_dir, None, f"has no {MEETING_FILE}; a meeting folder needs one"))
                # else only samling's own lock is left, of a `samling new` that was undone: no meeting
                continue
            if not ids.is_valid(meeting_dir.name):
                problems.append(
                    Problem(meeting_dir, None, "is not a valid meeting id (lowercase a-z, digits, hyphens)")
                )
            _old_themes_folder(meeting_dir, problems)
            try:
                meeting = store.cache.load(path, Meeting)
            except InvalidRecord as error:
                problems.extend(_broken(error))
                # Its other records are still read, so that every broken file is named at once.
                mid = meeting_dir.name
                for collection in (store.registrations(mid), store.questions(mid), store.themes(mid), store.sent(mid)):
                    _load_each(collection, problems)
                continue
            _check_meeting(store, meeting_dir.name, meeting, people_ids, venues, venue_ids, problems)
    return problems


def registration_problems(
    store: Store, mid: str, meeting: Meeting, registrations: dict[str, Registration], people: set[str]
) -> list[Problem]:
    """What no rule can work with: a registration for a session the meeting does not have, or of a
    participant there is no file for. `samling check` reports them; the commands that read the
    meeting refuse to go on with them (``MeetingState.load``)."""
    problems: list[Problem] = []
    for pid, registration in registrations.items():
        reg_path = store.registrations(mid).path(pid)
        if registration.anonymous:
            # A forgotten person (`samling participant forget`): no participant, by design.
            if registration.member is None:
                problems.append(
                    Problem(reg_path, "member", "an anonymous registration keeps whether its organization was a member")
                )
        elif pid not in people:
            problems.append(Problem(reg_path, None, f"no participant {pid!r} (the file name is the participant's id)"))
        if meeting.session(registration.session) is None:
            problems.append(
                Problem(
                    reg_path,
                    "session",
                    f"the meeting has no session {registration.session!r} "
                    f"(it has: {', '.join(s.id for s in meeting.sessions)})",
                )
            )
    return problems


def _old_themes_folder(meeting_dir: Path, problems: list[Problem]) -> None:
    """Themes were kept in ``topics/`` (a word that also names a question's label); samling now
    reads ``themes/`` only, so a ``topics/`` left behind would silently lose its themes."""
    old = meeting_dir / "topics"
    if not old.is_dir():
        return
    new = f"meetings/{meeting_dir.name}/{THEMES_FOLDER}"
    if (meeting_dir / THEMES_FOLDER).exists():
        advice = f"move its files into {new}/ and remove it"
    else:
        advice = f"rename it: git mv meetings/{meeting_dir.name}/topics {new}"
    problems.append(
        Problem(old, None, f"the themes folder is now called {THEMES_FOLDER}/ and this one is not read; {advice}")
    )


def _check_meeting(
    store: Store,
    mid: str,
    meeting: Meeting,
    people: set[str],
    venues: dict[str, Any],
    venue_ids: set[str],
    problems: list[Problem],
) -> None:
    path = store.meeting_path(mid)
    for n, session in enumerate(meeting.sessions):
        if session.venue and session.venue not in venue_ids:
            problems.append(
                Problem(
                    path,
                    f"sessions[{n}].venue",
                    f"no venue {session.venue!r}; fix the id or add it with `samling venue add`",
                )
            )
    registrations: dict[str, Registration] = _load_each(store.registrations(mid), problems)
    seqs = Counter(r.seq for r in registrations.values())
    problems.extend(registration_problems(store, mid, meeting, registrations, people))
    for pid, registration in registrations.items():
        reg_path = store.registrations(mid).path(pid)
        if seqs[registration.seq] > 1:
            problems.append(
                Problem(
                    reg_path,
                    "seq",
                    f"{registration.seq} is used by {seqs[registration.seq]} "
                    "registrations (a merge?); `samling check --fix` numbers them in order of arrival",
                )
            )
    questions = _load_each(store.questions(mid), problems)
    for number, question in questions.items():
        q_path = store.questions(mid).path(number)
        # "²".isdigit() is true, and int("²") fails: a number is ASCII digits.
        if not (number.isascii() and number.isdigit()):
            problems.append(Problem(q_path, None, "a question's file name is its number, e.g. 3.toml"))
        if question.by and question.by not in people:
            problems.append(Problem(q_path, "by", f"no participant {question.by!r}"))
        if question.origin:
            origin_meeting, _, origin_number = question.origin.partition("/")
            if not store.questions(origin_meeting).exists(origin_number):
                problems.append(Problem(q_path, "origin", f"no question {question.origin!r} to carry over"))
    for theme_id, theme in _load_each(store.themes(mid), problems).items():
        if theme.by and theme.by not in people:
            problems.append(Problem(store.themes(mid).path(theme_id), "by", f"no participant {theme.by!r}"))
    _check_room(store, mid, meeting, people, set(registrations), problems)
    _check_ledgers(store, mid, people, problems)
    for pid in _load_each(store.declines(mid), problems):
        if pid not in people:
            problems.append(Problem(store.declines(mid).path(pid), None, f"no participant {pid!r}"))
    if store.requests_path(mid).exists():
        try:
            store.cache.load(store.requests_path(mid), Requests)
        except InvalidRecord as error:
            problems.extend(_broken(error))
    from samling.domain.state import session_capacity

    for n, session in enumerate(meeting.sessions):
        capacity = session_capacity(meeting, session, venues.get(session.venue) if session.venue else None)
        seated = sum(
            1 for r in registrations.values() if r.session == session.id and r.status == "registered" and not r.online
        )
        if capacity is not None and seated > capacity and not session.cancelled:
            problems.append(
                Problem(
                    path,
                    f"sessions[{n}]",
                    f"{seated} registered on site but only {capacity} seat{'' if capacity == 1 else 's'}; "
                    "raise the capacity, or let `samling check --fix` send the latest arrivals back to the waitlist",
                )
            )

    from samling.domain.repair import seat_problems

    problems.extend(seat_problems(store, mid))


def _check_room(
    store: Store, mid: str, meeting: Meeting, people: set[str], registered: set[str], problems: list[Problem]
) -> None:
    """Decisions, action items, dates and workshop groups: whom and which agenda item they name."""
    items = len(meeting.agenda)

    def item_problem(path: Path, item: int | None) -> None:
        if item is not None and item > items + 1:  # N + 1: the questions from participants
            problems.append(
                Problem(
                    path,
                    "item",
                    f"the agenda has {items} item{'' if items == 1 else 's'} and {items + 1} for the questions, "
                    f"not {item}; fix the number or the agenda",
                )
            )

    for number, decision in _load_each(store.decisions(mid), problems).items():
        item_problem(store.decisions(mid).path(number), decision.item)
    for number, action in _load_each(store.actions(mid), problems).items():
        path = store.actions(mid).path(number)
        item_problem(path, action.item)
        if action.who and action.who not in people:
            problems.append(Problem(path, "who", f"no participant {action.who!r}"))
        if action.done_in and not store.meeting_path(action.done_in).is_file():
            problems.append(Problem(path, "done_in", f"no meeting {action.done_in!r}"))
    _load_each(store.dates(mid), problems)
    path = store.groups_path(mid)
    if path.exists():
        try:
            groups = store.cache.load(path, Groups)
        except InvalidRecord as error:
            problems.extend(_broken(error))
            return
        seen: set[str] = set()
        for n, group in enumerate(groups.groups):
            for member in group.members:
                if member not in people and member not in registered:
                    problems.append(Problem(path, f"groups[{n}].members", f"no participant {member!r}"))
                if member in seen:
                    problems.append(Problem(path, f"groups[{n}].members", f"{member!r} is in two groups"))
                seen.add(member)


def _check_ledgers(store: Store, mid: str, people: set[str], problems: list[Problem]) -> None:
    """The record of what was sent (``sent/``): each file a person's, messages in the order they
    were handed over, and per calendar UID a SEQUENCE that rose with every message (a calendar
    ignores a message that does not raise it)."""
    sent = store.sent(mid)
    for pid, ledger in _load_each(sent, problems).items():
        path = sent.path(pid)
        if pid not in people:
            problems.append(Problem(path, None, f"no participant {pid!r} (the file name is the participant's id)"))
        last: dict[str, int] = {}
        said: dict[str, tuple[int, str, object]] = {}
        for n, message in enumerate(ledger.message):
            if n and message.at < ledger.message[n - 1].at:
                problems.append(
                    Problem(path, f"message[{n}].at", "is earlier than the message before it; keep them in order")
                )
            for action in message.calendar:
                # the same calendar message twice (two organizers sent it before a merge) is a
                # repeat a calendar takes as such, not an update it would ignore
                repeat = said.get(action.uid) == (action.sequence, action.method, message.told)
                said[action.uid] = (action.sequence, action.method, message.told)
                if action.sequence <= last.get(action.uid, -1) and not repeat:
                    problems.append(
                        Problem(
                            path,
                            f"message[{n}].calendar",
                            f"SEQUENCE {action.sequence} for {action.uid} is not higher than the "
                            f"{last[action.uid]} sent before it; a calendar would ignore this message",
                        )
                    )
                last[action.uid] = max(action.sequence, last.get(action.uid, -1))
