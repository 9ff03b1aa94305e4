"""A three-way merge of texts, line by line, as git merges a file: what samling wrote last (the
base), the organizer's text, and what samling writes now. A change on one side only is taken; the
same change on both is taken once; different changes to the same lines are both kept, between
git's conflict markers, for a person to resolve. Nothing either side wrote is lost.

The merge itself is Breezy's (``merge3``, the algorithm of ``bzr merge`` and of Mercurial's
``simplemerge``), with ``reprocess`` so that lines both sides agree on inside a conflict are taken
out of it and the conflict shows only what differs."""

from __future__ import annotations

import re
from dataclasses import dataclass

START, MIDDLE, END = "<<<<<<<", "=======", ">>>>>>>"
# "=======" alone is also a Markdown heading's underline: the outer markers tell a conflict
_MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.M)


@dataclass
class Merged:
    text: str
    conflicts: int  # how many places both sides changed differently


def merge_texts(base: str, mine: str, new: str, *, mine_label: str, new_label: str) -> Merged:
    """Merge the change from ``base`` to ``new`` into ``mine`` (the organizer's text)."""
    from merge3 import Merge3

    lines = [text.splitlines(keepends=True) for text in (base, mine, new)]
    for part in lines:  # the last line of each side ends with a newline, so that markers stay on their own line
        if part and not part[-1].endswith("\n"):
            part[-1] += "\n"
    merge = Merge3(lines[0], lines[1], lines[2])
    text = "".join(merge.merge_lines(name_a=mine_label, name_b=new_label, reprocess=True))
    conflicts = sum(1 for line in text.splitlines() if line.startswith(START + " " + mine_label))
    return Merged(text, conflicts)


def conflict_line(text: str) -> int | None:
    """The line number (1-based) of the first conflict marker left in ``text``, or None."""
    match = _MARKER.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None
