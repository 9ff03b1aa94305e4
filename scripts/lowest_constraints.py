"""Print pip constraints that pin every direct dependency of samling to its floor.

    python scripts/lowest_constraints.py [EXTRA ...] > lowest.txt
    pip install -e '.[test]' -c lowest.txt

CI installs the project once like this, so the floors in pyproject.toml are tested, not hoped for.
Each requirement must have a floor (``>=``); one without fails here rather than go untested.
Dependencies of dependencies are left to the resolver.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*(?P<spec>[^;]*)")


def floor_pins(requirements: list[str], project: str) -> list[str]:
    pins = []
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        if match is None:
            raise SystemExit(f"cannot read the requirement {requirement!r}")
        name = match["name"]
        if name.lower() == project:
            continue  # an extra that includes another extra of samling itself
        floors = [part.strip()[2:].strip() for part in match["spec"].split(",") if part.strip().startswith(">=")]
        if len(floors) != 1:
            raise SystemExit(f"{requirement!r} has no floor (>=): every dependency needs one, tested by CI")
        pins.append(f"{name}=={floors[0]}")
    return pins


def main(extras: list[str]) -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    for pin in floor_pins(requirements, project["name"].lower()):
        print(pin)


if __name__ == "__main__":
    main(sys.argv[1:])
