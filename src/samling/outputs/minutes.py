"""The minutes, prefilled the way the minutes in seed 003 are written: date and place; who was
present (the host's staff, speakers and vendors apart), who sent regrets and who did not come;
each agenda item with its decisions and action items; the questions with the notes taken, the
answers, decisions and action items; the action items of earlier meetings; the workshop groups
with their points; the important dates in bold; the tally of the votes; the next meeting.

``minutes.md`` is the organizer's text. samling keeps what it wrote last in
``minutes.generated.md`` beside it; regenerating merges the change from that text to the new one
into ``minutes.md`` (``outputs/merge.py``), so that every word the organizer wrote stays and a
conflict is shown as git shows it. The base is kept with the records, not in the ignored
``out/``, so that a co-organizer's clone merges the same way (an older folder's
``out/minutes.generated.md`` is still read). Both files are written as one unit of change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from samling.domain.agenda import AgendaQuestion, SessionLine, Timeline, agenda_data
from samling.domain.groups import GroupsView, group_rows
from samling.domain.questions import resolve
from samling.domain.room import ActionRow, DateRow, DecisionRow, actions, decisions, important_dates
from samling.domain.state import MeetingState
from samling.domain.themes import ranked
from samling.errors import InvalidRecord, Problem, RuleViolation
from samling.models import Meeting, Network, QuestionStatus, Venue
from samling.outputs.handouts import Attendee, attendee, by_organization
from samling.outputs.merge import conflict_line, merge_texts
from samling.outputs.templates import render
from samling.store import Store, write_atomic


@dataclass
class ThemeTally:
    id: str
    text: str
    votes: int


@dataclass
class NextMeeting:
    id: str
    meeting: Meeting
    venue: Venue | None  # of its first session


@dataclass
class MinutesNotes:
    """The notes taken at one meeting (an earlier one: on one day) under one heading; one note on its line."""

    texts: list[str]
    meeting_title: str | None  # for notes from an earlier meeting: where they were said
    date: dt.date | None

    @property
    def text(self) -> str:
        """The notes as one text, for a network's own template written when each note came alone."""
        return "\n\n".join(self.texts)


@dataclass
class MinutesQuestion:
    question: AgendaQuestion
    notes: list[MinutesNotes]  # those said at this meeting or an earlier one
    status: QuestionStatus  # as it stood at the end of this meeting (later events are the next minutes')
    answered_at: dt.date | None

    @property
    def answered(self) -> bool:
        return self.status == "answered"


@dataclass
class MinutesItem:
    """An agenda item with what was decided and agreed under it."""

    number: int
    text: str
    decisions: list[DecisionRow]
    actions: list[ActionRow]


@dataclass
class MinutesContext:
    network: Network
    meeting: Meeting
    meeting_id: str
    sessions: list[SessionLine]
    present: list[Attendee]  # participants, the roles below left out
    hosts: list[Attendee]  # the host organization's staff
    speakers: list[Attendee]
    vendors: list[Attendee]
    regrets: list[Attendee]  # who said they would not come (declined, or unregistered)
    absent: list[Attendee]  # who was registered and did not come
    items: list[MinutesItem]
    questions: MinutesItem | None  # the item "Questions from participants", after the fixed ones
    groups: list[tuple[str | None, list[MinutesQuestion]]]  # the questions by topic
    decisions: list[DecisionRow]  # every decision of the meeting, in one place
    actions: list[ActionRow]  # every action item agreed at it
    earlier_actions: list[ActionRow]  # of earlier meetings: still open, or reported done at this one
    workshop: GroupsView | None
    dates: list[DateRow]
    themes: list[ThemeTally]
    themes_for_next: bool  # the tally is of themes that went onto the next meeting's agenda
    next: NextMeeting | None


def _people(state: MeetingState, store: Store, meeting_id: str) -> dict[str, list[Attendee]]:
    recorded = any(r.attended is not None for r in state.registrations.values())
    found: dict[str, list[Attendee]] = {k: [] for k in ("present", "host", "speaker", "vendor", "regrets", "absent")}
    for pid, registration in state.registrations.items():
        person = attendee(state, pid)
        came = registration.attended is True or (
            registration.status == "registered" and registration.attended is None and not recorded
        )
        if came:
            found[registration.role or "present"].append(person)
        elif registration.status == "cancelled":
            found["regrets"].append(person)
        elif registration.status == "registered":  # held a place, and was marked absent (or not as having come)
            found["absent"].append(person)
    # members who said they would not come (`samling decline`) without ever registering
    for pid in store.declines(meeting_id).ids():
        if pid not in state.registrations and store.participants.exists(pid):
            person_record = store.participants.load(pid)
            org = state.organizations.get(person_record.organization or "")
            found["regrets"].append(Attendee(pid, person_record.name, org.name if org else None, False, "", ""))
    return {k: sorted(v, key=by_organization) for k, v in found.items()}


