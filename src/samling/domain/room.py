"""What the meeting room records for the minutes and the next meeting: decisions, action items
(carried to each next meeting until done, as 4minitz does) and important dates.

Each record is a numbered file under the meeting's folder; an action is referred to elsewhere as
``<meeting-id>/<n>``. The read functions return typed rows for the minutes and the agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from samling import clock
from samling.domain.people import build, find_organization, find_participant
from samling.errors import InvalidInput, NotFound, RuleViolation
from samling.models import Meeting
from samling.models.room import Action, Decision, ImportantDate
from samling.store import Collection, Store

M = TypeVar("M", bound=BaseModel)

# --- what the minutes and the agenda read ------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    meeting_id: str
    number: int
    text: str
    item: int | None  # the agenda item (1-based, as the agenda numbers them), None: not under one
    decided_at: dt.date | None


@dataclass(frozen=True)
class ActionRow:
    meeting_id: str  # the meeting where it was agreed
    number: int
    text: str
    who: str | None  # a participant id
    who_name: str | None  # who, as the minutes write it: the participant's name, or the text given
    who_organization: str | None  # the participant's organization's name, if any
    due: dt.date | None
    item: int | None
    created_at: dt.date | None
    done: bool
    done_at: dt.date | None
    done_in: str | None  # the meeting where it was reported done

    @property
    def ref(self) -> str:
        """``<meeting-id>/<n>``: how `samling action done` names it from another meeting."""
        return f"{self.meeting_id}/{self.number}"


DateKind = Literal["added", "action", "meeting", "deadline"]


@dataclass(frozen=True)
class DateRow:
    """A date for the minutes' list of important dates, in bold. ``kind``: ``added`` by the
    organizer (``text`` is theirs), ``action`` an open action item's due date (``text`` the
    action's, ``who_name`` its person), ``meeting`` a later meeting's session (``text`` its
    title), ``deadline`` a later meeting's registration deadline (``text`` its title)."""

    date: dt.date
    kind: DateKind
    text: str
    ref: str  # "<meeting-id>/<n>" of the date or action, or the later meeting's id
    who_name: str | None = None


def _numbers(collection: Collection[Any]) -> list[int]:
    return sorted(int(i) for i in collection.ids() if i.isascii() and i.isdigit())


def decisions(store: Store, mid: str) -> list[DecisionRow]:
    """The decisions recorded at meeting ``mid``, in the order they were taken."""
    collection = store.decisions(mid)
    records = collection.load_all()
    rows = []
    for n in _numbers(collection):
        d = records[str(n)]
        rows.append(DecisionRow(mid, n, d.text, d.item, d.decided_at))
    return rows


def _action_row(store: Store, mid: str, number: int, action: Action) -> ActionRow:
    name, organization = action.who_name, None
    if action.who is not None and store.participants.exists(action.who):
        person = store.participants.load(action.who)
        name = person.name
        if person.organization and store.organizations.exists(person.organization):
            organization = store.organizations.load(person.organization).name
    elif action.who is not None:
        name = name or action.who
    return ActionRow(
        mid,
        number,
        action.text,
        action.who,
        name,
        organization,
        action.due,
        action.item,
        action.created_at,
        bool(action.done),
        action.done_at,
        action.done_in,
    )


def actions(store: Store, mid: str) -> list[ActionRow]:
    """The action items agreed at meeting ``mid`` (done or not), in order."""
    collection = store.actions(mid)
    records = collection.load_all()
    return [_action_row(store, mid, n, records[str(n)]) for n in _numbers(collection)]


def open_actions(store: Store, before_meeting_id: str | None = None) -> list[ActionRow]:
    """The action items still open from meetings earlier than ``before_meeting_id`` (meeting ids
    sort by date), oldest first: what the next meeting's agenda and minutes carry. With None,
    every open action item of every meeting."""
    return [
        row
        for mid in store.meeting_ids()
        if before_meeting_id is None or mid < before_meeting_id
        for row in actions(store, mid)
        if not row.done
    ]


