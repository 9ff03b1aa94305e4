"""``samling templates``: the packaged templates and catalogs, and a network's own versions of them.

A network's ``templates/`` folder may hold ``<name>.j2`` (its version of a template, for every
language), ``<lang>/<name>.j2`` (for one language; wins over the former) and ``<lang>/messages.po``
(its own translations of single messages; the packaged catalog fills in the rest).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from samling.errors import AlreadyExists, InvalidInput
from samling.models import LANGUAGES
from samling.outputs.i18n import OVERRIDE_NAME, catalog_path
from samling.outputs.templates import PACKAGE_TEMPLATES
from samling.store import Store

CATALOG_NAMES = (OVERRIDE_NAME, OVERRIDE_NAME.removesuffix(".po"))  # "messages.po", or just "messages"


def names() -> list[str]:
    """The packaged templates: ``agenda.md.j2``, ``invitation.html.j2``, ..."""
    return sorted(p.name for p in PACKAGE_TEMPLATES.glob("*.j2"))


def own_version(store: Store, name: str, language: str) -> Path | None:
    """The network's file that samling uses instead of the packaged ``name`` in ``language``."""
    folder = store.root / "templates"
    candidates = [folder / language / name] if name == OVERRIDE_NAME else [folder / language / name, folder / name]
    return next((path for path in candidates if path.is_file()), None)


@dataclass
class TemplateRow:
    language: str
    name: str
    overridden: bool
    own: str | None  # the network's own file in effect, relative to the folder


def list_templates(store: Store) -> list[TemplateRow]:
    """Per language, every template and the catalog, whether the network has its own version, and
    which file that is (``own``: relative to the network folder, or None)."""
    rows = []
    for lang in LANGUAGES:
        for name in [*names(), OVERRIDE_NAME]:
            own = own_version(store, name, lang)
            rows.append(
                TemplateRow(lang, name, own is not None, own.relative_to(store.root).as_posix() if own else None)
            )
    return rows


def _resolve(name: str) -> str:
    known = names()
    if name in known or name in CATALOG_NAMES:
        return OVERRIDE_NAME if name in CATALOG_NAMES else name
    # "invitation.md" or "catering" are enough when they name one template
    matches = [n for n in known if n == f"{name}.j2" or n.startswith(f"{name}.")]
    if len(matches) == 1:
        return matches[0]
    if matches:  # "minutes": the Markdown and the HTML one
        raise InvalidInput(f"{name!r} names {len(matches)} templates: {', '.join(matches)}", "give one of them")
    raise InvalidInput(
        f"no template {name!r}",
        f"the templates are: {', '.join(known)}; '{OVERRIDE_NAME}' copies a language's translations",
    )


def copy_template(
    store: Store, name: str, language: str | None, *, force: bool = False, shared: bool = False
) -> list[Path]:
    """Start the network's own version of a packaged template, or of a language's catalog.

    ``templates/<lang>/<name>`` for ``language`` (default: the network's; ``all`` for each), or,
    with ``shared``, one ``templates/<name>`` that every language uses. ``messages.po`` (or
    ``messages``) copies the catalog of ``language`` to ``templates/<lang>/messages.po``: edit the
    translations you want different and delete the others, which then follow samling's own.
    """
    name = _resolve(name)
    if shared:
        if name == OVERRIDE_NAME:
            raise InvalidInput(f"{OVERRIDE_NAME} belongs to one language", "give --language instead")
        if language is not None:
            raise InvalidInput("a shared template is for every language", "leave out --language")
        pairs = [(PACKAGE_TEMPLATES / name, store.root / "templates" / name)]
    else:
        languages = list(LANGUAGES) if language == "all" else [language or store.network.language]
        for lang in languages:
            if lang not in LANGUAGES:
                raise InvalidInput(f"--language {lang!r} is not one of {', '.join(LANGUAGES)} or all")
        pairs = [
            (
                catalog_path(lang) if name == OVERRIDE_NAME else PACKAGE_TEMPLATES / name,
                store.root / "templates" / lang / name,
            )
            for lang in languages
        ]
    for _, target in pairs:
        if target.exists() and not force:
            raise AlreadyExists(
                f"{target.relative_to(store.root).as_posix()} already exists (your own version)",
                "edit it, or give --force to start again from the packaged one",
            )
    for source, target in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return [target for _, target in pairs]
