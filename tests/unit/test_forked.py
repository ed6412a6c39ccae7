"""Work shared with a forked copy of the process (thidua.forked): its value comes back, its failure is None (the
build then does that part itself), its progress arrives byte by byte, and a lock another thread held is free in it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from thidua import forked
from thidua.store import Store


def test_the_copy_s_value_and_progress_come_back(tmp_path: Path) -> None:
    def work(advance):
        for _ in range(5):
            advance(1)
        return {"made": [1, 2, 3], "pid": __import__("os").getpid()}

    share = forked.Share(work, tmp_path)
    time.sleep(0.2)
    value = share.result()
    assert value["made"] == [1, 2, 3] and value["pid"] != __import__("os").getpid()  # made in another process
    assert not list(tmp_path.iterdir())  # its hand-over file removed


def test_progress_is_read_without_waiting(tmp_path: Path) -> None:
    gate = tmp_path / "go"

    def work(advance):
        advance(3)
        while not gate.exists():
            time.sleep(0.01)
        return None

    share = forked.Share(work, tmp_path)
    deadline, seen = time.monotonic() + 10, 0
    while seen < 3 and time.monotonic() < deadline:
        seen += share.progress()
    assert seen == 3
    gate.touch()
    assert share.result() is None  # a value of None is a value: JSON null


def test_a_copy_that_fails_or_is_stopped_hands_back_nothing(tmp_path: Path) -> None:
    def broken(advance):
        raise RuntimeError("boom")

    assert forked.Share(broken, tmp_path).result() is None

    def endless(advance):
        while True:
            time.sleep(0.05)

    share = forked.Share(endless, tmp_path)
    started = time.monotonic()
    share.stop()
    assert time.monotonic() - started < 5 and share.pid is None
    assert share.result() is None


def test_a_lock_held_by_another_thread_at_the_fork_is_free_in_the_copy(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    held, release = threading.Event(), threading.Event()

    def hold():
        with store._lock:  # as the search index's thread may, while the next language builds
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        share = forked.Share(lambda advance: store.put("ab" * 32, b"x") and "stored", tmp_path / "share")
        assert share.result() == "stored"  # without a fresh lock, the copy would wait forever
    finally:
        release.set()
        thread.join()
    assert store.get("ab" * 32) == b"x"


@pytest.mark.parametrize(("asked", "expected"), [("", 400), ("0", None), ("2", 2), ("many", 400)])
def test_thidua_fork_says_from_how_many_items_work_is_shared(monkeypatch, asked: str, expected) -> None:
    monkeypatch.setenv(forked.ENV, asked)
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    assert forked.shared_from(400) == expected
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 1)
    assert forked.shared_from(400) is None  # one core: nothing to share with
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forked.sys, "platform", "darwin")
    assert forked.shared_from(400) is None  # not on Linux: one process does it all
