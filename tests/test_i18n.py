"""One template per output, the words in gettext catalogs: every catalog complete and current,
plurals right in every language, and a network's own templates and translations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from conftest import ROOT, samling

from samling.errors import InvalidRecord
from samling.models import LANGUAGES
from samling.outputs import i18n
from samling.outputs.overrides import TemplateRow, copy_template, list_templates, names
from samling.outputs.templates import PACKAGE_TEMPLATES, render
from samling.store import Store

POT = i18n.LOCALE_DIR / "messages.pot"


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    """(context, message id) of every message; a plural message by its singular."""
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog if m.id}


def test_every_language_has_a_catalog() -> None:
    assert set(LANGUAGES) == set(i18n.LOCALES)
    assert {p.parent.parent.name for p in i18n.LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")} == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_nothing_is_fuzzy(language: str) -> None:
    catalog = read(i18n.catalog_path(language), language)
    template = read(POT)
    assert keys(catalog) == keys(template), "run scripts/update_catalogs.sh"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(strings):
            problems.append(f"not translated: {message.id!r}")
        if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            problems.append(f"{len(strings)} plural forms instead of {catalog.num_plurals}: {message.id!r}")
    assert problems == []
    assert i18n.catalog_problems(catalog, i18n.catalog_path(language)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_header_is_the_languages_own(language: str) -> None:
    text = i18n.catalog_path(language).read_text(encoding="utf-8")
    number, expression = get_plural(language)
    assert f'"Plural-Forms: nplurals={number}; plural={expression};\\n"' in text
    assert f'"Language: {language}\\n"' in text


def test_pot_is_up_to_date_with_the_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What scripts/update_catalogs.sh would extract now is what the catalogs were made from."""
    monkeypatch.chdir(ROOT)
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "--mapping-file",
            "babel.cfg",
            "--add-comments",
            "Translators:",
            "--output-file",
            str(fresh),
            "src/samling/templates",
        ]
    )
    assert keys(read(fresh)) == keys(read(POT)), "a template's words changed: run scripts/update_catalogs.sh"


def test_every_template_is_one_file_for_all_languages() -> None:
    assert names() == [
        "agenda.html.j2",
        "agenda.md.j2",
        "badges.html.j2",
        "catering.md.j2",
        "escalations.md.j2",
        "followup_digest.md.j2",
        "followup_personal.md.j2",
        "groups.md.j2",
        "invitation.html.j2",
        "invitation.md.j2",
        "message.html.j2",
        "message.md.j2",
        "message_parts.j2",
        "minutes.html.j2",
        "minutes.md.j2",
        "participants.md.j2",
    ]
    assert not [p for p in PACKAGE_TEMPLATES.iterdir() if p.is_dir() and p.name != "__pycache__"]
    for name in names():
        text = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
        assert '["' not in text, f"{name}: use row.key, not row['key']"


DAYS = (
    "[passed to %(recipient)s on %(date)s, waiting %(num)s day]",
    "[passed to %(recipient)s on %(date)s, waiting %(num)s days]",
)


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("sv", "har väntat i 1 dag]", "har väntat i 2 dagar]"),
        ("nb", "har ventet i 1 dag]", "har ventet i 2 dager]"),
        ("da", "har ventet 1 dag]", "har ventet 2 dage]"),
        ("nl", "wacht al 1 dag]", "wacht al 2 dagen]"),
        ("en", "waiting 1 day]", "waiting 2 days]"),
    ],
)
def test_plurals_follow_the_count(language: str, one: str, two: str) -> None:
    assert i18n.plural(language, *DAYS, 1, recipient="X", date="D").endswith(one)
    assert i18n.plural(language, *DAYS, 2, recipient="X", date="D").endswith(two)
    assert i18n.plural(language, *DAYS, 0, recipient="X", date="D").endswith(two.replace("2", "0"))


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("sv", "skicka en deltagare utan", "skicka 2 deltagare utan"),
        ("nb", "sende én deltaker gratis", "sende 2 deltakere gratis"),
        ("da", "sende én deltager uden", "sende 2 deltagere uden"),
        ("nl", "kan één deelnemer kosteloos", "kan 2 deelnemers kosteloos"),
        ("en", "send one participant free", "send 2 participants free"),
    ],
)
def test_free_places_in_the_invitation(language: str, one: str, two: str) -> None:
    def invitation(free: int) -> str:
        fees = SimpleNamespace(fee=400, free_per_organization=free, currency="SEK")
        meeting = SimpleNamespace(
            title="Möte", online_link=None, agenda=[], deadline=dt.date(2026, 3, 1), registration_url=None
        )
        organizer = SimpleNamespace(name="O", email="o@example.org")
        return render(
            None,
            "invitation.md.j2",
            language,
            meeting=meeting,
            network=SimpleNamespace(name="N"),
            person=None,
            registration=None,
            sessions=[],
            organizer=organizer,
            fees=fees,
            non_member_fee=None,
        )

    assert one in invitation(1) and two in invitation(2)


