"""The registration rules as pure functions, tested exhaustively with hypothesis."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from samling.domain import rules
from samling.domain.rules import Entry, FeeRule, Policy

ORGS = {"a": True, "b": True, "c": True, "x": False}  # x is not a member
PEOPLE = {f"p{n}": org for n, org in enumerate(["a", "a", "a", "b", "b", "c", "x", "x", "a", "b", "c", "x"])}
SESSIONS = ("east", "west")


def entry(pid: str, session: str = "east", online: bool = False, seq: int = 1) -> Entry:
    org = PEOPLE.get(pid, "a")
    return Entry(pid, org, ORGS[org], session, online, "waitlisted", seq)


class Simulation:
    """Replays operations through the rules, as the registration service does."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.entries: list[Entry] = []
        self.seq = 0
        self.arrival: list[str] = []

    def register(self, pid: str, session: str, online: bool) -> None:
        if any(e.participant == pid and e.status != "cancelled" for e in self.entries):
            return
        self.seq += 1
        new = entry(pid, session, online, self.seq)
        self.entries, _ = rules.add(self.entries, new, self.policy)
        self.entries, promoted = rules.promote(self.entries, self.policy)
        self.check_members_first(promoted)

    def unregister(self, pid: str) -> list[Entry]:
        if not any(e.participant == pid and e.status != "cancelled" for e in self.entries):
            return []
        before = {e.participant: e for e in self.entries}
        self.entries, promoted = rules.cancel(self.entries, pid, self.policy)
        waiting_before = [e for e in before.values() if e.status == "waitlisted"]
        for p in promoted:
            assert before[p.participant].status == "waitlisted"
        self.check_members_first(promoted)
        return promoted if waiting_before else []

    def check_members_first(self, promoted: list[Entry]) -> None:
        """Members come before non-members on the waitlist: a non-member is never promoted while a
        member still waits for the same session."""
        for p in promoted:
            if not p.member:
                assert not any(e.member for e in rules.waitlist(self.entries, p.session)), (
                    "a non-member was promoted over a waiting member"
                )


operations = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.sampled_from(sorted(PEOPLE)), st.sampled_from(SESSIONS), st.booleans()),
        st.tuples(st.just("unregister"), st.sampled_from(sorted(PEOPLE)), st.just(""), st.just(False)),
    ),
    max_size=40,
)
policies = st.builds(
    Policy,
    capacities=st.fixed_dictionaries({s: st.one_of(st.none(), st.integers(0, 4)) for s in SESSIONS}),
    fees=st.builds(FeeRule, free_per_organization=st.integers(0, 2), fee=st.just(Decimal(450))),
    deadline_passed=st.booleans(),
)


def replay(policy: Policy, ops: list[tuple[str, str, str, bool]]) -> Simulation:
    sim = Simulation(policy)
    for op, pid, session, online in ops:
        if op == "register":
            sim.register(pid, session, online)
        else:
            sim.unregister(pid)
        check_invariants(sim)
    return sim


def check_invariants(sim: Simulation) -> None:
    policy, entries = sim.policy, sim.entries
    for session in SESSIONS:
        capacity = policy.capacities[session]
        seated = rules.seated(entries, session)
        if capacity is not None:
            assert seated <= capacity, "a session is over capacity"
        # Nobody eligible waits while a seat is free (the waitlist is always served).
        free = rules.free_seats(entries, policy, session)
        waiting = [e for e in rules.waitlist(entries, session) if rules.eligible(e, policy)]
        if waiting:
            assert free == 0, "an eligible participant waits while a seat is free"
        # Online participants never wait for a seat.
        assert not any(e.online and e.status == "waitlisted" for e in entries)
        # Served in order: a member still waiting arrived after everyone seated in that session
        # (anyone seated later than a waiting member jumped the queue).
        seated_seqs = [e.seq for e in entries if e.session == session and e.status == "registered" and not e.online]
        for waiting_member in (e for e in rules.waitlist(entries, session) if e.member):
            assert all(waiting_member.seq > s for s in seated_seqs), "the waitlist was not served in order"
    fees = rules.fees(entries, policy.fees)
    free_by_org: dict[str, int] = {}
    for pid, fee in fees.items():
        if fee.amount == 0 and fee.reason == "free":
            org = PEOPLE[pid]
            free_by_org[org] = free_by_org.get(org, 0) + 1
            assert ORGS[org], "a non-member got a free place"
    assert all(n <= policy.fees.free_per_organization for n in free_by_org.values())
    assert set(fees) == {e.participant for e in entries if e.status == "registered"}
    assert len({e.participant for e in entries}) == len(entries), "a participant has two records"


