"""Small-count suppression: one rule (lib.disclosure) behind every aggregate viewers see."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonground.lib.disclosure import (
    is_suppressed,
    suppress,
    suppress_below,
    suppress_share,
    suppressed_value,
)


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (1234, "1,234"), (None, ""), (2.0, "<5")],
)
def test_it_shows_small_counts_as_less_than_five(n, shown):
    assert suppress(n) == shown


def test_it_withholds_values_and_shares_derived_from_small_counts():
    assert suppressed_value(3) is None and suppressed_value(0) == 0 and suppressed_value(9) == 9
    assert suppress_share(3, 40) is None  # "3 of 40" would reveal the 3
    assert suppress_share(10, 3) is None
    assert suppress_share(10, 40) == 0.25
    assert suppress_share(0, 40) == 0.0
    assert suppress_share(5, 0) is None


def test_the_threshold_is_one_setting(settings):
    assert suppress_below() == 5
    settings.COMMONGROUND_SUPPRESS_BELOW = 10
    assert suppress(7) == "<10" and is_suppressed(9) and not is_suppressed(10)
    assert suppress(7, threshold=3) == "7"


@given(st.integers(0, 10**6))
def test_a_shown_count_is_never_between_one_and_four(n):
    shown = suppress(n)
    assert shown == "<5" or int(shown.replace(",", "")) not in range(1, 5)


def test_density_rows_use_the_shared_rule(settings):
    from commonground.density.queries import Row

    settings.COMMONGROUND_SUPPRESS_BELOW = 10
    row = Row("location", "1-1", "Home", members=7, workforce=100, reps=2, suppress=True)
    assert row.hidden and row.members_label == "<10" and row.reps_label == "<10"
    assert row.density is None and row.as_dict()["members"] is None
    exact = Row("location", "1-1", "Home", members=7, workforce=100, reps=2, suppress=False)
    assert exact.members_label == "7" and exact.density == 0.07
