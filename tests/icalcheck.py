"""Reading generated calendars with parsers other than the one that wrote them, and checking the
RFC 5545/5546 rules those parsers do not enforce."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock

JS = Path(__file__).parent / "js"


def rfc_problems(data: bytes) -> list[str]:
    """CRLF everywhere, lines of at most 75 octets, one ORGANIZER per event, METHOD present,
    no ATTENDEE when publishing."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    for n, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {n}: bare LF or CR")
        if len(line) > 75:
            problems.append(f"line {n}: {len(line)} octets (more than 75)")
    unfolded = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode("utf-8").split("\r\n")
    methods = [line for line in unfolded if line.startswith("METHOD:")]
    if len(methods) != 1:
        problems.append(f"{len(methods)} METHOD lines")
    event: list[str] | None = None
    for line in unfolded:
        if line == "BEGIN:VEVENT":
            event = []
        elif line == "END:VEVENT" and event is not None:
            organizers = [p for p in event if p.startswith("ORGANIZER")]
            attendees = [p for p in event if p.startswith("ATTENDEE")]
            if len(organizers) != 1:
                problems.append(f"{len(organizers)} ORGANIZER in an event")
            if methods == ["METHOD:PUBLISH"] and attendees:
                problems.append("ATTENDEE in a published calendar")
            if methods and methods[0] in ("METHOD:REQUEST", "METHOD:CANCEL") and len(attendees) != 1:
                problems.append(f"{len(attendees)} ATTENDEE in a personal {methods[0]}")
            event = None
        elif event is not None:
            event.append(line)
    return problems


def icaljs_node() -> str:
    """node, with Mozilla's ical.js installed in tests/js: ``npm ci`` runs there the first time a test
    needs it, so a plain ``pytest`` runs the same checks as CI. Without Node.js the test fails, saying so."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "the ical.js checks need Node.js: put node and npm on PATH (e.g. apt-get install nodejs npm)", pytrace=False
        )
    if not (JS / "node_modules" / "ical.js").is_dir():
        with FileLock(JS / ".npm-ci.lock"):  # one install, however many pytest processes ask at once
            if not (JS / "node_modules" / "ical.js").is_dir():
                result = subprocess.run(
                    [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                    cwd=JS,
                    capture_output=True,
                    text=True,
                    timeout=600,
                )
                if result.returncode != 0:
                    reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
                    pytest.fail(f"`npm ci` in tests/js failed, so ical.js is missing: {reason}", pytrace=False)
    return node


def parse_icaljs(*files: Path) -> list[dict]:
    result = subprocess.run(
        [icaljs_node(), str(JS / "parse_ics.cjs"), *map(str, files)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def parse_vobject(data: bytes) -> list[dict]:
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    events = []
    for event in calendar.vevent_list:

        def value(name: str, event: object = event) -> object:
            return getattr(event, name).value if hasattr(event, name) else None

        events.append(
            {
                "uid": value("uid"),
                "summary": value("summary"),
                "location": value("location"),
                "description": value("description"),
                "sequence": int(value("sequence")),
                "start_utc": event.dtstart.value.astimezone(dt.UTC),
                "attendees": [a.value for a in getattr(event, "attendee_list", [])],
                "organizers": [o.value for o in getattr(event, "organizer_list", [])],
            }
        )
    return events


def parse_ics_package(data: bytes) -> list[dict]:
    import ics

    calendar = ics.Calendar(data.decode("utf-8"))
    return [
        {
            "uid": e.uid,
            "summary": e.name,
            "location": e.location,
            "description": e.description,
            "start_utc": e.begin.to("UTC").datetime,
        }
        for e in sorted(calendar.events, key=lambda e: e.begin)
    ]


def parse_icalendar(data: bytes) -> list[dict]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    return [
        {
            "uid": str(e["uid"]),
            "summary": str(e["summary"]),
            "location": str(e.get("location")),
            "description": str(e.get("description")),
            "sequence": int(e["sequence"]),
        }
        for e in calendar.walk("VEVENT")
    ]
