"""Record ids: deterministic, transliterated, safe ASCII slugs ("Bjørn Ødegård" -> bjorn-odegard)."""

from __future__ import annotations

import re
from collections.abc import Container

from samling.errors import InvalidInput

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LENGTH = 60


def slug(text: str) -> str:
    """The id for a name. Transliteration is python-slugify's (text-unidecode tables), which turns
    ø/å/æ/ö/ü/ĳ into o/a/ae/o/u/ij as Nordic and Dutch readers expect."""
    from slugify import slugify

    return slugify(text, max_length=MAX_LENGTH, word_boundary=True)


def is_valid(record_id: str) -> bool:
    return bool(ID_PATTERN.match(record_id)) and len(record_id) <= MAX_LENGTH + 10


def check(record_id: str, what: str = "id") -> str:
    if not is_valid(record_id):
        raise InvalidInput(
            f"{what} {record_id!r} is not a valid id",
            "use lowercase letters a-z, digits and single hyphens, e.g. 'bjorn-odegard'",
        )
    return record_id


def from_name(name: str, what: str = "name") -> str:
    result = slug(name)
    if not result:
        raise InvalidInput(
            f"cannot make an id from the {what} {name!r}",
            "give one with --id, using letters a-z, digits and hyphens",
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
