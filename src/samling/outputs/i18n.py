"""What depends on the reader's language: dates, times and amounts as Babel writes them for the
locale, and the words of the templates from gettext catalogs.

The catalogs are ``src/samling/locale/<lang>/LC_MESSAGES/messages.po``, kept in the repository and
compiled here when first used (no ``.mo`` files to forget to rebuild). A network can override
single messages in ``templates/<lang>/messages.po``: its translations win, the packaged catalog
fills in the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samling.errors import InvalidRecord, NotFound, Problem

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from babel.support import Translations

LOCALES = {"sv": "sv_SE", "nb": "nb_NO", "da": "da_DK", "nl": "nl_NL", "en": "en_GB"}
LOCALE_DIR = Path(__file__).parent.parent / "locale"
DOMAIN = "messages"
OVERRIDE_NAME = f"{DOMAIN}.po"  # in a network's templates/<lang>/

_PLACEHOLDER = re.compile(r"%\((\w+)\)")


# --- dates, times, amounts ---------------------------------------------------------------------


@lru_cache(maxsize=4096)
def format_date(value: dt.date, language: str, form: str = "full") -> str:
    """``tisdag 24 januari 2018``, ``tirsdag 24. januar 2018``: Babel's own patterns per locale."""
    from babel.dates import format_date as babel_date

    return babel_date(value, format=form, locale=LOCALES[language])


@lru_cache(maxsize=1024)
def format_time(value: dt.time, language: str) -> str:
    from babel.dates import format_time as babel_time

    return babel_time(value, format="short", locale=LOCALES[language])


@lru_cache(maxsize=1024)
def format_money(amount: Any, currency: str, language: str) -> str:
    """``450 kr`` in Swedish, ``350 kr.`` in Danish, ``€ 12,50`` in Dutch: the locale's own
    currency pattern, without decimals for a whole amount."""
    from decimal import Decimal

    from babel import Locale
    from babel.numbers import format_currency

    amount = Decimal(str(amount))
    locale = LOCALES[language]
    whole = amount == amount.to_integral_value()
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    text = format_currency(
        amount, currency, locale=locale, format=pattern.replace(".00", "") if whole else None, currency_digits=not whole
    )
    text = text.replace("\xa0", " ")
    return re.sub(r"^([A-Z]{3})(?=\d)", r"\1 ", text)  # "SEK450" -> "SEK 450"


