"""Two organizers, two clones, offline work, a git merge: `check` finds what the merge left,
`check --fix` repairs it by the rules, and says what it did."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import samling

from samling.store import Store

MEETING = "2026-03-12-fjernlansmode"


def git(folder: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Mette Ågård",
        "GIT_AUTHOR_EMAIL": "mette@example.dk",
        "GIT_COMMITTER_NAME": "Mette Ågård",
        "GIT_COMMITTER_EMAIL": "mette@example.dk",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def in_folder(folder: Path, *args: str, ok: bool = True) -> str:
    os.chdir(folder)
    return samling(*args, ok=ok).stdout


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The shared network (2 seats, 2 registered, 2 members waiting), cloned by two organizers."""
    samling(
        "init", "origin", "--name", "Fjernlån Øst", "--language", "da", "--organizer", "Mette Ågård <mette@example.dk>"
    )
    origin = tmp_path / "origin"
    os.chdir(origin)
    samling("venue", "add", "Roskilde Bibliotek", "--id", "roskilde", "--capacity", "2")
    for oid, name in (("rosk", "Roskilde Bibliotek"), ("kbh", "Københavns Biblioteker"), ("odense", "Odense")):
        samling("org", "add", name, "--id", oid)
    for name, org in (
        ("Anne Ærø", "rosk"),
        ("Bo Østergård", "kbh"),
        ("Carl Ågesen", "odense"),
        ("Dorte Æbelø", "rosk"),
    ):
        samling("participant", "add", name, "--email", f"{name.split()[0].lower()}@example.dk", "--org", org)
    samling("new", "Fjernlånsmøde", "--date", "2026-03-12", "--venue", "roskilde")
    for pid in ("anne-aero", "bo-ostergard", "carl-agesen", "dorte-aebelo"):
        samling("register", pid)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "the network")
    for name in ("mette", "jens"):
        git(tmp_path, "clone", "-q", str(origin), name)
    return tmp_path / "mette", tmp_path / "jens"


def merge(mette: Path, jens: Path) -> None:
    """Each commits, Jens pushes to Mette's clone, Mette merges."""
    for clone in (mette, jens):
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", f"offline work in {clone.name}")
    git(mette, "pull", "-q", "--no-rebase", "--no-edit", str(jens), "main")


def test_two_cancellations_offline_promote_the_same_person_and_fix_gives_the_second_seat(
    clones: tuple[Path, Path],
) -> None:
    mette, jens = clones
    assert "Carl Ågesen" in in_folder(mette, "unregister", "anne-aero")  # Carl promoted
    assert "Carl Ågesen" in in_folder(jens, "unregister", "bo-ostergard")  # Carl promoted again
    merge(mette, jens)
    os.chdir(mette)
    result = samling("check", ok=False)
    assert "1 seat free while" in result.stdout and "check --fix" in result.stdout
    fixed = samling("check", "--fix", "--json").json()
    assert fixed["ok"] is True
    assert fixed["fixed"] == [
        {
            "file": f"meetings/{MEETING}/registrations/dorte-aebelo.toml",
            "what": "promoted from the waitlist to a free seat in session roskilde; their message is due",
        }
    ]
    store = Store(mette)
    statuses = {pid: r.status for pid, r in store.registrations(MEETING).load_all().items()}
    assert statuses == {
        "anne-aero": "cancelled",
        "bo-ostergard": "cancelled",
        "carl-agesen": "registered",
        "dorte-aebelo": "registered",
    }
    outbox = samling("outbox", "--json").json()
    assert "dorte-aebelo" in {m["participant"] for m in outbox["due"]}
    assert samling("check", "--fix").stdout.startswith("nothing to fix")


