"""``samling invite``: the general invitation for the mailing list, and for each recipient a
preview of the message the outbox has for them now (an invitation, a confirmation, a place on the
waiting list, a cancellation...) as Markdown, HTML, its calendar part and the ``.eml``.

The personal files agree with `samling outbox`: whoever has nothing due has no file, and a file
left from an earlier run is removed, so that nothing out of date is sent by mistake. Handing the
messages over, and recording that they were, is `samling send`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from samling.domain.state import MeetingState
from samling.errors import InvalidInput
from samling.models import FeePolicy, Meeting, Network, Organizer, Venue
from samling.models.ledger import Ledger
from samling.outputs import calendar
from samling.outputs.writer import OutputWriter
from samling.store import Store

Audience = Literal["members", "registered", "all"]


@dataclass
class InvitationSession:
    id: str
    date: dt.date
    start: dt.time
    end: dt.time
    venue: Venue | None


@dataclass
class Invitations:
    meeting_id: str
    general: dict[str, str]
    personal: dict[str, dict[str, str]] = field(default_factory=dict)
    written: int = 0


def recipients(state: MeetingState, audience: Audience, only: list[str] | None) -> list[str]:
    people = state.people
    if only:
        return only
    if audience == "registered":
        return sorted(pid for pid, r in state.registrations.items() if r.active)
    if audience == "all":
        return sorted(people)
    return sorted(pid for pid in people if state.is_member(pid))


@dataclass
class InvitationContext:
    """What an invitation shows, the same for every recipient: the meeting, its sessions, the fees."""

    network: Network
    meeting: Meeting
    meeting_id: str
    organizer: Organizer | None
    sessions: list[InvitationSession]
    fees: FeePolicy
    non_member_fee: Decimal | None


def invitation_context(state: MeetingState, ctx: calendar.CalendarContext) -> dict[str, object]:
    """The template variables of an invitation (see ``InvitationContext``)."""
    fees = state.fee_policy
    return vars(
        InvitationContext(
            network=state.network,
            meeting=state.meeting,
            meeting_id=state.meeting_id,
            organizer=state.network.organizer,
            sessions=[  # a session called off is no choice any more
                InvitationSession(s.id, s.date, s.start, s.end, ctx.venues.get(s.venue or ""))
                for s in state.meeting.sessions
                if not s.cancelled
            ],
            fees=fees,
            non_member_fee=fees.non_member_fee if fees.non_member_fee is not None else (fees.fee or None),
        )
    )


def invite(
    store: Store,
    meeting_id: str,
    *,
    audience: Audience = "members",
    only: list[str] | None = None,
    session: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Invitations:
    """``session``: for one session of several (east or west): people registered for another
    session are left out."""
    from samling.domain.outbox import ledgers, outbox_of
    from samling.outputs.messages import Composer, message_id

    network = store.network
    if network.organizer is None:
        raise InvalidInput(
            "the network has no organizer, so invitations have no sender",
            'add [organizer] name = "..." email = "..." to samling.toml',
        )
    meeting = calendar.sync(store, meeting_id)
    state = MeetingState.load(store, meeting_id, everyone=True)
    state.meeting = meeting
    composer = Composer(store, state)
    base = invitation_context(state, composer.calendar)
    history = ledgers(store, meeting_id).load_all()
    stamp = calendar.last_change(state, history)
    out = OutputWriter(store, meeting_id, "invitations")
    language = network.language
    renderer = composer.renderer
    general = {
        "md": out.write("invitation.md", renderer.render("invitation.md.j2", language, person=None, **base)),
        "html": out.write("invitation.html", renderer.render("invitation.html.j2", language, person=None, **base)),
        "ics": out.write("invitation.ics", calendar.publish(composer.calendar, stamp=stamp)),
    }
    result = Invitations(meeting_id, general)
    unknown = [pid for pid in only or [] if pid not in state.people]
    if unknown:
        raise InvalidInput(f"no participant {unknown[0]!r}")
    targets = recipients(state, audience, only)
    if session is not None:
        state.session_for(session)
        targets = [
            pid
            for pid in targets
            if not (
                pid in state.registrations
                and state.registrations[pid].active
                and state.registrations[pid].session != session
            )
        ]
    due = {d.participant: d for d in outbox_of(state, history, participants=targets).due}
    for n, pid in enumerate(targets, start=1):
        message = due.get(pid)
        if message is None:
            _remove_stale(out, pid)
            continue
        made = composer.make(message, stamp)
        mid = message_id(state, message, history.get(pid, Ledger()), stamp)
        files = {
            "kind": message.kind,
            "md": out.write(f"{pid}.md", made.text),
            "html": out.write(f"{pid}.html", made.html),
            "eml": out.write(f"{pid}.eml", composer.eml(made, stamp, mid, draft=True)),
        }
        inline = next((c for c in made.calendars if c.inline), None)
        if inline is not None:
            files["ics"] = out.write(f"{pid}.ics", inline.data)
        else:
            _remove(out, f"{pid}.ics")
        result.personal[pid] = files
        if progress:
            progress(n, len(targets))
    result.written = len(out.written)
    return result


def _remove(out: OutputWriter, name: str) -> None:
    (out.folder / name).unlink(missing_ok=True)


def _remove_stale(out: OutputWriter, pid: str) -> None:
    """A preview of a message no longer due (sent already, or overtaken by events) goes."""
    for suffix in (".md", ".html", ".ics", ".eml"):
        _remove(out, pid + suffix)
