"""What the organizer sees of one meeting: ``samling status`` (seats, waitlist, deadline, fees,
catering, who is missing) and ``samling registrations`` (every registration in order of arrival)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from samling.domain import rules
from samling.domain.state import MeetingState, money
from samling.errors import InvalidInput
from samling.models import Participant, Registration, RegistrationStatus
from samling.store import Store

STANDARD_DIET = "standard"
STATUSES: tuple[RegistrationStatus, ...] = ("registered", "waitlisted", "cancelled")


def stated_diet(registration: Registration, person: Participant) -> str | None:
    """The diet that applies: the one given with the registration, else the person's own."""
    for diet in (registration.diet, person.diet):
        if diet and diet.strip():
            return diet.strip()
    return None


#: Answers to "any special diet?" that mean none, in the five languages (compared casefolded,
#: without the punctuation around them): the standard meal, not a special one
NO_DIET = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "–",
        "/",
        ".",
        "x",
        "0",
        "n/a",
        "na",
        "n.a.",
        "none",
        "no",
        "nothing",
        "no thanks",
        "nope",
        "standard",
        "normal",
        "ingen",
        "nej",
        "nej tak",
        "nej tack",
        "ingen særlige",
        "ingen speciel",
        "ingen specielle",
        "ingen särskild",
        "ingen särskilda",
        "ingen speciell",
        "ingen spesiell",
        "ingen spesielle",
        "ingen allergier",
        "inga",
        "inget",
        "nei",
        "nei takk",
        "ikke noe",
        "ikkje noko",
        "geen",
        "nee",
        "nee dank je",
        "nee bedankt",
        "niets",
        "geen bijzonderheden",
        "normalt",
        "normal kost",
        "vanlig",
        "vanlig kost",
        "almindelig",
    }
)


def folded_diet(text: str) -> str:
    """A diet as compared: whitespace collapsed, casefolded ("Vegetar " is "vegetar")."""
    return " ".join(text.split()).casefold()


def means_no_diet(text: str) -> bool:
    """Whether an answer to "special diet?" means none: "Ingen", "Nej tak", "-", "N/A"."""
    folded = folded_diet(text)
    return folded in NO_DIET or folded.strip(" .!,;:") in NO_DIET


def diet_of(state: MeetingState, pid: str) -> str:
    """The diet as the kitchen counts it: spelled as people type it, lowercased, whitespace
    collapsed; else (nothing, or a word that means none: "Ingen", "Nej tak") standard."""
    diet = stated_diet(state.registrations[pid], state.people[pid])
    return STANDARD_DIET if diet is None or means_no_diet(diet) else folded_diet(diet)


# --- samling status ------------------------------------------------------------------------------


@dataclass
class Waiting:
    participant: str
    name: str
    member: bool
    organization: str | None = None  # its name, as the registration keeps it: why a non-member waits


@dataclass
class Catering:
    lunch: int
    coffee: int
    diets: dict[str, int]  # diet -> how many, the standard one first


@dataclass
class SessionStatus:
    id: str
    date: dt.date
    start: str
    end: str
    venue: str | None
    venue_name: str | None
    capacity: int | None
    on_site: int
    online: int
    free: int | None  # None: no limit
    waitlisted: int
    waitlist: list[Waiting]
    catering: Catering
    cancelled: bool = False  # called off (`samling session cancel`)


@dataclass
class OrganizationFees:
    organization: str | None
    name: str
    participants: int
    free: int
    paying: int
    amount: Decimal


@dataclass
class Fees:
    currency: str
    total: Decimal
    total_text: str
    per_organization: list[OrganizationFees]


@dataclass
class Missing:
    id: str
    name: str


@dataclass
class StatusReport:
    meeting: str
    title: str
    cancelled: bool
    hybrid: bool
    deadline: dt.date | None
    days_to_deadline: int | None
    deadline_passed: bool
    registered: int
    waitlisted: int
    cancelled_registrations: int
    sessions: list[SessionStatus]
    fees: Fees
    not_represented: list[Missing]  # member organizations nobody has registered from
    hints: list[str]
    closed: bool = False  # `samling close`: its fees and attendance are history
    # host, speaker, vendor -> the participants (not cancelled) registered in that role
    roles: dict[str, list[str]] = field(default_factory=dict)