def test_two_registrations_offline_for_the_last_seat_clash_and_overfill(clones: tuple[Path, Path]) -> None:
    mette, jens = clones
    origin = mette.parent / "origin"
    os.chdir(origin)
    samling("unregister", "carl-agesen")
    samling("unregister", "dorte-aebelo")
    samling("venue", "edit", "roskilde", "--capacity", "3")  # one seat free, nobody waiting
    for name in ("Eva Ørsted", "Finn Åberg"):
        samling("participant", "add", name, "--email", f"{name.split()[0].lower()}@example.dk", "--org", "kbh")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "a seat free")
    for clone in (mette, jens):
        git(clone, "pull", "-q", "--no-rebase", "--no-edit", str(origin), "main")
    os.environ["SAMLING_NOW"] = "2026-02-01T11:00:00"
    assert "is registered" in in_folder(jens, "register", "finn-aberg")
    os.environ["SAMLING_NOW"] = "2026-02-01T12:00:00"
    assert "is registered" in in_folder(mette, "register", "eva-orsted")
    merge(mette, jens)
    os.chdir(mette)
    before = Store(mette).registrations(MEETING).load_all()
    assert before["eva-orsted"].seq == before["finn-aberg"].seq == 5
    problems = samling("check", ok=False).stdout
    assert "4 registered on site but only 3 seats" in problems
    assert "is used by 2 registrations" in problems
    result = samling("check", "--fix", "--json").json()
    assert result["ok"] is True
    assert [(f["file"].rsplit("/", 1)[1], f["what"].split(";")[0].split(":")[0]) for f in result["fixed"]] == [
        ("eva-orsted.toml", "seq 5 was also another registration's"),
        ("eva-orsted.toml", "back on the waitlist"),
    ]
    after = Store(mette).registrations(MEETING).load_all()
    assert (after["finn-aberg"].seq, after["eva-orsted"].seq) == (5, 6)  # Finn registered first
    assert after["finn-aberg"].status == "registered" and after["eva-orsted"].status == "waitlisted"
    assert "eva-orsted" in {m["participant"] for m in samling("outbox", "--json").json()["due"]}


def test_one_person_added_in_both_clones_is_merged_into_one_record(clones: tuple[Path, Path]) -> None:
    mette, jens = clones
    in_folder(mette, "participant", "add", "Gunnar Ødum", "--email", "gunnar@example.dk", "--org", "kbh")
    in_folder(jens, "participant", "add", "Gunnar Ødum", "--email", "Gunnar@Example.dk", "--id", "gunnar-odum-kbh")
    in_folder(jens, "register", "gunnar-odum-kbh")
    merge(mette, jens)
    os.chdir(mette)
    assert "one person, one record" in samling("check", ok=False).stdout
    fixed = samling("check", "--fix").stdout
    assert "fixed: participants/gunnar-odum-kbh.toml: merged into gunnar-odum" in fixed
    store = Store(mette)
    assert not store.participants.exists("gunnar-odum-kbh")
    assert store.registrations(MEETING).exists("gunnar-odum")
    samling("check")


def test_a_co_organizer_regenerates_the_minutes_in_a_clone_and_keeps_the_organizers_words(
    clones: tuple[Path, Path],
) -> None:
    """The base of the minutes' merge travels with them in git: no --force in another clone."""
    mette, jens = clones
    os.environ["SAMLING_NOW"] = "2026-03-13T09:00:00"  # the day after the meeting
    in_folder(mette, "attended", "anne-aero", "bo-ostergard", "--meeting", MEETING)
    in_folder(mette, "minutes", MEETING)
    minutes = mette / "meetings" / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text(encoding="utf-8") + "\nMette: mødet sluttede kl. 15.\n", encoding="utf-8")
    git(mette, "add", "-A")
    git(mette, "commit", "-q", "-m", "the minutes")
    git(jens, "pull", "-q", "--no-rebase", "--no-edit", str(mette), "main")
    # Jens finds that Bo did not come after all
    in_folder(jens, "absent", "bo-ostergard", "--meeting", MEETING)
    result = in_folder(jens, "minutes", MEETING)
    assert "conflict" not in result
    text = (jens / "meetings" / MEETING / "minutes.md").read_text(encoding="utf-8")
    assert "Mette: mødet sluttede kl. 15." in text
    present = text.split("\n## ")[1]
    assert "Anne Ærø" in present and "Bo Østergård" not in present


