"""Shared helpers for the matchengine tests (no Django needed)."""

from __future__ import annotations

import sys
import threading
import warnings
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from hypothesis import settings

T = TypeVar("T")

settings.register_profile("matchengine", max_examples=40, deadline=None, derandomize=True)
settings.load_profile("matchengine")


def run_deep(fn: Callable[[], T]) -> T:
    """Run ``fn`` in a thread with a large stack (the peer library deep-copies recursively)."""
    box: dict[str, T] = {}
    errors: list[BaseException] = []

    def target() -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                box["v"] = fn()
        except BaseException as exc:  # pragma: no cover - re-raised below
            errors.append(exc)

    old_limit = sys.getrecursionlimit()
    old_stack = threading.stack_size()
    sys.setrecursionlimit(max(old_limit, 200_000))
    threading.stack_size(512 * 1024 * 1024)
    try:
        th = threading.Thread(target=target)
        th.start()
        th.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    if errors:
        raise errors[0]
    return box["v"]


def rng_for(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)
