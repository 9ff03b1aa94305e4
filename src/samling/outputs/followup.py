"""``samling followup``: the answers sent back (seed 001: "the answers from the vendor were sent
back to those who took part"). A message per participant who asked, and one digest for everyone,
members who could not come included. Written to ``meetings/<id>/out/followup/``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path

from samling.domain import questions
from samling.domain.agenda import Timeline
from samling.models import QuestionStatus
from samling.outputs.templates import Renderer
from samling.outputs.writer import OutputWriter
from samling.store import Store


@dataclass
class NoteLine:
    """Notes as the follow-up shows them, those of one meeting and day under one heading: what was
    said, and at which meeting (its title) and when."""

    texts: list[str]
    meeting_id: str | None
    meeting: str | None  # the meeting's title
    date: dt.date | None

    @property
    def text(self) -> str:
        """The notes as one text, for a network's own template written when each note came alone."""
        return "\n\n".join(self.texts)


@dataclass
class Item:
    number: int
    text: str
    topic: str | None
    status: QuestionStatus | None  # as it stood at this meeting; "answered" also for an escalation answered since
    asker: str | None
    asker_came: bool  # whether the asker was at this meeting (else they sent the question in)
    asker_came_there: bool  # ... and at the meeting where it was raised (for a carried one, an earlier one)
    answer: str | None
    answered_by: str | None
    answered_at: dt.date | None
    escalated_to: str | None
    escalated_at: dt.date | None
    notes: list[NoteLine]
    carried_from: str | None  # the meeting where it was first asked (its title), for a carried-over question
    raised_in: str  # the meeting where it was raised (its id) ...
    raised_at: str  # ... its title
    raised_on: dt.date  # ... and its first day
    answered_in: str | None  # the meeting where it was answered (its id) ...
    answered_at_meeting: str | None  # ... and its title


@dataclass
class Recipient:
    """Who gets the digest; ``personal`` names their own follow-up file, if they asked."""

    participant: str
    name: str
    email: str
    language: str
    personal: str


@dataclass
class Followup:
    folder: Path
    personal: dict[str, Path] = field(default_factory=dict)
    digest: Path | None = None
    recipients: list[Recipient] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def items(store: Store, meeting_id: str) -> list[Item]:
    """The meeting's questions (carried-over ones included, withdrawn ones left out), each as it
    stood at this meeting, with the answers that came since (what a later meeting did is left out,
    but for the answer to a question passed on: that is what the follow-up promised to send),
    naming the meeting where it was raised, the one where it was answered, and where each note
    was said."""
    timeline = Timeline(store)
    came: dict[str, set[str]] = {}

    def was_at(pid: str | None, mid: str) -> bool:
        if mid not in came:
            came[mid] = _came(store, mid) if mid in timeline.meetings else set()
        return pid in came[mid]

    titles: dict[str, str] = {}
    dates: dict[str, dt.date] = {}

    def title(mid: str) -> str:
        if mid not in titles:
            meeting = store.load_meeting(mid) if mid in store.meeting_ids() else None
            titles[mid] = meeting.title if meeting else mid
            if meeting:
                dates[mid] = meeting.first_date
        return titles[mid]

    result = []
    for r in questions.all_questions(store, meeting_id):
        q = r.original
        at = timeline.question_at(r, meeting_id)
        if at.status == "withdrawn":  # by this meeting; one withdrawn at a later meeting was still asked here
            continue
        raised = title(r.origin_meeting)
        notes: list[NoteLine] = []
        for n in at.notes:
            here = n.meeting is None or n.meeting == meeting_id
            key: tuple[str | None, str | None, dt.date | None] = (
                (None, None, None) if here else (n.meeting, title(n.meeting or ""), n.date)
            )
            if notes and (notes[-1].meeting_id, notes[-1].meeting, notes[-1].date) == key:
                notes[-1].texts.append(n.text)
            else:
                notes.append(NoteLine([n.text], *key))
        result.append(
            Item(
                r.number,
                q.text or "",
                q.topic,
                "answered" if at.answered_since else at.status,
                q.by,
                was_at(q.by, meeting_id),
                was_at(q.by, r.origin_meeting),
                q.answer,
                q.answered_by,
                q.answered_at,
                q.escalated_to,
                q.escalated_at,
                notes,
                raised if r.carried else None,
                r.origin_meeting,
                raised,
                dates.get(r.origin_meeting, store.load_meeting(meeting_id).first_date),
                q.answered_in,
                title(q.answered_in) if q.answered_in else None,
            )
        )
    return result


def _came(store: Store, meeting_id: str) -> set[str]:
    """Who was at the meeting: marked as having come, or registered while nobody's attendance has
    been recorded yet (as the minutes count them)."""
    registrations = store.registrations(meeting_id).load_all()
    recorded = any(r.attended is not None for r in registrations.values())
    return {
        pid
        for pid, r in registrations.items()
        if r.attended is True or (r.status == "registered" and r.attended is None and not recorded)
    }


def followup(store: Store, meeting_id: str) -> Followup:
    network = store.network
    meeting = store.load_meeting(meeting_id)
    everything = items(store, meeting_id)
    people = store.participants.load_all()
    orgs = store.organizations.load_all()
    out = OutputWriter(store, meeting_id, "followup")
    renderer = Renderer(store.root)
    result = Followup(out.folder)
    organizer = network.organizer.name if network.organizer else network.name
    common = {
        "network": network,
        "meeting": meeting,
        "meeting_id": meeting_id,
        "organizer": organizer,
        "first_date": meeting.first_date,
    }

    askers = sorted({i.asker for i in everything if i.asker and i.asker in people})
    for pid in askers:
        person = people[pid]
        language = person.language or network.language
        mine = [i for i in everything if i.asker == pid]
        text = renderer.render("followup_personal.md.j2", language, person=person, items=mine, **common)
        result.personal[pid] = store.root / out.write(f"{pid}.md", text)

    text = renderer.render("followup_digest.md.j2", network.language, items=everything, **common)
    result.digest = store.root / out.write("digest.md", text)

    # Everyone gets the digest: those who registered, and every member, present or not.
    registered = {pid for pid, r in store.registrations(meeting_id).load_all().items() if r.active}
    for pid, person in sorted(people.items()):
        org = orgs.get(person.organization or "")
        if pid in registered or (org is not None and org.member):
            result.recipients.append(
                Recipient(
                    pid,
                    person.name,
                    person.email,
                    person.language or network.language,
                    f"{pid}.md" if pid in result.personal else "",
                )
            )
    # for Excel, as every list samling writes: BOM, the language's delimiter, cells inert
    from samling.outputs.spreadsheets import Sheet, delimiter_for, to_csv

    columns = [f.name for f in fields(Recipient)]
    sheet = Sheet("recipients", columns, [[getattr(r, c) for c in columns] for r in result.recipients])
    out.write("recipients.csv", to_csv(sheet, delimiter_for(network.language), network.language))
    result.written = [store.root / p for p in out.written]
    return result
