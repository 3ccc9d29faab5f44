"""How every operation documents itself: a Korean and an English description."""

from __future__ import annotations


def describe(ko: str, en: str) -> str:
    """The operation's description: Korean first, then English (a test checks both exist)."""
    return f"{ko}\n\n{en}"
