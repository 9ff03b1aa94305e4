"""Calendars into a real CalDAV server (Radicale on loopback): stored, updated, cancelled."""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MEETING, samling

OUT = Path("meetings") / MEETING / "out" / "calendar"


@pytest.fixture
def caldav(tmp_path: Path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'caldav'}\n[rights]\ntype = owner_only\n",
        encoding="utf-8",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def request(method: str, url: str, user: str, data: bytes | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:x".encode()).decode())
    if data is not None:
        req.add_header("Content-Type", "text/calendar; charset=utf-8")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def put(url: str, user: str, name: str, path: Path) -> int:
    request("MKCALENDAR", f"{url}/{user}/meetings/", user)
    return request("PUT", f"{url}/{user}/meetings/{name}", user, path.read_bytes())[0]


def test_calendars_into_a_caldav_server(net: Path, caldav: str, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("venue", "add", 'Ljungby; "bibliotek"\nBEGIN:VEVENT', "--id", "ljungby")
    samling("session", "add", "--date", "2026-03-19", "--venue", "ljungby")
    samling("register", "bjorn-odegard", "-s", "vaxjo")
    samling("register", "asa-oberg", "-s", "ljungby")
    files = samling("ics", "--json").json()
    # Each session as its own object in the organizer's calendar; each person's in their own.
    for session, path in files["sessions"].items():
        assert put(caldav, "annalena", f"{session}.ics", net / path) == 201
    for pid, entry in files["personal"].items():
        assert put(caldav, pid, "invitation.ics", net / entry["path"]) == 201
    status, body = request("GET", f"{caldav}/asa-oberg/meetings/invitation.ics", "asa-oberg")
    assert status == 200 and b"DTSTART;TZID=Europe/Stockholm:20260319T100000" in body.replace(b"\r\n ", b"")
    # The session moves: the same resource is replaced (same UID, higher SEQUENCE).
    path = net / "meetings" / MEETING / "meeting.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("date = 2026-03-19", "date = 2026-03-20"), encoding="utf-8"
    )
    monkeypatch.setenv("SAMLING_NOW", "2026-02-10T10:00:00")
    samling("ics")
    assert put(caldav, "asa-oberg", "invitation.ics", net / OUT / "asa-oberg.ics") in (201, 204)
    body = request("GET", f"{caldav}/asa-oberg/meetings/invitation.ics", "asa-oberg")[1].replace(b"\r\n ", b"")
    assert b"20260320T100000" in body and b"SEQUENCE:1" in body
    # The whole published calendar as a collection, as a website's subscribers would import it.
    status = request("PUT", f"{caldav}/annalena/published/", "annalena", (net / files["published"]).read_bytes())[0]
    assert status == 201