def done_in(store: Store, mid: str) -> list[ActionRow]:
    """Action items of earlier meetings reported done at meeting ``mid`` (for its minutes)."""
    return [
        row
        for other in store.meeting_ids()
        if other < mid
        for row in actions(store, other)
        if row.done and row.done_in == mid
    ]


def all_actions(store: Store) -> list[ActionRow]:
    """Every meeting's action items, oldest meeting first."""
    return [row for mid in store.meeting_ids() for row in actions(store, mid)]


def added_dates(store: Store, mid: str) -> list[DateRow]:
    """The dates the organizer added to meeting ``mid`` with `samling date add`, by date."""
    collection = store.dates(mid)
    records = collection.load_all()
    rows = [DateRow(records[str(n)].date, "added", records[str(n)].text, f"{mid}/{n}") for n in _numbers(collection)]
    return sorted(rows, key=lambda r: (r.date, r.ref))


def important_dates(store: Store, mid: str) -> list[DateRow]:
    """Every date the minutes of meeting ``mid`` list in bold, by date: the dates the organizer
    added, the due dates of the action items open after it (its own and those carried to it),
    and the sessions and registration deadlines of the meetings after it (the meeting series)."""
    rows = added_dates(store, mid)
    for action in [*open_actions(store, mid), *actions(store, mid)]:
        if action.due is not None and not action.done:
            rows.append(DateRow(action.due, "action", action.text, action.ref, action.who_name))
    for later in store.meeting_ids():
        if later <= mid:
            continue
        meeting = store.load_meeting(later)
        if meeting.cancelled:
            continue
        if meeting.deadline is not None:
            rows.append(DateRow(meeting.deadline, "deadline", meeting.title, later))
        for session in meeting.sessions:
            if not session.cancelled:
                rows.append(DateRow(session.date, "meeting", meeting.title, later))
    unique = list(dict.fromkeys(rows))  # two sessions on one day are one date
    return sorted(unique, key=lambda r: (r.date, r.kind != "meeting", r.ref))


# --- recording them ---------------------------------------------------------------------------


def _check_item(meeting: Meeting, mid: str, item: int | None) -> None:
    """Items 1..N are the meeting's agenda; N + 1 is the questions from participants (as the
    agenda and the minutes number them)."""
    if item is None:
        return
    count = len(meeting.agenda)
    if not 1 <= item <= count + 1:
        raise InvalidInput(
            f"--item {item}: meeting {mid} has {count} agenda item{'' if count == 1 else 's'}"
            + (f" (1-{count})" if count else "")
            + f", and {count + 1} for the questions from participants",
            "leave out --item, or add the item to `agenda` in meeting.toml",
        )


def _record(model: type[M], what: str, arguments: dict[str, str], **fields: Any) -> M:
    """``build`` for a command whose values are arguments (TEXT, DATE): the error names them so."""
    for key, name in arguments.items():
        value = fields.get(key)
        if isinstance(value, str) and not value.strip():
            raise InvalidInput(f"{what}: {name} must not be empty")
    try:
        return build(model, what, **fields)
    except InvalidInput as error:
        for key, name in arguments.items():
            error.message = error.message.replace(f": --{key}:", f": {name}:")
        raise


def _next(collection: Collection[Any]) -> int:
    return max(_numbers(collection), default=0) + 1


def decide(store: Store, mid: str, text: str, item: int | None = None) -> DecisionRow:
    """Record a decision of meeting ``mid`` (under agenda item ``item``)."""
    with store.lock(mid):
        meeting = store.load_meeting(mid)
        _check_item(meeting, mid, item)
        decision = _record(
            Decision, "decide", {"text": "TEXT"}, text=text.strip(), item=item, decided_at=clock.today(store.network.tz)
        )
        collection = store.decisions(mid)
        number = _next(collection)
        collection.create(str(number), decision)
    return DecisionRow(mid, number, decision.text, decision.item, decision.decided_at)