def _minutes_question(store: Store, timeline: Timeline, meeting_id: str, q: AgendaQuestion) -> MinutesQuestion:
    """The question as it stood at this meeting, with the notes taken up to it (those of an
    earlier meeting named), the notes of one meeting and day together."""
    resolved = resolve(store, meeting_id, q.number)
    at = timeline.question_at(resolved, meeting_id)
    notes: list[MinutesNotes] = []
    for note in at.notes:
        other = timeline.meetings.get(note.meeting or "") if note.meeting != meeting_id else None
        title, day = (other.title, note.date) if other else (None, None)
        if notes and (notes[-1].meeting_title, notes[-1].date) == (title, day):
            notes[-1].texts.append(note.text)
        else:
            notes.append(MinutesNotes([note.text], title, day))
    return MinutesQuestion(q, notes, at.status, resolved.original.answered_at)


def minutes_context(store: Store, meeting_id: str) -> MinutesContext:
    state = MeetingState.load(store, meeting_id)
    meeting = state.meeting
    people = _people(state, store, meeting_id)
    agenda = agenda_data(store, meeting_id)
    own_decisions, own_actions = decisions(store, meeting_id), actions(store, meeting_id)
    count = len(meeting.agenda)

    def item(number: int, text: str) -> MinutesItem:
        return MinutesItem(
            number,
            text,
            [d for d in own_decisions if d.item == number],
            [a for a in own_actions if a.item == number],
        )

    timeline = Timeline(store)
    groups = [
        (topic, [_minutes_question(store, timeline, meeting_id, q) for q in questions])
        for topic, questions in agenda.groups
    ]
    themes = [ThemeTally(tid, t.text, t.votes) for tid, t in ranked(store, meeting_id)]
    following = _next_meeting(store, meeting_id, meeting)
    on_next = {text.casefold() for text in following.meeting.agenda} if following else set()
    return MinutesContext(
        network=state.network,
        meeting=meeting,
        meeting_id=meeting_id,
        sessions=agenda.sessions,
        present=people["present"],
        hosts=people["host"],
        speakers=people["speaker"],
        vendors=people["vendor"],
        regrets=people["regrets"],
        absent=people["absent"],
        items=[item(n, text) for n, text in enumerate(meeting.agenda, 1)],
        questions=item(count + 1, "") if groups else None,
        groups=groups,
        decisions=own_decisions,
        actions=own_actions,
        earlier_actions=agenda.actions,
        workshop=group_rows(store, meeting_id),
        dates=important_dates(store, meeting_id),
        themes=themes,
        themes_for_next=any(t.text.casefold() in on_next for t in themes),
        next=following,
    )


def _next_meeting(store: Store, meeting_id: str, meeting: Meeting) -> NextMeeting | None:
    following: NextMeeting | None = None
    for mid in store.meeting_ids():
        candidate = store.load_meeting(mid)
        later = mid != meeting_id and candidate.first_date > meeting.last_date and not candidate.cancelled
        if later and (following is None or candidate.first_date < following.meeting.first_date):
            venue = candidate.sessions[0].venue
            following = NextMeeting(
                mid, candidate, store.venues.load(venue) if venue and store.venues.exists(venue) else None
            )
    return following


def render_minutes(store: Store, meeting_id: str) -> str:
    context = minutes_context(store, meeting_id)
    return render(store.root, "minutes.md.j2", context.network.language, **vars(context))


def minutes_paths(store: Store, meeting_id: str) -> tuple[Path, Path]:
    folder = store.meeting_folder(meeting_id)
    return folder / "minutes.md", folder / "minutes.generated.md"


def _base_path(store: Store, meeting_id: str, generated: Path) -> Path:
    """Where the last generated text is: beside minutes.md, or where samling < 0.9 kept it."""
    older = store.meeting_folder(meeting_id) / "out" / "minutes.generated.md"
    return older if not generated.exists() and older.exists() else generated


MinutesWritten = Literal["written", "updated", "merged", "conflict", "unchanged"]

#: How the two sides of a conflict are named in minutes.md, as git names its branches.
YOURS, SAMLINGS = "minutes.md (your text)", "samling (regenerated)"


@dataclass
class MinutesResult:
    path: Path
    state: MinutesWritten
    conflicts: int = 0
    first_conflict: int | None = None  # its line in minutes.md


