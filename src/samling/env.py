"""Every environment variable samling reads, in one place."""

import os

#: The network folder, when neither ``--dir`` is given nor the current folder is inside one.
SAMLING_DIR = "SAMLING_DIR"
#: Set to 1 to see tracebacks instead of one-line errors.
SAMLING_DEBUG = "SAMLING_DEBUG"
#: Pretend "now" is this ISO date or date-time (tests, rehearsing a deadline).
SAMLING_NOW = "SAMLING_NOW"
#: The password for the mail server of ``[smtp]`` in samling.toml (never stored in the folder).
SAMLING_SMTP_PASSWORD = "SAMLING_SMTP_PASSWORD"
#: Seconds a command waits for a meeting's (or the network's) lock before giving up (default 60).
SAMLING_LOCK_TIMEOUT = "SAMLING_LOCK_TIMEOUT"


def get(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def debug() -> bool:
    return get(SAMLING_DEBUG) not in (None, "0", "false", "no")
