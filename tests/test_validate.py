"""The shared input checks: accept clean numbers, reject everything else with a useful message."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from calfkit.validate import check_array, check_choice, check_int, check_number


@pytest.mark.parametrize("value", [0, 3, 2.5, np.float32(1.5), np.int64(4), 10.0])
def test_check_number_accepts_real_numbers_in_range(value):
    out = check_number("x", value, 0, 10)
    assert isinstance(out, float)
    assert out == float(value)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (True, "not a number"),
        (np.bool_(False), "not a number"),
        ("5", "not a number"),
        (None, "not a number"),
        ([1.0], "not a number"),
        (math.nan, "not finite"),
        (math.inf, "not finite"),
        (-math.inf, "not finite"),
        (-0.1, "outside the allowed range"),
        (10.5, "outside the allowed range"),
    ],
)
def test_check_number_rejects_with_name_value_and_range(value, fragment):
    with pytest.raises(ValueError) as err:
        check_number("distance_km", value, 0, 10, "km")
    message = str(err.value)
    assert message.startswith("distance_km=")
    assert fragment in message
    assert "[0, 10] (km)" in message


def test_check_number_message_matches_the_contract_example():
    with pytest.raises(
        ValueError,
        match=r"^weekly_change_pct=-150\.0 is outside the allowed range "
        r"\[-100, 500\] \(% change vs previous week\)$",
    ):
        check_number("weekly_change_pct", -150.0, -100, 500, "% change vs previous week")


@pytest.mark.parametrize("values", [[1, 2, 3], (0.5,), np.arange(4), pd.Series([1.0, 2.0]), 7.0, [[1, 2], [3, 4]]])
def test_check_array_returns_float64_with_input_shape(values):
    out = check_array("hours", values, 0, 10)
    assert out.dtype == np.float64
    assert out.shape == np.shape(values)
    np.testing.assert_array_equal(out, np.asarray(values, dtype=float))


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ([], "is empty"),
        ("12", "not an array"),
        (None, "not an array"),
        ([1, "2"], "non-numbers"),
        ([1.0, None], "non-numbers"),
        ([1, True], "non-numbers"),
        (np.array([True, False]), "dtype bool"),
        (np.array(["a", "b"]), "dtype <U1"),
        (pd.Series(["1", "2"]), "non-numbers"),
        ([1.0, math.nan], "NaN or infinite"),
        ([math.inf], "NaN or infinite"),
        ([1.0, -2.0, 3.0], "outside the allowed range"),
        ([[1.0, 2.0], [3.0, 11.0]], "outside the allowed range"),
    ],
)
def test_check_array_rejects_with_name_and_range(values, fragment):
    with pytest.raises(ValueError) as err:
        check_array("hours", values, 0, 10, "h")
    message = str(err.value)
    assert message.startswith("hours")
    assert fragment in message
    assert "[0, 10] (h)" in message


def test_check_array_names_positions_and_values_and_truncates():
    values = [-1.0] * 8 + [2.0]
    with pytest.raises(ValueError) as err:
        check_array("x", values, 0, 10)
    message = str(err.value)
    assert "at 0: -1.0" in message and "at 4: -1.0" in message
    assert "at 5:" not in message
    assert "(8 in all)" in message


def test_check_array_reports_position_of_a_nan():
    with pytest.raises(ValueError, match=r"at 2: nan"):
        check_array("x", [1.0, 2.0, float("nan")], 0, 10)


def test_check_choice():
    assert check_choice("warmup_type", "static", ("none", "static")) == "static"
    for bad in ("Static", "", None, 1):
        with pytest.raises(ValueError, match=r"^warmup_type=.* is not one of the allowed values 'none', 'static'"):
            check_choice("warmup_type", bad, ("none", "static"))


def test_check_int():
    assert check_int("acute_days", 7, 1, 365) == 7
    assert check_int("acute_days", np.int32(7), 1, 365) == 7
    for bad in (7.0, True, "7", None):
        with pytest.raises(ValueError, match=r"^acute_days=.* is not a whole number"):
            check_int("acute_days", bad, 1, 365)
    with pytest.raises(ValueError, match=r"^acute_days=0 is outside the allowed range \[1, 365\]$"):
        check_int("acute_days", 0, 1, 365)