def pull_with_conflicts(mette: Path, jens: Path) -> str:
    """Like ``merge``, but git may stop with conflicts (its exit code is then 1)."""
    for clone in (mette, jens):
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", f"offline work in {clone.name}")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=M",
            "-c",
            "user.email=m@example.dk",
            "pull",
            "--no-rebase",
            "--no-edit",
            str(jens),
            "main",
        ],
        cwd=mette,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


def test_questions_and_messages_added_in_both_clones_are_all_kept(clones: tuple[Path, Path], tmp_path: Path) -> None:
    mette, jens = clones
    os.environ["SAMLING_NOW"] = "2026-02-01T11:00:00"
    in_folder(jens, "ask", "Hvornår kommer den nye lånerløsning?", "--by", "carl-agesen")
    in_folder(jens, "send", "--drafts", str(tmp_path / "jens-drafts"), "--yes")  # Anne's confirmation
    os.environ["SAMLING_NOW"] = "2026-02-01T12:00:00"
    in_folder(mette, "ask", "Hvem betaler portoen?", "--by", "dorte-aebelo")
    in_folder(mette, "send", "--drafts", str(tmp_path / "mette-drafts"), "--yes")  # the same, sent again
    said = pull_with_conflicts(mette, jens)
    assert "CONFLICT" in said and "questions/1.toml" in said
    os.chdir(mette)
    problems = samling("check", ok=False).stdout
    assert f"meetings/{MEETING}/questions/1.toml: has an unresolved git merge conflict" in problems
    assert f"meetings/{MEETING}/sent/anne-aero.toml: has an unresolved git merge conflict" in problems
    result = samling("check", "--fix", "--json").json()
    assert result["ok"] is True, result
    fixed = {f["file"]: f["what"] for f in result["fixed"]}
    assert fixed[f"meetings/{MEETING}/questions/1.toml"].startswith(
        "both clones added number 1: one kept as 1, the other is now 2"
    )
    assert "in the order they were sent" in fixed[f"meetings/{MEETING}/sent/anne-aero.toml"]
    texts = {q.text for q in Store(mette).questions(MEETING).load_all().values()}
    assert texts == {"Hvornår kommer den nye lånerløsning?", "Hvem betaler portoen?"}
    ledger = Store(mette).sent(MEETING).load("anne-aero")
    assert [m.at.hour for m in ledger.message] == [11, 12]
    git(mette, "add", "-A")
    git(mette, "commit", "-q", "-m", "merged")
    samling("check")


def test_a_conflict_no_rule_settles_stops_every_other_repair(clones: tuple[Path, Path]) -> None:
    mette, jens = clones
    in_folder(mette, "register", "carl-agesen", "--update", "--diet", "vegetar")
    in_folder(jens, "register", "carl-agesen", "--update", "--diet", "vegan")
    in_folder(jens, "unregister", "anne-aero")  # promotes Carl in Jens's clone only
    said = pull_with_conflicts(mette, jens)
    assert "CONFLICT" in said
    os.chdir(mette)
    before = {p: p.read_bytes() for p in (mette / "meetings").rglob("*.toml")}
    result = samling("check", "--fix", "--json", ok=False).json()
    assert result["fixed"] == []
    assert result["not_fixed"][0].startswith(f"meetings/{MEETING}/registrations/carl-agesen.toml: git left a conflict")
    assert result["not_fixed"][-1] == "nothing else was repaired: resolve the conflicts above first"
    assert {p: p.read_bytes() for p in (mette / "meetings").rglob("*.toml")} == before