@pytest.mark.parametrize(
    ("language", "one", "several"),
    [
        ("sv", "# Svar på din fråga från", "# Svar på dina frågor från"),
        ("nb", "# Svar på spørsmålet ditt fra", "# Svar på spørsmålene dine fra"),
        ("da", "# Svar på dit spørgsmål fra", "# Svar på dine spørgsmål fra"),
        ("nl", "# Antwoord op je vraag van", "# Antwoord op je vragen van"),
        ("en", "# Answers to your question from", "# Answers to your questions from"),
    ],
)
def test_followup_speaks_of_one_question_or_several(language: str, one: str, several: str) -> None:
    def letter(count: int) -> str:
        items = [
            SimpleNamespace(text="?", status="open", carried_from=None, notes=[], asker_came=True) for _ in range(count)
        ]
        return render(
            None,
            "followup_personal.md.j2",
            language,
            meeting=SimpleNamespace(title="Möte"),
            network=SimpleNamespace(name="N"),
            person=SimpleNamespace(name="Kari Nordmann"),
            items=items,
            first_date=dt.date(2026, 3, 12),
            organizer="O",
            meeting_id="m",
        )

    assert letter(1).startswith(one) and letter(2).startswith(several)


def test_one_english_word_two_meanings() -> None:
    """pgettext: "Agenda" is a Norwegian invitation's "Program" but the minutes' "Saksliste", and
    Swedish says "Ingen." of people but "Inga." of decisions."""
    assert i18n.translate("nb", "Agenda", "heading of the invitation") == "Program"
    assert i18n.translate("nb", "Agenda", "heading of the minutes") == "Saksliste"
    assert i18n.translate("sv", "None.", "nobody was present") == "Ingen."
    assert i18n.translate("sv", "None.", "no decisions were taken") == "Inga."


def test_values_in_html_are_escaped_and_translations_are_not() -> None:
    meeting = SimpleNamespace(
        title="<script>x</script>",
        online_link="https://x.org/?a=1&b=2",
        agenda=["Kaffe & kaka"],
        deadline=None,
        registration_url=None,
    )
    html = render(
        None,
        "invitation.html.j2",
        "nl",
        meeting=meeting,
        network=SimpleNamespace(name="A & B"),
        person=None,
        registration=None,
        sessions=[],
        organizer=None,
        fees=SimpleNamespace(fee=0, free_per_organization=1, currency="EUR"),
        non_member_fee=None,
    )
    assert "<script>" not in html and "Uitnodiging: &lt;script&gt;x&lt;/script&gt;" in html
    assert '<a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a>' in html
    assert "Beste leden van A &amp; B," in html and "<li>Kaffe &amp; kaka</li>" in html


# --- a network's own templates and translations --------------------------------------------------


def test_network_messages_override_single_translations(net: Path) -> None:
    own = net / "templates" / "sv" / "messages.po"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Questions"\nmsgstr "Frågor till leverantören"\n\n'
        '#, fuzzy\nmsgid "No questions have come in yet."\nmsgstr "Halvfärdig översättning"\n\n'
        'msgid "Join online: %(link)s"\nmsgstr ""\n',
        encoding="utf-8",
    )
    out = samling("agenda").stdout
    assert "## Frågor till leverantören\n" in out  # the network's
    assert "Inga frågor har kommit in ännu." in out  # fuzzy: the packaged one
    assert "Delta på distans: https://meet.example.org/natverk" in out  # empty: the packaged one
    assert "## Dagordning" not in out and "# Nätverksträff våren 2026" in out
    # An edit is seen at once, and a broken translation is named, with its file and message.
    broken = own.read_text(encoding="utf-8").replace('msgstr ""\n', 'msgstr "Delta: %(lnk)s"\n')
    own.write_text(broken, encoding="utf-8")
    result = samling("agenda", ok=False)
    assert "templates/sv/messages.po: Join online: %(link)s: translation uses %(lnk)s" in result.stderr
    own.write_text('Questions = "Frågor till leverantören"\n', encoding="utf-8")
    assert "templates/sv/messages.po: not a gettext catalog" in samling("agenda", ok=False).stderr


