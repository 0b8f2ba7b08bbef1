"""Soreness curve against the published time courses (Cheung 2003, Byrnes 1985, Cleary 2002, Vickers 2001,
Nosaka 2005, Takayama 2017, Tokinoya 2020, Law & Herbert 2007)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

import calfkit as ck
from calfkit.models.doms import doms_band

HOURS = np.arange(0.0, 336.5, 0.5)
UNACCUSTOMED = [10.0, 50.0, 100.0, 200.0, 300.0]
DOWNHILL = [0.0, 25.0, 60.0, 100.0]
THRESHOLD = 1.0  # soreness counted as present from 1/10


def curve(**scenario):
    return ck.doms_curve(HOURS, **scenario)["soreness"].to_numpy()


@pytest.mark.parametrize(("u", "d"), list(itertools.product(UNACCUSTOMED, DOWNHILL)))
def test_untrained_peak_is_24_to_72_h_and_gone_by_7_days(u, d):
    # Cheung 2003: peaks 24-72 h after unaccustomed eccentric exercise, gone by 5-7 days.
    s = curve(unaccustomed_pct=u, downhill_pct=d)
    peak_h = HOURS[np.argmax(s)]
    assert 24 <= peak_h <= 72
    assert np.all(s[HOURS >= 168] < THRESHOLD)
    summary = ck.doms_summary(unaccustomed_pct=u, downhill_pct=d)
    if not math.isnan(summary["resolved_h"]):
        assert summary["resolved_h"] <= 168


@pytest.mark.parametrize(("u", "d"), list(itertools.product(UNACCUSTOMED, DOWNHILL)))
def test_trained_runners_peak_earlier_and_also_recover_within_7_days(u, d):
    # Vickers 2001: race runners rarely peak at 36-48 h.
    trained = ck.doms_summary(unaccustomed_pct=u, downhill_pct=d, trained=True)
    untrained = ck.doms_summary(unaccustomed_pct=u, downhill_pct=d)
    assert trained["peak_h"] < untrained["peak_h"]
    assert trained["peak_h"] < 36
    # ...and lower: being trained for this kind of run protects like a recent similar run.
    assert trained["peak_soreness"] < untrained["peak_soreness"]
    assert np.all(curve(unaccustomed_pct=u, downhill_pct=d, trained=True)[HOURS >= 168] < THRESHOLD)


def test_soreness_rises_over_the_first_day():
    s = curve(unaccustomed_pct=100.0)
    first_day = s[HOURS <= 24]
    assert np.all(np.diff(first_day) > 0)
    assert s[HOURS == 0][0] == 0.0


def test_byrnes_downhill_soreness_highest_at_42_of_6_18_42_h():
    # Byrnes 1985: 30 min downhill at -10 %; soreness measured at 6, 18 and 42 h was highest at 42 h.
    s = ck.doms_curve([6, 18, 42], unaccustomed_pct=0.0, downhill_pct=100.0)["soreness"].to_numpy()
    assert s[0] < s[1] < s[2]


def test_repeated_bout_follows_byrnes_and_cleary_time_course():
    # Byrnes 1985: protection at 3 and 6 weeks ("lasts up to 6 wk"), none at 9 weeks in downhill
    # running; Cleary 2002: less pain 6-9 weeks later; Nosaka 2005 (arm): smaller soreness at 12 weeks.
    never = ck.doms_summary(downhill_pct=100.0)["peak_soreness"]
    at = {w: ck.doms_summary(downhill_pct=100.0, weeks_since_similar=w)["peak_soreness"] for w in (0, 3, 6, 9, 12, 52)}
    assert at[0] == at[3] == at[6] < never  # still fully protected at 6 weeks
    assert at[6] < at[9] < never  # fading after 6 weeks
    assert at[12] == at[52] == pytest.approx(never)  # gone by 12 weeks


def test_trained_runner_peak_is_lower_not_only_earlier():
    untrained, trained = ck.doms_summary(), ck.doms_summary(trained=True)
    assert trained["peak_soreness"] < 0.75 * untrained["peak_soreness"]
    assert trained["peak_h"] == 24.0 and untrained["peak_h"] == 48.0
    # A recent similar run adds nothing to a trained runner's protection (one effect, not two).
    assert ck.doms_summary(trained=True, weeks_since_similar=2)["peak_soreness"] == trained["peak_soreness"]


def test_repeated_bout_lowers_the_whole_curve():
    never = curve(unaccustomed_pct=80.0)
    recent = curve(unaccustomed_pct=80.0, weeks_since_similar=2)
    assert np.all(recent <= never)
    assert recent.max() < never.max()


def test_peak_grows_with_unaccustomed_and_downhill_share_and_stays_below_10():
    peaks = [
        [ck.doms_summary(unaccustomed_pct=u, downhill_pct=d)["peak_soreness"] for d in DOWNHILL] for u in UNACCUSTOMED
    ]
    peaks = np.array(peaks)
    assert np.all(np.diff(peaks, axis=0) > 0)
    assert np.all(np.diff(peaks, axis=1) > 0)
    assert peaks.max() < 10


def test_summary_agrees_with_the_curve():
    scenario = dict(unaccustomed_pct=120.0, downhill_pct=30.0)
    summary = ck.doms_summary(**scenario)
    fine = ck.doms_curve(np.linspace(0, 336, 33601), **scenario)
    assert fine["soreness"].max() == pytest.approx(summary["peak_soreness"], rel=1e-6)
    assert fine["hours"][fine["soreness"].idxmax()] == pytest.approx(summary["peak_h"], abs=0.01)
    at = ck.doms_curve([summary["onset_h"], summary["resolved_h"]], **scenario)["soreness"]
    assert at.tolist() == pytest.approx([THRESHOLD, THRESHOLD], abs=1e-9)
    present = fine["hours"][fine["soreness"] >= THRESHOLD]
    assert present.min() == pytest.approx(summary["onset_h"], abs=0.01)
    assert present.max() == pytest.approx(summary["resolved_h"], abs=0.01)


def test_onset_falls_in_the_first_day_for_a_clearly_unaccustomed_session():
    # Cheung 2003 / seed 003: DOMS appears within about 12-48 h; the curve crosses 1/10 within the first day.
    for u in (50.0, 100.0, 300.0):
        summary = ck.doms_summary(unaccustomed_pct=u)
        assert 0 < summary["onset_h"] < 24 < summary["peak_h"] < summary["resolved_h"]


def test_accustomed_session_causes_no_doms():
    summary = ck.doms_summary(unaccustomed_pct=0.0, downhill_pct=0.0)
    assert summary["peak_soreness"] == 0.0
    assert math.isnan(summary["onset_h"]) and math.isnan(summary["resolved_h"])
    assert set(summary) == {
        "onset_h",
        "peak_h",
        "peak_soreness",
        "resolved_h",
        "doms_peak_h",
        "doms_peak",
        "early_soreness",
    }


def test_curve_returns_the_hours_given():
    frame = ck.doms_curve([48, 0, 12.5])
    assert list(frame.columns) == ["hours", "soreness", "doms", "early"]
    assert frame["hours"].tolist() == [48.0, 0.0, 12.5]
    assert ck.doms_curve(24).shape == (1, 4)


@pytest.mark.parametrize(
    ("hours", "kwargs", "pattern"),
    [
        ([-1.0], {}, r"^hours has values \[at 0: -1\.0\] outside the allowed range \[0, 336\]"),
        ([0.0, 400.0], {}, r"^hours has values \[at 1: 400\.0\] outside the allowed range \[0, 336\]"),
        ([1.0, math.nan], {}, r"^hours holds NaN or infinite values \[at 1: nan\]"),
        ([], {}, r"^hours is empty"),
        ("48", {}, r"^hours='48' is not an array"),
        ([[1.0, 2.0]], {}, r"^hours has shape \(1, 2\)"),
        ([24.0], {"unaccustomed_pct": 400.0}, r"^unaccustomed_pct=400\.0 is outside the allowed range \[0, 300\]"),
        ([24.0], {"downhill_pct": -5.0}, r"^downhill_pct=-5\.0 is outside the allowed range \[0, 100\]"),
        ([24.0], {"trained": "yes"}, r"^trained='yes' must be True or False"),
        ([24.0], {"trained": 1}, r"^trained=1 must be True or False"),
        ([24.0], {"weeks_since_similar": 60.0}, r"^weeks_since_similar=60\.0 is outside the allowed range \[0, 52\]"),
        ([24.0], {"weeks_since_similar": math.nan}, r"^weeks_since_similar=nan is not finite"),
    ],
)
def test_bad_input_raises(hours, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        ck.doms_curve(hours, **kwargs)


def test_summary_validates_too():
    with pytest.raises(ValueError, match=r"^unaccustomed_pct=-1\.0 is outside"):
        ck.doms_summary(unaccustomed_pct=-1.0)


def test_model_card_scenario_table_matches_the_model():
    card = (Path(__file__).resolve().parent.parent / "docs" / "models.md").read_text(encoding="utf-8")
    block = card.split("| scenario | onset_h | peak_h | peak_soreness | resolved_h |")[1].split("\n\n")[0]
    rows = [line.split("|")[2:6] for line in block.strip().splitlines()[1:] if line.startswith("|")]
    scenarios = [
        {},
        {"trained": True},
        {"unaccustomed_pct": 100.0},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0},
        {"unaccustomed_pct": 300.0, "downhill_pct": 100.0},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 3},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 6},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 9},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 12},
        {"warmup_min": 10.0, "warmup_type": "dynamic"},
        {"fluid_loss_pct": 3.0},
        {"unaccustomed_pct": 100.0, "trained": True, "prolonged": True},
    ]
    assert len(rows) == len(scenarios)
    for cells, scenario in zip(rows, scenarios):
        summary = ck.doms_summary(**scenario)
        shown = [float(c) for c in cells]
        expected = [summary[k] for k in ("onset_h", "peak_h", "peak_soreness", "resolved_h")]
        assert shown == pytest.approx(expected, abs=0.051), scenario


# --- published time courses ----------------------------------------------------

CONSENSUS = {"onset": (0.0, 24.0), "peak": (24.0, 72.0), "resolved": (120.0, 168.0)}  # Cheung 2003

# Takayama 2017, Table 3: plantar-flexor soreness on days 1-7 after a marathon, mean and SD
# (11 recreational runners, 6 +/- 4 years of running).
TAKAYAMA_DAYS = [1, 2, 3, 4, 5, 6, 7]
TAKAYAMA_MEAN = [4.9, 3.5, 1.9, 1.4, 1.3, 1.2, 0.6]
TAKAYAMA_SD = [2.0, 2.1, 1.5, 1.3, 1.1, 1.0, 1.0]
MARATHON = dict(unaccustomed_pct=100.0, trained=True, prolonged=True)


def test_default_curve_stays_inside_the_published_bands():
    summary = ck.doms_summary()
    for key, event in (("onset_h", "onset"), ("peak_h", "peak"), ("resolved_h", "resolved")):
        low, high = CONSENSUS[event]
        assert low <= summary[key] <= high, (key, summary[key])


def test_default_curve_matches_the_consensus_row_of_the_timeline_table():
    row = ck.load_doms_timeline().set_index("id").loc["consensus_doms"]
    summary = ck.doms_summary()
    assert row["onset_h_low"] <= summary["onset_h"] <= row["onset_h_high"]
    assert row["peak_h_low"] <= summary["peak_h"] <= row["peak_h_high"]
    assert row["resolved_h_low"] <= summary["resolved_h"] <= row["resolved_h_high"]


def test_trained_marathon_follows_takayama_day_by_day_within_one_sd():
    model = ck.doms_curve([24.0 * d for d in TAKAYAMA_DAYS], **MARATHON)["soreness"].to_numpy()
    assert np.all(np.abs(model - np.array(TAKAYAMA_MEAN)) <= np.array(TAKAYAMA_SD)), model.round(2)
    # day 2 / day 1: 0.71 in the raw means, 0.56 after subtracting the pre-race 1.7
    assert 0.56 <= model[1] / model[0] <= 0.71


def test_early_post_race_soreness_is_kept_apart_from_doms():
    # Tokinoya 2020: after a full marathon soreness was highest straight after the race (early-onset
    # soreness, not DOMS); without a race there is none, and DOMS itself starts at 0.
    race = ck.doms_curve([0.0, 24.0, 168.0], **MARATHON)
    plain = ck.doms_curve([0.0, 24.0, 168.0], unaccustomed_pct=100.0, trained=True)
    assert race["doms"].tolist() == pytest.approx(plain["soreness"].tolist())
    assert race["early"].iloc[0] > 0 and plain["early"].eq(0).all()
    assert race["doms"].iloc[0] == 0.0
    assert race["soreness"].iloc[0] >= race["soreness"].iloc[1] - 0.1  # highest right after the race
    assert ck.doms_summary(**MARATHON)["onset_h"] == 0.0


def test_warm_up_lowers_doms_by_law_and_herbert_size_and_stretching_does_not():
    # Law & Herbert 2007: a 10-minute warm-up, 13 mm of 100 less soreness at 48 h after an
    # all-downhill protocol (95 % CI 2-24 mm); Herbert 2011: pre-exercise stretching -0.5 of 100.
    protocol = dict(unaccustomed_pct=0.0, downhill_pct=100.0)
    at48 = lambda **kw: ck.doms_curve([48.0], **protocol, **kw)["soreness"].iloc[0]  # noqa: E731
    assert at48() - at48(warmup_min=10.0, warmup_type="dynamic") == pytest.approx(1.3, abs=1e-9)
    assert at48() - at48(warmup_min=5.0, warmup_type="dynamic") == pytest.approx(0.65, abs=1e-9)
    assert at48(warmup_min=30.0, warmup_type="dynamic") == at48(warmup_min=10.0, warmup_type="dynamic")
    assert at48(warmup_min=15.0, warmup_type="static") == at48()


def test_dehydration_raises_doms_only_from_the_threshold():
    # Cleary 2005: more leg pain after 3.3 % than after 0.9 % body-mass loss (size illustrative).
    peak = lambda f: ck.doms_summary(fluid_loss_pct=f)["peak_soreness"]  # noqa: E731
    assert peak(0.9) == peak(1.99) == peak(-2.0) == peak(0.0)
    assert peak(3.3) == pytest.approx(1.2 * peak(0.0))


@pytest.mark.parametrize(
    "scenario",
    [
        {},
        {"trained": True},
        MARATHON,
        {"unaccustomed_pct": 300.0, "downhill_pct": 100.0},
        {"weeks_since_similar": 8, "fluid_loss_pct": 3.0, "warmup_min": 10.0, "warmup_type": "dynamic"},
    ],
)
def test_uncertainty_band_contains_the_curve(scenario):
    hours = np.arange(0.0, 169.0, 1.0)
    low, high = doms_band(hours, **scenario)
    mid = ck.doms_curve(hours, **scenario)["soreness"].to_numpy()
    assert np.all(low <= mid + 1e-12) and np.all(mid <= high + 1e-12)
    assert np.all((low >= 0) & (high <= 10))
    assert (high - low).max() > 0.5  # a real band, not a line
