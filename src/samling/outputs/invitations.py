"""``samling invite``: the general invitation for the mailing list, and a personal one per
recipient as Markdown, HTML, a calendar file and a ready-to-send iMIP ``.eml``.

What is the same for everyone (compiled templates, the VTIMEZONE, venues, fees) is built once;
per recipient only the texts, one VEVENT set and one message are made.
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
from samling.outputs import calendar
from samling.outputs.mail import build_message
from samling.outputs.templates import Renderer
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
class RegistrationContext:
    """What an invitation says to someone who has registered already."""

    status: str
    online: bool
    session: InvitationSession
    position: int | None  # on the waitlist
    fee: Decimal | None


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
            sessions=[
                InvitationSession(s.id, s.date, s.start, s.end, ctx.venues.get(s.venue or ""))
                for s in state.meeting.sessions
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
    """``session``: invite to that one session (east or west), so that every personal calendar
    holds one event; people registered for another session are left out."""
    network = store.network
    if network.organizer is None:
        raise InvalidInput(
            "the network has no organizer, so invitations have no sender",
            'add [organizer] name = "..." email = "..." to samling.toml',
        )
    meeting = calendar.sync(store, meeting_id)
    ctx = calendar.CalendarContext.build(store, meeting_id, meeting)
    state = MeetingState.load(store, meeting_id, everyone=True)
    state.meeting = meeting
    fees = state.fees()
    positions = state.positions()
    base = invitation_context(state, ctx)
    by_id = {
        s.id: InvitationSession(s.id, s.date, s.start, s.end, ctx.venues.get(s.venue or "")) for s in meeting.sessions
    }
    stamp = max(
        (s.changed_at for s in meeting.sessions if s.changed_at),
        default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
    )
    domain = network.organizer.email.rsplit("@", 1)[1]
    sequence = max((s.sequence or 0) for s in meeting.sessions)

    out = OutputWriter(store, meeting_id, "invitations")
    language = network.language
    renderer = Renderer(store.root)
    general = {
        "md": out.write(
            "invitation.md", renderer.render("invitation.md.j2", language, person=None, registration=None, **base)
        ),
        "html": out.write(
            "invitation.html", renderer.render("invitation.html.j2", language, person=None, registration=None, **base)
        ),
        "ics": out.write("invitation.ics", calendar.publish(ctx)),
    }
    result = Invitations(meeting_id, general)
    unknown = [pid for pid in only or [] if pid not in state.people]
    if unknown:
        raise InvalidInput(f"no participant {unknown[0]!r}")
    targets = recipients(state, audience, only)
    undecided = meeting.sessions
    if session is not None:
        undecided = [state.session_for(session)]
        targets = [
            pid
            for pid in targets
            if not (
                pid in state.registrations
                and state.registrations[pid].active
                and state.registrations[pid].session != session
            )
        ]
    for n, pid in enumerate(targets, start=1):
        person = state.people[pid]
        registration = state.registrations.get(pid)
        reg_context = None
        chosen = undecided
        if registration is not None and registration.active:
            fee = fees.get(pid)
            reg_context = RegistrationContext(
                registration.status,
                registration.online,
                by_id[registration.session],
                positions.get(pid),
                fee.amount if fee else None,
            )
            chosen = [s for s in meeting.sessions if s.id == registration.session]
        lang = person.language or language
        text = renderer.render("invitation.md.j2", lang, person=person, registration=reg_context, **base)
        html = renderer.render("invitation.html.j2", lang, person=person, registration=reg_context, **base)
        ics = calendar.request(ctx, person, chosen)
        method = "CANCEL" if meeting.cancelled else "REQUEST"
        subject = text.split("\n", 1)[0].lstrip("# ").strip()
        eml = build_message(
            network.organizer,
            person,
            subject,
            text,
            html,
            ics,
            method,
            stamp,
            f"<{meeting_id}.{pid}.{sequence}@{domain}>",
        )
        result.personal[pid] = {
            "md": out.write(f"{pid}.md", text),
            "html": out.write(f"{pid}.html", html),
            "ics": out.write(f"{pid}.ics", ics),
            "eml": out.write(f"{pid}.eml", eml),
        }
        if progress:
            progress(n, len(targets))
    result.written = len(out.written)
    return result
