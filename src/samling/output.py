"""Writing generated files to ``meetings/<id>/out/``: re-creatable, so no fsync per file (that
would make 40,000 files take minutes), but still never half-written (temporary file + rename),
and an unchanged file is not rewritten."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from samling.store import Store


class OutputWriter:
    def __init__(self, store: Store, meeting_id: str, folder: str) -> None:
        self.root = store.root
        self.folder = store.meeting_folder(meeting_id) / "out" / folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.written: list[str] = []

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def write(self, name: str, data: bytes | str) -> str:
        if isinstance(data, str):
            data = data.encode("utf-8")
        path = self.folder / name
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return self.relative(path)
        except FileNotFoundError:
            pass
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.written.append(self.relative(path))
        return self.relative(path)
