"""Invitations: the general one, personal ones in four files, a ready-to-send iMIP .eml."""

from __future__ import annotations

import email
import email.policy
import os
import smtplib
from pathlib import Path

import pytest
from conftest import MEETING, samling
from icalcheck import parse_icaljs, rfc_problems
from test_questions import golden

OUT = Path("meetings") / MEETING / "out" / "invitations"


def message(net: Path, pid: str) -> email.message.EmailMessage:
    return email.message_from_bytes((net / OUT / f"{pid}.eml").read_bytes(), policy=email.policy.default)


def test_general_and_personal_invitations(net: Path) -> None:
    samling("register", "bjorn-odegard")
    data = samling("invite", "--json").json()
    assert set(data["general"]) == {"md", "html", "ics"}
    # members: everyone from a member organization (Elna's Företaget AB is not a member), each with
    # what the outbox has for them: Bjørn, registered, his confirmation; the others an invitation
    assert sorted(data["personal"]) == ["asa-oberg", "bjorn-odegard", "cecilia-ungerback", "lina-holmer"]
    assert {pid: files["kind"] for pid, files in data["personal"].items()} == {
        "asa-oberg": "invitation",
        "bjorn-odegard": "confirmation",
        "cecilia-ungerback": "invitation",
        "lina-holmer": "invitation",
    }
    assert set(data["personal"]["bjorn-odegard"]) == {"kind", "md", "html", "ics", "eml"}
    assert set(data["personal"]["asa-oberg"]) == {"kind", "md", "html", "eml"}  # no REQUEST without a seat
    general = (net / OUT / "invitation.md").read_text(encoding="utf-8")
    assert "Hej alla i Expertnätverket för specialbibliotek!" in general
    assert "## torsdag 12 mars 2026" in general and "- Tid: 10:00–14:30" in general
    assert "Anmäl dig senast torsdag 26 februari 2026 genom att mejla annalena@example.se." in general
    assert "Varje medlemsorganisation kan skicka en deltagare utan kostnad." in general and "450 kr" in general
    assert "Du kan också delta på distans: https://meet.example.org/natverk" in general
    bjorn = (net / OUT / "bjorn-odegard.md").read_text(encoding="utf-8")
    assert "Hej Bjørn!" in bjorn
    assert "Du har en plats på träffen torsdag 12 mars 2026 på Stadsbiblioteket Växjö." in bjorn
    assert "Du deltar utan kostnad." in bjorn and "Anmäl dig senast" not in bjorn
    assert "Hej Åsa!" in (net / OUT / "asa-oberg.md").read_text(encoding="utf-8")
    html = (net / OUT / "bjorn-odegard.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "https://meet.example.org/natverk" in html


def test_eml_is_an_imip_invitation_for_one_recipient(net: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("invite")
    raw = (net / OUT / "bjorn-odegard.eml").read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    for other in ("asa@example.se", "cecilia@example.se", "lina@example.se", "elna@example.se"):
        assert other.encode() not in raw  # nobody sees the other recipients
    msg = message(net, "bjorn-odegard")
    assert str(msg["From"]) == "Annalena Cronemo <annalena@example.se>"
    assert str(msg["To"]) == "Bjørn Ødegård <bjorn@example.se>"
    assert str(msg["Subject"]) == "Anmälan bekräftad: Nätverksträff våren 2026"
    assert msg["X-Unsent"] == "1"  # a preview to send: Outlook and Thunderbird open it as a draft
    assert msg.get_content_type() == "multipart/mixed"
    alternative = msg.get_payload()[0]
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html", "text/calendar"]
    calendar_part = alternative.get_payload()[2]
    assert calendar_part.get_param("method") == "REQUEST" and calendar_part.get_content_charset() == "utf-8"
    attachment = msg.get_payload()[1]
    assert attachment.get_filename() == "invite-vaxjo.ics"
    ics = calendar_part.get_payload(decode=True)
    assert ics == attachment.get_payload(decode=True) == (net / OUT / "bjorn-odegard.ics").read_bytes()
    assert rfc_problems(ics) == []
    parsed = parse_icaljs(net / OUT / "bjorn-odegard.ics")[0]
    assert parsed["method"] == "REQUEST"
    assert [a["value"] for a in parsed["events"][0]["attendees"]] == ["mailto:bjorn@example.se"]
    assert "Hej Bjørn!" in msg.get_body(("plain",)).get_content()


def test_eml_goes_through_a_real_smtp_server(net: Path) -> None:
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.mail_from, envelope.rcpt_tos, envelope.original_content))
            return "250 OK"

    samling("register", "bjorn-odegard")
    samling("invite")
    import socket

    with socket.socket() as probe:  # a free port on loopback (the Controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for pid in ("bjorn-odegard", "asa-oberg"):
            msg = message(net, pid)
            with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
                smtp.send_message(msg)
    finally:
        controller.stop()
    assert [(r[0], r[1]) for r in received] == [
        ("annalena@example.se", ["bjorn@example.se"]),
        ("annalena@example.se", ["asa@example.se"]),
    ]
    delivered = email.message_from_bytes(received[0][2], policy=email.policy.default)
    assert str(delivered["To"]) == "Bjørn Ødegård <bjorn@example.se>"
    assert delivered.get_payload()[0].get_payload()[2].get_param("method") == "REQUEST"


