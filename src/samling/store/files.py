"""Files of the network folder: which ones are records, reading one and writing one atomically,
never through a symbolic link.

A network folder may come from someone else (a git clone, a shared drive), so a link in it could
lead samling to read or overwrite a file outside it (``meetings/<id>/out -> ~``,
``participants/ada.toml -> ~/.bashrc``). Below the network root (the nearest folder above that
holds ``samling.toml``) samling therefore follows no link: reads open the file with
``O_NOFOLLOW``, writes walk the folders down from the root with ``O_NOFOLLOW`` and work in the
last one by its descriptor, and temporary files are made exclusively under a random name. What
lies above the root (a home folder that is a link, macOS's ``/tmp``) is the user's business.
"""

# os on strings rather than pathlib: these run for each record and each output file; and
# os.path.abspath, never Path.resolve, which would follow the very links looked for.
# ruff: noqa: PTH100, PTH103, PTH118, PTH120, PTH206

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from samling.errors import AlreadyExists, InvalidRecord, Problem, UnsafePath

NETWORK_FILE = "samling.toml"
_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def is_record_file(path: Path) -> bool:
    """Only ``*.toml`` files whose name does not start with a dot; ``*.tmp`` never counts."""
    return is_record_name(path.name)


def is_record_name(name: str) -> bool:
    """``is_record_file`` for a bare file name (a folder listing need not make a ``Path`` of each)."""
    return name.endswith(".toml") and not name.startswith(".")


def current_umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temporary_name(name: str) -> str:
    """A hidden ``*.tmp`` name nobody can guess in advance (so nobody can plant a link there)."""
    return f".{name}.{secrets.token_hex(8)}.tmp"


def unsafe(path: str | Path) -> UnsafePath:
    return UnsafePath(
        f"{path} is a symbolic link; samling does not follow links inside the network folder",
        "replace the link by the folder or file itself (a link could lead samling to write outside the folder)",
    )


def network_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` that holds ``samling.toml``, or None."""
    current = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(current, NETWORK_FILE)):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def check_folder(folder: str) -> None:
    """``UnsafePath`` when a folder between the network root and ``folder`` (included) is a link.
    Folders that do not exist yet are fine; outside a network nothing is checked."""
    current = os.path.abspath(folder)
    links: list[str] = []
    while True:
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                links.append(current)
                # a link's target is not looked into: the network root is searched above it
            elif os.path.lexists(os.path.join(current, NETWORK_FILE)):
                break
        except FileNotFoundError:
            pass
        parent = os.path.dirname(current)
        if parent == current:
            return  # not inside a network
        current = parent
    if links:
        raise unsafe(links[-1])


def refuse_links(paths: Path | Iterable[Path], root: Path) -> None:
    """``UnsafePath`` when one of ``paths``, or a folder between ``root`` and it, is a link."""
    for path in [paths] if isinstance(paths, Path) else paths:
        relative = path.relative_to(root)
        current = root
        for part in relative.parts:
            current = current / part
            try:
                if stat.S_ISLNK(os.lstat(current).st_mode):
                    raise unsafe(current)
            except FileNotFoundError:
                break


def open_folder(folder: str) -> int:
    """A descriptor of ``folder``, made if missing, reached from the network root without
    following a link (outside a network: opened as it is)."""
    folder = os.path.abspath(folder)
    root = network_root(folder)
    if root is None:
        os.makedirs(folder, exist_ok=True)
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    current = root
    try:
        for part in os.path.relpath(folder, root).split(os.sep):
            if part in ("", "."):
                continue
            current = os.path.join(current, part)
            sub = _enter(fd, part, current)
            os.close(fd)
            fd = sub
    except BaseException:
        os.close(fd)
        raise
    return fd


def _enter(fd: int, name: str, path: str) -> int:
    """Open the sub-folder ``name`` of the folder ``fd``, made if missing (``path`` names it)."""
    try:
        try:
            return os.open(name, _DIRECTORY, dir_fd=fd)
        except FileNotFoundError:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o777, dir_fd=fd)
            return os.open(name, _DIRECTORY, dir_fd=fd)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR) and is_link(name, fd):
            raise unsafe(path) from None
        raise


def is_link(name: str, folder_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(name, dir_fd=folder_fd).st_mode)
    except FileNotFoundError:
        return False


def read_file(path: Path) -> tuple[bytes, os.stat_result]:
    """A record file's bytes and the status of the file they were read from (the same open file,
    so that a replacement between the two cannot pair one file's status with another's bytes).
    A link is refused (``UnsafePath``); ``FileNotFoundError`` is left to the caller; any other
    ``OSError`` is an ``InvalidRecord``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not hang us
    except FileNotFoundError:
        raise
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise unsafe(path) from None
        raise InvalidRecord([Problem(path, None, f"cannot be read ({error.strerror})")]) from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise InvalidRecord([Problem(path, None, "is not a file")])
        return handle.read(), status


def write_atomic(path: Path, data: bytes, *, create: bool = False) -> os.stat_result:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new, never half.

    With ``create=True`` an existing file is never replaced: ``AlreadyExists`` instead. A link at
    ``path`` or among the folders above it (up to the network root) is refused (``UnsafePath``).
    Returns the written file's status (taken before the rename, which changes neither its inode,
    size nor mtime), so that a read cache can know the file without another ``stat``.
    """
    folder = open_folder(os.path.dirname(os.path.abspath(path)))
    name = path.name
    try:
        if is_link(name, folder):
            raise unsafe(path)
        tmp = temporary_name(name)
        # O_CREAT's mode goes through the umask: a record gets what any other tool's file would
        # (a second organizer on a shared drive reads it)
        fd = os.open(tmp, _NEW_FILE, 0o666, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(fd)
                status = os.fstat(fd)
            if create:
                try:
                    os.link(tmp, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
                except FileExistsError:
                    raise AlreadyExists(f"{path} already exists") from None
            else:
                os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=folder)
        with contextlib.suppress(OSError):
            os.fsync(folder)
    finally:
        os.close(folder)
    return status
