"""Small-count suppression: one rule (lib.disclosure) behind every aggregate viewers see."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonground.lib.disclosure import (
    hidden_in_row,
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
    from commonground.density.queries import DensityRow

    settings.COMMONGROUND_SUPPRESS_BELOW = 10
    row = DensityRow("location", "1-1", "Home", members=7, workforce=100, reps=2, suppress=True)
    assert row.hidden and row.members_label == "<10" and row.reps_label == "<10"
    assert row.density is None and row.as_dict()["members"] is None
    exact = DensityRow("location", "1-1", "Home", members=7, workforce=100, reps=2, suppress=False)
    assert exact.members_label == "7" and exact.density == 0.07


def test_a_single_small_count_beside_a_total_takes_another_with_it():
    # 11 yes, 10 no, 2 not sure, 23 answered: hiding the 2 alone leaves 23 - 11 - 10.
    assert hidden_in_row([11, 10, 2]) == [False, True, True]
    assert hidden_in_row([11, 0, 2]) == [True, False, True]  # zero hides nothing
    assert hidden_in_row([3, 2, 20]) == [True, True, False]  # two small: enough
    assert hidden_in_row([9, 7, 6]) == [False, False, False]
    assert hidden_in_row([0, 3, 0]) == [False, True, False]  # the total is that count: hidden too


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=6))
def test_no_small_count_follows_from_the_total_and_the_shown_counts(counts):
    hidden = hidden_in_row(counts)
    small = [n for n in counts if is_suppressed(n)]
    if small:
        # The hidden counts together: at least two of them, or a total that is hidden too.
        hidden_sum = sum(n for n, h in zip(counts, hidden, strict=True) if h)
        assert sum(hidden) >= 2 or (is_suppressed(hidden_sum) and hidden_sum == sum(counts))
