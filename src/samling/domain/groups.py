"""Workshop groups (seed 003: "vi jobbar i grupper"): those present split into groups that mix
organizations, so that nobody sits with a colleague when it can be avoided; the same people and
the same seed give the same groups. Kept in ``meetings/<id>/groups.toml`` for the minutes, with
the points each group noted."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from samling.domain.state import MeetingState
from samling.errors import InvalidInput, NotFound, RuleViolation
from samling.models.room import Group, Groups
from samling.store import Store


@dataclass(frozen=True)
class GroupMember:
    id: str
    name: str
    organization: str | None  # the organization's name, as the meeting knows it


@dataclass(frozen=True)
class GroupRow:
    number: int
    members: list[GroupMember]
    points: list[str]


@dataclass(frozen=True)
class GroupsView:
    """The groups of a meeting as the list and the minutes show them."""

    meeting_id: str
    seed: int
    size: int | None
    count: int | None
    topic: str | None
    groups: list[GroupRow]


def split(people: Sequence[tuple[str, str]], count: int, seed: int) -> list[list[str]]:
    """Deal ``people`` ((id, organization key) pairs) into ``count`` groups whose sizes differ by
    at most one, colleagues as far apart as they can be.

    The largest organizations are dealt first, one person per group in turn, as cards are dealt:
    an organization's people land in consecutive groups, so two of them share a group only when
    it has more people than there are groups (and then as evenly as can be). ``seed`` shuffles
    who comes first within an organization and which of two equally large organizations goes
    first; nothing else (not the order of the input) changes the result."""
    if count < 1:
        raise ValueError("count must be at least 1")
    rng = random.Random(seed)
    by_org: dict[str, list[str]] = {}
    for pid, org in sorted(people):
        by_org.setdefault(org, []).append(pid)
    orgs = sorted(by_org)
    rng.shuffle(orgs)
    orgs.sort(key=lambda org: -len(by_org[org]))  # stable: equal sizes keep the shuffled order
    dealt: list[str] = []
    for org in orgs:
        members = by_org[org]
        rng.shuffle(members)
        dealt.extend(members)
    groups: list[list[str]] = [[] for _ in range(count)]
    for n, pid in enumerate(dealt):
        groups[n % count].append(pid)
    return [sorted(g) for g in groups]


def present(state: MeetingState, session: str | None = None) -> list[str]:
    """Who is in the room: those marked as having come, else those holding a place and not marked
    absent, at the session named (or the meeting's only one), online participants left out."""
    chosen = state.session_for(session)
    return sorted(
        pid
        for pid, r in state.registrations.items()
        if r.session == chosen.id
        and not r.online
        and (r.attended is True or (r.status == "registered" and r.attended is not False))
    )


def make_groups(
    store: Store,
    mid: str,
    *,
    size: int | None = None,
    count: int | None = None,
    seed: int = 0,
    topic: str | None = None,
    session: str | None = None,
    force: bool = False,
) -> GroupsView:
    """Split those present into groups of ``size`` (at most; as even as can be) or into ``count``
    groups, and record them. Groups that already hold points are replaced only with ``force``."""
    if (size is None) == (count is None):
        raise InvalidInput("give either --size N (people per group) or --count N (number of groups)")
    with store.lock(mid):
        earlier = store.load_groups(mid)
        if earlier is not None and not force and any(g.points for g in earlier.groups):
            noted = sum(len(g.points) for g in earlier.groups)
            raise RuleViolation(
                f"the groups of {mid} have {noted} point{'' if noted == 1 else 's'} noted "
                "(groups.toml); new groups would lose them",
                "give --force to make new groups anyway",
            )
        state = MeetingState.load(store, mid)
        pids = present(state, session)
        if not pids:
            raise RuleViolation(
                f"nobody is present at {mid} to put in groups",
                "register the participants, or record who came with `samling attended`",
            )
        wanted = math.ceil(len(pids) / size) if size is not None else count
        assert wanted is not None
        number = max(1, min(wanted, len(pids)))
        people = [(pid, state.organization_of(pid) or f"~{pid}") for pid in pids]  # no organization: nobody's colleague
        split_up = split(people, number, seed)
        record = Groups(
            seed=seed,
            size=size,
            count=count,
            topic=(topic or "").strip() or None,
            groups=[Group(number=n, members=members) for n, members in enumerate(split_up, start=1)],
        )
        store.save_groups(mid, record)
    return view(store, mid, record)


def add_point(store: Store, mid: str, number: int, text: str) -> GroupsView:
    """Note a point of group ``number`` (appended to what it noted before)."""
    if not text.strip():
        raise InvalidInput("the point must not be empty")
    with store.lock(mid):
        record = store.load_groups(mid)
        if record is None:
            raise NotFound(f"meeting {mid} has no workshop groups", "make them with `samling groups --size N`")
        numbers = [g.number for g in record.groups]
        if number not in numbers:
            raise NotFound(f"meeting {mid} has no group {number}", f"its groups are {', '.join(map(str, numbers))}")
        groups = [
            g.model_copy(update={"points": [*g.points, text.strip()]}) if g.number == number else g
            for g in record.groups
        ]
        record = record.model_copy(update={"groups": groups})
        store.save_groups(mid, record)
    return view(store, mid, record)


def view(store: Store, mid: str, record: Groups) -> GroupsView:
    state = MeetingState.load(store, mid)

    def member(pid: str) -> GroupMember:
        if pid in state.people:
            return GroupMember(pid, state.people[pid].name, state.org_name(pid) or None)
        return GroupMember(pid, pid, None)  # removed since: the id is all there is

    return GroupsView(
        mid,
        record.seed,
        record.size,
        record.count,
        record.topic,
        [GroupRow(g.number, [member(p) for p in g.members], list(g.points)) for g in record.groups],
    )


def group_rows(store: Store, mid: str) -> GroupsView | None:
    """The workshop groups of meeting ``mid`` with names and organizations (None: none made)."""
    record = store.load_groups(mid)
    return view(store, mid, record) if record is not None else None
