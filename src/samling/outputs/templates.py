"""Texts for participants: one Jinja2 template per output, its words from the gettext catalogs of
``outputs/i18n.py``.

A network overrides a template file by file in its own ``templates/`` folder: ``<name>.j2`` for
every language, ``<lang>/<name>.j2`` for one (which wins); those run in Jinja's sandbox.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from samling.errors import InvalidRecord, NotFound, Problem, SamlingError
from samling.outputs.i18n import LOCALES, format_date, format_money, format_time, template_functions, translations

__all__ = ["LOCALES", "PACKAGE_TEMPLATES", "Renderer", "format_date", "format_money", "format_time", "render"]

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"


def first_name(name: str) -> str:
    return name.split(maxsplit=1)[0] if name.split() else name


def period(text: Any) -> Any:
    """End a sentence once: "400 kr." (Danish) already ends with a period. Keeps Markup Markup."""
    return text if str(text).endswith(".") else text + "."


def _network_loader(folder: str) -> Any:
    """A loader for a network's ``templates/`` that reads regular files inside it only: no
    symbolic link is followed (a template linked to ``/etc/hostname`` would put that file into
    every invitation), no name leaves the folder (Jinja's own ``..`` check as well)."""
    import jinja2

    from samling.store.files import check_folder, read_file

    class NetworkLoader(jinja2.BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            parts = jinja2.loaders.split_template_path(template)  # refuses ".." (TemplateNotFound)
            path = Path(folder, *parts)
            check_folder(str(path.parent))  # UnsafePath: a linked folder on the way
            try:
                data, status = read_file(path)  # UnsafePath: a linked file; not a file: InvalidRecord
            except FileNotFoundError:
                raise jinja2.TemplateNotFound(template) from None
            source = data.decode("utf-8")  # UnicodeDecodeError: reported by the caller
            mtime = status.st_mtime_ns

            def uptodate() -> bool:
                try:
                    return os.lstat(path).st_mtime_ns == mtime
                except OSError:
                    return False

            return source, str(path), uptodate

    return NetworkLoader()


@lru_cache(maxsize=8)
def _environment(network_templates: str | None, autoescape: bool) -> Any:
    """samling's own templates (``network_templates`` None), or a network's folder in front of
    them. A network's templates run in Jinja's sandbox: they travel through git from one
    organizer's machine to another's, and the sandbox keeps them from reaching past the values
    they are given. samling's own run without it, since its checks on every attribute and call
    cost 0.8 s of CPU per 10,000 invitations (bench/bench_invite.py: 4.9 s instead of 4.1 s)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[Any] = []
    if network_templates:
        loaders.append(_network_loader(network_templates))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    kind = SandboxedEnvironment if network_templates else jinja2.Environment
    env = kind(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # A line holding only a tag leaves nothing behind; a text line ending in a tag loses its
        # line break too, so templates add one more empty line after such a line (README).
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
        extensions=["jinja2.ext.i18n"],
    )
    # The gettext functions come with each render, in the reader's language (see
    # i18n.template_functions); "newstyle" makes {% trans %} blocks call them the same way.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters["first_name"] = first_name
    env.filters["period"] = period
    return env


def _problem_path(root: Path | None, filename: str | None, name: str) -> Path:
    if filename:
        return Path(filename)
    return (root / "templates" / name) if root is not None else PACKAGE_TEMPLATES / name


class Renderer:
    """Templates of one network folder, compiled once: rendering 10,000 invitations compiles each
    template a single time, and loads each language's catalog once."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.templates: dict[tuple[str, str], Any] = {}
        self.helpers: dict[str, dict[str, Any]] = {}

    @property
    def network_templates(self) -> Path | None:
        return self.root / "templates" if self.root is not None else None

    def template(self, name: str, language: str) -> Any:
        """The network's ``templates/<language>/<name>``, else its ``templates/<name>``, else the
        packaged ``<name>``."""
        key = (name, language)
        if key not in self.templates:
            import jinja2

            if language not in LOCALES:
                raise NotFound(f"no language {language!r}", f"samling speaks {', '.join(LOCALES)}")
            candidates = [f"{language}/{name}", name]
            folder = self.network_templates
            own = folder is not None and any((folder / candidate).is_file() for candidate in candidates)
            env = _environment(str(folder) if own else None, name.endswith(".html.j2"))
            try:
                self.templates[key] = env.select_template(candidates)
            except jinja2.TemplatesNotFound:
                raise NotFound(f"no template {name}", "see samling templates list") from None
            except UnicodeDecodeError:
                assert folder is not None  # samling's own templates are UTF-8
                where = next(folder / c for c in candidates if (folder / c).is_file())
                raise InvalidRecord([Problem(where, None, "is not UTF-8; save it as UTF-8")]) from None
            except jinja2.TemplateSyntaxError as error:
                raise InvalidRecord(
                    [
                        Problem(
                            _problem_path(self.root, error.filename, name),
                            f"line {error.lineno}",
                            f"template error: {error.message}",
                        )
                    ]
                ) from None
        return self.templates[key]

    def _is_own(self, path: Path) -> bool:
        folder = self.network_templates
        return folder is not None and path.resolve().is_relative_to(folder.resolve())

    def _helpers(self, language: str) -> dict[str, Any]:
        if language not in self.helpers:
            self.helpers[language] = {
                "date": lambda d, form="full": format_date(d, language, form),
                "time": lambda t: format_time(t, language),
                "money": lambda amount, currency: format_money(amount, currency, language),
                "language": language,
                **template_functions(translations(language, self.network_templates)),
            }
        return self.helpers[language]

    def render(self, name: str, language: str, **context: Any) -> str:
        """Render ``name`` in ``language``; a missing variable or a broken override is a clear error
        naming the template file."""
        import jinja2
        from jinja2.exceptions import SecurityError

        template = self.template(name, language)
        where = _problem_path(self.root, template.filename, name)
        try:
            text: str = template.render({**self._helpers(language), **context})
        except jinja2.UndefinedError as error:
            explanation = f"template uses something samling does not provide: {error.message}"
            raise InvalidRecord([Problem(where, None, explanation)]) from None
        except SecurityError as error:
            explanation = f"template does something templates may not do: {error}"
            raise InvalidRecord([Problem(where, None, explanation)]) from None
        except jinja2.TemplateRuntimeError as error:
            raise InvalidRecord([Problem(where, None, f"template error: {error}")]) from None
        except SamlingError:
            raise  # a linked template included (UnsafePath), a broken one: said as itself
        except jinja2.TemplateNotFound as error:
            explanation = f"template includes {error.name!r}, which is no template of samling's or the network's"
            raise InvalidRecord([Problem(where, None, explanation)]) from None
        except Exception as error:
            # A network's own template may fail in any way an expression can ({{ 1 / 0 }}); that
            # is a mistake in the file, named as such. A packaged template failing is a bug.
            if not self._is_own(where):
                raise
            explanation = f"template error: {type(error).__name__}: {error}"
            raise InvalidRecord([Problem(where, None, explanation)]) from None
        return text if text.endswith("\n") else text + "\n"


def render(root: Path | None, name: str, language: str, **context: Any) -> str:
    """Render one template once (for many, keep a ``Renderer``)."""
    return Renderer(root).render(name, language, **context)
