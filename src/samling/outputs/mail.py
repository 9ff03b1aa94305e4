"""Mail messages as a mail client expects them: an iMIP invitation (RFC 6047) to one recipient,
with every header value encoded by the standard library (RFC 2047 words, formataddr)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from samling.errors import InvalidInput
from samling.models import Organizer, Participant

#: Control characters (C0, DEL, C1): never in a header, where a CR or LF would start a new header
#: and a NUL ends the message for some programs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: RFC 5322 2.1.1: a line is at most 998 octets; a display name longer than this is cut (with
#: "…"), so that even encoded it leaves room for the address on the same line.
MAX_NAME = 100
MAX_LINE = 998


def one_line(text: str) -> str:
    """Header values (Subject, display names) are one line: a line break would start a new header;
    other control characters are dropped."""
    return _CONTROL.sub("", " ".join(text.split()))


def _address(name: str, email: str) -> bytes:
    """``Name <addr>`` encoded for a header: RFC 2047 for a non-ASCII name, quoting for specials;
    an internationalized address (RFC 6532) stays UTF-8. A name so long that the header line
    would pass 998 octets is shortened; an address with a control character is refused."""
    from email.utils import formataddr

    if _CONTROL.search(email):
        raise InvalidInput(
            f"the address {email!r} (of {one_line(name)!r}) contains a control character; no message can go to it",
            "correct the address in the participant's file (or the organizer's in samling.toml)",
        )
    try:
        email.encode("ascii")
    except UnicodeEncodeError:
        local, _, domain = email.rpartition("@")
        email = f"{local}@{domain.encode('idna').decode('ascii')}"
    name = one_line(name)
    while True:
        try:
            line = formataddr((name, email), charset="utf-8").encode("ascii")
        except UnicodeEncodeError:
            line = formataddr((name, email), charset="utf-8").encode("utf-8")
        # "Reply-To: " is the longest header name this goes after
        if len(line) + len("Reply-To: ") <= MAX_LINE or not name:
            break
        name = name[: min(len(name) // 2, MAX_NAME)].rstrip() + "…"
    if len(line) + len("Reply-To: ") > MAX_LINE:
        raise InvalidInput(f"the address {email[:80]!r}… is too long for a mail header")
    return line


@lru_cache(maxsize=64)
def _subject(subject: str) -> bytes:
    """RFC 2047 encoded and folded; the same for every recipient who reads the same language."""
    from email.header import Header

    return Header(one_line(subject), "utf-8", header_name="Subject").encode(linesep="\r\n").encode("ascii")


def _base64(data: bytes) -> bytes:
    import base64

    return base64.encodebytes(data).replace(b"\n", b"\r\n")


@dataclass(frozen=True)
class CalendarPart:
    """A calendar object in a message. The ``inline`` one is the iMIP part mail clients act on
    (text/calendar inside the alternative); the others travel as attachments."""

    method: str
    data: bytes
    filename: str
    inline: bool = False


def compose(
    organizer: Organizer,
    person: Participant,
    subject: str,
    text: str,
    html: str,
    calendars: list[CalendarPart],
    stamp: dt.datetime,
    message_id: str,
    *,
    draft: bool = False,
    from_address: str | None = None,
    language: str | None = None,
) -> bytes:
    """One message to one recipient: multipart/mixed [ multipart/alternative [ text/plain,
    text/html, (text/calendar; method=...) ], attachments ]. ``draft`` adds ``X-Unsent: 1``, so
    that Outlook and Thunderbird open the file as a message to send rather than one received.
    ``from_address``: the mail server's sender address, when it is not the organizer's own; the
    organizer is then the Reply-To, so that answers still reach them."""
    from email.utils import format_datetime

    body = [text.encode("utf-8"), html.encode("utf-8"), *(c.data for c in calendars)]
    digest = hashlib.sha256(b"\0".join(body) + message_id.encode()).hexdigest()[:32]
    outer, inner = f"samling-{digest}-0".encode(), f"samling-{digest}-1".encode()
    sender = from_address if from_address and from_address != organizer.email else None
    headers = [
        b"From: " + _address(organizer.name, sender or organizer.email),
        *([b"Reply-To: " + _address(organizer.name, organizer.email)] if sender else []),
        b"To: " + _address(person.name, person.email),
        b"Subject: " + _subject(subject),
        b"Date: " + format_datetime(stamp).encode("ascii"),
        b"Message-ID: " + message_id.encode("ascii"),
        *([b"Content-Language: " + language.encode("ascii")] if language else []),
        *([b"X-Unsent: 1"] if draft else []),
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="' + outer + b'"',
        b"",
        b"--" + outer,
        b'Content-Type: multipart/alternative; boundary="' + inner + b'"',
        b"",
    ]
    parts = [
        *headers,
        b"--" + inner,
        b'Content-Type: text/plain; charset="utf-8"',
        b"Content-Transfer-Encoding: base64",
        b"",
        _base64(body[0]),
        b"--" + inner,
        b'Content-Type: text/html; charset="utf-8"',
        b"Content-Transfer-Encoding: base64",
        b"",
        _base64(body[1]),
    ]
    for part in calendars:
        if part.inline:
            parts += [
                b"--" + inner,
                b'Content-Type: text/calendar; charset="UTF-8"; method=' + part.method.encode("ascii"),
                b"Content-Transfer-Encoding: base64",
                b"",
                _base64(part.data),
            ]
    parts += [b"--" + inner + b"--", b""]
    for part in calendars:
        name = part.filename.encode("ascii")
        parts += [
            b"--" + outer,
            b'Content-Type: text/calendar; charset="UTF-8"; method='
            + part.method.encode("ascii")
            + b'; name="'
            + name
            + b'"',
            b'Content-Disposition: attachment; filename="' + name + b'"',
            b"Content-Transfer-Encoding: base64",
            b"",
            _base64(part.data),
        ]
    parts += [b"--" + outer + b"--", b""]
    return b"\r\n".join(p.rstrip(b"\r\n") if p.endswith(b"\r\n") else p for p in parts)
