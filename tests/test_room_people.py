"""What the meeting room keeps of a person follows them: a merge moves their action items and
their place in a workshop group, a forgotten person's items no longer name them, and `check`
finds an action item or a group naming nobody."""

from __future__ import annotations

from pathlib import Path

from conftest import MEETING, samling

from samling.store import Store


def room(net: Path) -> None:
    for pid in ("bjorn-odegard", "asa-oberg", "cecilia-ungerback"):
        samling("register", pid)
    samling("action", "add", "Kolla priserna för Cineasterna", "--who", "asa-oberg", "--due", "2026-04-01")
    samling("groups", "--count", "2")


def members(net: Path) -> set[str]:
    groups = Store(net).load_groups(MEETING)
    assert groups is not None
    return {m for g in groups.groups for m in g.members}


def test_a_merge_moves_action_items_and_group_places(net: Path) -> None:
    room(net)
    samling("participant", "add", "Åsa Öberg", "--email", "asa.oberg@example.se", "--id", "asa-kopia")
    store = Store(net)
    # the organizer had given the action to the copy, and put the copy in a group by hand
    action = store.actions(MEETING).load("1")
    store.actions(MEETING).save("1", action.model_copy(update={"who": "asa-kopia"}))
    groups = store.load_groups(MEETING)
    assert groups is not None
    first = groups.groups[0]
    changed = first.model_copy(update={"members": [*first.members, "asa-kopia"]})
    store.save_groups(MEETING, groups.model_copy(update={"groups": [changed, *groups.groups[1:]]}))
    merged = samling("participant", "merge", "asa-oberg", "asa-kopia", "--json").json()
    assert merged["actions"] == [f"{MEETING}/1"] and merged["groups"] == [MEETING]
    assert Store(net).actions(MEETING).load("1").who == "asa-oberg"
    assert "asa-kopia" not in members(net)
    samling("check")


def test_forgetting_a_person_clears_their_action_items_and_keeps_their_group_place_anonymous(net: Path) -> None:
    room(net)
    assert "asa-oberg" in members(net)
    result = samling("participant", "forget", "asa-oberg", "--yes", "--json").json()
    cleared = result["cleared"]
    assert f"meetings/{MEETING}/actions/1.toml: who" in cleared
    assert f"meetings/{MEETING}/groups.toml: members" in cleared
    store = Store(net)
    assert store.actions(MEETING).load("1").who is None
    assert "asa-oberg" not in members(net)
    assert any(m.startswith("anon-") for m in members(net))
    assert "asa@example.se" not in (net / "meetings" / MEETING / "groups.toml").read_text(encoding="utf-8")
    samling("check")
    samling("groups")  # the groups are printed again, the anonymous place included


def test_check_finds_action_items_and_groups_naming_nobody(net: Path) -> None:
    room(net)
    store = Store(net)
    action = store.actions(MEETING).load("1")
    store.actions(MEETING).save("1", action.model_copy(update={"who": "ingen-alls", "item": 9}))
    groups = store.load_groups(MEETING)
    assert groups is not None
    first = groups.groups[0]
    store.save_groups(
        MEETING,
        groups.model_copy(update={"groups": [first.model_copy(update={"members": [*first.members, "ingen-alls"]})]}),
    )
    problems = samling("check", ok=False).stdout
    assert f"meetings/{MEETING}/actions/1.toml: who: no participant 'ingen-alls'" in problems
    assert f"meetings/{MEETING}/actions/1.toml: item: the agenda has" in problems
    assert f"meetings/{MEETING}/groups.toml: groups[0].members: no participant 'ingen-alls'" in problems
