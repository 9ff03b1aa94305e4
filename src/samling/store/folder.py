"""The network folder: finding it, its meetings and their sub-collections, and its locks."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from samling import env
from samling.errors import AlreadyExists, NoNetwork, NotFound
from samling.models import (
    Meeting,
    Network,
    Organization,
    Participant,
    Question,
    Registration,
    Theme,
    Venue,
)
from samling.models.ledger import Ledger
from samling.models.mailings import Decline, Requests
from samling.models.room import Action, Decision, Groups, ImportantDate
from samling.store.cache import ReadCache
from samling.store.collection import Collection

NETWORK_FILE = "samling.toml"
MEETING_FILE = "meeting.toml"
LOCK_FILE = ".lock"
THEMES_FOLDER = "themes"
SENT_FOLDER = "sent"
#: What samling reads and writes in a meeting's folder (checked for symbolic links under its lock).
MEETING_ENTRIES = (
    MEETING_FILE,
    "registrations",
    "questions",
    THEMES_FOLDER,
    "topics",
    SENT_FOLDER,
    "declined",
    "decisions",
    "actions",
    "dates",
    "groups.toml",
    "requests.toml",
    "minutes.md",
    "minutes.generated.md",
    "out",
    "out/minutes.generated.md",
    "out/minutes.replaced.md",
)


def find_root(explicit: Path | None = None) -> Path:
    """``--dir``, then ``SAMLING_DIR``, then the current folder and its parents (like git)."""
    for given, source in ((explicit, "--dir"), (env.get(env.SAMLING_DIR), env.SAMLING_DIR)):
        if given is not None:
            root = Path(given).expanduser()
            if not (root / NETWORK_FILE).is_file():
                raise NoNetwork(
                    f"{root} ({source}) is not a samling network: it has no {NETWORK_FILE}",
                    f"create one with `samling init {root}`, or point {source} at a network folder",
                )
            return root.resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / NETWORK_FILE).is_file():
            return folder
    raise NoNetwork(
        f"no samling network in {here} or any folder above it",
        "run `samling init PATH`, cd into a network folder, or use --dir / SAMLING_DIR",
    )


class Store:
    """A network folder. Cheap to create; records are read when asked for, and each file is
    parsed once while it stays the same (``cache``, shared by every collection of this store):
    make one ``Store`` per command."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = ReadCache()
        self.organizations = Collection(root / "organizations", Organization, "organization", self.cache)
        self.participants = Collection(root / "participants", Participant, "participant", self.cache)
        self.venues = Collection(root / "venues", Venue, "venue", self.cache)
        # commands found changing the folder right now (``recover``): (their journal, what they are)
        self.under_way: list[tuple[Path, str]] = []

    @classmethod
    def find(cls, explicit: Path | None = None) -> Store:
        return cls(find_root(explicit))

    @property
    def network_path(self) -> Path:
        return self.root / NETWORK_FILE

    @cached_property
    def network(self) -> Network:
        return self.cache.load(self.network_path, Network)

    # meetings: meetings/<id>/meeting.toml, with their own sub-collections

    @property
    def meetings_folder(self) -> Path:
        return self.root / "meetings"

    def meeting_folder(self, meeting_id: str) -> Path:
        return self.meetings_folder / meeting_id

    def meeting_path(self, meeting_id: str) -> Path:
        return self.meeting_folder(meeting_id) / MEETING_FILE

    def meeting_ids(self) -> list[str]:
        """Meeting ids sort by date, because they start with the first session's date."""
        if not self.meetings_folder.is_dir():
            return []
        return sorted(
            p.name
            for p in self.meetings_folder.iterdir()
            if not p.name.startswith(".") and (p / MEETING_FILE).is_file()
        )

    def load_meeting(self, meeting_id: str) -> Meeting:
        try:
            return self.cache.load(self.meeting_path(meeting_id), Meeting)
        except FileNotFoundError:
            raise NotFound(f"no meeting {meeting_id!r}", "list the meetings with `samling meetings`") from None

    def save_meeting(self, meeting_id: str, meeting: Meeting, *, create: bool = False) -> bool:
        try:
            return self.cache.save(self.meeting_path(meeting_id), meeting, create=create)
        except AlreadyExists:
            raise AlreadyExists(
                f"meeting {meeting_id!r} already exists",
                "add a session to it with `samling session add`, or choose another title",
            ) from None

    def registrations(self, meeting_id: str) -> Collection[Registration]:
        return Collection(self.meeting_folder(meeting_id) / "registrations", Registration, "registration", self.cache)

    def questions(self, meeting_id: str) -> Collection[Question]:
        return Collection(self.meeting_folder(meeting_id) / "questions", Question, "question", self.cache)

    def declines(self, meeting_id: str) -> Collection[Decline]:
        """``meetings/<id>/declined/<participant-id>.toml``: regrets."""
        return Collection(self.meeting_folder(meeting_id) / "declined", Decline, "decline", self.cache)

    def requests_path(self, meeting_id: str) -> Path:
        return self.meeting_folder(meeting_id) / "requests.toml"

    def load_requests(self, meeting_id: str) -> Requests:
        """The mailings asked for: reminders, follow-ups, minutes (none when the file does not exist)."""
        try:
            return self.cache.load(self.requests_path(meeting_id), Requests)
        except FileNotFoundError:
            return Requests()

    def save_requests(self, meeting_id: str, requests: Requests) -> bool:
        return self.cache.save(self.requests_path(meeting_id), requests)

    def sent(self, meeting_id: str) -> Collection[Ledger]:
        """``meetings/<id>/sent/<participant-id>.toml``: what each person was sent about the meeting."""
        return Collection(self.meeting_folder(meeting_id) / SENT_FOLDER, Ledger, "ledger", self.cache)

    def themes(self, meeting_id: str) -> Collection[Theme]:
        """Suggestions for the next meeting: ``meetings/<id>/themes/`` (formerly ``topics/``:
        ``samling check`` asks for the rename)."""
        return Collection(self.meeting_folder(meeting_id) / THEMES_FOLDER, Theme, "theme", self.cache)

    # the meeting room: meetings/<id>/decisions/<n>.toml, actions/<n>.toml, dates/<n>.toml, groups.toml

    def decisions(self, meeting_id: str) -> Collection[Decision]:
        return Collection(self.meeting_folder(meeting_id) / "decisions", Decision, "decision", self.cache)

    def actions(self, meeting_id: str) -> Collection[Action]:
        return Collection(self.meeting_folder(meeting_id) / "actions", Action, "action", self.cache)

    def dates(self, meeting_id: str) -> Collection[ImportantDate]:
        return Collection(self.meeting_folder(meeting_id) / "dates", ImportantDate, "date", self.cache)

    def groups_path(self, meeting_id: str) -> Path:
        return self.meeting_folder(meeting_id) / "groups.toml"

    def load_groups(self, meeting_id: str) -> Groups | None:
        """The workshop groups (None when `samling groups` has not made any)."""
        try:
            return self.cache.load(self.groups_path(meeting_id), Groups)
        except FileNotFoundError:
            return None

    def save_groups(self, meeting_id: str, groups: Groups) -> bool:
        return self.cache.save(self.groups_path(meeting_id), groups)

    def remove(self, path: Path) -> bool:
        """Delete a record or output file of the folder (False when it did not exist). Inside
        ``lock`` the removal is part of the command's one atomic change, like every write."""
        if not path.is_file():
            return False
        if self.cache.journal is not None:
            self.cache.journal.before(path)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        self.cache.forget(path)
        return True

    def write_file(self, path: Path, data: bytes) -> None:
        """Write a file that is no record (``minutes.md``) atomically; inside ``lock``, as part of
        the command's one atomic change."""
        from samling.store.files import write_atomic

        if self.cache.journal is not None:
            self.cache.journal.before(path)
        write_atomic(path, data)

    @contextlib.contextmanager
    def lock(self, meeting_id: str | None = None) -> Iterator[None]:
        """Hold the meeting's lock (or the network's) for a read-modify-write; waits up to
        ``SAMLING_LOCK_TIMEOUT`` seconds (60) for another command, then ``Conflict`` naming it.
        Taking a meeting's lock also refuses a symbolic link among the meeting's records and
        outputs (``minutes.md``, ``out/``, ...), before the command reads or writes any of them.

        What the command writes and removes under the outermost lock is one unit of change
        (``store.journal``): kept whole when the block ends, undone whole when it raises, and
        undone by the next command when this one is killed. (Locks taken inside it join it.)"""
        from samling.store import locks
        from samling.store.files import refuse_links
        from samling.store.journal import Journal

        folder = self.meeting_folder(meeting_id) if meeting_id else self.root
        refuse_links(folder, self.root)
        folder.mkdir(parents=True, exist_ok=True)
        if meeting_id:
            refuse_links([folder / name for name in MEETING_ENTRIES], self.root)
        what = f"meeting {meeting_id}" if meeting_id else "the network"
        with locks.hold(folder / LOCK_FILE, what):
            self._recover(folder, what)
            if self.cache.journal is not None:
                yield  # inside another lock's unit
                return
            journal = self.cache.journal = Journal(folder, self.root, what)
            try:
                yield
            except BaseException:
                journal.rollback()
                self.cache.forget()
                raise
            else:
                journal.commit()
            finally:
                self.cache.journal = None

    def commit(self) -> None:
        """Keep what the command wrote so far, whatever happens next (`samling send` after each
        message: a message handed to the mail server stays recorded)."""
        if self.cache.journal is not None:
            self.cache.journal.commit()

    def recover(self) -> list[str]:
        """Undo what commands that were killed left half done, in the network and in each meeting
        (a lock held by a running command is left alone: its journal is its own). Returns what was
        undone."""
        from samling.errors import Conflict
        from samling.store import locks
        from samling.store.journal import JOURNAL_FILE

        folders = [self.root]
        if self.meetings_folder.is_dir():
            folders += sorted(p for p in self.meetings_folder.iterdir() if not p.name.startswith("."))
        undone = []
        for folder in folders:
            if not os.path.lexists(folder / JOURNAL_FILE):
                continue
            what = f"meeting {folder.name}" if folder != self.root else "the network"
            try:
                with locks.hold(folder / LOCK_FILE, what, wait=0):
                    told = self._recover(folder, what)
            except Conflict:
                self._under_way(folder, what)
                continue
            if told:
                undone.append(told)
        return undone

    def _under_way(self, folder: Path, what: str) -> None:
        """A command that holds its lock is changing ``folder`` right now: what this command reads
        may show part of its changes (a reader does not wait for it). Said on stderr, and kept in
        ``under_way`` for `samling check`."""
        import sys

        from samling.store.journal import JOURNAL_FILE, describe, read_header

        header = read_header(folder / JOURNAL_FILE)
        told = f"{describe(header)} is changing {what} right now"
        self.under_way.append((folder / JOURNAL_FILE, told))
        print(f"samling: note: {told}; what follows may show part of its changes", file=sys.stderr)

    def _recover(self, folder: Path, what: str) -> str | None:
        """Under the lock of ``folder``: undo the unit a killed command left there, if any."""
        import sys

        from samling.store.journal import describe, journal_path, undo

        path = journal_path(folder)
        if not os.path.lexists(path):
            return None
        header = undo(path, self.root)
        self.cache.forget()
        told = f"undid {describe(header)} on {what}, which was interrupted before it finished"
        print(f"samling: {told}", file=sys.stderr)
        return told
