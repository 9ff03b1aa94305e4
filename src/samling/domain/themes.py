"""Themes suggested for a later meeting, collected at a meeting, with their dot votes (seed 003)."""

from __future__ import annotations

import datetime as dt

from samling import clock, ids
from samling.errors import AlreadyExists, InvalidInput, NotFound
from samling.models import Theme
from samling.store import Store


def suggest(store: Store, meeting_id: str, text: str, by: str | None = None) -> str:
    from samling.domain.people import build

    with store.lock(meeting_id):
        store.load_meeting(meeting_id)
        theme = build(Theme, "theme suggest", text=text, by=by, suggested_at=clock.now(store.network.tz))
        theme_id = ids.from_name(theme.text, "theme")
        if store.themes(meeting_id).exists(theme_id):
            raise AlreadyExists(
                f"{theme.text!r} is already suggested as {theme_id}",
                f"vote for it with `samling theme vote {theme_id}`",
            )
        store.themes(meeting_id).create(theme_id, theme)
        return theme_id


def find_theme(store: Store, meeting_id: str, ref: str) -> str:
    known = store.themes(meeting_id).ids()
    if ref in known:
        return ref
    slugged = ids.slug(ref)
    matches = [t for t in known if t.startswith(slugged)] if slugged else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InvalidInput(f"{ref!r} matches {len(matches)} themes: {', '.join(matches)}", "give more of it")
    raise NotFound(f"no theme {ref!r} at meeting {meeting_id}", f"list them with `samling themes {meeting_id}`")


def vote(store: Store, meeting_id: str, ref: str, count: int = 1, set_to: bool = False) -> tuple[str, Theme]:
    with store.lock(meeting_id):
        theme_id = find_theme(store, meeting_id, ref)
        theme = store.themes(meeting_id).load(theme_id)
        votes = count if set_to else theme.votes + count
        if votes < 0:
            raise InvalidInput(f"{theme_id} has {theme.votes} votes; cannot take away {-count}")
        theme = theme.model_copy(update={"votes": votes})
        store.themes(meeting_id).save(theme_id, theme)
        return theme_id, theme


def ranked(store: Store, meeting_id: str) -> list[tuple[str, Theme]]:
    """Most votes first; a tie in order of suggestion, then by id."""
    themes = store.themes(meeting_id).load_all()
    tz = store.network.tz
    earliest = dt.datetime.min.replace(tzinfo=dt.UTC)

    def suggested(theme: Theme) -> dt.datetime:
        # A time written by hand without an offset is the network's local time: comparing it as
        # it is with samling's own (aware) times would fail.
        at = theme.suggested_at
        if at is None:
            return earliest
        return at.replace(tzinfo=tz) if at.tzinfo is None else at

    return sorted(themes.items(), key=lambda kv: (-kv[1].votes, suggested(kv[1]), kv[0]))


def previous_meeting(store: Store, before: dt.date, exclude: str | None = None) -> str | None:
    """The last meeting held before ``before`` (where themes for the next one were collected)."""
    candidates = []
    for mid in store.meeting_ids():
        if mid == exclude:
            continue
        meeting = store.load_meeting(mid)
        if meeting.first_date < before:
            candidates.append((meeting.first_date, mid))
    return max(candidates)[1] if candidates else None


def draft_agenda(
    store: Store, before: dt.date, limit: int = 5, exclude: str | None = None
) -> tuple[str | None, list[str]]:
    """The top-voted themes of the previous meeting, offered as a new meeting's agenda."""
    source = previous_meeting(store, before, exclude)
    if source is None:
        return None, []
    top = [theme.text for _, theme in ranked(store, source) if theme.votes > 0][:limit]
    return source, top


def bar(votes: int, most: int, width: int = 20) -> str:
    """The tally as people draw it on a flip chart: one mark per vote, scaled to fit."""
    if most <= 0:
        return ""
    length = votes if most <= width else round(votes * width / most)
    return "█" * length
