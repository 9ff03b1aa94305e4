"""Reading generated calendars with parsers other than the one that wrote them, and checking the
RFC 5545/5546 rules those parsers do not enforce."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

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


def parse_icaljs(*files: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "ical.js").is_dir():
        if os.environ.get("SAMLING_REQUIRE_ICALJS"):
            pytest.fail("ical.js is required here: (cd tests/js && npm ci)")
        pytest.skip("ical.js not installed: (cd tests/js && npm ci)")
    result = subprocess.run([node, str(JS / "parse_ics.cjs"), *map(str, files)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def parse_vobject(data: bytes) -> list[dict]:
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    events = []
    for event in calendar.vevent_list:
        def value(name: str, event: object = event) -> object:
            return getattr(event, name).value if hasattr(event, name) else None

        events.append({
            "uid": value("uid"), "summary": value("summary"), "location": value("location"),
            "description": value("description"), "sequence": int(value("sequence")),
            "start_utc": event.dtstart.value.astimezone(dt.timezone.utc),
            "attendees": [a.value for a in getattr(event, "attendee_list", [])],
            "organizers": [o.value for o in getattr(event, "organizer_list", [])],
        })
    return events


def parse_ics_package(data: bytes) -> list[dict]:
    import ics

    calendar = ics.Calendar(data.decode("utf-8"))
    return [{"uid": e.uid, "summary": e.name, "location": e.location, "description": e.description,
             "start_utc": e.begin.to("UTC").datetime} for e in sorted(calendar.events, key=lambda e: e.begin)]


def parse_icalendar(data: bytes) -> list[dict]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    return [{"uid": str(e["uid"]), "summary": str(e["summary"]), "location": str(e.get("location")),
             "description": str(e.get("description")), "sequence": int(e["sequence"])}
            for e in calendar.walk("VEVENT")]