def _refuse_conflicts(store: Store, path: Path, text: str) -> None:
    line = conflict_line(text)
    if line is not None:
        where = path.relative_to(store.root).as_posix()
        raise RuleViolation(
            f"{where}: line {line}: a conflict from the last merge is not resolved yet",
            "keep what should stay, delete the <<<<<<< ======= >>>>>>> lines, then run the command again",
        )


def write_minutes(store: Store, meeting_id: str, *, force: bool = False) -> MinutesResult:
    """Write ``minutes.md``, or bring samling's sections of it up to date: the change from what
    samling wrote last (``minutes.generated.md``) to what it writes now is merged into the
    organizer's text. Without that record (it was removed, or the file was written by hand) the
    organizer's text is left alone unless ``force``: then every line that differs is a conflict."""
    text = render_minutes(store, meeting_id)
    path, generated = minutes_paths(store, meeting_id)
    with store.lock(meeting_id):
        if not path.exists():
            store.write_file(path, text.encode("utf-8"))
            store.write_file(generated, text.encode("utf-8"))
            return MinutesResult(path, "written")
        raw = _read_text(store, path)
        # An editor on Windows may save the file with CRLF line ends or a byte order mark: the
        # merge works on the lines, and the file keeps its own way of ending them.
        crlf, bom = "\r\n" in raw, raw.startswith("\ufeff")
        current = raw.removeprefix("\ufeff").replace("\r\n", "\n")
        kept = _base_path(store, meeting_id, generated)
        base = _read_text(store, kept) if kept.exists() else None

        def save(result: str) -> None:
            result = result.replace("\n", "\r\n") if crlf else result
            store.write_file(path, (("\ufeff" if bom else "") + result).encode("utf-8"))
            store.write_file(generated, text.encode("utf-8"))

        if current == text:
            if base != text or kept != generated:
                store.write_file(generated, text.encode("utf-8"))
            return MinutesResult(path, "unchanged")
        _refuse_conflicts(store, path, current)
        if base is None and not force:
            where = path.relative_to(store.root).as_posix()
            raise RuleViolation(
                f"{where} is your own text and samling has no record of what it wrote there "
                "(minutes.generated.md is missing)",
                "give --force to merge the new text into it (every difference is then marked as a conflict "
                "to resolve; nothing is lost), or --print to see the new text",
            )
        if base == text:
            return MinutesResult(path, "unchanged")  # nothing new from samling; the edits are the organizer's
        if base == current:
            save(text)
            return MinutesResult(path, "updated")
        merged = merge_texts(base or "", current, text, mine_label=YOURS, new_label=SAMLINGS)
        save(merged.text)
    if merged.conflicts:
        return MinutesResult(path, "conflict", merged.conflicts, conflict_line(merged.text))
    return MinutesResult(path, "merged")


def _read_text(store: Store, path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRecord([Problem(path, None, "is not UTF-8; save it as UTF-8 (Unicode) and run again")]) from None


def refuse_unresolved(store: Store, meeting_id: str) -> None:
    """Refuse to send or publish ``minutes.md`` while a conflict of a merge is unresolved in it."""
    path, _ = minutes_paths(store, meeting_id)
    if path.exists():
        _refuse_conflicts(store, path, _read_text(store, path))


def finished_minutes(store: Store, meeting_id: str) -> str:
    """The organizer's ``minutes.md`` as it is to be published: written first if it does not
    exist yet; refused while a conflict of a merge is unresolved."""
    path, _ = minutes_paths(store, meeting_id)
    if not path.exists():
        write_minutes(store, meeting_id)
    text = _read_text(store, path).removeprefix("\ufeff").replace("\r\n", "\n")
    _refuse_conflicts(store, path, text)
    return text


def render_minutes_article(store: Store, meeting_id: str) -> str:
    """The minutes as an article to publish (seed 002: "i artikelform"): ``minutes.md`` made
    HTML by markdown-it-py, HTML written in it shown as text."""
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    text = finished_minutes(store, meeting_id)
    body = MarkdownIt("commonmark", {"html": False}).render(text)
    meeting = store.load_meeting(meeting_id)
    return render(
        store.root,
        "minutes.html.j2",
        store.network.language,
        meeting=meeting,
        body=Markup(body),  # markdown-it's own HTML: every text in it is escaped ("html": False)
    )


def write_minutes_article(store: Store, meeting_id: str) -> tuple[Path, bool]:
    """Write ``meetings/<id>/out/minutes.html``; returns its path and whether it changed."""
    html = render_minutes_article(store, meeting_id).encode("utf-8")
    path = store.meeting_folder(meeting_id) / "out" / "minutes.html"
    with store.lock(meeting_id):
        if path.is_file() and not path.is_symlink() and path.read_bytes() == html:
            return path, False
        write_atomic(path, html)
    return path, True
