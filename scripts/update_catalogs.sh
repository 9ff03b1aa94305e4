#!/usr/bin/env bash
# After changing the words of a template: extract every message of src/samling/templates/*.j2 into
# src/samling/locale/messages.pot, then merge it into each language's messages.po. New messages
# arrive with an empty msgstr, changed ones with their old translation marked "#, fuzzy"; translate
# or check those, remove the fuzzy mark, and run `pytest tests/test_i18n.py`, which fails while any
# catalog lacks a message or has a fuzzy one. Nothing is rewritten when no message changed.
#
# A new language: `pybabel init -i src/samling/locale/messages.pot -d src/samling/locale -l fi`,
# translate src/samling/locale/fi/LC_MESSAGES/messages.po, and add the language to
# samling.models.LANGUAGES and samling.outputs.i18n.LOCALES.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-pybabel}"
pot=src/samling/locale/messages.pot
fresh="$(mktemp)"
trap 'rm -f "$fresh"' EXIT
"$PYBABEL" -q extract --mapping-file babel.cfg --add-comments Translators: --add-location file --sort-output \
    --project samling --copyright-holder "the samling authors" --output-file "$fresh" src/samling/templates
if [ -f "$pot" ] && diff -q -I '^"POT-Creation-Date: ' "$fresh" "$pot" >/dev/null; then
    echo "The messages are those of $pot already; nothing to update."
    exit 0
fi
cp "$fresh" "$pot"
"$PYBABEL" -q update --input-file "$pot" --output-dir src/samling/locale --domain messages --ignore-obsolete
echo "Updated $pot and the catalogs: translate what is new (msgstr \"\") or fuzzy, then run tests/test_i18n.py."
