"""``samling ask``, ``questions``, ``question ...``, ``escalations``, ``followup``, ``theme ...``,
``themes`` and ``agenda``: the question-based agenda and the themes for next time."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from samling.cli.base import (
    App,
    DirOption,
    JsonOption,
    MeetingArgument,
    MeetingOption,
    add_row,
    console,
    echo,
    open_meeting,
    open_store,
    print_json,
    table,
)

QUESTION_STATUSES = ("open", "discussed", "escalated", "answered")
NumberArgument = Annotated[int, typer.Argument(help="The question's number within the meeting.")]


def question_json(resolved: Any) -> dict[str, Any]:
    q = resolved.original
    return {"meeting": resolved.meeting_id, "number": resolved.number, "origin": resolved.ref,
            "carried": resolved.carried, **q.model_dump(mode="json", exclude={"origin"}),
            "topic": resolved.record.topic or q.topic}


def _who(store: Any, by: str | None) -> str | None:
    from samling.domain.people import find_participant

    return find_participant(store, by) if by else None


def register(app: App) -> None:  # noqa: C901
    question = App(help="Work through a question: discuss, escalate (to the vendor), answer.")
    theme = App(help="Themes suggested for the next meeting, and their votes.")
    app.add_typer(question, name="question")
    app.add_typer(theme, name="theme")

    @app.command()
    def ask(
        text: Annotated[str, typer.Argument(help="The question or problem, as the participant put it.")],
        by: Annotated[str | None, typer.Option("--by", help="Who asks (participant id, email or name); leave out for anonymous.", show_default=False)] = None,
        topic: Annotated[str | None, typer.Option("--topic", "-t", help="A topic to group it under on the agenda.", show_default=False)] = None,
        meeting: MeetingOption = None,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """Add a question to a meeting's agenda; it gets a short number to say aloud."""
        from samling.domain.questions import ask as run
        from samling.domain.questions import resolve

        store, ref = open_meeting(directory, meeting)
        number = run(store, ref.id, text, by=_who(store, by), topic=topic)
        if json:
            print_json(question_json(resolve(store, ref.id, number)))
        else:
            echo(f"Question {number} added to {ref.id}.")

    @app.command("questions")
    def questions_list(
        meeting: MeetingArgument = None,
        status: Annotated[list[str] | None, typer.Option("--status", help="Only these: open, discussed, escalated, answered (repeatable).", show_default=False)] = None,
        all_meetings: Annotated[bool, typer.Option("--all", help="Every meeting's questions (originals only; carried-over links are not repeated).")] = False,
        directory: DirOption = None,
        json: JsonOption = False,
    ) -> None:
        """List a meeting's questions with their status (carried-over ones included), or with
        --all every meeting's: `samling questions --all --status escalated`."""
        from samling.domain.questions import all_questions
        from samling.errors import InvalidInput

        for value in status or []:
            if value not in QUESTION_STATUSES:
                raise InvalidInput(f"--status {value!r} is not one of {', '.join(QUESTION_STATUSES)}")
        if all_meetings:
            store = open_store(directory)
            rows = [r for mid in store.meeting_ids() for r in all_questions(store, mid) if not r.carried]
            label = "all meetings"
        else:
            store, ref = open_meeting(directory, meeting)
            rows = all_questions(store, ref.id)
            label = ref.id
        rows = [r for r in rows if not status or r.original.status in status]
        if json:
            print_json([question_json(r) for r in rows])
            return
        grid = table("meeting/#" if all_meetings else "#", "question", "by", "topic", "status")
        for r in rows:
            q = r.original
            state = q.status
            if q.status == "escalated":
                state += f" to {q.escalated_to} ({q.escalated_at})"
            elif q.status == "answered" and q.answered_by:
                state += f" by {q.answered_by}"
            if r.carried:
                state += f"; from {r.ref}"
            add_row(grid, r.ref if all_meetings else r.number, q.text, q.by or "", r.record.topic or q.topic or "", state)
        console().print(grid)
        echo(f"{len(rows)} question{'s' if len(rows) != 1 else ''} ({label})")

    @question.command("show")
    def question_show(number: NumberArgument, meeting: MeetingOption = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """Show one question, with its answer or escalation."""
        from samling.domain.questions import resolve

        store, ref = open_meeting(directory, meeting)
        data = question_json(resolve(store, ref.id, number))
        if json:
            print_json(data)
            return
        for key, value in data.items():
            if value not in (None, False):
                echo(f"{key:<13} {value}")

    @question.command("discuss")
    def question_discuss(
        number: NumberArgument,
        notes: Annotated[str | None, typer.Option("--notes", help="What was said, for the minutes and the follow-up.", show_default=False)] = None,
        meeting: MeetingOption = None, directory: DirOption = None, json: JsonOption = False,
    ) -> None:
        """Mark a question discussed at the meeting (open -> discussed)."""
        from samling.domain.questions import discuss

        store, ref = open_meeting(directory, meeting)
        resolved = discuss(store, ref.id, number, notes)
        print_json(question_json(resolved)) if json else echo(f"Question {number}: {resolved.original.status}.")

    @question.command("escalate")
    def question_escalate(
        number: NumberArgument,
        to: Annotated[str, typer.Option("--to", help="Who it goes to, e.g. \"Bibliotek-Systemer\".")],
        on: Annotated[str | None, typer.Option("--on", help="Date it was sent (default: today).", show_default=False)] = None,
        meeting: MeetingOption = None, directory: DirOption = None, json: JsonOption = False,
    ) -> None:
        """Escalate a question nobody could answer (to the vendor); it waits for the answer and is
        carried onto the next meeting until answered."""
        from samling.domain.meetings import parse_date
        from samling.domain.questions import escalate

        store, ref = open_meeting(directory, meeting)
        resolved = escalate(store, ref.id, number, to, parse_date(on, "--on") if on else None)
        print_json(question_json(resolved)) if json else echo(
            f"Question {number} escalated to {resolved.original.escalated_to} on {resolved.original.escalated_at}.")

    @question.command("answer")
    def question_answer(
        number: NumberArgument,
        answer: Annotated[str, typer.Option("--answer", "-a", help="The answer.")],
        by: Annotated[str | None, typer.Option("--by", help="Who answered (default: where it was escalated to).", show_default=False)] = None,
        on: Annotated[str | None, typer.Option("--on", help="Date of the answer (default: today).", show_default=False)] = None,
        replace: Annotated[bool, typer.Option("--replace", help="Replace an earlier answer.")] = False,
        meeting: MeetingOption = None, directory: DirOption = None, json: JsonOption = False,
    ) -> None:
        """Record the answer to a question (a carried-over one answers the original too)."""
        from samling.domain.meetings import parse_date
        from samling.domain.questions import answer as run

        store, ref = open_meeting(directory, meeting)
        resolved = run(store, ref.id, number, answer, by,
                       parse_date(on, "--on") if on else None, replace)
        print_json(question_json(resolved)) if json else echo(
            f"Question {number} answered" + (f" (first asked at {resolved.origin_meeting})." if resolved.carried else "."))

    @app.command()
    def escalations(directory: DirOption = None, json: JsonOption = False) -> None:
        """Every escalation still unanswered, across all meetings, and how long it has waited."""
        from samling.domain.questions import open_escalations

        store = open_store(directory)
        rows = open_escalations(store)
        if json:
            print_json([question_json(e.resolved) | {"days_waiting": e.days_waiting, "carried_to": e.carried_to} for e in rows])
            return
        grid = table("question", "text", "escalated to", "since", "days", "carried to")
        for e in rows:
            q = e.resolved.original
            add_row(grid, e.resolved.ref, q.text, q.escalated_to, q.escalated_at, e.days_waiting, ", ".join(e.carried_to))
        console().print(grid)
        echo(f"{len(rows)} escalation{'s' if len(rows) != 1 else ''} waiting for an answer")

    @app.command()
    def followup(meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """Write the answers back: a message per participant who asked, and a digest for everyone
        (members who were absent included), in meetings/<id>/out/followup/."""
        from samling.outputs.followup import followup as run

        store, ref = open_meeting(directory, meeting)
        result = run(store, ref.id)
        rel = lambda p: p.relative_to(store.root).as_posix()  # noqa: E731
        if json:
            print_json({"meeting": ref.id, "digest": rel(result.digest), "personal": {k: rel(v) for k, v in result.personal.items()},
                        "recipients": result.recipients, "written": [rel(p) for p in result.written]})
            return
        echo(f"Follow-up for {ref.id} in {rel(result.folder)}:")
        echo(f"  digest.md for {len(result.recipients)} recipients (recipients.csv)")
        echo(f"  {len(result.personal)} personal message(s): " + ", ".join(f"{p}.md" for p in result.personal))
        echo(f"  {len(result.written)} file(s) written, the rest unchanged")

    @theme.command("suggest")
    def theme_suggest(
        text: Annotated[str, typer.Argument(help="The theme, e.g. \"Systematiska sökningar\".")],
        by: Annotated[str | None, typer.Option("--by", help="Who suggested it.", show_default=False)] = None,
        meeting: MeetingOption = None, directory: DirOption = None,
    ) -> None:
        """Suggest a theme for the next meeting (collected at this one)."""
        from samling.domain.themes import suggest

        store, ref = open_meeting(directory, meeting)
        theme_id = suggest(store, ref.id, text, _who(store, by))
        echo(f"Theme {theme_id} suggested at {ref.id}.")

    @theme.command("vote", context_settings={"ignore_unknown_options": True})  # "vote gdpr -1" corrects
    def theme_vote(
        name: Annotated[str, typer.Argument(help="The theme's id (or its start).")],
        count: Annotated[int, typer.Argument(help="Votes to add (dots on the flip chart); negative to correct.")] = 1,
        set_to: Annotated[bool, typer.Option("--set", help="Set the count instead of adding.")] = False,
        meeting: MeetingOption = None, directory: DirOption = None,
    ) -> None:
        """Add votes to a theme."""
        from samling.domain.themes import vote

        store, ref = open_meeting(directory, meeting)
        theme_id, record = vote(store, ref.id, name, count, set_to)
        echo(f"{record.text}: {record.votes} vote{'s' if record.votes != 1 else ''}.")

    @app.command("themes")
    def themes_list(meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """The themes suggested at a meeting, ranked by votes, with a bar each like the flip chart."""
        from samling.domain.themes import bar, ranked

        store, ref = open_meeting(directory, meeting)
        rows = ranked(store, ref.id)
        if json:
            print_json([{"id": tid, **t.model_dump(mode="json")} for tid, t in rows])
            return
        most = max((t.votes for _, t in rows), default=0)
        width = max((len(t.text) for _, t in rows), default=0)
        for tid, t in rows:
            echo(f"{t.text:<{width}}  {t.votes:>3}  {bar(t.votes, most)}".rstrip() + f"   ({tid})")
        if not rows:
            echo(f"No themes suggested at {ref.id} yet: `samling theme suggest TEXT`.")

    @app.command()
    def agenda(meeting: MeetingArgument = None, directory: DirOption = None, json: JsonOption = False) -> None:
        """The agenda for the big screen: the fixed items, then the questions grouped by topic,
        carried-over escalations marked. In the network's language."""
        from samling.domain.agenda import agenda_data
        from samling.outputs.templates import render

        store, ref = open_meeting(directory, meeting)
        data = agenda_data(store, ref.id)
        if json:
            print_json({"meeting": ref.id, "title": data["meeting"].title, "agenda": data["meeting"].agenda,
                        "topics": [{"topic": t, "questions": g} for t, g in data["groups"]]})
            return
        print(render(store.root, "agenda.md.j2", store.network.language, **data), end="")
