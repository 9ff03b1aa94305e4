"""``samling templates``: the packaged templates, and a network's own versions of them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from samling.errors import AlreadyExists, InvalidInput
from samling.models import LANGUAGES
from samling.outputs.templates import PACKAGE_TEMPLATES
from samling.store import Store


def names() -> list[str]:
    return sorted(p.name for p in (PACKAGE_TEMPLATES / "en").glob("*.j2"))


def list_templates(store: Store) -> list[dict[str, Any]]:
    return [{"language": lang, "name": name, "overridden": (store.root / "templates" / lang / name).is_file()}
            for lang in LANGUAGES for name in names()]


def copy_template(store: Store, name: str, language: str | None, *, force: bool = False) -> list[Path]:
    known = names()
    if name not in known:
        # "invitation.md" or "minutes" are enough when they name one template
        matches = [n for n in known if n == f"{name}.j2" or n.startswith(f"{name}.")]
        if len(matches) == 1:
            name = matches[0]
    if name not in known:
        raise InvalidInput(f"no template {name!r}", f"the templates are: {', '.join(known)}")
    languages = list(LANGUAGES) if language == "all" else [language or store.network.language]
    for lang in languages:
        if lang not in LANGUAGES:
            raise InvalidInput(f"--language {lang!r} is not one of {', '.join(LANGUAGES)} or all")
    copied = []
    for lang in languages:
        target = store.root / "templates" / lang / name
        if target.exists() and not force:
            raise AlreadyExists(f"{target.relative_to(store.root).as_posix()} already exists (your own version)",
                                "edit it, or give --force to start again from the packaged one")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE_TEMPLATES / lang / name, target)
        copied.append(target)
    return copied
