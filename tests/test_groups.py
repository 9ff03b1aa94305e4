"""Workshop groups: a partition of those present, even sizes, colleagues apart whenever they can
be, the same groups for the same people and seed, and the points each group noted."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import MEETING, samling
from hypothesis import given
from hypothesis import strategies as st

from samling.domain.groups import split


@given(
    orgs=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=40),
    count=st.integers(min_value=1, max_value=12),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_groups_partition_even_and_mixed(orgs: list[int], count: int, seed: int) -> None:
    people = [(f"p{n}", f"org{org}") for n, org in enumerate(orgs)]
    count = min(count, len(people))
    groups = split(people, count, seed)
    everyone = [pid for group in groups for pid in group]
    assert sorted(everyone) == sorted(pid for pid, _ in people)  # each person exactly once
    sizes = [len(g) for g in groups]
    assert max(sizes) - min(sizes) <= 1
    org_of = dict(people)
    largest = max(Counter(orgs).values())
    for group in groups:
        colleagues = Counter(org_of[pid] for pid in group)
        if largest <= count:  # possible to keep every colleague apart: then they are
            assert max(colleagues.values()) == 1
        else:  # as evenly spread as can be
            for org, n in colleagues.items():
                assert n <= -(-sum(1 for o in org_of.values() if o == org) // count)
    # the same input, in any order, with the same seed: the same groups
    assert split(list(reversed(people)), count, seed) == groups


def present(names: list[tuple[str, str]]) -> None:
    for name, org in names:
        pid = samling("participant", "add", name, "--email", f"{name.split()[0].lower()}@example.se", "--org", org,
                      "--json").json()["id"]  # fmt: skip
        samling("register", pid, "--late")


def test_groups_command(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("meetings", MEETING, "meeting.toml").write_text(
        Path("meetings", MEETING, "meeting.toml").read_text(encoding="utf-8").replace("capacity = 3", ""),
        encoding="utf-8",
    )
    samling("venue", "edit", "vaxjo", "--capacity", "")
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback", "lina-holmer"):
        samling("register", pid)
    samling("org", "add", "Ljungby kommun")
    present([("Gudrun Wemming", "ljungby-kommun"), ("Anders Nylander", "lessebo-kommun")])
    samling("register", "elna-hansson", "--online")  # not in the room
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T13:00:00")
    samling("absent", "lina-holmer")
    out = samling("groups", "--size", "3", "--topic", "Vilka utmaningar ser ni?").stdout
    assert out.startswith("# Arbetsgrupper: Nätverksträff våren 2026\n\ntorsdag 12 mars 2026\n\nVilka utmaningar")
    assert "## Grupp 1\n" in out and "## Grupp 2\n" in out and "## Grupp 3" not in out
    assert "- Bjørn Ødegård, Växjö kommun\n" in out and "Elna" not in out and "Lina" not in out
    assert f"Written: meetings/{MEETING}/out/groups.md" in out
    data = samling("groups", "--size", "3", "--topic", "Vilka utmaningar ser ni?", "--json").json()
    assert data["meeting"] == MEETING and data["seed"] == 0 and data["size"] == 3
    members = [[m["id"] for m in g["members"]] for g in data["groups"]]
    assert sorted(pid for group in members for pid in group) == [
        "anders-nylander", "asa-oberg", "bjorn-odegard", "cecilia-ungerback", "gudrun-wemming"
    ]  # fmt: skip
    # Växjö's two and Lessebo's two are each split between the two groups
    for colleagues in (("asa-oberg", "bjorn-odegard"), ("anders-nylander", "cecilia-ungerback")):
        assert not any(set(colleagues) <= set(group) for group in members)
    # the same seed, the same groups; the record is in groups.toml
    again = samling("groups", "--size", "3", "--topic", "Vilka utmaningar ser ni?", "--json").json()
    assert again["groups"] == data["groups"]
    assert "members = [" in Path("meetings", MEETING, "groups.toml").read_text(encoding="utf-8")
    assert len(samling("groups", "--count", "5", "--json").json()["groups"]) == 5
    last = samling("groups", "--count", "9", "--json").json()
    assert len(last["groups"]) == 5  # no empty group
    assert "either --size" in samling("groups", "--size", "2", "--count", "2", ok=False).stderr
    assert samling("groups", "--json").json() == last  # without --size or --count: shown again
    # points, then a new split is refused unless --force
    samling("groups", "--count", "2", "--seed", "7")
    assert samling("group", "note", "1", "Demokrati").stdout == f"Group 1: 1 point ({MEETING}).\n"
    samling("group", "note", "1", "Källkritik")
    samling("group", "note", "2", "Läsfrämjande")
    text = Path("meetings", MEETING, "out", "groups.md").read_text(encoding="utf-8")
    assert "Gruppen antecknade dessa punkter:\n\n- Demokrati\n- Källkritik\n" in text
    assert "Gruppen antecknade den här punkten:\n\n- Läsfrämjande\n" in text
    refused = samling("groups", "--count", "2", ok=False)
    assert refused.exit_code == 6 and "have 3 points noted" in refused.stderr and "--force" in refused.stderr
    assert "no group 3" in samling("group", "note", "3", "x", ok=False).stderr
    samling("groups", "--count", "2", "--force")
    assert all(g["points"] == [] for g in samling("groups", "--count", "2", "--json").json()["groups"])


def test_nobody_there(net: Path) -> None:
    assert "either --size" in samling("groups", ok=False).stderr  # none made yet: how many?
    assert "nobody is present" in samling("groups", "--size", "4", ok=False).stderr
    assert "no workshop groups" in samling("group", "note", "1", "x", ok=False).stderr