@settings(max_examples=300, deadline=None)
@given(policies, operations)
def test_invariants_hold_for_any_sequence(policy: Policy, ops: list[tuple[str, str, str, bool]]) -> None:
    replay(policy, ops)


@settings(max_examples=100, deadline=None)
@given(policies, operations)
def test_replaying_gives_the_same_result(policy: Policy, ops: list[tuple[str, str, str, bool]]) -> None:
    assert replay(policy, ops).entries == replay(policy, ops).entries


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.lists(st.sampled_from([p for p, o in PEOPLE.items() if ORGS[o]]), unique=True, min_size=1))
def test_waitlist_is_served_in_order_of_arrival(capacity: int, members: list[str]) -> None:
    """Members only, one session: whoever is seated when seats free up is who came first."""
    sim = Simulation(Policy({"east": capacity, "west": None}))
    for pid in members:
        sim.register(pid, "east", False)
    seated = [e.participant for e in sorted(sim.entries, key=lambda e: e.seq) if e.status == "registered"]
    assert seated == members[:capacity]
    for leaving in list(seated):
        sim.unregister(leaving)
        now_seated = [e.participant for e in sorted(sim.entries, key=lambda e: e.seq) if e.status == "registered"]
        remaining = [p for p in members if p not in seated[: seated.index(leaving) + 1]]
        assert now_seated == remaining[:capacity]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 3), st.permutations(sorted(PEOPLE)))
def test_freed_seats_go_to_members_first_then_in_order_of_arrival(capacity: int, arrivals: list[str]) -> None:
    """After the deadline everyone may take a seat; those who find the session full wait, and the
    seats that free up go to the waiting members first, then to the non-members, each in order of
    arrival."""
    sim = Simulation(Policy({"east": capacity, "west": None}, deadline_passed=True))
    for pid in arrivals:
        sim.register(pid, "east", False)
    seated, waiting = arrivals[:capacity], arrivals[capacity:]
    assert [e.participant for e in sim.entries if e.status == "registered"] == seated
    served = sorted(waiting, key=lambda pid: (not ORGS[PEOPLE[pid]], arrivals.index(pid)))
    assert [e.participant for e in rules.waitlist(sim.entries, "east")] == served
    promoted: list[str] = []
    while holding := [e.participant for e in sim.entries if e.status == "registered"]:
        promoted += [e.participant for e in sim.unregister(holding[0])]
    assert promoted == served


def test_members_first_non_members_wait_until_deadline() -> None:
    policy = Policy({"east": 2})
    entries, placed = rules.add([], entry("p6", seq=1), policy)  # p6 is from x, a non-member
    assert placed.status == "waitlisted"
    entries, placed = rules.add(entries, entry("p0", seq=2), policy)
    assert placed.status == "registered"  # the member does not queue behind the non-member
    entries, promoted = rules.promote(entries, policy)
    assert promoted == []
    entries, promoted = rules.promote(entries, Policy({"east": 2}, deadline_passed=True))
    assert [e.participant for e in promoted] == ["p6"]


def test_admit_all_admits_non_members_before_the_deadline() -> None:
    policy = Policy({"east": 1})
    entries, _ = rules.add([], entry("p6", seq=1), policy)
    entries, promoted = rules.promote(entries, policy, admit_all=True)
    assert [e.participant for e in promoted] == ["p6"]


def test_free_place_passes_to_the_next_from_the_same_organization() -> None:
    rule = FeeRule(free_per_organization=1, fee=Decimal(450), non_member_fee=Decimal(600))
    policy = Policy({"east": None}, rule, deadline_passed=True)
    entries: list[Entry] = []
    for n, pid in enumerate(["p0", "p1", "p2", "p6"], start=1):
        entries, _ = rules.add(entries, entry(pid, seq=n), policy)
    before = rules.fees(entries, rule)
    assert [before[p].amount for p in ("p0", "p1", "p2", "p6")] == [0, 450, 450, 600]
    assert before["p6"].reason == "non-member"
    entries, _ = rules.cancel(entries, "p0", policy)
    after = rules.fees(entries, rule)
    changes = rules.fee_changes(before, after, skip=["p0"])
    assert [(c.participant, c.before.amount, c.after.amount) for c in changes] == [("p1", 450, 0)]


def test_online_fee_and_seats() -> None:
    rule = FeeRule(free_per_organization=1, fee=Decimal(450), online_fee=Decimal(100))
    policy = Policy({"east": 0}, rule)
    entries, placed = rules.add([], entry("p0", online=True, seq=1), policy)
    assert placed.status == "registered"  # online takes no seat, even when there are none
    entries, _ = rules.add(entries, entry("p1", online=True, seq=2), policy)
    fees = rules.fees(entries, rule)
    assert (fees["p0"].amount, fees["p1"].amount, fees["p1"].reason) == (0, 100, "online")
