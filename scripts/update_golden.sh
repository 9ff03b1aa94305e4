#!/usr/bin/env bash
# Regenerate the golden files on purpose, then read the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
SAMLING_UPDATE_GOLDEN=1 python -m pytest -q tests -k golden
git status --short tests/golden
