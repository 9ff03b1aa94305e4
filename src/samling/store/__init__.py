"""The network folder as a database: one TOML file per record, the file name is the id.

Rules kept here (see DESIGN.md): writes are atomic (temporary file in the same folder, fsync,
then rename, or link when creating so that an existing record is never clobbered); an unchanged
record is not rewritten; hidden and temporary files are never records; a read-modify-write holds
the meeting's lock; each file is parsed once per ``Store`` while it stays the same (``ReadCache``).
"""

from samling.store.cache import ReadCache
from samling.store.collection import Collection
from samling.store.files import is_record_file, write_atomic
from samling.store.folder import LOCK_FILE, MEETING_FILE, NETWORK_FILE, THEMES_FOLDER, Store, find_root
from samling.store.records import load_record, save_record, to_toml

__all__ = [
    "LOCK_FILE",
    "MEETING_FILE",
    "NETWORK_FILE",
    "THEMES_FOLDER",
    "Collection",
    "ReadCache",
    "Store",
    "find_root",
    "is_record_file",
    "load_record",
    "save_record",
    "to_toml",
    "write_atomic",
]
