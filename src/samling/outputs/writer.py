"""Writing generated files to ``meetings/<id>/out/``: re-creatable, so no fsync per file (that
would make 40,000 files take minutes), but still never half-written (temporary file + rename),
an unchanged file is not rewritten, and no link is followed: the folder is reached from the
network root without following one (``store.files.open_folder``), every file is opened and
renamed by that folder's descriptor, a link at an output's name is refused, and each temporary
file is made exclusively (``O_EXCL | O_NOFOLLOW``) under a random name. Files get the mode the
umask gives."""

# os and os.path on strings rather than pathlib: this runs for each of 40,000 files, and a Path
# object per file and operation adds up.
# ruff: noqa: PTH118

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import weakref

from samling.store import Store
from samling.store.files import open_folder, unsafe

_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _close_all(descriptors: dict[str, int]) -> None:
    for fd in descriptors.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    descriptors.clear()


class OutputWriter:
    def __init__(self, store: Store, meeting_id: str, folder: str) -> None:
        self.root = store.root
        self.folder = store.meeting_folder(meeting_id) / "out" / folder
        self.prefix = self.folder.relative_to(self.root).as_posix() + "/"
        self.written: list[str] = []
        # folder descriptors by sub-folder ("" is the folder itself), closed with the writer
        self._folders: dict[str, int] = {"": open_folder(os.fspath(self.folder))}
        weakref.finalize(self, _close_all, self._folders)
        # one random part per writer, a counter per file: unguessable, and cheaper than a
        # token per file
        self._tmp = secrets.token_hex(8)
        self._count = 0

    def _folder(self, head: str) -> int:
        fd = self._folders.get(head)
        if fd is None:
            fd = self._folders[head] = open_folder(os.path.join(self.folder, head))
        return fd

    def write(self, name: str, data: bytes | str) -> str:
        if isinstance(data, str):
            data = data.encode("utf-8")
        relative = self.prefix + name
        head, _, tail = name.rpartition("/")
        folder = self._folder(head)
        try:
            fd = os.open(tail, _READ, dir_fd=folder)
        except FileNotFoundError:
            pass
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise unsafe(os.path.join(self.folder, name)) from None
            raise
        else:
            with os.fdopen(fd, "rb") as handle:
                if os.fstat(fd).st_size == len(data) and handle.read() == data:
                    return relative
        self._count += 1
        tmp = f".{tail}.{self._tmp}{self._count}.tmp"
        fd = os.open(tmp, _NEW, 0o666, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, tail, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=folder)
            raise
        self.written.append(relative)
        return relative


#: What makes a spreadsheet read a cell as a formula (or, for tab and CR, as more than one cell).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that Excel, LibreOffice and Google Sheets show as text: one that would start a
    formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``, or a tab or CR before one) gets a leading
    ``'`` (OWASP's advice). Numbers and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