def test_hostile_names_stay_in_one_header(net: Path) -> None:
    samling(
        "participant",
        "add",
        'Eve "Q" <x@evil.example>\nBcc: all@evil.example',
        "-e",
        "eve@example.se",
        "--org",
        "vaxjo-kommun",
        "--id",
        "eve",
    )
    samling("invite", "-p", "eve")
    raw = (net / OUT / "eve.eml").read_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "\nBcc" not in headers and "evil.example>" not in headers.split("To:", 1)[1].split("\r\n")[0].split("<")[-1]
    msg = message(net, "eve")
    assert msg["Bcc"] is None
    assert msg["To"].addresses[0].addr_spec == "eve@example.se"
    assert msg["To"].addresses[0].display_name == 'Eve "Q" <x@evil.example> Bcc: all@evil.example'


def test_same_data_same_bytes_and_audiences(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("register", "bjorn-odegard")
    samling("register", "elna-hansson")
    samling("invite")
    before = {p.name: p.read_bytes() for p in (net / OUT).iterdir()}
    monkeypatch.setenv("SAMLING_NOW", "2026-02-15T10:00:00")
    assert samling("invite", "--json").json()["written"] == 0
    assert {p.name: p.read_bytes() for p in (net / OUT).iterdir()} == before
    assert sorted(samling("invite", "--to", "registered", "--json").json()["personal"]) == [
        "bjorn-odegard",
        "elna-hansson",
    ]
    assert len(samling("invite", "--to", "all", "--json").json()["personal"]) == 5
    waiting = (net / OUT / "elna-hansson.md").read_text(encoding="utf-8")
    assert "så till dess står du på väntelistan (nummer 1)." in waiting  # a non-member: members come first
    assert "is not one of" in samling("invite", "--to", "friends", ok=False).stderr


def test_participant_language_and_missing_organizer(net: Path, tmp_path: Path) -> None:
    samling("participant", "add", "Jane Doe", "-e", "jane@example.org", "--org", "vaxjo-kommun", "--language", "en")
    samling("invite", "-p", "jane-doe")
    text = (net / OUT / "jane-doe.md").read_text(encoding="utf-8")
    assert text.startswith("# Invitation: Nätverksträff våren 2026\n\nDear Jane,")
    assert "Please register by Thursday, 26 February 2026 by email to annalena@example.se." in text
    samling("init", str(tmp_path / "bare"), "--name", "Utan arrangör")
    os.chdir(tmp_path / "bare")
    samling("new", "Träff", "--date", "2026-05-01")
    assert "has no organizer" in samling("invite", ok=False).stderr


ORGANIZERS = {
    "sv": "Annalena Crone",
    "nb": "Monica Skybakk",
    "da": "Søren Østergård",
    "nl": "Marieke de Vries",
    "en": "Jane Doe",
}


@pytest.mark.parametrize("language", ["sv", "nb", "da", "nl", "en"])
def test_golden_invitations(tmp_path: Path, language: str) -> None:
    samling(
        "init",
        "n",
        "--name",
        "Netwerk",
        "--language",
        language,
        "--organizer",
        f"{ORGANIZERS[language]} <org@example.org>",
    )
    os.chdir(tmp_path / "n")
    text = Path("samling.toml").read_text(encoding="utf-8").replace("fee = 0", "fee = 400\nnon_member_fee = 600")
    Path("samling.toml").write_text(text, encoding="utf-8")
    samling(
        "venue",
        "add",
        "Biblioteket",
        "--id",
        "oest",
        "--address",
        "Storgatan 1",
        "--city",
        "Hamar",
        "--capacity",
        "1",
        "--directions",
        "Buss 3.",
        "--accessibility",
        "Heis.",
    )
    samling("venue", "add", "Biblioteket Vest", "--id", "vest", "--city", "Aarhus")
    samling("org", "add", "Bibliotek A", "--id", "a")
    samling("participant", "add", "Kari Nordmann", "-e", "kari@example.org", "--org", "a")
    samling("participant", "add", "Ola Berg", "-e", "ola@example.org", "--org", "a")
    samling(
        "new",
        "Møte",
        "--date",
        "2026-03-12",
        "--venue",
        "oest",
        "--session",
        "oest",
        "--deadline",
        "2026-02-26",
        "--online-link",
        "https://meet.example.org/x",
        "--registration-url",
        "https://forms.example.org/m",
        "-a",
        "Velkomst",
        "-a",
        "Presentasjonsrunde",
    )
    samling("session", "add", "--date", "2026-03-19", "--venue", "vest", "--session", "vest")
    samling("participant", "add", "Per Hansen", "-e", "per@example.org", "--org", "a")
    samling("register", "kari-nordmann", "-s", "oest")
    samling("register", "ola-berg", "-s", "oest")
    samling("invite", "--to", "all")
    out = tmp_path / "n" / "meetings" / "2026-03-12-mote" / "out" / "invitations"
    # Per: an invitation; Kari: her confirmation; Ola: his place on the waiting list
    for name in (
        "invitation.md",
        "invitation.html",
        "per-hansen.md",
        "per-hansen.html",
        "kari-nordmann.md",
        "ola-berg.md",
        "ola-berg.html",
    ):
        golden(f"{language}/invitation-{name}", (out / name).read_text(encoding="utf-8"))
    if language == "sv":
        golden("sv/invitation-kari-nordmann.eml", (out / "kari-nordmann.eml").read_bytes().decode("ascii"))
        golden("sv/invitation-kari-nordmann.ics", (out / "kari-nordmann.ics").read_bytes().decode("utf-8"))
        golden("sv/invitation.ics", (out / "invitation.ics").read_bytes().decode("utf-8"))


def test_invite_to_one_session_of_two(net: Path, tmp_path: Path) -> None:
    samling("venue", "add", "Ljungby bibliotek", "--id", "ljungby")
    samling("session", "add", "--date", "2026-03-19", "--venue", "ljungby")
    samling("register", "bjorn-odegard", "-s", "vaxjo")
    samling("register", "asa-oberg", "-s", "ljungby")
    # An undecided member gets no REQUEST at all (RFC 5546: one UID per REQUEST, and no seat yet),
    # but a file per session, each with one event, to add to a calendar by hand.
    samling("invite", "-p", "lina-holmer")
    assert not (net / OUT / "lina-holmer.ics").exists()
    msg = message(net, "lina-holmer")
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert [p.get_param("method") for p in parts] == ["PUBLISH", "PUBLISH"]
    assert [p.get_filename() for p in parts] == ["vaxjo.ics", "ljungby.ics"]
    for n, part in enumerate(parts):
        (tmp_path / f"{n}.ics").write_bytes(part.get_payload(decode=True))
    parsed = parse_icaljs(tmp_path / "0.ics", tmp_path / "1.ics")
    assert [len(r["events"]) for r in parsed] == [1, 1]
    assert parsed[1]["events"][0]["start_utc"].startswith("2026-03-19")
    # --session leaves out those registered for the other session.
    data = samling("invite", "--session", "ljungby", "--json").json()
    assert sorted(data["personal"]) == ["asa-oberg", "cecilia-ungerback", "lina-holmer"]
    assert data["personal"]["asa-oberg"]["kind"] == "confirmation"
    (asa,) = parse_icaljs(net / OUT / "asa-oberg.ics")
    assert asa["method"] == "REQUEST" and len(asa["events"]) == 1
    assert asa["events"][0]["start_utc"].startswith("2026-03-19")
    assert "has no session" in samling("invite", "--session", "moon", ok=False).stderr


def test_a_preview_no_longer_due_is_removed(net: Path, tmp_path: Path) -> None:
    samling("register", "bjorn-odegard")
    samling("invite", "--to", "registered")
    assert (net / OUT / "bjorn-odegard.eml").exists()
    samling("send", "--drafts", str(tmp_path / "drafts"))  # handed over and recorded
    samling("invite", "--to", "registered")
    assert not [p for p in (net / OUT).iterdir() if p.name.startswith("bjorn-odegard.")]
    samling("unregister", "bjorn-odegard")
    samling("invite", "--to", "all")
    bjorn = (net / OUT / "bjorn-odegard.md").read_text(encoding="utf-8")
    assert bjorn.startswith("# Anmälan avbokad: Nätverksträff våren 2026")
    (cancel,) = parse_icaljs(net / OUT / "bjorn-odegard.ics")
    assert cancel["method"] == "CANCEL"
