"""Text that came from people (a web form, a terminal, a hand-edited file) made safe to keep and
to show: terminal escape sequences and control characters left out. One place for what records,
the terminal, spreadsheet cells and imported tables all need (ground floor: no imports)."""

from __future__ import annotations

import re

# What a terminal would act on rather than show: escape sequences (CSI ``ESC [ ... final``, OSC
# ``ESC ] ... BEL|ST`` such as OSC 52, which writes the clipboard, and the other ``ESC x`` forms,
# also their 8-bit C1 introducers), then any other C0/C1 control character and DEL, the
# bidirectional overrides that make text read differently from what it is, and the non-characters.
SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # any other escape
)
_OTHERS = r"\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff"
_CONTROL_BUT_LINES = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHERS}]")  # tab, LF and CR kept
_CONTROL_BUT_LF = re.compile(rf"[\x00-\x08\x0b-\x1f{_OTHERS}]")  # tab and LF kept


def clean(text: str) -> str:
    """``text`` as samling keeps it: no escape sequences or control characters (tab and line
    breaks, CRLF included, are text)."""
    if text.isprintable():  # the common case, at C speed
        return text
    return _CONTROL_BUT_LINES.sub("", SEQUENCE.sub("", text))


def plain(text: str) -> str:
    """``text`` as a terminal or a spreadsheet cell should show it: as ``clean``, and no CR
    either (it would return to the start of the line)."""
    if text.isprintable():
        return text
    return _CONTROL_BUT_LF.sub("", SEQUENCE.sub("", text))


#: ``--delimiter`` by name (``--delimiter tab``), for imports and exports alike
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}


def named_delimiter(given: str) -> str | None:
    """``--delimiter`` as one character (``tab``, ``comma``, ``semicolon`` by name), or None when
    it cannot separate columns (the caller says so, with its own hint)."""
    value = DELIMITER_NAMES.get(given.strip().casefold(), given)
    if len(value) != 1 or value in "\"'\r\n" or value.isalnum():
        return None
    return value
