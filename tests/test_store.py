"""The store's contract: atomic, no clobber, deterministic, temporary files never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import EXAMPLES

from samling.errors import AlreadyExists, InvalidRecord, NoNetwork
from samling.models import Participant
from samling.store import (
    Store,
    find_root,
    load_record,
    save_record,
    to_toml,
    write_atomic,
)


def test_create_never_clobbers(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    write_atomic(path, b"x = 1\n", create=True)
    with pytest.raises(AlreadyExists):
        write_atomic(path, b"x = 2\n", create=True)
    assert path.read_bytes() == b"x = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]  # no temporary file left behind


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(b"x = 1\n")

    def crash(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomic(path, b"x = 2\n")
    assert path.read_bytes() == b"x = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_failed_create_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError):
        write_atomic(tmp_path / "new.toml", b"x = 1\n", create=True)
    assert list(tmp_path.iterdir()) == []


def test_unchanged_record_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "ada.toml"
    # A hand-written file with a comment and its own layout.
    path.write_text('# Ada from the county library\nname = "Ada"\nemail    = "ada@example.org"\n', encoding="utf-8")
    before = path.stat().st_mtime_ns, path.read_bytes()
    record = load_record(path, Participant)
    assert save_record(path, record) is False
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert save_record(path, record.model_copy(update={"diet": "vegan"})) is True
    assert 'diet = "vegan"' in path.read_text(encoding="utf-8")


def test_temporary_and_hidden_files_are_not_records(net: Path) -> None:
    store = Store(net)
    folder = net / "participants"
    (folder / ".bjorn-odegard.toml.abc.tmp").write_text("garbage", encoding="utf-8")
    (folder / ".hidden.toml").write_text("garbage", encoding="utf-8")
    (folder / "notes.txt").write_text("garbage", encoding="utf-8")
    assert "hidden" not in store.participants.ids()
    assert len(store.participants.load_all()) == 5


def test_bytes_are_deterministic(tmp_path: Path) -> None:
    person = Participant(name='Åsa "Ö" Öberg\nline two', email="asa@example.se", diet="vegan; no nuts")
    text = to_toml(person)
    assert text == to_toml(Participant.model_validate(person.model_dump()))
    assert text.endswith("\n") and "\r" not in text
    path = tmp_path / "asa.toml"
    save_record(path, person, create=True)
    assert load_record(path, Participant) == person


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if (p / "samling.toml").exists()))
def test_examples_round_trip_byte_for_byte(example: str) -> None:
    from samling.models import (
        Meeting,
        Network,
        Organization,
        Question,
        Registration,
        Theme,
        Venue,
    )

    root = EXAMPLES / example
    kinds = {"organizations": Organization, "participants": Participant, "venues": Venue}
    files = [(root / "samling.toml", Network)]
    for folder, model in kinds.items():
        files += [(p, model) for p in sorted((root / folder).glob("*.toml"))]
    for meeting in sorted((root / "meetings").glob("*/meeting.toml")):
        files.append((meeting, Meeting))
        files += [(p, Registration) for p in sorted((meeting.parent / "registrations").glob("*.toml"))]
        files += [(p, Question) for p in sorted((meeting.parent / "questions").glob("*.toml"))]
        files += [(p, Theme) for p in sorted((meeting.parent / "topics").glob("*.toml"))]
    assert len(files) > 10
    for path, model in files:
        assert to_toml(load_record(path, model)).encode("utf-8") == path.read_bytes(), path


def test_find_root_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, net: Path) -> None:
    deep = net / "meetings" / "x" / "y"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_root() == net.resolve()
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("SAMLING_DIR", str(other))
    with pytest.raises(NoNetwork, match="SAMLING_DIR"):
        find_root()
    assert find_root(net) == net.resolve()  # --dir wins over SAMLING_DIR
    monkeypatch.delenv("SAMLING_DIR")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NoNetwork, match="no samling network"):
        find_root()


def test_load_all_reports_every_broken_file(net: Path) -> None:
    (net / "participants" / "x.toml").write_text('name = "X"\nemail = "nope"\n', encoding="utf-8")
    (net / "participants" / "y.toml").write_text('name = "Y"\nemial = "y@example.se"\n', encoding="utf-8")
    with pytest.raises(InvalidRecord) as caught:
        Store(net).participants.load_all()
    rendered = [p.render(net) for p in caught.value.problems]
    assert any(r.startswith("participants/x.toml: email:") for r in rendered)
    assert "participants/y.toml: emial: unknown key; did you mean 'email'?" in rendered


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(lambda t: t.strip())


@settings(max_examples=200, deadline=None)
@given(name=_text, notes=st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",)))))
def test_any_text_round_trips_through_toml(tmp_path_factory: pytest.TempPathFactory, name: str, notes: str | None) -> None:
    """Quotes, backslashes, line breaks, TOML syntax, control characters: what goes in comes out."""
    person = Participant(name=name, email="x@example.se", notes=notes)
    path = tmp_path_factory.mktemp("rt") / "x.toml"
    save_record(path, person, create=True)
    assert load_record(path, Participant) == person
    assert save_record(path, person) is False  # and it is not rewritten
