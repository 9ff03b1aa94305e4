"""`samling send` through a real SMTP server on loopback (aiosmtpd): one recipient per message,
headers a mail client expects, exactly once across a run that stops half-way, a refused
recipient, STARTTLS with a certificate of the tests' own, and a password that never shows."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from conftest import samling

PASSWORD = "hemligt-Lösen-42"
MEETING = "2027-03-09-netvaerksmode"


def free_port() -> int:
    with socket.socket() as probe:  # a free port on loopback (the Controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Handler:
    """Records every message; refuses the recipients named, and closes after ``accept`` messages."""

    refuse: set[str] = field(default_factory=set)
    accept: int | None = None
    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.accept is not None and len(self.received) >= self.accept:
            return "421 4.3.2 shutting down"
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@contextlib.contextmanager
def smtp_server(handler: Handler, *, tls: ssl.SSLContext | None = None, auth: bool = False) -> Iterator[int]:
    port = free_port()
    options: dict[str, object] = {}
    if tls is not None:
        options |= {"tls_context": tls, "require_starttls": True}
    if auth:
        options |= {"authenticator": authenticator, "auth_required": True, "auth_require_tls": tls is not None}
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def network(
    root: Path, port: int, *, security: str = "none", user: str | None = None, certificate: str | None = None
) -> list[str]:
    samling(
        "init",
        str(root),
        "--name",
        "Lånesamarbejdet",
        "--language",
        "da",
        "--organizer",
        "Mette Kjær <mette@example.dk>",
    )
    d = ["--dir", str(root)]
    smtp = f'\n[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\ntimeout = 10\n'
    if user:
        smtp += f'user = "{user}"\n'
    if certificate:
        smtp += f'certificate = "{certificate}"\n'
    with (root / "samling.toml").open("a", encoding="utf-8") as handle:
        handle.write(smtp)
    samling("venue", "add", "Roskilde Bibliotek", "--id", "oest", "--capacity", "2", *d)
    samling("org", "add", "Aarhus Kommunes Biblioteker", "--id", "aarhus", *d)
    for pid, name in (
        ("asa", "Åsa Öberg"),
        ("bjorn", "Bjørn Ødegård"),
        ("soren", "Søren Østergård"),
        ("eva", "Eva Lund"),
    ):
        samling("participant", "add", name, "--email", f"{pid}@example.dk", "--org", "aarhus", "--id", pid, *d)
    samling(
        "new",
        "Netværksmøde",
        "--date",
        "2027-03-09",
        "--venue",
        "oest",
        "--session",
        "oest",
        "--deadline",
        "2027-02-20",
        "--id",
        MEETING,
        *d,
    )
    samling("register", "asa", "-m", MEETING, *d)
    samling("register", "bjorn", "-m", MEETING, *d)
    samling("register", "soren", "-m", MEETING, *d)  # two seats: Søren waits
    return d


def parsed(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_each_message_to_one_recipient_with_the_headers_a_client_expects(tmp_path: Path) -> None:
    handler = Handler()
    with smtp_server(handler) as port:
        d = network(tmp_path / "net", port)
        result = samling("send", MEETING, "--yes", "--json", *d).json()
    assert [(h["participant"], h["kind"], h["status"]) for h in result["handed"]] == [  # type: ignore[index]
        ("asa", "confirmation", "sent"),
        ("bjorn", "confirmation", "sent"),
        ("eva", "invitation", "sent"),
        ("soren", "waitlisted", "sent"),
    ]
    assert [r[1] for r in handler.received] == [
        ["asa@example.dk"],
        ["bjorn@example.dk"],
        ["eva@example.dk"],
        ["soren@example.dk"],
    ]
    asa = parsed(handler.received[0][2])
    assert handler.received[0][0] == "mette@example.dk"
    assert (
        str(asa["To"]) == "Åsa Öberg <asa@example.dk>"
        and "=?utf-8?" in handler.received[0][2].decode("ascii").split("\r\n\r\n")[0]
    )
    assert str(asa["From"]) == "Mette Kjær <mette@example.dk>" and asa["X-Unsent"] is None
    assert asa["Date"] and asa["Message-ID"] and asa["Subject"] == "Tilmelding bekræftet: Netværksmøde"
    ids = {parsed(r[2])["Message-ID"] for r in handler.received}
    assert len(ids) == 4  # unique per message
    calendar = next(p for p in asa.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    assert b"SEQUENCE:0" in calendar.get_payload(decode=True)
    soren = parsed(handler.received[3][2])
    assert not [p for p in soren.walk() if p.get_content_type() == "text/calendar"]  # no REQUEST while waiting
    # Nothing is due twice: a second run sends nothing.
    with smtp_server(handler) as port2:
        (tmp_path / "net" / "samling.toml").write_text(
            (tmp_path / "net" / "samling.toml")
            .read_text(encoding="utf-8")
            .replace(f"port = {port}", f"port = {port2}"),
            encoding="utf-8",
        )
        assert "Nothing is due" in samling("send", MEETING, "--yes", *d).stdout
    assert len(handler.received) == 4


def test_a_run_that_stops_half_way_is_finished_by_the_next_exactly_once(tmp_path: Path) -> None:
    handler = Handler(accept=2, refuse={"eva@example.dk"})
    with smtp_server(handler) as port:
        d = network(tmp_path / "net", port)
        first = samling("send", MEETING, "--yes", "--json", *d, ok=False)
    assert first.exit_code == 1
    outcome = {h["participant"]: (h["status"], h["error"]) for h in first.json()["handed"]}  # type: ignore[index]
    assert outcome == {
        "asa": ("sent", None),
        "bjorn": ("sent", None),
        "eva": ("refused", "550 5.1.1 <eva@example.dk>: no such user here"),
        "soren": ("not sent", None),
    }
    assert first.json()["stopped"] == "421 4.3.2 shutting down"  # type: ignore[index]
    assert [r[1][0] for r in handler.received] == ["asa@example.dk", "bjorn@example.dk"]
    due = samling("outbox", MEETING, "--json", *d).json()["due"]  # type: ignore[index]
    assert sorted(x["participant"] for x in due) == ["eva", "soren"]  # eva refused, soren cut off
    handler.accept = None
    with smtp_server(handler) as port2:
        toml = tmp_path / "net" / "samling.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace(f"port = {port}", f"port = {port2}"), encoding="utf-8")
        second = samling("send", MEETING, "--yes", *d, ok=False)  # eva is still refused
    assert "1 message sent" in second.stdout and "1 message refused" in second.stdout
    delivered = [r[1][0] for r in handler.received]
    assert sorted(delivered) == ["asa@example.dk", "bjorn@example.dk", "soren@example.dk"]  # each exactly once
    assert [x["participant"] for x in samling("outbox", MEETING, "--json", *d).json()["due"]] == ["eva"]  # type: ignore[index]


def test_starttls_with_a_certificate_named_in_the_settings_and_a_password_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    handler = Handler()
    root = tmp_path / "net"
    toml = root / "samling.toml"
    monkeypatch.setenv("SAMLING_SMTP_PASSWORD", PASSWORD)
    with smtp_server(handler, tls=server_context, auth=True) as port:
        d = network(root, port, security="starttls", user="mette")
        untrusted = samling("send", MEETING, "--yes", *d, ok=False)
    assert untrusted.exit_code == 69 and "is not trusted" in untrusted.stderr
    assert "name its PEM file in [smtp] certificate" in untrusted.stderr
    authority.cert_pem.write_to_path(str(root / "mailserver-ca.pem"))
    with smtp_server(handler, tls=server_context, auth=True) as port2:
        text = toml.read_text(encoding="utf-8").replace(f"port = {port}", f"port = {port2}")
        toml.write_text(
            text.replace('user = "mette"\n', 'user = "mette"\ncertificate = "mailserver-ca.pem"\n'), encoding="utf-8"
        )
        monkeypatch.setenv("SAMLING_SMTP_PASSWORD", "wrong")
        wrong = samling("send", MEETING, "--yes", *d, ok=False)
        assert wrong.exit_code == 69 and "refused the user name or password for mette" in wrong.stderr
        monkeypatch.setenv("SAMLING_SMTP_PASSWORD", PASSWORD)
        sent = samling("send", MEETING, "--yes", "--json", *d)
    assert len(handler.received) == 4
    outputs = untrusted.output + wrong.output + sent.output
    assert PASSWORD not in outputs and "wrong" not in wrong.output
    for path in root.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_an_unreachable_server_and_missing_settings_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = network(tmp_path / "net", free_port())  # nothing listens there
    result = samling("send", MEETING, "--yes", *d, ok=False)
    assert result.exit_code == 69 and result.stderr.startswith("error: cannot reach the mail server 127.0.0.1:")
    toml = tmp_path / "net" / "samling.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('security = "none"\n', 'security = "none"\nuser = "mette"\n'),
        encoding="utf-8",
    )
    monkeypatch.delenv("SAMLING_SMTP_PASSWORD", raising=False)
    missing = samling("send", MEETING, "--yes", *d, ok=False)
    assert "needs the password of mette" in missing.stderr and "SAMLING_SMTP_PASSWORD" in missing.stderr
    toml.write_text(toml.read_text(encoding="utf-8").split("[smtp]")[0], encoding="utf-8")
    assert "has no [smtp] table" in samling("send", MEETING, "--yes", *d, ok=False).stderr
    assert "would be sent" in samling("send", MEETING, "--dry-run", *d).stdout  # a dry run needs no server


def test_a_from_address_of_the_server_keeps_the_organizer_as_reply_to(tmp_path: Path) -> None:
    handler = Handler()
    with smtp_server(handler) as port:
        root = tmp_path / "net"
        d = network(root, port)
        toml = root / "samling.toml"
        toml.write_text(
            toml.read_text(encoding="utf-8") + 'from_address = "noreply@bibliotek.example.dk"\n', encoding="utf-8"
        )
        samling("send", MEETING, "--yes", "-p", "asa", *d)
    mail_from, _, raw = handler.received[0]
    message = parsed(raw)
    assert mail_from == "noreply@bibliotek.example.dk"
    assert str(message["From"]) == "Mette Kjær <noreply@bibliotek.example.dk>"
    assert str(message["Reply-To"]) == "Mette Kjær <mette@example.dk>"


def test_followup_and_minutes_to_every_member_and_registrant_absent_ones_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = Handler()
    with smtp_server(handler) as port:
        root = tmp_path / "net"
        d = network(root, port)
        samling("ask", "Kan vi få SMS-påminnelser?", "--by", "asa", "-m", MEETING, *d)
        samling("send", MEETING, "--yes", *d)  # the first conversation: confirmations, invitation, waiting list
        handler.received.clear()
        monkeypatch.setenv("SAMLING_NOW", "2027-03-10T09:00:00")  # the day after the meeting
        samling("question", "answer", "1", "--answer", "Ja, fra version 5.2.", "--by", "Leverandøren", *d)
        samling("absent", "bjorn", *d)
        assert "4 messages due" in samling("followup", *d).stdout
        samling("minutes", *d)
        minutes = root / "meetings" / MEETING / "minutes.md"
        minutes.write_text(
            minutes.read_text(encoding="utf-8") + "\nBeslutning: <b>næste møde i Vejle</b>.\n", encoding="utf-8"
        )
        assert "due to 4 people" in samling("minutes", "--send", *d).stdout
        result = samling("send", MEETING, "--yes", "--json", *d).json()
    kinds = sorted((h["participant"], h["kind"]) for h in result["handed"])  # type: ignore[index]
    assert kinds == sorted((p, k) for p in ("asa", "bjorn", "eva", "soren") for k in ("followup", "minutes"))
    by = {(parsed(r[2])["To"].addresses[0].username, parsed(r[2])["Subject"]): parsed(r[2]) for r in handler.received}

    def body(message: email.message.EmailMessage) -> str:
        return str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]

    (own,) = [
        m for (who, subject), m in by.items() if who == "asa" and str(subject).startswith("Svar på dit spørgsmål")
    ]
    assert "Ja, fra version 5.2." in body(own)  # her own follow-up, with the answer to her question
    minutes_to_bjorn = [m for (who, _), m in by.items() if who == "bjorn" and "Beslutning" in body(m)]
    assert minutes_to_bjorn, "the minutes reach those who did not come"
    html = str(minutes_to_bjorn[0].get_body(("html",)).get_content())  # type: ignore[union-attr]
    # the Markdown made HTML; HTML written in the minutes stays text
    assert "&lt;b&gt;næste møde i Vejle&lt;/b&gt;" in html and "<h1>" in html
    assert "Nothing is due" in samling("outbox", MEETING, *d).stdout
    # Asked again with nothing new: no new round; a member who joined since gets what the others had.
    assert "0 messages due" in samling("followup", *d).stdout
    samling("participant", "add", "Nina Nyholm", "--email", "nina@example.dk", "--org", "aarhus", *d)
    due = samling("outbox", MEETING, "--json", *d).json()["due"]  # type: ignore[index]
    assert sorted((x["participant"], x["kind"]) for x in due) == [
        ("nina-nyholm", "followup"),
        ("nina-nyholm", "minutes"),
    ]
    samling("new", "Netværksmøde efterår", "--date", "2027-10-05", "--venue", "oest", "--id", "efteraar", *d)
    early = samling("followup", "efteraar", *d, ok=False)
    assert early.exit_code == 6 and "has not been held yet" in early.stderr
