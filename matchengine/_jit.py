"""Ahead-of-use compilation of the engine's inner loops with numba.

``jit`` compiles a function with ``numba.njit(cache=True, nogil=True)``: the machine code
is cached on disk (next to the module in ``__pycache__``, or in numba's user-wide cache
directory, or ``$NUMBA_CACHE_DIR``), so only the very first call on a machine pays the
compile time (about a second per kernel); later processes load it in milliseconds. When no
cache location is writable the function is compiled per process instead (still correct,
only the first call of each process is slower). ``nogil`` lets threads run kernels on
both cores at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

__all__ = ["jit"]

F = TypeVar("F", bound=Callable[..., Any])


def jit(fn: F) -> F:
    """``numba.njit`` with an on-disk cache that falls back to no cache when unwritable."""
    try:
        out = numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        out = numba.njit(cache=False, nogil=True)(fn)
    return cast(F, out)
