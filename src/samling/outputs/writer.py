"""Writing generated files to ``meetings/<id>/out/``: re-creatable, so no fsync per file (that
would make 40,000 files take minutes), but still never half-written (temporary file + rename),
and an unchanged file is not rewritten."""

# os and os.path on strings rather than pathlib: this runs for each of 40,000 files, and a Path
# object per file and operation adds up.
# ruff: noqa: PTH103, PTH105, PTH116, PTH118, PTH120, PTH123

from __future__ import annotations

import os
from pathlib import Path

from samling.store import Store


class OutputWriter:
    def __init__(self, store: Store, meeting_id: str, folder: str) -> None:
        self.root = store.root
        self.folder = store.meeting_folder(meeting_id) / "out" / folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = self.folder.relative_to(self.root).as_posix() + "/"
        self.written: list[str] = []
        self._tmp = f".{os.getpid()}.tmp"

    def write(self, name: str, data: bytes | str) -> str:
        if isinstance(data, str):
            data = data.encode("utf-8")
        path = os.path.join(self.folder, name)
        relative = self.prefix + name
        if "/" in name:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            if os.stat(path).st_size == len(data):
                with open(path, "rb") as handle:
                    if handle.read() == data:
                        return relative
        except FileNotFoundError:
            pass
        # A temporary name of our own (this process, this file) instead of mkstemp's random
        # search, which cost 0.2 ms a file; the rename is what makes the write atomic.
        head, _, tail = name.rpartition("/")
        tmp = os.path.join(self.folder, head, f".{tail}{self._tmp}")
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.written.append(relative)
        return relative
