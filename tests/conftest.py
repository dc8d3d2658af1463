"""Shared test guards: every test must leave no thread and no socket behind."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

# Threads get this long to finish after a test before they count as leaked (a join, not a sleep).
_THREAD_GRACE_S = 3.0


def _open_sockets() -> set[str]:
    """Socket inodes this process holds (Linux: /proc/self/fd links look like 'socket:[12345]')."""
    sockets = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed between listdir and readlink
            continue
        if link.startswith("socket:"):
            sockets.add(link)
    return sockets


@pytest.fixture(autouse=True)
def no_leaked_threads_or_sockets() -> Iterator[None]:
    threads_before = set(threading.enumerate())
    sockets_before = _open_sockets()
    yield
    new_threads = [t for t in threading.enumerate() if t not in threads_before]
    for thread in new_threads:
        thread.join(timeout=_THREAD_GRACE_S)
    leaked_threads = [t.name for t in new_threads if t.is_alive()]
    leaked_sockets = _open_sockets() - sockets_before
    assert not leaked_threads, f"test leaked threads: {leaked_threads}"
    assert not leaked_sockets, f"test leaked sockets: {sorted(leaked_sockets)}"
