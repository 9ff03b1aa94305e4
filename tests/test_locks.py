"""Locks that advice cannot break: a suspended holder keeps its lock, a dead one loses it, a waiter
is told who holds it, and nobody is ever told to delete a file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MEETING, run_process, samling

HOLD = (
    "import sys, time\n"
    "from samling.store import Store\n"
    "store = Store(__import__('pathlib').Path(sys.argv[1]))\n"
    "with store.lock(sys.argv[2] or None):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(float(sys.argv[3]))\n"
)


def _holder(root: Path, meeting: str, seconds: float) -> subprocess.Popen[str]:
    """A process that takes the lock, says so, and keeps it ``seconds``."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(root), meeting, str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    return process


def _lock_record(root: Path) -> dict[str, object]:
    data = (root / "meetings" / MEETING / ".lock").read_text(encoding="utf-8")
    return dict(json.loads(data))


def test_a_suspended_holder_keeps_its_lock(net: Path) -> None:
    holder = _holder(net, MEETING, 3)
    try:
        os.kill(holder.pid, signal.SIGSTOP)
        record = _lock_record(net)
        assert record["pid"] == holder.pid
        waiting = run_process("register", "bjorn-odegard", env={"SAMLING_LOCK_TIMEOUT": "0.5"})
        assert waiting.returncode == 7, waiting.stderr
        message = waiting.stderr
        assert f"pid {holder.pid}" in message
        assert str(record["host"]) in message
        assert "since" in message
        assert "delete" not in message.lower() and "remove" not in message.lower()
        assert not (net / "meetings" / MEETING / "registrations" / "bjorn-odegard.toml").exists()
    finally:
        os.kill(holder.pid, signal.SIGCONT)
    # once the holder goes on and finishes, the next command gets the lock
    waiting = run_process("register", "bjorn-odegard", env={"SAMLING_LOCK_TIMEOUT": "30"})
    assert waiting.returncode == 0, waiting.stderr
    assert "took over" not in waiting.stderr
    holder.communicate(timeout=30)
    assert holder.returncode == 0
    assert _lock_content(net) == ""  # let go cleanly: the file names nobody


def _lock_content(root: Path) -> str:
    return (root / "meetings" / MEETING / ".lock").read_text(encoding="utf-8")


def test_a_waiter_gets_the_lock_when_the_holder_lets_go(net: Path) -> None:
    holder = _holder(net, MEETING, 1.0)
    start = time.monotonic()
    result = run_process("register", "bjorn-odegard", env={"SAMLING_LOCK_TIMEOUT": "30"})
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - start >= 0.5
    holder.communicate(timeout=30)


def test_the_lock_of_a_killed_process_is_taken_over(net: Path) -> None:
    holder = _holder(net, MEETING, 60)
    holder.kill()  # SIGKILL: no chance to clean up
    holder.communicate(timeout=30)
    assert _lock_record(net)["pid"] == holder.pid  # its name is still in the file
    result = run_process("register", "bjorn-odegard", env={"SAMLING_LOCK_TIMEOUT": "2"})
    assert result.returncode == 0, result.stderr
    assert f"took over the lock on meeting {MEETING}" in result.stderr
    assert f"pid {holder.pid}" in result.stderr
    assert "delete" not in result.stderr.lower()
    assert _lock_content(net) == ""


def test_the_network_lock_names_its_holder_too(net: Path) -> None:
    holder = _holder(net, "", 30)
    try:
        result = run_process(
            "participant", "add", "Ola Berg", "--email", "ola@example.se", env={"SAMLING_LOCK_TIMEOUT": "0.3"}
        )
        assert result.returncode == 7
        assert "the lock on the network is held by" in result.stderr
        assert f"pid {holder.pid}" in result.stderr
        assert "delete" not in result.stderr.lower()
    finally:
        holder.kill()
        holder.communicate(timeout=30)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_lock_file_we_may_not_write_locks_nobody_out(net: Path) -> None:
    """Another organizer's lock file, made under a umask that leaves it read-only to us."""
    lock = net / "meetings" / MEETING / ".lock"
    lock.write_text("", encoding="utf-8")
    lock.chmod(0o444)
    samling("register", "bjorn-odegard")
    samling("unregister", "bjorn-odegard")
    # and a read-only lock file still excludes: a holder keeps out a waiter
    holder = _holder(net, MEETING, 30)
    try:
        result = run_process("register", "asa-oberg", env={"SAMLING_LOCK_TIMEOUT": "0.3"})
        assert result.returncode == 7
    finally:
        holder.kill()
        holder.communicate(timeout=30)


def test_a_lock_file_opened_read_only_still_locks(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What happens to a user who may not write the lock file (as root, every file is writable:
    the refusal is simulated)."""
    from samling.store import Store, locks

    real_open = os.open

    def refusing_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".lock") and flags & os.O_RDWR:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(locks.os, "open", refusing_open)
    holder = _holder(net, MEETING, 30)
    try:
        monkeypatch.setenv("SAMLING_LOCK_TIMEOUT", "0.3")
        with pytest.raises(locks.Conflict) as error, Store(net).lock(MEETING):
            pass
        assert f"pid {holder.pid}" in error.value.message
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    with Store(net).lock(MEETING):  # read-only, and yet ours
        assert "pid" in _lock_content(net)  # the killed holder's name stays: we cannot write it


def test_new_lock_files_get_the_umask_mode(net: Path) -> None:
    (net / "meetings" / MEETING / ".lock").unlink(missing_ok=True)
    old = os.umask(0o002)
    try:
        samling("register", "bjorn-odegard")
    finally:
        os.umask(old)
    assert (net / "meetings" / MEETING / ".lock").stat().st_mode & 0o777 == 0o664


def test_the_lock_is_reentrant_within_a_process(net: Path) -> None:
    from samling.store import Store

    store = Store(net)
    with store.lock(MEETING), store.lock(MEETING), store.lock():
        pass
    with store.lock(MEETING):
        pass


def test_a_bad_timeout_is_refused(net: Path) -> None:
    result = run_process("register", "bjorn-odegard", env={"SAMLING_LOCK_TIMEOUT": "soon"})
    assert result.returncode == 2
    assert "SAMLING_LOCK_TIMEOUT" in result.stderr


def test_a_link_as_lock_file_is_refused(net: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("mine\n", encoding="utf-8")
    lock = net / "meetings" / MEETING / ".lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(elsewhere)
    result = samling("register", "bjorn-odegard", ok=False)
    assert result.exit_code == 5
    assert "symbolic link" in result.stderr
    assert elsewhere.read_text(encoding="utf-8") == "mine\n"
