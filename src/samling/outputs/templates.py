"""Texts for participants: Jinja2 templates per language, overridable file by file by the
network's own ``templates/`` folder, with dates and times formatted by Babel for the locale."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from samling.errors import InvalidRecord, NotFound, Problem

LOCALES = {"sv": "sv_SE", "nb": "nb_NO", "da": "da_DK", "nl": "nl_NL", "en": "en_GB"}
PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"


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
    import re
    from decimal import Decimal

    from babel import Locale
    from babel.numbers import format_currency

    amount = Decimal(str(amount))
    locale = LOCALES[language]
    whole = amount == amount.to_integral_value()
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    text = format_currency(amount, currency, locale=locale, format=pattern.replace(".00", "") if whole else None,
                           currency_digits=not whole)
    text = text.replace("\xa0", " ")
    return re.sub(r"^([A-Z]{3})(?=\d)", r"\1 ", text)  # "SEK450" -> "SEK 450"


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


@lru_cache(maxsize=8)
def _environment(network_templates: str | None, autoescape: bool) -> Any:
    import jinja2

    loaders: list[Any] = []
    if network_templates and Path(network_templates).is_dir():
        loaders.append(jinja2.FileSystemLoader(network_templates))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # A line holding only a tag leaves nothing behind; a text line ending in a tag loses its
        # line break too, so templates add one more empty line after such a line (README).
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
    )
    env.filters["first_name"] = first_name
    # End a sentence once: "400 kr." (Danish) already ends with a period.
    env.filters["period"] = lambda text: text if str(text).endswith(".") else f"{text}."
    return env


def template_path(root: Path | None, name: str) -> Path:
    if root is not None and (root / "templates" / name).is_file():
        return root / "templates" / name
    return PACKAGE_TEMPLATES / name


class Renderer:
    """Templates of one network folder, compiled once: rendering 10,000 invitations compiles each
    template a single time."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.templates: dict[tuple[str, str], Any] = {}
        self.helpers: dict[str, dict[str, Any]] = {}

    def template(self, name: str, language: str) -> Any:
        key = (name, language)
        if key not in self.templates:
            import jinja2

            path = f"{language}/{name}"
            env = _environment(str(self.root / "templates") if self.root else None, name.endswith(".html.j2"))
            try:
                self.templates[key] = env.get_template(path)
            except jinja2.TemplateNotFound:
                raise NotFound(f"no template {path}", "samling ships sv, nb, da, nl and en") from None
            except jinja2.TemplateSyntaxError as error:
                raise InvalidRecord([Problem(template_path(self.root, path), f"line {error.lineno}",
                                             f"template error: {error.message}")]) from None
        return self.templates[key]

    def _helpers(self, language: str) -> dict[str, Any]:
        if language not in self.helpers:
            self.helpers[language] = {
                "date": lambda d, form="full": format_date(d, language, form),
                "time": lambda t: format_time(t, language),
                "money": lambda amount, currency: format_money(amount, currency, language),
                "language": language,
            }
        return self.helpers[language]

    def render(self, name: str, language: str, **context: Any) -> str:
        """Render ``<language>/<name>``; a missing variable or a broken override is a clear error."""
        import jinja2

        template = self.template(name, language)
        try:
            text = template.render(**self._helpers(language), **context)
        except jinja2.UndefinedError as error:
            raise InvalidRecord([Problem(template_path(self.root, f"{language}/{name}"), None,
                                         f"template uses something samling does not provide: {error.message}")]) from None
        return text if text.endswith("\n") else text + "\n"


def render(root: Path | None, name: str, language: str, **context: Any) -> str:
    """Render one template once (for many, keep a ``Renderer``)."""
    return Renderer(root).render(name, language, **context)
