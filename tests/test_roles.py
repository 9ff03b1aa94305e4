"""Roles (issue 13): a registration can be the host's staff, a speaker or a vendor's
representative, listed apart in the presentation list and shown by status and registrations."""

from __future__ import annotations

from pathlib import Path

from conftest import MEETING, samling


def test_register_with_a_role(net: Path) -> None:
    samling("venue", "edit", "vaxjo", "--capacity", "10")
    samling("register", "bjorn-odegard")
    data = samling("register", "cecilia-ungerback", "--role", "host", "--json").json()
    assert data["status"] == "registered"
    assert 'role = "host"' in Path("meetings", MEETING, "registrations", "cecilia-ungerback.toml").read_text("utf-8")
    samling("register", "asa-oberg", "--role", "speaker")
    bad = samling("register", "lina-holmer", "--role", "chair", ok=False)
    assert bad.exit_code == 2 and "--role 'chair' is not one of host, speaker, vendor" in bad.stderr
    rows = {r["participant"]: r["role"] for r in samling("registrations", "--json").json()["registrations"]}
    assert rows == {"bjorn-odegard": None, "cecilia-ungerback": "host", "asa-oberg": "speaker"}
    assert "registered (host)" in samling("registrations").stdout
    assert samling("status", "--json").json()["roles"] == {"host": ["cecilia-ungerback"], "speaker": ["asa-oberg"]}
    assert "Host: Cecilia Ungerbäck." in samling("status").stdout
    listed = samling("list").stdout
    assert "### Växjö kommun\n\n- Bjørn Ødegård\n\n### Värd\n\n- Cecilia Ungerbäck, Lessebo kommun\n" in listed
    assert "### Talare\n\n- Åsa Öberg, Växjö kommun\n" in listed
    assert "Lessebo kommun\n\n-" not in listed  # the host is not also under her organization
    # --update changes the role, and "" takes it away, keeping the place
    samling("register", "asa-oberg", "--update", "--role", "vendor")
    samling("register", "cecilia-ungerback", "--update", "--role", "")
    assert samling("status", "--json").json()["roles"] == {"vendor": ["asa-oberg"]}
    assert samling("registrations", "--json").json()["registrations"][1]["status"] == "registered"
