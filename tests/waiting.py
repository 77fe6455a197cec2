"""Polling for something another thread or process does (the app's inbox watcher)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def until(check: Callable[[], T], timeout: float = 60.0, interval: float = 0.1) -> T:
    """The first truthy value ``check`` returns, polled every ``interval`` seconds; fails the
    test when ``timeout`` seconds pass without one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out")
