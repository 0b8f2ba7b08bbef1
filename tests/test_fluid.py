"""fluid_loss: arithmetic, the 2 % threshold (Sawka 2007), overdrinking (Hew-Butler 2015), bad input."""

from __future__ import annotations

import math

import pytest

import calfkit as ck


def loss(rate=1.2, minutes=60.0, intake=0.0, mass=70.0):
    return ck.fluid_loss(sweat_rate_l_per_h=rate, duration_min=minutes, intake_l=intake, body_mass_kg=mass)


def test_two_hour_run_with_some_drinking():
    result = loss(rate=1.2, minutes=120, intake=0.5, mass=70)
    assert result.loss_kg == pytest.approx(1.2 * 2 - 0.5)
    assert result.loss_pct == pytest.approx(100 * 1.9 / 70)
    assert result.over_threshold and not result.overdrinking
    assert "Sawka 2007" in result.message and "Goulet 2011" in result.message
    assert "not medical advice" in result.note


def test_average_sweater_one_hour_without_drinking_stays_below_two_percent():
    # Baker 2016 mean sweat rate 1.2 L/h: 1.2 kg of 70 kg = 1.7 %.
    result = loss()
    assert result.loss_pct == pytest.approx(120 / 70)
    assert not result.over_threshold
    assert "not more than the 2 %" in result.message


def test_threshold_is_more_than_two_percent_as_acsm_says():
    # ACSM (Sawka 2007): performance falls with "more than 2 %" body-mass loss, so exactly 2 % is not over.
    assert loss(rate=1.0, minutes=60, intake=0.0, mass=50.0).loss_pct == 2.0
    assert not loss(rate=1.0, minutes=60, intake=0.0, mass=50.0).over_threshold
    assert loss(rate=1.01, minutes=60, intake=0.0, mass=50.0).over_threshold


def test_overdrinking_is_flagged_with_hyponatraemia_warning():
    result = loss(rate=0.5, minutes=60, intake=1.5, mass=70)
    assert result.loss_kg == pytest.approx(-1.0)
    assert result.loss_pct < 0
    assert result.overdrinking and not result.over_threshold
    assert "hyponatraemia" in result.message and "Hew-Butler 2015" in result.message


def test_drinking_exactly_what_you_sweat_is_not_overdrinking():
    result = loss(rate=1.0, minutes=60, intake=1.0)
    assert result.loss_kg == 0.0 and not result.overdrinking


def test_returns_plain_python_types():
    result = loss()
    assert type(result.over_threshold) is bool and type(result.overdrinking) is bool
    assert isinstance(result.loss_pct, float)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"rate": -0.1}, r"^sweat_rate_l_per_h=-0\.1 is outside the allowed range \[0, 6\] \(L/h\)$"),
        ({"rate": 7.0}, r"^sweat_rate_l_per_h=7\.0 is outside the allowed range \[0, 6\]"),
        ({"minutes": -5.0}, r"^duration_min=-5\.0 is outside the allowed range \[0, 1440\] \(min\)$"),
        ({"minutes": math.inf}, r"^duration_min=inf is not finite"),
        ({"intake": math.nan}, r"^intake_l=nan is not finite"),
        ({"intake": 25.0}, r"^intake_l=25\.0 is outside the allowed range \[0, 20\] \(L\)$"),
        ({"mass": 10.0}, r"^body_mass_kg=10\.0 is outside the allowed range \[20, 300\] \(kg\)$"),
        ({"mass": "70"}, r"^body_mass_kg='70' is not a number"),
        ({"mass": None}, r"^body_mass_kg=None is not a number"),
        ({"rate": True}, r"^sweat_rate_l_per_h=True is not a number"),
    ],
)
def test_bad_arguments_raise_naming_argument_value_and_range(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        loss(**kwargs)


def test_loss_above_15_percent_is_impossible():
    # 5 L/h for 4 h in a 60 kg runner = 20 kg = 33 % of body mass.
    with pytest.raises(ValueError, match=r"body-mass change of -33\.3 %, outside the allowed range \[-15, 15\]"):
        loss(rate=5.0, minutes=240, intake=0.0, mass=60.0)


def test_gain_above_15_percent_is_impossible():
    with pytest.raises(ValueError, match=r"intake_l=15.*\+18\.8 %"):
        loss(rate=0.0, minutes=60, intake=15.0, mass=80.0)


def test_arguments_are_keyword_only_and_required():
    with pytest.raises(TypeError):
        ck.fluid_loss(1.0, 60.0, 0.0, 70.0)  # type: ignore[misc]
    with pytest.raises(TypeError):
        ck.fluid_loss(sweat_rate_l_per_h=1.0)  # type: ignore[call-arg]
