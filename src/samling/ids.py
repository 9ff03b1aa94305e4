"""Record ids: deterministic, transliterated, safe ASCII slugs ("Bjørn Ødegård" -> bjorn-odegard)."""

from __future__ import annotations

import re
from collections.abc import Container

from samling.errors import InvalidInput

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 60
# An id made by samling is at most MAX_LENGTH; one given by hand (or a meeting's, which is a date
# and a slug) may be this long.
LONGEST = MAX_LENGTH + 10
# Names Windows keeps for devices, with any extension: a folder holding con.toml cannot be
# checked out there, so samling never creates such a record.
RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)


def slug(text: str, max_length: int = MAX_LENGTH) -> str:
    """The id for a name. Transliteration is python-slugify's (text-unidecode tables), which turns
    ø/å/æ/ö/ü/ĳ into o/a/ae/o/u/ij as Nordic and Dutch readers expect. Never an id that
    ``is_valid`` refuses: "" when the name has nothing to make one from."""
    from slugify import slugify

    # word_boundary keeps whole words, but a single word longer than max_length is cut.
    result = slugify(text, max_length=max_length, word_boundary=True).strip("-")
    return result if is_valid(result) else ""


def is_valid(record_id: str) -> bool:
    return bool(ID_PATTERN.match(record_id)) and len(record_id) <= LONGEST


def is_reserved(record_id: str) -> bool:
    return record_id.lower() in RESERVED


def _reserved_reason(record_id: str) -> str:
    return (
        f"{record_id!r} is a name Windows reserves for a device (con, prn, aux, nul, com1-9, lpt1-9): "
        f"a file {record_id}.toml cannot be used there"
    )


def check(record_id: str, what: str = "id", *, file_name: bool = True) -> str:
    """``record_id`` as given for a new record (``--id``): valid, and, when it names a file, not a
    name Windows reserves."""
    if file_name and is_reserved(record_id):
        raise InvalidInput(f"{what}: {_reserved_reason(record_id)}", "choose another id")
    if not is_valid(record_id):
        raise InvalidInput(
            f"{what} {record_id!r} is not a valid id",
            "use lowercase letters a-z, digits and single hyphens, e.g. 'bjorn-odegard'",
        )
    return record_id


def from_name(name: str, what: str = "name") -> str:
    """The id for a new record named ``name``: its slug, refused when empty or reserved."""
    result = slug(name)
    if not result:
        raise InvalidInput(
            f"cannot make an id from the {what} {name!r}",
            "give one with --id, using letters a-z, digits and hyphens",
        )
    if is_reserved(result):
        raise InvalidInput(
            f"cannot make an id from the {what} {name!r}: {_reserved_reason(result)}",
            "give one with --id (e.g. with a word more), or word the name differently",
        )
    return result


def unique(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free: two people called Anna Persson."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
