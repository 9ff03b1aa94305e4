"""The network folder as a database: one TOML file per record, the file name is the id.

Rules kept here (see DESIGN.md): writes are atomic (temporary file in the same folder, fsync,
then rename, or link when creating so that an existing record is never clobbered); an unchanged
record is not rewritten; hidden and temporary files are never records; a read-modify-write holds
the meeting's lock.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from samling import env, tomlio
from samling.errors import (
    AlreadyExists,
    Conflict,
    InvalidRecord,
    NoNetwork,
    NotFound,
    Problem,
)
from samling.models import (
    Meeting,
    Network,
    Organization,
    Participant,
    Question,
    Registration,
    Theme,
    Venue,
    problems_from,
)

NETWORK_FILE = "samling.toml"
MEETING_FILE = "meeting.toml"
LOCK_FILE = ".lock"
LOCK_TIMEOUT = 60.0

M = TypeVar("M", bound=BaseModel)


# --- files -------------------------------------------------------------------------------------


def is_record_file(path: Path) -> bool:
    """Only ``*.toml`` files whose name does not start with a dot; ``*.tmp`` never counts."""
    return path.suffix == ".toml" and not path.name.startswith(".")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, *, create: bool = False) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new, never half.

    With ``create=True`` an existing file is never replaced: ``AlreadyExists`` instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if create:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise AlreadyExists(f"{path} already exists") from None
        else:
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _fsync_dir(path.parent)


def to_toml(record: BaseModel) -> str:
    data = record.model_dump(mode="python", exclude_none=True)
    return tomlio.dumps(_prune(data))


def _prune(value: Any) -> Any:
    """Leave out empty lists and tables: a hand-written file need not spell them out."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ([], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def load_record(path: Path, model: type[M]) -> M:
    data = tomlio.load(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidRecord(problems_from(error, model, path)) from None


def save_record(path: Path, record: BaseModel, *, create: bool = False) -> bool:
    """Write ``record``; return False when the file already holds an equal record (not rewritten,
    so a hand-formatted file keeps its comments and git shows no change)."""
    if not create and path.exists():
        with contextlib.suppress(InvalidRecord, FileNotFoundError):
            if load_record(path, type(record)) == record:
                return False
    write_atomic(path, to_toml(record).encode("utf-8"), create=create)
    return True


# --- collections of records -------------------------------------------------------------------


class Collection(Generic[M]):
    """The records of one kind in one folder: ``<folder>/<id>.toml``."""

    def __init__(self, folder: Path, model: type[M], label: str) -> None:
        self.folder = folder
        self.model = model
        self.label = label

    def path(self, record_id: str) -> Path:
        return self.folder / f"{record_id}.toml"

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.iterdir() if is_record_file(p) and p.is_file())

    def exists(self, record_id: str) -> bool:
        return self.path(record_id).is_file()

    def load(self, record_id: str) -> M:
        path = self.path(record_id)
        try:
            return load_record(path, self.model)
        except FileNotFoundError:
            raise NotFound(
                f"no {self.label} {record_id!r} ({path.parent.name}/{path.name} does not exist)",
                f"list them with `samling {self.label} list`" if self.label in _LISTABLE else None,
            ) from None

    def load_all(self) -> dict[str, M]:
        """Every record, in id order. Every broken file is reported at once."""
        records: dict[str, M] = {}
        problems: list[Problem] = []
        for record_id in self.ids():
            try:
                records[record_id] = load_record(self.path(record_id), self.model)
            except InvalidRecord as error:
                problems.extend(error.problems)
            except FileNotFoundError:  # removed while we listed: not a record any more
                continue
        if problems:
            raise InvalidRecord(problems, "fix the files, then run `samling check`")
        return records

    def create(self, record_id: str, record: M) -> None:
        try:
            save_record(self.path(record_id), record, create=True)
        except AlreadyExists:
            raise AlreadyExists(
                f"{self.label} {record_id!r} already exists",
                "choose another id with --id, or edit the existing record",
            ) from None

    def save(self, record_id: str, record: M) -> bool:
        return save_record(self.path(record_id), record)


_LISTABLE = {"organization": "org", "participant": "participant", "venue": "venue"}


# --- the network folder -----------------------------------------------------------------------


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
    """A network folder. Cheap to create; records are read when asked for."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.organizations = Collection(root / "organizations", Organization, "organization")
        self.participants = Collection(root / "participants", Participant, "participant")
        self.venues = Collection(root / "venues", Venue, "venue")

    @classmethod
    def find(cls, explicit: Path | None = None) -> Store:
        return cls(find_root(explicit))

    @property
    def network_path(self) -> Path:
        return self.root / NETWORK_FILE

    @cached_property
    def network(self) -> Network:
        return load_record(self.network_path, Network)

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
            return load_record(self.meeting_path(meeting_id), Meeting)
        except FileNotFoundError:
            raise NotFound(
                f"no meeting {meeting_id!r}", "list the meetings with `samling meetings`"
            ) from None

    def save_meeting(self, meeting_id: str, meeting: Meeting, *, create: bool = False) -> bool:
        try:
            return save_record(self.meeting_path(meeting_id), meeting, create=create)
        except AlreadyExists:
            raise AlreadyExists(
                f"meeting {meeting_id!r} already exists",
                "add a session to it with `samling session add`, or choose another title",
            ) from None

    def registrations(self, meeting_id: str) -> Collection[Registration]:
        return Collection(
            self.meeting_folder(meeting_id) / "registrations", Registration, "registration"
        )

    def questions(self, meeting_id: str) -> Collection[Question]:
        return Collection(self.meeting_folder(meeting_id) / "questions", Question, "question")

    def themes(self, meeting_id: str) -> Collection[Theme]:
        return Collection(self.meeting_folder(meeting_id) / "topics", Theme, "theme")

    @contextlib.contextmanager
    def lock(self, meeting_id: str | None = None) -> Iterator[None]:
        """Hold the meeting's lock (or the network's) for a read-modify-write."""
        from filelock import FileLock, Timeout

        folder = self.meeting_folder(meeting_id) if meeting_id else self.root
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / LOCK_FILE, timeout=LOCK_TIMEOUT)
        try:
            with lock:
                yield
        except Timeout:
            what = f"meeting {meeting_id}" if meeting_id else "the network"
            raise Conflict(
                f"another samling command has held the lock on {what} for {LOCK_TIMEOUT:.0f} s",
                f"wait for it to finish; if none is running, delete {folder / LOCK_FILE}",
            ) from None