def find_who(store: Store, ref: str) -> tuple[str | None, str | None]:
    """``--who``: a participant (id, email, exact name, or a part of one name), else an
    organization by id or name ("BiBK"). Returns (participant id, None) or (None, organization name)."""
    ref = ref.strip()
    if not ref:
        raise InvalidInput("--who must name who does it: a participant or an organization")
    try:
        return find_participant(store, ref), None
    except NotFound:
        pass
    needle = ref.casefold()
    matches = sorted(pid for pid, p in store.participants.load_all().items() if needle in p.name.casefold())
    if len(matches) == 1:
        return matches[0], None
    if len(matches) > 1:
        raise InvalidInput(
            f"--who {ref!r} matches {len(matches)} participants: {', '.join(matches)}",
            "give more of the name, or the id",
        )
    try:
        org = find_organization(store, ref)
    except NotFound:
        raise NotFound(
            f"--who {ref!r}: no participant or organization of that name",
            "name a participant by id, email or part of the name (`samling participant list`), or an organization",
        ) from None
    return None, store.organizations.load(org).name


def add_action(store: Store, mid: str, text: str, who: str, due: dt.date | None, item: int | None = None) -> ActionRow:
    """Record an action item agreed at meeting ``mid``: who does it, by when."""
    pid, name = find_who(store, who)
    with store.lock(mid):
        meeting = store.load_meeting(mid)
        _check_item(meeting, mid, item)
        action = _record(
            Action,
            "action add",
            {"text": "TEXT"},
            text=text.strip(),
            who=pid,
            who_name=name,
            due=due,
            item=item,
            created_at=clock.today(store.network.tz),
        )
        collection = store.actions(mid)
        number = _next(collection)
        collection.create(str(number), action)
    return _action_row(store, mid, number, action)


def parse_action_ref(mid: str, ref: str) -> tuple[str, int]:
    """``N`` (an action of meeting ``mid``) or ``MEETING-ID/N`` (one carried from an earlier meeting)."""
    meeting, _, number = ref.strip().rpartition("/")
    if not (number.isascii() and number.isdigit()) or int(number) < 1:
        raise InvalidInput(
            f"{ref!r} is not an action item", "give its number, or MEETING-ID/N for an earlier meeting's"
        )
    return (meeting or mid), int(number)


def set_done(store: Store, mid: str, ref: str, done: bool = True) -> ActionRow:
    """Mark an action item done at meeting ``mid`` (or, with ``done`` False, open again)."""
    owner, number = parse_action_ref(mid, ref)
    if owner not in store.meeting_ids():
        raise NotFound(f"no meeting {owner!r}", "list the action items with `samling actions`")
    if owner > mid:
        raise RuleViolation(
            f"action {owner}/{number} was agreed after meeting {mid}", "mark it done at that meeting or a later one"
        )
    with store.lock(owner):
        collection = store.actions(owner)
        if not collection.exists(str(number)):
            raise NotFound(f"meeting {owner} has no action item {number}", "list them with `samling actions`")
        action = collection.load(str(number))
        if done:
            if action.done:
                raise RuleViolation(
                    f"action {owner}/{number} is already done ({action.done_at})", "give --undo to open it again"
                )
            update: dict[str, object] = {"done": True, "done_at": clock.today(store.network.tz), "done_in": mid}
        else:
            update = {"done": None, "done_at": None, "done_in": None}
        action = action.model_copy(update=update)
        collection.save(str(number), action)
    return _action_row(store, owner, number, action)


def add_date(store: Store, mid: str, date: dt.date, text: str) -> DateRow:
    """Record a date to remember (shown in bold in the minutes of meeting ``mid``)."""
    with store.lock(mid):
        store.load_meeting(mid)
        record = _record(ImportantDate, "date add", {"date": "DATE", "text": "TEXT"}, date=date, text=text.strip())
        collection = store.dates(mid)
        number = _next(collection)
        collection.create(str(number), record)
    return DateRow(record.date, "added", record.text, f"{mid}/{number}")
