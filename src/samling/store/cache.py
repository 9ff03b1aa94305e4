"""Each record file parsed once per ``Store``: the read cache.

An entry is the record parsed from a file and that file's signature, (inode, size, mtime in ns).
Every access re-stats the file (one system call, ~2 µs) and re-reads it when the signature
differs, so a file replaced by another process (samling's atomic writes give each version a new
inode) or edited by hand is read anew, and a read under a meeting's lock sees the current file.
Stale data would need a new version with the same inode, size and mtime: an edit in place that
keeps the size, within one tick of the file system's clock (a few ms) of the version read, or,
with atomic writes, a freed inode reused as fast: not something a person at an editor, or two
commands each a second long, produce.

No link is followed (``store.files``): a record file, or a folder between the network root and
it, that is a symbolic link is refused with ``UnsafePath``. Each folder is checked once per cache
(per command); each file is opened with ``O_NOFOLLOW`` and known by ``lstat``.

Records handed out are shared by every reader of the same ``Store``: treat them as values and
change them with ``model_copy(update=...)``, as the domain does. (``save`` does not trust a
record that *is* the cached object: it may have been changed in place, so the file is read.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from samling.errors import InvalidRecord
from samling.models import problems_from
from samling.store import toml
from samling.store.files import check_folder, read_file
from samling.store.records import write_record

if TYPE_CHECKING:
    from samling.store.journal import Journal

M = TypeVar("M", bound=BaseModel)

Signature = tuple[int, int, int]


def signature(status: os.stat_result) -> Signature:
    """What tells one version of a file from another: (inode, size, mtime in ns)."""
    return status.st_ino, status.st_size, status.st_mtime_ns


class ReadCache:
    """Parsed records by path, valid while their file's signature is unchanged."""

    def __init__(self) -> None:
        # By the path's text: a str hashes faster than a Path (the cost is per record read,
        # and a command reads 15,000 of them), and a plain tuple costs less than an object.
        self._entries: dict[str, tuple[Signature, BaseModel]] = {}
        self._safe_folders: set[str] = set()  # checked for links (``check_folder``)
        # the undo journal of the unit of change under way (``Store.lock``), told before each write
        self.journal: Journal | None = None

    def load(self, path: Path, model: type[M]) -> M:
        """The record in ``path``, parsed at most once while the file stays the same.

        Raises ``FileNotFoundError`` (and forgets the file) when it does not exist, and
        ``InvalidRecord`` when it does not hold a valid ``model`` (not cached: read again)."""
        key = os.fspath(path)
        entry = self._entries.get(key)
        if entry is not None:
            try:
                status = os.lstat(key)  # a link put in the file's place is a new file: read anew
            except FileNotFoundError:
                del self._entries[key]
                raise
            record = entry[1]
            if entry[0] == signature(status) and type(record) is model:
                return record  # narrowed to M by the type check
        return self._read(key, path, model)

    def save(self, path: Path, record: BaseModel, *, create: bool = False) -> bool:
        """Write ``record`` to ``path``, unless the file already holds an equal record: then
        return False and leave the file as it is (a hand-formatted file keeps its comments)."""
        if not create and self._holds(path, record):
            return False
        if self.journal is not None:
            self.journal.before(path)
        status = write_record(path, record, create=create)
        self._entries[os.fspath(path)] = (signature(status), record)
        return True

    def forget(self, path: Path | None = None) -> None:
        """Drop one file's entry, or every entry."""
        if path is None:
            self._entries.clear()
        else:
            self._entries.pop(os.fspath(path), None)

    def __contains__(self, path: Path) -> bool:
        return os.fspath(path) in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def _read(self, key: str, path: Path, model: type[M]) -> M:
        try:
            folder = os.path.dirname(key)  # noqa: PTH120 (a str, per record read)
            if folder not in self._safe_folders:
                check_folder(folder)
                self._safe_folders.add(folder)
            data, status = read_file(path)
            try:
                record = model.model_validate(toml.parse(data, path))
            except ValidationError as error:
                raise InvalidRecord(problems_from(error, model, path)) from None
        except BaseException:
            self._entries.pop(key, None)
            raise
        self._entries[key] = (signature(status), record)
        return record

    def _holds(self, path: Path, record: BaseModel) -> bool:
        """Whether ``path`` holds a record equal to ``record``: compared with the cached record
        while the file is unchanged, else with the file as it is now (a missing or broken file
        holds nothing)."""
        key = os.fspath(path)
        entry = self._entries.get(key)
        try:
            if entry is None or entry[1] is record:
                return self._read(key, path, type(record)) == record
            return self.load(path, type(record)) == record
        except (InvalidRecord, FileNotFoundError):
            return False