def test_network_template_for_all_languages_and_for_one(net: Path) -> None:
    shared = net / "templates" / "agenda.md.j2"
    shared.parent.mkdir(exist_ok=True)
    shared.write_text('{{ _("Questions") }}: {{ meeting.title }} ({{ language }})\n', encoding="utf-8")
    assert samling("agenda").stdout == "Frågor: Nätverksträff våren 2026 (sv)\n"
    meeting = SimpleNamespace(title="Møte")
    assert render(net, "agenda.md.j2", "nb", meeting=meeting) == "Spørsmål: Møte (nb)\n"
    one = net / "templates" / "sv" / "agenda.md.j2"
    one.parent.mkdir(exist_ok=True)
    one.write_text("# Vår egen dagordning: {{ meeting.title }}\n", encoding="utf-8")
    assert samling("agenda").stdout == "# Vår egen dagordning: Nätverksträff våren 2026\n"
    assert render(net, "agenda.md.j2", "nb", meeting=meeting) == "Spørsmål: Møte (nb)\n"  # still the shared one
    rows = {(r.language, r.name): r for r in list_templates(Store(net))}
    assert rows[("sv", "agenda.md.j2")].own == "templates/sv/agenda.md.j2"
    assert rows[("nb", "agenda.md.j2")].own == "templates/agenda.md.j2"
    assert rows[("nb", "minutes.md.j2")] == TemplateRow("nb", "minutes.md.j2", overridden=False, own=None)


def test_template_using_something_undefined_is_one_clear_line(net: Path) -> None:
    shared = net / "templates" / "agenda.md.j2"
    shared.parent.mkdir(exist_ok=True)
    shared.write_text("# {{ meeting.titel }}\n", encoding="utf-8")
    result = samling("agenda", ok=False)
    assert "templates/agenda.md.j2: template uses something samling does not provide" in result.stderr
    assert "titel" in result.stderr and len(result.stderr.strip().splitlines()) <= 2  # the message, and a hint at most
    shared.write_text("{{ meeting.__class__.__mro__ }}\n", encoding="utf-8")  # the sandbox
    assert "unsafe" in samling("agenda", ok=False).stderr
    shared.write_text('{{ _("Welcome, %(name)s!") }}\n', encoding="utf-8")
    assert (
        "templates/agenda.md.j2: template error: the message 'Welcome, %(name)s!' needs a value for %(name)s"
        in samling("agenda", ok=False).stderr
    )
    with pytest.raises(InvalidRecord) as error:
        render(None, "minutes.md.j2", "sv", meeting=SimpleNamespace(title="T"))
    assert str(error.value).startswith(f"{PACKAGE_TEMPLATES / 'minutes.md.j2'}: template uses something")


def test_copy_the_catalog_and_a_shared_template(net: Path) -> None:
    out = samling("templates", "copy", "messages", "--language", "nb").stdout
    assert "templates/nb/messages.po" in out
    assert (net / "templates" / "nb" / "messages.po").read_bytes() == i18n.catalog_path("nb").read_bytes()
    assert "nb/messages.po  (own version: templates/nb/messages.po)" in samling("templates", "list").stdout
    assert "already exists" in samling("templates", "copy", "messages.po", "--language", "nb", ok=False).stderr
    store = Store(net)
    assert copy_template(store, "invitation.md", None, shared=True) == [net / "templates" / "invitation.md.j2"]
    packaged = (PACKAGE_TEMPLATES / "invitation.md.j2").read_bytes()
    assert (net / "templates" / "invitation.md.j2").read_bytes() == packaged
    paths = copy_template(store, "minutes.md", "all")
    assert paths == [net / "templates" / lang / "minutes.md.j2" for lang in LANGUAGES]
    (net / "templates" / "nb" / "messages.po").unlink()
    assert [r.own for r in list_templates(store) if r.language == "nb" and r.name == "messages.po"] == [None]
