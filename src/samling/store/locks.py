"""The locks of the network folder: ``meetings/<id>/.lock`` and the network's ``.lock``.

A lock is ``flock`` on the lock file, so the kernel is the only judge of who holds it: a holder
that dies (even by SIGKILL) lets go at once, and a holder that is only suspended (Ctrl-Z, SIGSTOP)
keeps it. Nothing ever needs the lock file deleted, and no message suggests it (deleting it while
a holder is suspended would let the next command lock a new file beside it: two writers); a waiter
whose file was deleted or replaced while it waited starts over on the new one. The file's content
says who holds it (host, pid, user, command, since), so that a waiter can name the holder; a
holder that let go cleanly leaves it empty, and one that died leaves its line, which the next
holder reports on stderr as a lock taken over.

``flock`` works on a file opened for reading, so a lock file that another user created and we
cannot write (their umask) locks nobody out: we lock it read-only, only without writing our name
into it. New lock files get the mode the umask gives (``0o666 & ~umask``), like any record.
The lock is re-entrant within a process (a command that holds a meeting's lock may call code that
takes it again).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import getpass
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from samling import env
from samling.errors import Conflict, InvalidInput, UnsafePath

DEFAULT_TIMEOUT = 60.0
_POLL = 0.05
_TELL_AFTER = 2.0  # seconds of waiting before a waiter says what it waits for

# lock file path -> (file descriptor, depth): the locks this process holds
_held: dict[str, list[int]] = {}


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a lock, as its lock file says."""

    host: str
    pid: int
    user: str
    command: str
    since: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} (user {self.user}, `{self.command}`, since {self.since})"

    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()

    def running(self) -> bool:
        """Whether the holder's process still exists (only knowable on this host: elsewhere, yes)."""
        if not self.on_this_host():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # another user's process: it exists
            return True
        return True


def timeout() -> float:
    """``SAMLING_LOCK_TIMEOUT`` seconds, or 60."""
    text = env.get(env.SAMLING_LOCK_TIMEOUT)
    if text is None:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also NaN
        raise InvalidInput(f"{env.SAMLING_LOCK_TIMEOUT}={text!r} is not a number of seconds")
    return value


def _me() -> Holder:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    command = " ".join(["samling", *sys.argv[1:]])[:200]
    since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return Holder(socket.gethostname(), os.getpid(), user, command, since)


def read_holder(path: Path) -> Holder | None:
    """The holder a lock file names, or None (empty, unreadable, or not samling's)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        data = os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        fields = json.loads(data.decode("utf-8"))
        return Holder(
            _printable(fields["host"]),
            int(fields["pid"]),
            _printable(fields["user"]),
            _printable(fields["command"]),
            _printable(fields["since"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _printable(value: object) -> str:
    """A field of the lock file as it may be printed (anyone who can write the folder can write
    the file: no escape sequence reaches the terminal through it)."""
    return "".join(c for c in str(value) if c.isprintable())[:200]


def _open(path: Path) -> tuple[int, bool]:
    """The lock file, opened for writing when we may, else for reading; (fd, writable)."""
    flags = os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | flags, 0o666), True
    except PermissionError:
        pass
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _symlink(path) from None
        raise
    try:
        return os.open(path, os.O_RDONLY | flags), False
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _symlink(path) from None
        raise


def _symlink(path: Path) -> UnsafePath:
    return UnsafePath(f"{path} is a symbolic link; samling locks only a file of its own", "remove the link")


@contextlib.contextmanager
def hold(path: Path, what: str, wait: float | None = None) -> Iterator[None]:
    """Hold the lock of ``path`` (``what`` names it in messages) for up to ``wait`` seconds of
    waiting (default: ``timeout()``); ``Conflict`` naming the holder when it takes longer."""
    key = os.path.abspath(path)  # noqa: PTH100 (resolve would follow links)
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    limit = timeout() if wait is None else wait
    deadline = time.monotonic() + limit
    while True:
        fd, writable = _open(path)
        try:
            _acquire(fd, path, what, limit, deadline)
        except BaseException:
            os.close(fd)
            raise
        if _still_there(fd, path):
            break
        # the file was removed or replaced while we waited: its lock guards nothing, take the new one
        os.close(fd)
    try:
        _held[key] = [fd, 1]
        try:
            if writable:
                _take_over(path, what)
                me = _me()
                os.ftruncate(fd, 0)
                os.pwrite(fd, json.dumps(me.__dict__, ensure_ascii=False).encode("utf-8") + b"\n", 0)
            yield
        finally:
            del _held[key]
            if writable:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)  # let go cleanly: the file names nobody
    finally:
        os.close(fd)  # closing lets go of the flock


def _still_there(fd: int, path: Path) -> bool:
    try:
        mine, current = os.fstat(fd), os.lstat(path)
    except FileNotFoundError:
        return False
    return (mine.st_dev, mine.st_ino) == (current.st_dev, current.st_ino)


def _acquire(fd: int, path: Path, what: str, limit: float, deadline: float) -> None:
    start = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        now = time.monotonic()
        if not told and now - start >= _TELL_AFTER and now < deadline:
            told = True
            holder = read_holder(path)
            if holder is not None:
                print(f"samling: waiting for the lock on {what}, held by {holder.describe()}", file=sys.stderr)
        if now >= deadline:
            holder = read_holder(path)
            who = holder.describe() if holder else "a samling command that did not say who it is"
            raise Conflict(
                f"the lock on {what} is held by {who}; gave up after {limit:g} s",
                "wait for that command to finish and try again; if it is suspended, resume it "
                f"(`fg` in its terminal, or `kill -CONT {holder.pid if holder else 'PID'}`)",
            )
        time.sleep(_POLL)


def _take_over(path: Path, what: str) -> None:
    """A holder named in the file although the lock was free died holding it: say so."""
    holder = read_holder(path)
    if holder is None:
        return
    if holder.on_this_host() and holder.pid == os.getpid():
        return
    state = "which no longer runs" if not holder.running() else "which let go without saying so"
    print(f"samling: took over the lock on {what} from {holder.describe()}, {state}", file=sys.stderr)
