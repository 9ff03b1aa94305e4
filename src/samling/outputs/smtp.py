"""Handing messages to the organizer's mail server (``[smtp]`` in samling.toml) with the standard
library's smtplib: one connection per run, STARTTLS or TLS with certificate checks, a login when
a user is set. The password is passed in, used for the login and never kept, printed or put in an
error message."""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from pathlib import Path
from types import TracebackType

from samling.errors import SamlingError
from samling.models import Smtp


class MailServerError(SamlingError):
    """The mail server cannot be reached, or refuses the connection or the login."""

    exit_code = 69  # EX_UNAVAILABLE


class Refused(Exception):
    """The server refused this one message (a recipient it does not accept, a message it
    rejects): the others can still go."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Dropped(Exception):
    """The connection was lost in the middle of the run: nothing more can be sent now."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    return f"{code} {' '.join(text.split())}"


def envelope_address(address: str) -> tuple[str, bool]:
    """The address for the SMTP envelope: an internationalized domain in its ASCII form (IDNA);
    whether the local part still needs SMTPUTF8 (RFC 6531)."""
    local, _, domain = address.rpartition("@")
    with contextlib.suppress(UnicodeError):  # a name IDNA cannot write stays as it is: the server will say
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}", not local.isascii()


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login, or for a user name or password with letters outside ASCII (smtplib would
    fail encoding them), AUTH PLAIN in UTF-8 as RFC 4616 allows."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    import base64

    if not smtp.has_extn("auth") or "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPNotSupportedError("AUTH PLAIN")
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


class MailServer:
    """``with MailServer(settings, root, password) as server: server.send(...)``."""

    def __init__(self, settings: Smtp, root: Path, password: str | None) -> None:
        self.settings = settings
        self.root = root
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port_or_default}"

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.settings.certificate:
            path = self.root / self.settings.certificate
            try:
                context.load_verify_locations(cafile=str(path))
            except (OSError, ssl.SSLError) as error:
                raise MailServerError(
                    f"samling.toml: smtp.certificate: {self.settings.certificate} cannot be read as a certificate "
                    f"({getattr(error, 'strerror', None) or error})",
                    "name a PEM file inside the network folder",
                ) from None
        return context

    def __enter__(self) -> MailServer:
        settings = self.settings
        try:
            if settings.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.host, settings.port_or_default, timeout=settings.timeout, context=self._context()
                )
            else:
                smtp = smtplib.SMTP(settings.host, settings.port_or_default, timeout=settings.timeout)
                if settings.security == "starttls":
                    smtp.ehlo()
                    if not smtp.has_extn("starttls"):
                        smtp.close()
                        raise MailServerError(
                            f"the mail server {self.where} does not offer STARTTLS",
                            'set security = "tls" (port 465) in [smtp], or "none" only for a server on '
                            "your own machine",
                        )
                    smtp.starttls(context=self._context())
            smtp.ehlo()
            if settings.user:
                _login(smtp, settings.user, self._password or "")
        except ssl.SSLCertVerificationError as error:
            raise MailServerError(
                f"the certificate of the mail server {self.where} is not trusted ({error.verify_message})",
                "if it is your own server's self-made certificate, name its PEM file in [smtp] certificate",
            ) from None
        except smtplib.SMTPAuthenticationError:
            raise MailServerError(
                f"the mail server {self.where} refused the user name or password for {settings.user}",
                "check [smtp] user in samling.toml and the password in SAMLING_SMTP_PASSWORD",
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise MailServerError(
                f"the mail server {self.where} does not offer a login",
                "leave out [smtp] user, or use the port where the server asks for one",
            ) from None
        except (smtplib.SMTPException, ssl.SSLError) as error:
            raise MailServerError(f"the mail server {self.where} refused the connection ({error})") from None
        except (socket.gaierror, ConnectionError, TimeoutError, OSError) as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise MailServerError(
                f"cannot reach the mail server {self.where} ({reason})",
                "check [smtp] host and port in samling.toml, and the network",
            ) from None
        self._smtp = smtp
        return self

    def send(self, sender: str, recipient: str, data: bytes) -> None:
        """Hand over one message to one recipient; ``Refused`` or ``Dropped`` when it fails."""
        assert self._smtp is not None, "use MailServer as a context manager"
        smtp = self._smtp
        envelope_from, utf8_from = envelope_address(sender)
        envelope_to, utf8_to = envelope_address(recipient)
        options: list[str] = []
        if utf8_from or utf8_to:
            if not smtp.has_extn("smtputf8"):
                raise Refused(
                    f"{recipient} has letters outside ASCII before the @, and the mail server cannot deliver to such "
                    "addresses (it lacks SMTPUTF8)"
                )
            options.append("SMTPUTF8")
        try:
            smtp.sendmail(envelope_from, [envelope_to], data, mail_options=options)
        except smtplib.SMTPRecipientsRefused as error:
            code, message = next(iter(error.recipients.values()))
            raise Refused(_reply(code, message)) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            if error.smtp_code == 421:  # "closing the transmission channel": the run cannot go on
                raise Dropped(_reply(error.smtp_code, error.smtp_error)) from None
            raise Refused(_reply(error.smtp_code, error.smtp_error)) from None
        except smtplib.SMTPServerDisconnected as error:
            raise Dropped(str(error) or "the server closed the connection") from None
        except (smtplib.SMTPException, OSError) as error:
            raise Dropped(str(error) or type(error).__name__) from None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None
        self._password = None
