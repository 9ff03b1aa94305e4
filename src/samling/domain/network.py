"""Creating a network folder."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from pydantic import ValidationError

from samling.errors import AlreadyExists, InvalidInput
from samling.models import FeePolicy, Network, Organizer, problems_from
from samling.store import NETWORK_FILE, Store, to_toml, write_atomic

TIMEZONES = {
    "sv": "Europe/Stockholm",
    "nb": "Europe/Oslo",
    "da": "Europe/Copenhagen",
    "nl": "Europe/Amsterdam",
    "en": "Europe/London",
}
CURRENCIES = {"sv": "SEK", "nb": "NOK", "da": "DKK", "nl": "EUR", "en": "EUR"}
FOLDERS = ("organizations", "participants", "venues", "meetings", "templates")
GITIGNORE = (
    "# written by samling: locks, the journal of a command under way, unfinished writes and re-creatable outputs\n"
    ".lock\n.journal\n*.tmp\nmeetings/*/out/\n"
)


def parse_organizer(text: str) -> Organizer:
    """``"Annalena Cronemo <annalena@example.se>"`` -> Organizer."""
    name, email = parseaddr(text)
    if not email or "@" not in email:
        raise InvalidInput(
            f"--organizer {text!r} has no email address",
            'write it as "Name <name@example.org>"',
        )
    try:
        return Organizer(name=name or email, email=email)
    except ValidationError as error:
        problem = problems_from(error, Organizer, Path("--organizer"))[0]
        raise InvalidInput(f"--organizer: {problem.key}: {problem.explanation}") from None


def init(
    path: Path,
    name: str,
    language: str,
    timezone: str | None = None,
    organizer: str | None = None,
    currency: str | None = None,
) -> Store:
    """Create ``samling.toml`` and the record folders; an existing network is left untouched."""
    if (path / NETWORK_FILE).exists():
        raise AlreadyExists(f"{path / NETWORK_FILE} already exists", "this folder is already a samling network")
    try:
        network = Network.model_validate(
            {  # --language as typed: the model says whether it is one
                "name": name,
                "language": language,
                "timezone": timezone or TIMEZONES.get(language, "UTC"),
                "organizer": parse_organizer(organizer) if organizer else None,
                "fees": FeePolicy(currency=currency or CURRENCIES.get(language, "EUR")),
            }
        )
    except ValidationError as error:
        problem = problems_from(error, Network, Path(NETWORK_FILE))[0]
        raise InvalidInput(f"--{(problem.key or '').replace('_', '-')}: {problem.explanation}") from None
    path.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS:
        (path / folder).mkdir(exist_ok=True)
    if not (path / ".gitignore").exists():
        write_atomic(path / ".gitignore", GITIGNORE.encode(), create=True)
    write_atomic(path / NETWORK_FILE, to_toml(network).encode("utf-8"), create=True)
    return Store(path.resolve())


def open_network(explicit: Path | None = None) -> Store:
    """The network folder a command works on: ``explicit`` (``--dir``), else ``$SAMLING_DIR``,
    else the current folder and its parents, as git finds its repository."""
    store = Store.find(explicit)
    store.recover()
    return store
