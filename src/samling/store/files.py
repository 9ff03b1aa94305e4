"""Files of the network folder: which ones are records, and writing one atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from samling.errors import AlreadyExists


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