# --- catalogs ----------------------------------------------------------------------------------


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, language: str) -> Catalog:
    """A ``.po`` file as a Babel catalog; a file Babel cannot read is an error naming it."""
    import io

    from babel.messages.pofile import PoFileError, read_po

    from samling.store.files import check_folder, read_file

    if path.is_relative_to(LOCALE_DIR):  # samling's own
        data = path.read_bytes()
    else:  # a network's: a regular file inside the folder, no link followed (UnsafePath)
        check_folder(str(path.parent))
        data = read_file(path)[0]
    try:
        return read_po(io.BytesIO(data), locale=LOCALES[language], abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        raise InvalidRecord([Problem(path, None, f"not a gettext catalog: {error}")]) from None


def catalog_problems(catalog: Catalog, path: Path) -> list[Problem]:
    """Translations that would fail when rendered: a placeholder the message does not have
    (``%(nam)s``), or a stray ``%``. Checked when a catalog is loaded, so a typo in a network's
    messages.po is reported with its file and message, not as a crash in the middle of a run."""
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        known = {name for text in ids for name in _PLACEHOLDER.findall(text)}
        if isinstance(message.id, (list, tuple)):
            known.add("num")  # ngettext always passes the count as num
        for text in strings:
            if not text:
                continue
            unknown = sorted(set(_PLACEHOLDER.findall(text)) - known)
            try:
                text % dict.fromkeys(known | set(unknown), "")
            except (ValueError, TypeError, KeyError) as error:
                problems.append(Problem(path, ids[0], f"translation is not a valid format ({error}); write a % as %%"))
                continue
            if unknown:
                has = ", ".join(sorted(known)) or "none"
                problems.append(
                    Problem(
                        path,
                        ids[0],
                        f"translation uses %({unknown[0]})s, which the message does not have (it has: {has})",
                    )
                )
    return problems


def _compile(catalog: Catalog) -> bytes:
    """A catalog as ``.mo`` bytes, the form ``gettext`` reads."""
    from babel.messages.mofile import write_mo

    # A message without a translation (or with only some of its plural forms), or a fuzzy one, is
    # left out, so gettext falls back: to the packaged catalog for a network's override, and to
    # the English message id as the last resort.
    for message in list(catalog)[1:]:
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy or not all(strings):
            catalog.delete(message.id, message.context)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _translations(mo: bytes) -> Translations:
    from babel.support import Translations

    return Translations(BytesIO(mo), domain=DOMAIN)


# Compiled at load time, not at build time: the .po files stay the only source (no .mo to forget
# to rebuild, nothing for hatchling to run). Measured 2026-11-28 on the development machine
# (~85 messages): 2.5 ms per language (read_po 1.1 ms, checks 0.2, write_mo and reading the .mo
# back 0.3), plus about 17 ms once per process to import babel.messages and babel.support, and
# only in commands that render a text. Cached per process and language.
@cache
def _packaged_mo(language: str) -> bytes:
    if language not in LOCALES:
        raise NotFound(f"no language {language!r}", f"samling speaks {', '.join(LOCALES)}")
    path = catalog_path(language)
    catalog = read_catalog(path, language)
    problems = catalog_problems(catalog, path)
    if problems:
        raise InvalidRecord(problems)
    return _compile(catalog)


@cache
def packaged(language: str) -> Translations:
    """The packaged catalog of ``language``, compiled once per process."""
    return _translations(_packaged_mo(language))


@lru_cache(maxsize=32)
def _with_override(language: str, override: str, stamp: tuple[int, int]) -> Translations:
    """The packaged catalog with a network's own messages on top. ``stamp`` (mtime, size) makes an
    edited override count as a new one within a long-running process."""
    path = Path(override)
    catalog = read_catalog(path, language)
    problems = catalog_problems(catalog, path)
    if problems:
        raise InvalidRecord(problems, "correct the translation, or delete it to use samling's own")
    combined = _translations(_packaged_mo(language))  # a fresh copy: the packaged one stays as it is
    combined.merge(_translations(_compile(catalog)))
    return combined


def translations(language: str, network_templates: Path | None = None) -> Translations:
    """The messages for ``language``: the network's ``templates/<lang>/messages.po`` first, if it
    has one, then the packaged catalog."""
    if network_templates is not None:
        override = network_templates / language / OVERRIDE_NAME
        if override.is_file():
            stat = override.stat()
            return _with_override(language, str(override), (stat.st_mtime_ns, stat.st_size))
    return packaged(language)


# --- gettext for templates ---------------------------------------------------------------------


def template_functions(catalog: Translations) -> dict[str, Callable[..., Any]]:
    """``gettext``, ``ngettext``, ``pgettext`` and ``npgettext`` as a template calls them, in
    Jinja's "newstyle": placeholders are named arguments (``_("Dear %(name)s,", name=...)``),
    ``ngettext`` passes the count as ``num``, and in an HTML template the values are escaped while
    the translated text is trusted (Jinja's own ``install_gettext_translations(newstyle=True)``
    does the same, but for one language per environment; these travel in the render context, so
    one environment serves every language)."""
    from jinja2 import TemplateRuntimeError, pass_context
    from markupsafe import Markup

    def finish(context: Any, text: object, variables: dict[str, Any]) -> str:
        try:
            if context.eval_ctx.autoescape:
                return Markup(text) % variables
            return str(text) % variables
        except KeyError as error:  # a template's own message without one of its values
            raise TemplateRuntimeError(f"the message {text!r} needs a value for %({error.args[0]})s") from None

    @pass_context
    def gettext(context: Any, message: str, /, **variables: Any) -> str:
        return finish(context, catalog.gettext(message), variables)

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        return finish(context, catalog.ngettext(singular, plural, num), variables)

    @pass_context
    def pgettext(context: Any, message_context: str, message: str, /, **variables: Any) -> str:
        return finish(context, catalog.pgettext(message_context, message), variables)

    @pass_context
    def npgettext(context: Any, message_context: str, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        return finish(context, catalog.npgettext(message_context, singular, plural, num), variables)

    # "_" is Jinja's alias for gettext, which looks "gettext" up at every call; passing gettext as
    # "_" itself saves that lookup and a second call (a fifth of the rendering time of an invitation).
    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def plural(language: str, singular: str, plural_form: str, num: int, **variables: Any) -> str:
    """``plural("sv", "%(num)s day", "%(num)s days", 2)`` -> ``2 dagar``: a message with a count,
    in the language's own plural rule, outside a template."""
    return str(packaged(language).ngettext(singular, plural_form, num)) % {"num": num, **variables}


def translate(language: str, message: str, context: str | None = None, **variables: Any) -> str:
    """One message of the packaged catalog outside a template (``context`` as for ``pgettext``)."""
    catalog = packaged(language)
    text = catalog.pgettext(context, message) if context else catalog.gettext(message)
    return str(text) % variables
