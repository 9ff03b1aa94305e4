"""One command's changes to several records as one unit: an undo journal.

A command changes its records under a lock (``Store.lock``). Before the first change of each
file, the journal (``.journal`` beside the lock file) gets a line with the file's path and what
it held (its bytes, or that it did not exist), flushed to disk before the file is touched. When
the command ends well the journal is removed: that removal is the commit. When it fails (an
error, Ctrl-C, a full disk), every file is put back as the journal says, newest first, and the
journal removed. When it is killed, the journal stays, and the next command to take that lock,
or to open the folder, puts the files back the same way: whatever the moment of the crash, the
folder is as before the command or as after it, never between.

Undo rather than redo, because then a command needs nothing of the journal while it runs: it
reads and writes its records as before, and a reader in another terminal sees no difference.

The file is JSON lines: a header ``{"command": ..., "pid": ..., "host": ..., "started": ...}``,
then ``{"path": "<relative to the network root>", "old": "<base64>" | null}``. A line cut short by
a crash is the last one, written before its file was touched: it is ignored.
"""

# os on strings: see store.files.
# ruff: noqa: PTH100, PTH112, PTH120

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import glob
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from samling.errors import InvalidRecord, Problem
from samling.store.files import check_folder, open_folder, read_file, write_atomic

JOURNAL_FILE = ".journal"
_APPEND = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC


def journal_path(folder: Path) -> Path:
    return folder / JOURNAL_FILE


@dataclass
class Journal:
    """The undo journal of the command running under the lock of ``folder``. The file is made at
    the first change: a command that changes nothing leaves no trace."""

    folder: Path
    root: Path
    what: str
    _fd: int | None = None
    _seen: set[str] = field(default_factory=set)

    @property
    def path(self) -> Path:
        return journal_path(self.folder)

    def before(self, path: Path) -> None:
        """Note what ``path`` holds before its first change in this unit (then change it)."""
        key = os.path.abspath(path)
        if key in self._seen:
            return
        try:
            old: str | None = base64.b64encode(read_file(path)[0]).decode("ascii")
        except FileNotFoundError:
            old = None
        lines = [json.dumps({"folder": folder}) + "\n" for folder in self._new_folders(key)]
        entry = {"path": Path(os.path.relpath(key, self.root)).as_posix(), "old": old}
        self._append("".join(lines) + json.dumps(entry, ensure_ascii=True) + "\n")
        self._seen.add(key)

    def _new_folders(self, key: str) -> list[str]:
        """The folders above ``key`` the write will make (a first registration makes
        ``registrations/``), outermost first: undone, they go too, when empty."""
        missing = []
        folder = os.path.dirname(key)
        root = os.path.abspath(self.root)
        while folder != root and len(folder) > len(root) and not os.path.isdir(folder):
            missing.append(Path(os.path.relpath(folder, root)).as_posix())
            folder = os.path.dirname(folder)
        return missing[::-1]

    def commit(self) -> None:
        """The unit is done: remove the journal (the commit itself), ready for the next unit."""
        if self._fd is None:
            return
        os.close(self._fd)
        self._fd = None
        self._seen.clear()
        _remove(self.path)

    def rollback(self) -> None:
        """Put every file back as it was before the unit, then remove the journal."""
        if self._fd is None:
            return
        os.close(self._fd)
        self._fd = None
        self._seen.clear()
        undo(self.path, self.root)

    def _append(self, line: str) -> None:
        if self._fd is None:
            import socket

            header = {
                "command": " ".join(["samling", *sys.argv[1:]])[:500],
                "what": self.what,
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            folder = open_folder(str(self.folder))
            try:
                self._fd = os.open(JOURNAL_FILE, _APPEND, 0o600, dir_fd=folder)
                with contextlib.suppress(OSError):
                    os.fsync(folder)
            finally:
                os.close(folder)
            line = json.dumps(header, ensure_ascii=True) + "\n" + line
        data = line.encode("ascii")
        written = 0
        while written < len(data):
            written += os.write(self._fd, data[written:])
        os.fsync(self._fd)


def undo(path: Path, root: Path) -> dict[str, object]:
    """Put back the files of an interrupted unit from its journal at ``path``, newest change
    first, then remove the journal; return its header (what was interrupted). Running it again
    after a crash in the middle does the same again: it only writes what the journal says."""
    try:
        data = read_file(path)[0]
    except FileNotFoundError:
        return {}
    lines = data.split(b"\n")
    header: dict[str, object] = {}
    entries: list[tuple[Path, bytes | None, bool]] = []  # (file or folder, what it held, a folder)
    for n, raw in enumerate(lines):
        try:
            item = json.loads(raw)
        except ValueError:
            if n >= len(lines) - 2:
                break  # the last line, cut short by the crash: its file was never touched
            raise InvalidRecord(
                [Problem(path, None, f"line {n + 1} is damaged; the interrupted command cannot be undone")],
                "restore the folder from git or a backup, then remove the .journal file",
            ) from None
        if n == 0:
            header = item
            continue
        if "folder" in item:  # made by the unit: removed when undone, if empty
            entries.append((_inside(root, item["folder"], path), None, True))
            continue
        target = _inside(root, item["path"], path)
        old = item["old"]
        entries.append((target, None if old is None else base64.b64decode(old), False))
    for target, old, folder in reversed(entries):
        if folder:
            if target.is_dir() and not target.is_symlink():
                with contextlib.suppress(OSError):
                    target.rmdir()  # only if empty
            continue
        _remove_temporaries(target)
        if old is None:
            check_folder(str(target.parent))  # no link followed, as for any write
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, old)
    _remove(path)
    return header


def _remove_temporaries(target: Path) -> None:
    """The temporary files of an atomic write of ``target`` cut short by the crash
    (``store.files.temporary_name``)."""
    with contextlib.suppress(OSError):
        for stray in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            stray.unlink(missing_ok=True)


def _inside(root: Path, relative: str, journal: Path) -> Path:
    """A journal names files inside the network folder only; anything else is not ours to touch."""
    target = root / relative
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        raise InvalidRecord(
            [Problem(journal, "path", f"{relative!r} is outside the network folder")],
            "this journal was not written by samling: remove it after checking the folder",
        )
    return target


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        fd = os.open(os.path.dirname(path), os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_header(path: Path) -> dict[str, object]:
    """The first line of a journal: which command, since when (empty when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            first = json.loads(handle.readline())
    except (OSError, ValueError):
        return {}
    return first if isinstance(first, dict) else {}


def describe(header: dict[str, object]) -> str:
    command = str(header.get("command") or "a samling command")
    details = []
    if header.get("pid"):
        details.append(f"pid {header['pid']}" + (f" on {header['host']}" if header.get("host") else ""))
    if header.get("started"):
        details.append(f"started {header['started']}")
    return f"`{command}`" + (f" ({', '.join(details)})" if details else "")
