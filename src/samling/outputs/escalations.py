"""``samling escalations --to VENDOR --write``: the questions still waiting for a vendor's answer,
as one message to send them (seed 001: "problems nobody could solve were reported to
Bibliotek-Systemer"), in the network's language: ``meetings/<id>/out/escalations/<vendor>.md``,
``.html`` and, when the vendor's address is known, ``.eml`` (a draft to send, ``X-Unsent: 1``).

The outbox plans messages to participants from their ledger; a vendor is no participant, so the
message is written here for the organizer to send (their mail program opens the .eml)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from samling import clock, ids
from samling.domain.questions import Escalation, open_escalations
from samling.errors import InvalidInput, NotFound
from samling.models import Participant
from samling.outputs.templates import Renderer
from samling.outputs.writer import OutputWriter
from samling.store import Store


@dataclass(frozen=True)
class EscalationItem:
    ref: str  # "<meeting-id>/<n>" of the original
    text: str
    topic: str | None
    raised_at: str  # the title of the meeting where it was raised
    raised_on: dt.date
    escalated_at: dt.date | None
    days_waiting: int
    notes: list[tuple[str | None, dt.date | None, str]]  # (meeting title, date, text)


@dataclass
class EscalationMessage:
    vendor: str
    email: str | None
    items: list[EscalationItem]
    written: list[str] = field(default_factory=list)
    markdown: str = ""
    eml: str | None = None


def for_vendor(store: Store, vendor: str) -> list[Escalation]:
    wanted = vendor.strip().casefold()
    return [e for e in open_escalations(store) if (e.resolved.original.escalated_to or "").strip().casefold() == wanted]


def vendor_email(store: Store, vendor: str) -> str | None:
    """The address of the organization named like the vendor, if the folder has one."""
    wanted = vendor.strip().casefold()
    for org in store.organizations.load_all().values():
        if org.name.casefold() == wanted and org.email:
            return str(org.email)
    return None


def write_escalations(store: Store, meeting_id: str, vendor: str, email: str | None = None) -> EscalationMessage:
    """Write the message about the open escalations to ``vendor`` into the meeting's out folder."""
    if not vendor.strip():
        raise InvalidInput('--to must name who the questions went to, e.g. --to "Bibliotek-Systemer"')
    waiting = for_vendor(store, vendor)
    if not waiting:
        raise NotFound(
            f"no escalation to {vendor!r} is waiting for an answer",
            "see every open escalation and where it went with `samling escalations`",
        )
    network = store.network
    name = waiting[0].resolved.original.escalated_to or vendor
    meetings = {mid: store.load_meeting(mid) for mid in store.meeting_ids()}

    def title(mid: str | None) -> str | None:
        return meetings[mid].title if mid in meetings else mid

    items = [
        EscalationItem(
            e.resolved.ref,
            e.resolved.original.text or "",
            e.resolved.original.topic,
            title(e.resolved.origin_meeting) or e.resolved.origin_meeting,
            meetings[e.resolved.origin_meeting].first_date,
            e.resolved.original.escalated_at,
            e.days_waiting,
            [(title(n.meeting), n.date, n.text) for n in e.resolved.original.notes],
        )
        for e in sorted(waiting, key=lambda e: (e.resolved.original.escalated_at or dt.date.min, e.resolved.ref))
    ]
    organizer = network.organizer
    text = Renderer(store.root).render(
        "escalations.md.j2",
        network.language,
        network=network,
        vendor=name,
        items=items,
        organizer=organizer.name if organizer else network.name,
        organizer_email=str(organizer.email) if organizer else None,
    )
    slug = ids.slug(name) or "vendor"
    out = OutputWriter(store, meeting_id, "escalations")
    result = EscalationMessage(name, email or vendor_email(store, name), items, markdown=text)
    out.write(f"{slug}.md", text)
    from samling.outputs.messages import markdown_page

    html = markdown_page(text, network.language)
    out.write(f"{slug}.html", html)
    if result.email and organizer is not None:
        from samling.outputs.mail import compose

        subject = text.split("\n", 1)[0].lstrip("# ").strip()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        data = compose(
            organizer,
            Participant(name=name, email=result.email),
            subject,
            text,
            html,
            [],
            clock.now(network.tz),
            f"<escalations-{slug}-{digest}@samling>",
            draft=True,
            language=network.language,
        )
        result.eml = out.write(f"{slug}.eml", data)
    result.written = list(out.written)
    return result
