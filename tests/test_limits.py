"""The limits table: one source (composer.limits), rendered in docs/limits.md, enforced by check helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.errors import ComposerError, LimitError
from composer.limits import LIMITS, check_at_most, check_depth, check_number_text, check_range, check_seed, exceeds, limits_table

DOC = Path(__file__).resolve().parents[1] / "docs" / "limits.md"


def test_docs_render_the_same_table():
    text = DOC.read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- limits table")) + len("-->\n")
    end = text.index("<!-- end of limits table -->")
    assert text[start:end] == limits_table()


def test_every_row_is_a_sane_range():
    for name, lim in LIMITS.items():
        assert lim.name == name
        assert lim.low <= lim.high, name
        assert lim.bounds and f"`{name}`" in limits_table()


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_check_range_accepts_the_ends_and_refuses_beyond(name):
    lim = LIMITS[name]
    assert check_range(name, lim.low, "x") == lim.low
    assert check_range(name, lim.high, "x") == lim.high
    with pytest.raises(LimitError) as info:
        check_range(name, lim.high + 1, "somewhere.yaml:3")
    message = str(info.value)
    assert message.startswith("somewhere.yaml:3: ") and name in message and "\n" not in message
    assert info.value.limit == name and info.value.where == "somewhere.yaml:3"
    assert isinstance(info.value, ComposerError) and isinstance(info.value, ValueError)
    assert exceeds(name, lim.high + 1) is not None and exceeds(name, lim.high) is None


def test_nan_is_refused():
    with pytest.raises(LimitError):
        check_at_most("piece_seconds", float("nan"), "x")


def test_seed_range_and_type():
    assert check_seed(0) == 0 and check_seed(2**63 - 1) == 2**63 - 1
    for bad in (-1, 2**63, 2**64, None, 1.5, True, "3"):
        with pytest.raises(LimitError, match="seed"):
            check_seed(bad)


def test_numbers_and_depth():
    assert check_number_text("1" * 40, "f") == "1" * 40
    with pytest.raises(LimitError, match="41 characters"):
        check_number_text("1" * 41, "f")
    check_depth(64, "f")
    with pytest.raises(LimitError, match="nesting_depth"):
        check_depth(65, "f")
