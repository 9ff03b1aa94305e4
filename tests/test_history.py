"""History that stays: a registration keeps the organization the person came from and whether it
was a member; `samling close` fixes a meeting's fees; today's records never rewrite last spring."""

from __future__ import annotations

import difflib
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MEETING, samling
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samling.domain.state import MeetingState
from samling.store import Store

AUTUMN = "2026-10-15-natverkstraff-hosten-2026"
ORGS = ("vaxjo-kommun", "lessebo-kommun", "foretaget-ab")

# September's member list: Åsa has moved to Lessebo, Lina to Företaget AB; a new colleague arrives.
SEPTEMBER = (
    "Namn;E-post;Bibliotek\n"
    "Bjørn Ødegård;bjorn@example.se;Växjö kommun\n"
    "Åsa Öberg;asa@example.se;Lessebo kommun\n"
    "Lina Holmér;lina@example.se;Företaget AB\n"
    "Nils Nyberg;nils@example.se;Lessebo kommun\n"
)


def spring_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """A year with two meetings; the spring one is held and its attendance recorded."""
    samling("new", "Nätverksträff hösten 2026", "--date", "2026-10-15", "--venue", "vaxjo")
    samling("register", "bjorn-odegard", "--meeting", MEETING)  # free: the first from Växjö
    samling("register", "asa-oberg", "--meeting", MEETING, "--diet", "vegan")  # pays
    samling("register", "cecilia-ungerback", "--meeting", MEETING, "-q", "Hur fjärrlånar vi e-böcker?")
    samling("register", "lina-holmer", "--meeting", MEETING, "--online")
    samling("register", "elna-hansson", "--meeting", MEETING, "--online")  # a non-member
    samling("ask", "Vem betalar portot?", "--by", "bjorn-odegard", "--meeting", MEETING)
    samling("theme", "suggest", "Öppen vetenskap", "--by", "asa-oberg", "--meeting", MEETING)
    monkeypatch.setenv("SAMLING_NOW", "2026-03-12T16:00:00")
    samling("attended", "bjorn-odegard", "asa-oberg", "cecilia-ungerback", "elna-hansson", "--meeting", MEETING)
    samling("absent", "lina-holmer", "--meeting", MEETING)


def spring_views(net: Path) -> dict[str, bytes]:
    """Everything the organizer sees of the spring meeting, byte for byte."""
    views = {
        "status": samling("status", MEETING, "--json").stdout.encode(),
        "registrations": samling("registrations", MEETING, "--json").stdout.encode(),
        "list": samling("list", MEETING).stdout.encode(),
        "minutes": samling("minutes", MEETING, "--print").stdout.encode(),
    }
    for path in sorted((net / "meetings" / MEETING / "out" / "list").iterdir()):
        views[path.name] = path.read_bytes()
    return views


def differing(before: dict[str, bytes], after: dict[str, bytes]) -> dict[str, list[str]]:
    """The lines that differ, per view (empty when all is the same, byte for byte)."""
    return {
        key: list(difflib.unified_diff(old.decode().splitlines(), after[key].decode().splitlines(), lineterm=""))
        for key, old in before.items()
        if after.get(key) != old
    }


def new_member_list(net: Path) -> None:
    """September's member list is imported, and Lessebo has left the network."""
    Path("september.csv").write_text(SEPTEMBER, encoding="utf-8")
    samling("participant", "import", "september.csv")
    path = net / "organizations" / "lessebo-kommun.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("member = true", "member = false"), encoding="utf-8")


