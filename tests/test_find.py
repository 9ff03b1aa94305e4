"""`samling participant find TEXT`: by part of a name, email address or organization, ignoring
case and accents."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import samling


def found(*args: str) -> list[str]:
    data = samling("participant", "find", *args, "--json").json()
    assert isinstance(data, list)
    return [row["id"] for row in data]


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("oberg", ["asa-oberg"]),
        ("ÖBERG", ["asa-oberg"]),
        ("Åsa", ["asa-oberg"]),
        ("odegard", ["bjorn-odegard"]),
        ("bjørn", ["bjorn-odegard"]),
        ("asa@ex", ["asa-oberg"]),
        ("lessebo", ["cecilia-ungerback"]),  # the organization's name
        ("Växjö kommun", ["asa-oberg", "bjorn-odegard", "lina-holmer"]),
        ("foretaget-ab", ["elna-hansson"]),  # the organization's id
        ("holmer", ["lina-holmer"]),
        ("oedegaard", ["bjorn-odegard"]),  # ø and å spelled out, as Danes and Norwegians type them
        ("Aasa Oeberg", ["asa-oberg"]),
        ("ungerbaeck", ["cecilia-ungerback"]),
    ],
)
def test_find_by_part_of_a_name_email_or_organization(net: Path, text: str, ids: list[str]) -> None:
    assert found(text) == ids


def test_find_prints_a_table_and_says_when_nobody_matches(net: Path) -> None:
    out = samling("participant", "find", "oberg").stdout
    assert "asa-oberg" in out and "Åsa Öberg" in out and "1 participant" in out
    result = samling("participant", "find", "nobody-like-this", ok=False)
    assert result.exit_code == 3
    assert result.stdout == "No participant's name, email address or organization holds 'nobody-like-this'.\n"
    assert samling("participant", "find", "nobody", "--json", ok=False).stdout.strip() == "[]"
    assert "has nothing to search for" in samling("participant", "find", "  ", ok=False).stderr


@pytest.mark.parametrize(
    "text", ["asa oberg", "Öberg, Åsa", "Öberg Åsa", "oberg  asa", "Å. Öberg", "öberg (åsa)", "asa vaxjo"]
)
def test_find_every_word_in_any_order_ignoring_punctuation(net: Path, text: str) -> None:
    assert found(text) == ["asa-oberg"]


def test_find_needs_every_word(net: Path) -> None:
    assert found("kommun") == ["asa-oberg", "bjorn-odegard", "cecilia-ungerback", "lina-holmer"]
    assert found("lessebo kommun") == ["cecilia-ungerback"]
    assert samling("participant", "find", "Öberg, Cecilia", ok=False).exit_code == 3
