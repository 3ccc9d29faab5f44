"""Query parameters read one way: absurd values are ignored, search text carries no NUL."""

import pytest

from careerhub.core.params import int_param, text_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("99999999999999999999", None), ("1e999", None), ("-1", None), ("abc", None)],
)
def test_int_param(value, expected):
    assert int_param(value) == expected


def test_text_param_drops_nul_and_bounds_the_length():
    assert text_param(" 김\x00하늘 ") == "김하늘"
    assert text_param(None) == ""
    assert len(text_param("가" * 1000)) == 200