def new_fee_and_name(net: Path) -> None:
    """The fee goes up, and Företaget AB is renamed."""
    path = net / "organizations" / "foretaget-ab.toml"
    text = path.read_text(encoding="utf-8").replace('name = "Företaget AB"', 'name = "Företaget Sverige AB"')
    path.write_text(text, encoding="utf-8")
    text = (net / "samling.toml").read_text(encoding="utf-8").replace("fee = 450", "fee = 600")
    (net / "samling.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("closing", ["closed", "over"])
def test_a_past_meeting_is_not_rewritten_by_todays_records(
    net: Path, monkeypatch: pytest.MonkeyPatch, closing: str
) -> None:
    spring_year(monkeypatch)
    monkeypatch.setenv("SAMLING_NOW", "2026-09-01T10:00:00")
    if closing == "closed":
        out = samling("close", MEETING).stdout
        assert f"Closed {MEETING}: 5 registrations fixed, 3 paying, 1 350 SEK in total." in out
    before = spring_views(net)
    new_member_list(net)
    store = Store(net)
    assert store.participants.load("asa-oberg").organization == "lessebo-kommun"  # the import did happen
    assert store.participants.load("lina-holmer").organization == "foretaget-ab"
    # Each registration keeps the organization and membership it was made with: closed or not.
    changed = differing(before, spring_views(net))
    assert not changed, "\n".join(line for lines in changed.values() for line in lines)
    new_fee_and_name(net)
    after = spring_views(net)
    if closing == "closed":
        changed = differing(before, after)
        assert not changed, "\n".join(line for lines in changed.values() for line in lines)
    else:
        # What only closing fixes: the year's fee amounts and the organizations' names.
        assert after["status"] != before["status"] and after["list"] != before["list"]
    registrations = samling("registrations", MEETING, "--json").json()["registrations"]
    asa = next(r for r in registrations if r["participant"] == "asa-oberg")
    assert (asa["organization"], asa["member"], asa["fee_reason"]) == ("vaxjo-kommun", True, "extra")
    # The autumn meeting follows today's records: Åsa comes from Lessebo, now a non-member.
    out = samling("register", "asa-oberg", "--meeting", AUTUMN).stdout
    assert "waitlist" in out
    record = store.registrations(AUTUMN).load("asa-oberg")
    assert (record.organization, record.member) == ("lessebo-kommun", False)


def test_a_registration_keeps_where_the_person_came_from(net: Path) -> None:
    samling("register", "bjorn-odegard")
    text = (net / "meetings" / MEETING / "registrations" / "bjorn-odegard.toml").read_text(encoding="utf-8")
    assert 'organization = "vaxjo-kommun"\nmember = true\n' in text
    assert "fee" not in text and "closed" not in (net / "meetings" / MEETING / "meeting.toml").read_text()


def test_an_older_registration_falls_back_to_todays_records(net: Path) -> None:
    samling("register", "bjorn-odegard")
    path = net / "meetings" / MEETING / "registrations" / "bjorn-odegard.toml"
    text = path.read_text(encoding="utf-8").replace('organization = "vaxjo-kommun"\nmember = true\n', "")
    path.write_text(text, encoding="utf-8")
    person = net / "participants" / "bjorn-odegard.toml"
    person.write_text(person.read_text(encoding="utf-8").replace("vaxjo-kommun", "foretaget-ab"), encoding="utf-8")
    row = samling("registrations", "--json").json()["registrations"][0]
    assert (row["organization"], row["member"], row["fee_reason"]) == ("foretaget-ab", False, "non-member")
    assert samling("check").exit_code == 0


def test_a_closed_meeting_refuses_changes_and_reopens(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samling("register", "bjorn-odegard")
    samling("register", "asa-oberg")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-20T10:00:00")
    data = samling("close", MEETING, "--json").json()
    assert data == {
        "meeting_id": MEETING,
        "closed": True,
        "changed": True,
        "registrations": 2,
        "paying": 1,
        "total": 450,
        "total_text": "450 SEK",
        "over": True,
    }
    text = (net / "meetings" / MEETING / "registrations" / "asa-oberg.toml").read_text(encoding="utf-8")
    assert 'organization_name = "Växjö kommun"\nfee = 450\nfee_reason = "extra"\n' in text
    assert "closed = true" in (net / "meetings" / MEETING / "meeting.toml").read_text(encoding="utf-8")
    assert "is closed already" in samling("close", MEETING).stdout
    for command in (
        ("register", "lina-holmer", "--meeting", MEETING, "--late"),
        ("unregister", "asa-oberg", "--meeting", MEETING),
        ("attended", "asa-oberg", "--meeting", MEETING),
        ("admit", "--meeting", MEETING),
    ):
        result = samling(*command, ok=False)
        assert result.exit_code == 6
        assert f"meeting {MEETING} is closed" in result.stderr and "--undo" in result.stderr
    assert samling("check").exit_code == 0
    samling("close", MEETING, "--undo")
    text = (net / "meetings" / MEETING / "registrations" / "asa-oberg.toml").read_text(encoding="utf-8")
    assert "fee" not in text and "organization_name" not in text and 'organization = "vaxjo-kommun"' in text
    samling("attended", "asa-oberg", "--meeting", MEETING)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    members=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    employers=st.lists(st.sampled_from([*ORGS, None]), min_size=5, max_size=5),
    fee=st.integers(0, 2000),
    free=st.integers(0, 3),
)
def test_a_closed_meetings_fees_never_change(
    closed_net: Path, members: tuple[bool, ...], employers: list[str | None], fee: int, free: int
) -> None:
    store = Store(closed_net)
    fixed = {pid: (r.fee, r.fee_reason) for pid, r in store.registrations(MEETING).load_all().items()}
    for org, member in zip(ORGS, members, strict=True):
        store.organizations.save(org, store.organizations.load(org).model_copy(update={"member": member}))
    for pid, employer in zip(sorted(store.participants.ids()), employers, strict=True):
        store.participants.save(pid, store.participants.load(pid).model_copy(update={"organization": employer}))
    text = (closed_net / "samling.toml").read_text(encoding="utf-8")
    lines = [
        f"fee = {fee}"
        if line.startswith("fee =")
        else f"free_per_organization = {free}"
        if line.startswith("free_per_organization")
        else line
        for line in text.splitlines()
    ]
    (closed_net / "samling.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fees = MeetingState.load(Store(closed_net), MEETING).fees()
    assert {pid: (f.amount, f.reason) for pid, f in fees.items()} == {
        pid: fee for pid, fee in fixed.items() if fee[0] is not None
    }
    assert sum((f.amount for f in fees.values()), Decimal(0)) == 1350  # as `samling close` fixed it


@pytest.fixture
def closed_net(net: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for pid in ("bjorn-odegard", "asa-oberg", "lina-holmer", "cecilia-ungerback"):
        samling("register", pid)
    samling("register", "elna-hansson", "--online")
    monkeypatch.setenv("SAMLING_NOW", "2026-03-13T10:00:00")
    samling("close", MEETING)
    return net


def test_the_minutes_name_an_asker_with_the_organization_they_came_from(
    net: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spring_year(monkeypatch)
    monkeypatch.setenv("SAMLING_NOW", "2026-09-01T10:00:00")
    samling("close", MEETING)
    before = samling("minutes", MEETING, "--print").stdout
    path = net / "participants" / "cecilia-ungerback.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("lessebo-kommun", "vaxjo-kommun"), encoding="utf-8")
    assert samling("minutes", MEETING, "--print").stdout == before