def report(state: MeetingState) -> StatusReport:
    meeting, policy = state.meeting, state.policy()
    entries = state.entries()
    fees = state.fees()
    currency = state.fee_policy.currency
    days = (meeting.deadline - state.now.date()).days if meeting.deadline else None

    sessions = []
    for session in meeting.sessions:
        mine = [e for e in entries if e.session == session.id]
        on_site = [e for e in mine if e.status == "registered" and not e.online]
        queue = rules.waitlist(entries, session.id)
        capacity = state.capacity(session)
        venue = state.venues.get(session.venue or "")
        diets = Counter(diet_of(state, e.participant) for e in on_site)
        sessions.append(
            SessionStatus(
                id=session.id,
                date=session.date,
                start=f"{session.start:%H:%M}",
                end=f"{session.end:%H:%M}",
                venue=session.venue,
                venue_name=venue.name if venue else None,
                capacity=capacity,
                on_site=len(on_site),
                online=sum(1 for e in mine if e.status == "registered" and e.online),
                free=None if capacity is None else max(capacity - len(on_site), 0),
                waitlisted=len(queue),
                waitlist=[
                    Waiting(
                        e.participant, state.people[e.participant].name, e.member, state.org_name(e.participant) or None
                    )
                    for e in queue
                ],
                catering=Catering(
                    len(on_site),
                    len(on_site),
                    dict(sorted(diets.items(), key=lambda kv: (kv[0] != STANDARD_DIET, kv[0]))),
                ),
                cancelled=bool(session.cancelled),
            )
        )

    per_org: dict[str, OrganizationFees] = {}
    for pid, fee in sorted(fees.items(), key=lambda kv: state.registrations[kv[0]].seq):
        key = state.people[pid].organization or ""
        row = per_org.setdefault(
            key, OrganizationFees(key or None, state.org_name(pid) or "(no organization)", 0, 0, 0, Decimal(0))
        )
        row.participants += 1
        # by the reason `registrations` shows, not the amount: at `fee = 0` an extra is no free place
        if fee.reason == "free":
            row.free += 1
        else:
            row.paying += 1
        row.amount += fee.amount
    total = sum((row.amount for row in per_org.values()), Decimal(0))

    represented = {e.organization for e in entries if e.status != "cancelled"}
    # Who is missing matters while people can still come: a meeting that is closed, or over, keeps
    # no list that today's member organizations would rewrite.
    ahead = not meeting.closed and meeting.last_date >= state.now.date()
    missing = (
        []
        if not ahead
        else [
            Missing(oid, org.name) for oid, org in state.organizations.items() if org.member and oid not in represented
        ]
    )

    open_sessions = {s.id for s in sessions if s.free is None or s.free > 0}
    non_members_waiting = sum(
        1 for e in entries if e.status == "waitlisted" and not e.member and e.session in open_sessions
    )
    hints = []
    if non_members_waiting:
        hints.append(
            f"{non_members_waiting} {'non-member waits' if non_members_waiting == 1 else 'non-members wait'} "
            "while seats are free: "
            "admit them with `samling admit`"
            + ("" if policy.deadline_passed else " (or they are admitted automatically after the deadline)")
        )
    return StatusReport(
        meeting=state.meeting_id,
        title=meeting.title,
        cancelled=meeting.cancelled,
        hybrid=meeting.hybrid,
        deadline=meeting.deadline,
        days_to_deadline=days,
        deadline_passed=policy.deadline_passed,
        registered=sum(1 for e in entries if e.status == "registered"),
        waitlisted=sum(1 for e in entries if e.status == "waitlisted"),
        cancelled_registrations=sum(1 for e in entries if e.status == "cancelled"),
        sessions=sessions,
        fees=Fees(currency, total, money(total, currency), sorted(per_org.values(), key=lambda r: (-r.amount, r.name))),
        not_represented=missing,
        hints=hints,
        closed=bool(meeting.closed),
        roles={
            role: pids
            for role in ("host", "speaker", "vendor")
            if (pids := sorted(p for p, r in state.registrations.items() if r.active and r.role == role))
        },
    )


# --- samling registrations ------------------------------------------------------------------------


@dataclass
class RegistrationRow:
    participant: str
    name: str
    email: str
    organization: str | None
    organization_name: str
    member: bool
    session: str
    status: str
    position: int | None  # place on the session's waitlist
    online: bool
    late: bool
    fee: Decimal | None
    fee_reason: str | None
    diet: str | None
    note: str | None
    seq: int
    registered_at: dt.datetime
    attended: bool | None
    role: str | None = None  # host, speaker or vendor


@dataclass
class RegistrationList:
    meeting: str
    currency: str
    several_sessions: bool
    registrations: list[RegistrationRow]


def registration_rows(
    state: MeetingState, *, statuses: list[str] | None = None, session: str | None = None
) -> RegistrationList:
    """The meeting's registrations in order of arrival, with fees and waitlist positions."""
    for value in statuses or []:
        if value not in STATUSES:
            raise InvalidInput(f"--status {value!r} is not one of {', '.join(STATUSES)}")
    if session:
        state.session_for(session)
    fees = state.fees()
    positions = state.positions()
    rows = []
    for pid, r in sorted(state.registrations.items(), key=lambda kv: kv[1].seq):
        if (statuses and r.status not in statuses) or (session and r.session != session):
            continue
        fee = fees.get(pid)
        person = state.people[pid]
        rows.append(
            RegistrationRow(
                participant=pid,
                name=person.name,
                email=person.email,
                organization=person.organization,
                organization_name=state.org_name(pid),
                member=state.is_member(pid),
                session=r.session,
                status=r.status,
                position=positions.get(pid),
                online=r.online,
                late=r.late,
                fee=None if fee is None else fee.amount,
                fee_reason=fee.reason if fee else None,
                diet=stated_diet(r, person),
                note=r.note,
                seq=r.seq,
                registered_at=r.registered_at,
                attended=r.attended,
                role=r.role,
            )
        )
    return RegistrationList(state.meeting_id, state.fee_policy.currency, len(state.meeting.sessions) > 1, rows)


def meeting_status(store: Store, meeting_id: str) -> StatusReport:
    return report(MeetingState.load(store, meeting_id))


def list_registrations(
    store: Store, meeting_id: str, *, statuses: list[str] | None = None, session: str | None = None
) -> RegistrationList:
    return registration_rows(MeetingState.load(store, meeting_id), statuses=statuses, session=session)
