"""DOMS curve against the published time course (Cheung 2003, Byrnes 1985, Vickers 2001, Nosaka 2005)."""
from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

import calfkit as ck

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
    # Vickers 2001: race runners rarely peak at 36-48 h; Tokinoya 2020: marathon soreness highest on day 1.
    trained = ck.doms_summary(unaccustomed_pct=u, downhill_pct=d, trained=True)
    untrained = ck.doms_summary(unaccustomed_pct=u, downhill_pct=d)
    assert trained["peak_h"] < untrained["peak_h"]
    assert trained["peak_h"] < 36
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


def test_repeated_bout_follows_byrnes_time_course():
    never = ck.doms_summary(downhill_pct=100.0)["peak_soreness"]
    at = {w: ck.doms_summary(downhill_pct=100.0, weeks_since_similar=w)["peak_soreness"] for w in (0, 3, 6, 9, 12, 52)}
    assert at[0] < never and at[3] < never          # protected at 3 weeks
    assert at[3] < at[6] < never                     # fading, still partial at ~6 weeks
    assert at[9] == pytest.approx(never)             # gone by ~9 weeks (downhill running)
    assert at[12] == at[52] == pytest.approx(never)


def test_repeated_bout_lowers_the_whole_curve():
    never = curve(unaccustomed_pct=80.0)
    recent = curve(unaccustomed_pct=80.0, weeks_since_similar=2)
    assert np.all(recent <= never)
    assert recent.max() < never.max()


def test_peak_grows_with_unaccustomed_and_downhill_share_and_stays_below_10():
    peaks = [[ck.doms_summary(unaccustomed_pct=u, downhill_pct=d)["peak_soreness"] for d in DOWNHILL] for u in UNACCUSTOMED]
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
    assert set(summary) == {"onset_h", "peak_h", "peak_soreness", "resolved_h"}


def test_curve_returns_the_hours_given():
    frame = ck.doms_curve([48, 0, 12.5])
    assert list(frame.columns) == ["hours", "soreness"]
    assert frame["hours"].tolist() == [48.0, 0.0, 12.5]
    assert ck.doms_curve(24).shape == (1, 2)


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
    rows = [line.split("|")[2:6] for line in block.strip().splitlines()[1:]]
    scenarios = [
        {},
        {"trained": True},
        {"unaccustomed_pct": 100.0},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0},
        {"unaccustomed_pct": 300.0, "downhill_pct": 100.0},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 3},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 6},
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 9},
    ]
    assert len(rows) == len(scenarios)
    for cells, scenario in zip(rows, scenarios):
        summary = ck.doms_summary(**scenario)
        shown = [float(c) for c in cells]
        computed = [round(summary[k], 1) for k in ("onset_h", "peak_h", "peak_soreness", "resolved_h")]
        assert shown == computed, scenario
