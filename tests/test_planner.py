"""The planner, alone: whatever happens to a meeting and whenever messages are sent, a calendar
that applies every message a person received ends with exactly the truth."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from samling.domain import rules
from samling.domain.planner import Due, MeetingTruth, PersonTruth, SessionTruth, fingerprint, plan, record
from samling.models.ledger import Ledger, SessionDetails

TZ = "Europe/Copenhagen"
SESSIONS = ("oest", "vest")
PEOPLE = ("anna", "bo", "carl", "dorte")
MEMBERS = {"anna": "aarhus", "bo": "aarhus", "carl": "odense", "dorte": None}


def details(session: str, hour: int, place: str, link: str | None) -> SessionDetails:
    start = dt.datetime(2027, 3, 9 if session == "oest" else 16, hour, 0, tzinfo=ZoneInfo(TZ))
    made = SessionDetails(
        session=session,
        title="Netværksmøde",
        start=start,
        end=start + dt.timedelta(hours=4),
        timezone=TZ,
        place=place,
        link=link,
    )
    return made.model_copy(update={"fingerprint": fingerprint(made)})


@dataclass
class World:
    """A meeting held east and west, its registrations decided by the real rules."""

    entries: list[rules.Entry] = field(default_factory=list)
    hours: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SESSIONS, 10))
    places: dict[str, str] = field(default_factory=lambda: {s: f"Biblioteket {s}" for s in SESSIONS})
    link: str | None = None
    sequences: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SESSIONS, 0))
    shown: dict[str, str] = field(default_factory=dict)  # session -> fingerprint last published
    session_cancelled: set[str] = field(default_factory=set)
    cancelled: bool = False
    seq: int = 0

    policy = rules.Policy(capacities={"oest": 1, "vest": 2}, fees=rules.FeeRule(1, Decimal(300)))

    def truth(self) -> tuple[MeetingTruth, list[PersonTruth]]:
        sessions = {}
        for s in SESSIONS:
            d = details(s, self.hours[s], self.places[s], self.link)
            if self.shown.get(s) not in (None, d.fingerprint):
                self.sequences[s] += 1  # as calendar.sync raises SEQUENCE when what the event shows changed
            self.shown[s] = d.fingerprint
            sessions[s] = SessionTruth(s, f"uid-{s}", self.sequences[s], s in self.session_cancelled, d)
        fees = rules.fees(self.entries, self.policy.fees)
        positions = {e.participant: n for s in SESSIONS for n, e in enumerate(rules.waitlist(self.entries, s), 1)}
        people = []
        by_person = {e.participant: e for e in self.entries}
        for pid in PEOPLE:
            e = by_person.get(pid)
            fee = fees.get(pid)
            people.append(
                PersonTruth(
                    pid,
                    MEMBERS[pid] is not None,
                    e.status if e else None,
                    e.session if e else None,
                    e.online if e else False,
                    fee.amount if fee else None,
                    positions.get(pid),
                )
            )
        return MeetingTruth("m", self.cancelled, sessions), people

    def register(self, pid: str, session: str) -> None:
        current = next((e for e in self.entries if e.participant == pid), None)
        if current is not None and current.status != "cancelled" and current.session == session:
            return
        self.seq += 1
        others = [e for e in self.entries if e.participant != pid]
        others, _ = rules.promote(others, self.policy)
        entry = rules.Entry(pid, MEMBERS[pid], MEMBERS[pid] is not None, session, False, "waitlisted", self.seq)
        self.entries, _ = rules.add(others, entry, self.policy)

    def unregister(self, pid: str) -> None:
        if any(e.participant == pid and e.status != "cancelled" for e in self.entries):
            self.entries, _ = rules.cancel(self.entries, pid, self.policy)


@dataclass
class Client:
    """A calendar program applying iTIP messages in order (RFC 5546): REQUEST adds or updates,
    CANCEL removes; an update or cancellation must carry a higher SEQUENCE than it holds."""

    events: dict[str, SessionDetails] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    def apply(self, due: Due) -> None:
        shown = {d.session: d for d in due.told.sessions}
        for action in due.calendar:
            known = self.sequences.get(action.uid)
            if known is not None:
                assert action.sequence > known, f"SEQUENCE {action.sequence} after {known} for {action.uid}"
            self.sequences[action.uid] = action.sequence
            if action.method == "REQUEST":
                self.events[action.uid] = shown[action.session]
            else:
                self.events.pop(action.uid, None)


operations = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.sampled_from(PEOPLE), st.sampled_from(SESSIONS)),
        st.tuples(st.just("unregister"), st.sampled_from(PEOPLE), st.just("")),
        st.tuples(st.just("time"), st.sampled_from(SESSIONS), st.integers(8, 12)),
        st.tuples(st.just("place"), st.sampled_from(SESSIONS), st.sampled_from(["Hovedbiblioteket", "Rådhuset"])),
        st.tuples(
            st.just("link"),
            st.sampled_from([None, "https://meet.example.dk/a", "https://meet.example.dk/b"]),
            st.just(""),
        ),
        st.tuples(st.just("cancel-session"), st.sampled_from(SESSIONS), st.just("")),
        st.tuples(st.just("cancel"), st.booleans(), st.just("")),
        st.tuples(st.just("send"), st.just(""), st.just("")),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_a_calendar_that_applies_every_message_shows_the_truth(ops: list[tuple[str, object, object]]) -> None:
    world = World()
    ledgers: dict[str, Ledger] = {}
    clients = {pid: Client() for pid in PEOPLE}
    moment = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)

    def send() -> None:
        nonlocal moment
        meeting, people = world.truth()
        for due in plan(meeting, people, ledgers):
            moment += dt.timedelta(minutes=1)
            ledgers[due.participant] = record(
                ledgers.get(due.participant, Ledger()),
                due,
                at=moment,
                via="draft",
                message_id=f"<{moment.timestamp()}@test>",
            )
            clients[due.participant].apply(due)

    for op, a, b in ops:
        if op == "register":
            world.register(str(a), str(b))
        elif op == "unregister":
            world.unregister(str(a))
        elif op == "time":
            world.hours[str(a)] = int(str(b))
        elif op == "place":
            world.places[str(a)] = str(b)
        elif op == "link":
            world.link = a if isinstance(a, str) else None
        elif op == "cancel-session":
            world.session_cancelled.add(str(a))
        elif op == "cancel":
            world.cancelled = bool(a)
        else:
            send()
    send()

    meeting, people = world.truth()
    assert plan(meeting, people, ledgers) == [], "after sending, nothing is due twice"
    for person in people:
        expected = {}
        if not meeting.cancelled and person.status == "registered" and person.session:
            session = meeting.sessions[person.session]
            if not session.cancelled:
                expected[session.uid] = session.details
        assert clients[person.participant].events == expected, person


def test_nothing_is_said_twice_and_a_promotion_is_news() -> None:
    world = World()
    world.register("anna", "oest")
    world.register("carl", "oest")  # the one seat east is anna's: carl waits
    ledgers: dict[str, Ledger] = {}
    meeting, people = world.truth()
    due = {d.participant: d for d in plan(meeting, people, ledgers)}
    assert due["anna"].kind == "confirmation" and due["anna"].calendar[0].method == "REQUEST"
    assert due["carl"].kind == "waitlisted" and due["carl"].calendar == ()
    assert due["bo"].kind == "invitation" and "dorte" not in due  # dorte's organization is no member
    at = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    for d in due.values():
        ledgers[d.participant] = record(Ledger(), d, at=at, via="draft", message_id=f"<{d.participant}@x>")
    assert plan(meeting, people, ledgers) == []
    world.unregister("anna")
    meeting, people = world.truth()
    due = {d.participant: d for d in plan(meeting, people, ledgers)}
    assert due["anna"].kind == "unregistered" and [a.method for a in due["anna"].calendar] == ["CANCEL"]
    assert due["anna"].calendar[0].sequence == 1
    assert due["carl"].kind == "promoted" and [a.method for a in due["carl"].calendar] == ["REQUEST"]


def test_a_move_cancels_the_old_event_and_requests_the_new() -> None:
    world = World()
    world.register("anna", "oest")
    meeting, people = world.truth()
    (first,) = [d for d in plan(meeting, people, {}) if d.participant == "anna"]
    ledgers = {
        "anna": record(Ledger(), first, at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC), via="draft", message_id="<1@x>")
    }
    world.register("anna", "vest")
    meeting, people = world.truth()
    (moved,) = [d for d in plan(meeting, people, ledgers) if d.participant == "anna"]
    assert moved.kind == "moved"
    assert [(a.method, a.uid) for a in moved.calendar] == [("CANCEL", "uid-oest"), ("REQUEST", "uid-vest")]


def test_an_update_says_what_changed() -> None:
    world = World()
    world.register("anna", "oest")
    meeting, people = world.truth()
    (first,) = [d for d in plan(meeting, people, {}) if d.participant == "anna"]
    ledgers = {
        "anna": record(Ledger(), first, at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC), via="draft", message_id="<1@x>")
    }
    world.places["oest"] = "Rådhuset"
    world.hours["oest"] = 9
    meeting, people = world.truth()
    (update,) = [d for d in plan(meeting, people, ledgers) if d.participant == "anna"]
    assert update.kind == "update"
    assert [c.kind for c in update.changes] == ["time", "place"]
    assert update.calendar[0].sequence == 1 and update.reason == "the time changed; the place changed"


def test_sessions_never_share_a_message_with_two_requests() -> None:
    """An undecided member gets an invitation with no REQUEST at all (RFC 5546: one UID a REQUEST)."""
    world = World()
    meeting, people = world.truth()
    for due in plan(meeting, people, {}):
        assert due.kind == "invitation"
        assert due.calendar == ()
        assert {d.session for d in due.told.sessions} == set(SESSIONS)


def test_time_zone_change_is_a_change_of_time() -> None:
    a = details("oest", 10, "X", None)
    b = a.model_copy(update={"start": a.start.replace(tzinfo=ZoneInfo("Europe/London")), "timezone": "Europe/London"})
    assert fingerprint(replace_details(b)) != a.fingerprint


def replace_details(d: SessionDetails) -> SessionDetails:
    return d.model_copy(update={"fingerprint": fingerprint(d)})
