"""Files of the network folder: which ones are records, and writing one atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from samling.errors import AlreadyExists


def is_record_file(path: Path) -> bool:
    """Only ``*.toml`` files whose name does not start with a dot; ``*.tmp`` never counts."""
    return is_record_name(path.name)


def is_record_name(name: str) -> bool:
    """``is_record_file`` for a bare file name (a folder listing need not make a ``Path`` of each)."""
    return name.endswith(".toml") and not name.startswith(".")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def current_umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, create: bool = False) -> os.stat_result:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new, never half.

    With ``create=True`` an existing file is never replaced: ``AlreadyExists`` instead.
    Returns the written file's status (taken before the rename, which changes neither its inode,
    size nor mtime), so that a read cache can know the file without another ``stat``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file readable by its owner only; a record gets what the umask
            # gives, as any other tool's file would (a second organizer on a shared drive reads it)
            os.fchmod(handle.fileno(), 0o666 & ~current_umask())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            status = os.fstat(handle.fileno())
        if create:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise AlreadyExists(f"{path} already exists") from None
        else:
            tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _fsync_dir(path.parent)
    return status
