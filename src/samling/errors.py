"""samling's own exceptions: the core raises these, the CLI prints them as one clear message.

Everything here is a *user* error (a missing folder, a typo in a file, a full session): it is shown
without a traceback. Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class SamlingError(Exception):
    """A problem the user can fix. ``str()`` is the message; ``hint`` says what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NoNetwork(SamlingError):
    exit_code = 2


class NotFound(SamlingError):
    exit_code = 3


class AlreadyExists(SamlingError):
    exit_code = 4


class Problem:
    """One thing wrong with one record: ``path: key: explanation``."""

    def __init__(self, path: Path | str, key: str | None, explanation: str) -> None:
        self.path = Path(path)
        self.key = key
        self.explanation = explanation

    def where(self, root: Path | None = None) -> str:
        """The path as the user should read it: relative to ``root`` when inside it."""
        if root is not None and self.path.is_relative_to(root):
            return self.path.relative_to(root).as_posix()
        return self.path.as_posix()

    def render(self, root: Path | None = None) -> str:
        where = self.where(root)
        return f"{where}: {self.key}: {self.explanation}" if self.key else f"{where}: {self.explanation}"

    def as_dict(self, root: Path | None = None) -> dict[str, str | None]:
        return {"path": self.where(root), "key": self.key, "explanation": self.explanation}

    def __repr__(self) -> str:
        return f"Problem({self.render()!r})"


class InvalidRecord(SamlingError):
    """One or more problems in files of the network folder."""

    exit_code = 5

    def __init__(self, problems: list[Problem], hint: str | None = None) -> None:
        self.problems = problems
        super().__init__(problems[0].render() if len(problems) == 1 else f"{len(problems)} problems", hint)


class InvalidInput(SamlingError):
    """A command-line value or an imported row that cannot be used."""

    exit_code = 2


class RuleViolation(SamlingError):
    """The network's rules refuse the action (deadline passed, already registered, ...)."""

    exit_code = 6


class Conflict(SamlingError):
    """Another samling command holds the lock for too long, or the folder changed under us."""

    exit_code = 7


class UnsafePath(SamlingError):
    """A path in the network folder that samling will not follow: a symbolic link where a record,
    a record folder or an output belongs (it could lead a write or a read outside the folder).
    Exit code 5, as for an invalid file: the fix is in the folder (replace the link by the file)."""

    exit_code = 5
