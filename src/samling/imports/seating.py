"""New registrations one after another, as ``register_in`` makes them, in constant time each.

``register_in`` settles the whole meeting after every registration (serves the waitlists,
recomputes every fee and place on the waitlist): right for one `samling register`, quadratic for
an import of 3,000 answers (62 s). An import only adds registrations, in order of arrival, to a
meeting that the first of them has settled; then a new registration never frees a seat nor puts
anyone before someone else, so serving the waitlists changes nothing and the place of each new
one follows from three counts per session. Everything unusual (the first registration, a
refusal, a meeting without that session) goes through ``register_in`` itself, so the rules and
their messages stay in one place; tests/test_forms_trial.py checks that both ways agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from samling.domain import rules
from samling.domain.registrations import Outcome, register_in
from samling.domain.state import MeetingState
from samling.models import Registration


class Seating:
    """Register new people in ``state`` in order of arrival (see the module)."""

    #: False: every registration through ``register_in`` (the tests compare both ways)
    fast = True

    def __init__(self, state: MeetingState) -> None:
        self.state = state
        self.settled = False
        self.seated: Counter[str] = Counter()  # session -> people holding a seat on site
        self.waiting_members: Counter[str] = Counter()  # session -> members on the waitlist
        self.waiting_eligible: Counter[str] = Counter()  # session -> waiting who may take a seat
        self.policy = state.policy()
        self.seq = 0

    def register(
        self,
        pid: str,
        *,
        session: str | None,
        online: bool,
        diet: str | None,
        note: str | None,
        late: bool,
        registered_at: dt.datetime,
    ) -> Outcome:
        state, meeting = self.state, self.state.meeting
        is_late = meeting.deadline is not None and registered_at.astimezone(state.network.tz).date() > meeting.deadline
        chosen = meeting.session(session) if session else None
        if chosen is None and session is None:
            going_ahead = [s for s in meeting.sessions if not s.cancelled]
            chosen = going_ahead[0] if len(going_ahead) == 1 else None
        usual = (
            self.fast
            and self.settled
            and chosen is not None
            and not chosen.cancelled
            and not meeting.cancelled
            and not meeting.closed
            and (meeting.hybrid or not online)
            and (late or not is_late)
            and pid not in state.registrations
        )
        if not usual or chosen is None:
            outcome = register_in(
                state, pid, session=session, online=online, diet=diet, note=note, late=late, registered_at=registered_at
            )
            self._count()
            return outcome
        registration = Registration(
            session=chosen.id,
            status="waitlisted",
            seq=self.seq,
            registered_at=registered_at,
            online=online,
            late=is_late,
            diet=diet,
            note=note,
        )
        registration = state.with_origin(pid, registration)  # the history keeps where they came from
        entry = state.entry(pid, registration)
        status = self._place(entry)
        state.registrations[pid] = registration.model_copy(update={"status": status})
        self._add(dataclasses.replace(entry, status=status))
        self.seq += 1
        outcome = Outcome(state.meeting_id, pid, status, session=chosen.id, online=online, late=is_late)
        outcome.currency = state.fee_policy.currency
        outcome.organization_name = state.org_name(pid)
        outcome.names = {pid: state.people[pid].name}
        return outcome

    def _place(self, new: rules.Entry) -> rules.Status:
        """``rules.place`` by the counts: online takes no seat; who may not take one yet waits;
        nobody jumps the queue; else a free seat, or the waitlist."""
        if new.online:
            return "registered"
        if not rules.eligible(new, self.policy):
            return "waitlisted"
        # everyone waiting arrived earlier: a waiting member is ahead of anyone new, a waiting
        # non-member (eligible after the deadline) only of a new non-member
        ahead = self.waiting_members if new.member else self.waiting_eligible
        if ahead[new.session]:
            return "waitlisted"
        capacity = self.policy.capacities.get(new.session)
        return "registered" if capacity is None or self.seated[new.session] < capacity else "waitlisted"

    def _count(self) -> None:
        """Count the meeting as ``register_in`` left it (settled: the waitlists served)."""
        self.seated.clear()
        self.waiting_members.clear()
        self.waiting_eligible.clear()
        for entry in self.state.entries():
            self._add(entry)
        self.seq = self.state.next_seq()
        self.settled = True

    def _add(self, entry: rules.Entry) -> None:
        if entry.status == "registered" and not entry.online:
            self.seated[entry.session] += 1
        elif entry.status == "waitlisted":
            self.waiting_members[entry.session] += entry.member
            self.waiting_eligible[entry.session] += rules.eligible(entry, self.policy)
