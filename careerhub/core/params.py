"""Query parameters read one way: a malformed or absurd value is ignored, never a 500.

A filter such as ``?course=99999999999999999999`` must not reach the database as an integer
it cannot hold; ``int_param`` answers ``None`` for anything that is not a whole number in
range, and the page shows its unfiltered default.
"""

from __future__ import annotations

DB_INT_MAX = 2**31 - 1
"""The largest id or count any column of ours holds (PostgreSQL ``integer``)."""


def int_param(value: object, *, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """``value`` as an int within [minimum, maximum], else ``None``."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value or "").strip()
        if not text or len(text) > 12 or not text.lstrip("-").isdigit():
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def text_param(value: object, *, max_length: int = 200) -> str:
    """``value`` as search text: trimmed, at most ``max_length`` characters, and without NUL
    characters (PostgreSQL refuses a NUL in any query, so ``?q=%00`` would be a 500)."""
    return str(value or "").replace("\x00", "").strip()[:max_length]
