"""The store's contract: atomic, no clobber, deterministic, temporary files never read."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, MEETING, samling
from pydantic import BaseModel

from samling.errors import AlreadyExists, InvalidRecord, NoNetwork, NotFound
from samling.models import Participant
from samling.store import (
    Store,
    find_root,
    load_record,
    save_record,
    to_toml,
    toml,
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
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"x = 2\n")
    assert path.read_bytes() == b"x = 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_failed_create_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError, match="I/O error"):
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
    kinds: dict[str, type[BaseModel]] = {"organizations": Organization, "participants": Participant, "venues": Venue}
    files: list[tuple[Path, type[BaseModel]]] = [(root / "samling.toml", Network)]
    for folder, model in kinds.items():
        files += [(p, model) for p in sorted((root / folder).glob("*.toml"))]
    for meeting in sorted((root / "meetings").glob("*/meeting.toml")):
        files.append((meeting, Meeting))
        files += [(p, Registration) for p in sorted((meeting.parent / "registrations").glob("*.toml"))]
        files += [(p, Question) for p in sorted((meeting.parent / "questions").glob("*.toml"))]
        files += [(p, Theme) for p in sorted((meeting.parent / "themes").glob("*.toml"))]
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


from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from samling.models.base import clean_text  # noqa: E402

_characters = st.characters(codec="utf-8")  # every character but the surrogates
# a name keeps no control characters (they are left out when it is read): one that would be
# empty without them is no name
_text = st.text(_characters, min_size=1, max_size=200).filter(lambda t: clean_text(t).strip())


@settings(max_examples=200, deadline=None)
@given(name=_text, notes=st.one_of(st.none(), st.text(_characters)))
@example(name="0\r\n0", notes="a\rb\nc")  # a carriage return, which a multi-line TOML string loses
def test_any_text_round_trips_through_toml(
    tmp_path_factory: pytest.TempPathFactory, name: str, notes: str | None
) -> None:
    """Quotes, backslashes, line breaks, TOML syntax, control characters: what a record holds
    comes out as it went in (a name made one line, control characters left out, by the model)."""
    person = Participant(name=name, email="x@example.se", notes=notes)
    path = tmp_path_factory.mktemp("rt") / "x.toml"
    save_record(path, person, create=True)
    assert load_record(path, Participant) == person
    assert save_record(path, person) is False  # and it is not rewritten


# --- the read cache: each file parsed once per Store (per command), re-read when it changed


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[Path]:
    """How many times each file was parsed (every read of a record goes through ``toml.parse``)."""
    counts: Counter[Path] = Counter()
    parse = toml.parse

    def counting(data: bytes, path: Path) -> dict[str, object]:
        counts[path] += 1
        return parse(data, path)

    monkeypatch.setattr(toml, "parse", counting)
    return counts


def test_each_file_is_parsed_once_per_command(net: Path, parses: Counter[Path]) -> None:
    for pid in ["bjorn-odegard", "asa-oberg", "cecilia-ungerback", "lina-holmer", "elna-hansson"]:
        samling("register", pid, "--meeting", MEETING)
    for command in [("unregister", "asa-oberg", "--meeting", MEETING), ("status", MEETING), ("check",)]:
        parses.clear()
        samling(*command)  # unregister reads, promotes lina-holmer, writes both: no file read twice
        assert parses, command
        assert {p.relative_to(net).as_posix(): n for p, n in parses.items() if n > 1} == {}, command
    store = Store(net)
    parses.clear()
    store.registrations(MEETING).load_all()
    store.registrations(MEETING).load("bjorn-odegard")  # a new Collection, the same cache
    store.participants.load_all()
    store.load_meeting(MEETING)
    store.load_meeting(MEETING)
    assert set(parses.values()) == {1}


def test_a_file_changed_on_disk_is_read_again(net: Path, parses: Counter[Path]) -> None:
    store, other = Store(net), Store(net)  # two commands in two terminals
    path = store.participants.path("asa-oberg")
    asa = store.participants.load("asa-oberg")
    # Another process saves it (atomically: a new inode).
    assert other.participants.save("asa-oberg", asa.model_copy(update={"diet": "vegan"}))
    assert store.participants.load("asa-oberg").diet == "vegan"
    # A hand edit in place (same inode), of another size.
    path.write_text(path.read_text(encoding="utf-8").replace('"vegan"', '"vegetarian"'), encoding="utf-8")
    assert store.participants.load("asa-oberg").diet == "vegetarian"
    # A hand edit in place of the same size: told apart by its mtime.
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace('"vegetarian"', '"pescetarian"'), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert store.participants.load("asa-oberg").diet == "pescetarian"
    assert parses[path] == 4 + 1  # four versions read by store, and one by other to compare before saving
    # Under the lock (a read-modify-write) a read sees what another command wrote before it.
    samling("register", "asa-oberg", "--meeting", MEETING)
    registration = store.registrations(MEETING).load("asa-oberg")
    samling("unregister", "asa-oberg", "--meeting", MEETING)
    with store.lock(MEETING):
        assert store.registrations(MEETING).load("asa-oberg").cancelled_at is not None
    assert registration.cancelled_at is None
    # Removed by another process: not found, and forgotten.
    path.unlink()
    with pytest.raises(NotFound):
        store.participants.load("asa-oberg")
    assert path not in store.cache


def test_saving_an_unchanged_record_neither_rewrites_nor_reads(net: Path, parses: Counter[Path]) -> None:
    store = Store(net)
    path = store.participants.path("asa-oberg")
    path.write_text(
        '# from the county library\nname = "Åsa Öberg"\nemail    = "asa@example.se"\norganization = "vaxjo-kommun"\n',
        encoding="utf-8",
    )
    before = path.stat().st_mtime_ns, path.stat().st_ino, path.read_bytes()
    asa = store.participants.load("asa-oberg")
    parses.clear()
    assert store.participants.save("asa-oberg", asa.model_copy()) is False  # compared with the cached record
    assert (path.stat().st_mtime_ns, path.stat().st_ino, path.read_bytes()) == before
    assert not parses
    changed = asa.model_copy(update={"diet": "vegan"})
    assert store.participants.save("asa-oberg", changed) is True
    assert store.participants.load("asa-oberg") is changed  # the cache knows what it wrote
    assert store.participants.save("asa-oberg", changed.model_copy()) is False
    assert not parses
    assert 'diet = "vegan"' in path.read_text(encoding="utf-8")
    # A record changed in place is the cached object itself: it is compared with the file.
    changed.diet = "vegetarian"
    assert store.participants.save("asa-oberg", changed) is True
    assert 'diet = "vegetarian"' in path.read_text(encoding="utf-8")
    # Not read before by this store: the file is read once to compare, then known.
    fresh = Store(net)
    parses.clear()
    assert fresh.participants.save("asa-oberg", changed.model_copy()) is False
    assert fresh.participants.save("asa-oberg", changed.model_copy()) is False
    assert list(parses.values()) == [1]


def test_check_asks_to_rename_the_old_topics_folder(net: Path) -> None:
    from samling.domain.check import check

    store = Store(net)
    old = store.meeting_folder(MEETING) / "topics"
    old.mkdir()
    (old / "ai.toml").write_text('text = "AI"\n', encoding="utf-8")
    rendered = [p.render(net) for p in check(store)]
    assert rendered == [
        f"meetings/{MEETING}/topics: the themes folder is now called themes/ and this one is "
        f"not read; rename it: git mv meetings/{MEETING}/topics meetings/{MEETING}/themes"
    ]
    assert store.themes(MEETING).folder == store.meeting_folder(MEETING) / "themes"


def test_records_get_the_permissions_the_umask_gives(tmp_path: Path) -> None:
    """Not the owner-only mode of a temporary file: a second organizer on a shared drive reads them."""
    import os
    import stat

    from samling.store import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "shared.toml", b"x = 1\n", create=True)
        write_atomic(tmp_path / "shared.toml", b"x = 2\n")
        os.umask(0o077)
        write_atomic(tmp_path / "private.toml", b"x = 1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared.toml").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private.toml").stat().st_mode) == 0o600
