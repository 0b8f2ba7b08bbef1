"""training_load against published definitions and an independent per-day loop."""

from __future__ import annotations

import datetime as dt
import inspect
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import calfkit as ck
from calfkit.models.parameters import param
from calfkit.models.training import _rolling_max

NAN = math.nan


def loop_reference(rows, acute=7, chronic=28, tau1=42.0, tau2=7.0):
    """Plain per-day loop written straight from the formulas in docs/models.md.

    ``rows``: iterable of (date, km). Returns a DataFrame with the same daily
    columns as ``training_load(...).daily`` (minus duration and band).
    """
    by_day = {pd.Timestamp(d).normalize(): float(km) for d, km in rows}
    day, last = min(by_day), max(by_day)
    x, dates = [], []
    while day <= last:
        dates.append(day)
        x.append(by_day.get(day, 0.0))
        day += pd.Timedelta(days=1)
    lam_a, lam_c = 2 / (acute + 1), 2 / (chronic + 1)
    out = []
    e_a = e_c = fit = fat = 0.0
    for t, km in enumerate(x):
        full = t >= chronic - 1
        a = sum(x[t - acute + 1 : t + 1]) if t >= acute - 1 else NAN
        c = sum(x[t - chronic + 1 : t + 1]) / (chronic / acute) if full else NAN
        earlier = sum(x[t - chronic + 1 : t - acute + 1]) / ((chronic - acute) / acute) if full else NAN
        e_a = km if t == 0 else lam_a * km + (1 - lam_a) * e_a
        e_c = km if t == 0 else lam_c * km + (1 - lam_c) * e_c
        longest = max(x[t - 30 : t]) if t >= 30 else NAN
        form = fit - fat  # yesterday's values (0 before the first day)
        fit = fit * math.exp(-1 / tau1) + km * (1 - math.exp(-1 / tau1))
        fat = fat * math.exp(-1 / tau2) + km * (1 - math.exp(-1 / tau2))
        out.append(
            {
                "date": dates[t],
                "distance_km": km,
                "acute_km": a,
                "chronic_km": c,
                "acwr_coupled": a / c if full and c > 0 else NAN,
                "acwr_uncoupled": a / earlier if full and earlier > 0 else NAN,
                "ewma_acute_km": e_a,
                "ewma_chronic_km": e_c,
                "acwr_ewma": e_a / e_c if full and e_c > 0 else NAN,
                "longest_prev_30d_km": longest,
                "spike_pct": (km / longest - 1) * 100 if t >= 30 and km > 0 and longest > 0 else NAN,
                "fitness": fit,
                "fatigue": fat,
                "form": form,
            }
        )
    return pd.DataFrame(out)


def assert_matches_loop(result, reference):
    for column in reference.columns:
        if column == "date":
            assert list(result.daily["date"]) == list(reference["date"])
        else:
            np.testing.assert_allclose(
                result.daily[column], reference[column], rtol=1e-9, atol=1e-9, equal_nan=True, err_msg=column
            )


def constant_log(days=70, km=6.0, start="2024-01-01"):
    return pd.DataFrame({"date": pd.date_range(start, periods=days), "distance_km": km})


# --- published definitions -------------------------------------------------


def test_constant_daily_load_gives_acwr_one():
    daily = ck.training_load(constant_log()).daily
    defined = daily.iloc[27:]
    for column in ("acwr_coupled", "acwr_uncoupled", "acwr_ewma"):
        np.testing.assert_allclose(defined[column], 1.0, err_msg=column)
        assert daily[column].iloc[:27].isna().all(), f"{column} must be undefined before 28 days"
    np.testing.assert_allclose(defined["acute_km"], 42.0)
    np.testing.assert_allclose(defined["chronic_km"], 42.0)


def test_ewma_decay_constants_follow_williams_2017():
    # Williams 2017: lambda = 2/(N+1) -> 0.25 for N = 7, 0.069 for N = 28.
    log = constant_log(days=40, km=0.0)
    log.loc[0, "distance_km"] = 10.0
    daily = ck.training_load(log).daily
    assert daily["ewma_acute_km"].iloc[1] == pytest.approx(10.0 * (1 - 0.25))
    assert daily["ewma_chronic_km"].iloc[1] == pytest.approx(10.0 * (1 - 0.069), abs=1e-3 * 10)


def test_doubling_the_last_week_gives_coupled_acwr_1_6_and_uncoupled_2():
    log = constant_log(days=28, km=5.0)
    log.loc[21:, "distance_km"] = 10.0
    last = ck.training_load(log).daily.iloc[-1]
    # acute 70 km; chronic (3*35 + 70)/4 = 43.75 -> 1.6; earlier 21 days 105/3 = 35 -> 2.0
    assert last["acwr_coupled"] == pytest.approx(70 / 43.75)
    assert last["acwr_uncoupled"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("today_km", "band", "spike"),
    [
        (9.0, "none", -10.0),
        (10.5, "none", 5.0),
        (11.0, "none", 10.0),  # Frandsen reference: up to 10 %
        (12.0, "10-30%", 20.0),  # small spike >10-30 %
        (13.0, "10-30%", 30.0),
        (15.0, "30-100%", 50.0),  # moderate spike >30-100 %
        (20.0, "30-100%", 100.0),
        (25.0, ">100%", 150.0),  # large spike >100 %
    ],
)
def test_spike_reproduces_frandsen_bands(today_km, band, spike):
    log = constant_log(days=31, km=5.0)
    log.loc[10, "distance_km"] = 10.0  # longest run of the previous 30 days
    log.loc[30, "distance_km"] = today_km
    last = ck.training_load(log).daily.iloc[-1]
    assert last["longest_prev_30d_km"] == 10.0
    assert last["spike_pct"] == pytest.approx(spike)
    assert last["spike_band"] == band


def test_spike_band_edges_survive_float_round_off():
    log = constant_log(days=31, km=4.0)
    log.loc[30, "distance_km"] = 4.4  # 10 % longer; 4.4 - 4 is not exact in binary
    assert ck.training_load(log).daily["spike_band"].iloc[-1] == "none"


def test_spike_excludes_today_and_looks_back_exactly_30_days():
    log = constant_log(days=45, km=0.0)
    log.loc[0, "distance_km"] = 20.0  # 31 days before day 31 -> outside the window
    log.loc[31, "distance_km"] = 10.0
    log.loc[40, "distance_km"] = 12.0
    daily = ck.training_load(log).daily
    assert daily["longest_prev_30d_km"].iloc[30] == 20.0  # day 0 is in days 0..29
    assert daily["longest_prev_30d_km"].iloc[31] == 0.0  # days 1..30 are all rest
    assert math.isnan(daily["spike_pct"].iloc[31])  # no previous run -> undefined
    assert daily["spike_band"].iloc[31] == ""
    assert daily["spike_pct"].iloc[40] == pytest.approx(20.0)
    assert daily["spike_pct"].iloc[:30].isna().all()


def test_pmc_response_to_a_single_run():
    log = constant_log(days=43, km=0.0)
    log.loc[0, "distance_km"] = 10.0
    daily = ck.training_load(log).daily
    # CTL and ATL take (1 - e^(-1/tau)) of the day's load, then decay by e^-1 every tau days.
    assert daily["fitness"].iloc[0] == pytest.approx(10.0 * (1 - math.exp(-1 / 42)))
    assert daily["fitness"].iloc[42] == pytest.approx(10.0 * (1 - math.exp(-1 / 42)) * math.exp(-1.0))
    assert daily["fatigue"].iloc[7] == pytest.approx(10.0 * (1 - math.exp(-1 / 7)) * math.exp(-1.0))
    # Form is yesterday's CTL - ATL: 0 on the day of the run, negative the day after.
    assert daily["form"].iloc[0] == 0.0
    assert daily["form"].iloc[1] == pytest.approx(daily["fitness"].iloc[0] - daily["fatigue"].iloc[0])
    assert daily["form"].iloc[1] < 0


def pmc_closed_form(km, tau_ctl=42.0, tau_atl=7.0):
    """Independent PMC: each day's CTL and ATL as an explicit weighted sum of all earlier days.

    CTL_t = sum_i (1 - k) k^(t - i) x_i with k = e^(-1/tau) (no recursion), and
    TSB_t = CTL_{t-1} - ATL_{t-1} with TSB_0 = 0 (GoldenCheetah's default:
    stress balance shown on the following day).
    """

    def load(t, tau):
        k = math.exp(-1.0 / tau)
        return math.fsum((1.0 - k) * k ** (t - i) * km[i] for i in range(t + 1))

    return [0.0] + [load(t, tau_ctl) - load(t, tau_atl) for t in range(len(km) - 1)]


STEADY_DAYS = 300


def overload_then_taper():
    """300 steady days of 40 km a week, then one week at 4x (160 km), then three weeks at half (20 km)."""
    return [40.0 / 7] * STEADY_DAYS + [160.0 / 7] * 7 + [20.0 / 7] * 21


def pmc_daily(km):
    return ck.training_load(
        pd.DataFrame({"date": pd.date_range("2023-01-01", periods=len(km)), "distance_km": km})
    ).daily


def test_form_is_negative_after_a_4x_overload_week():
    daily = pmc_daily(overload_then_taper()[: STEADY_DAYS + 7])
    assert abs(daily["form"].iloc[STEADY_DAYS - 1]) < 0.05  # steady state: fitness = fatigue
    # The morning after the overload week fatigue (ATL) is far above fitness (CTL).
    after = daily["fitness"].iloc[-1] - daily["fatigue"].iloc[-1]
    assert daily["form"].iloc[-1] < -5.0 and after < daily["form"].iloc[-1] < 0


def test_form_is_positive_after_a_3_week_taper():
    daily = pmc_daily(overload_then_taper())
    assert daily["form"].iloc[STEADY_DAYS + 7] < -5.0  # the morning after the overload week
    assert daily["form"].iloc[-1] > 1.0  # after the taper: fatigue has fallen below fitness
    # ...while fitness is still above its steady level: the taper kept some of the gain.
    assert daily["fitness"].iloc[-1] > daily["fitness"].iloc[STEADY_DAYS - 1]


@pytest.mark.parametrize("taus", [(42.0, 7.0), (30.0, 5.0)])
def test_form_equals_an_independent_pmc_computation(taus):
    rng = np.random.default_rng(3)
    km = overload_then_taper() + list(rng.choice([0.0, 5.0, 8.0, 16.0, 32.0], 200))
    log = pd.DataFrame({"date": pd.date_range("2023-05-01", periods=len(km)), "distance_km": km})
    daily = ck.training_load(log, fitness_days=taus[0], fatigue_days=taus[1]).daily
    np.testing.assert_allclose(daily["form"], pmc_closed_form(km, *taus), rtol=0, atol=1e-9)


def test_time_constants_are_adjustable():
    log = constant_log(days=20, km=0.0)
    log.loc[0, "distance_km"] = 10.0
    daily = ck.training_load(log, fitness_days=10, fatigue_days=2).daily
    assert daily["fitness"].iloc[10] == pytest.approx(10.0 * (1 - math.exp(-1 / 10)) * math.exp(-1.0))
    assert daily["fatigue"].iloc[2] == pytest.approx(10.0 * (1 - math.exp(-1 / 2)) * math.exp(-1.0))


def test_defaults_are_the_parameter_table_values():
    defaults = {k: v.default for k, v in inspect.signature(ck.training_load).parameters.items() if k != "log"}
    assert defaults == {"acute_days": 7, "chronic_days": 28, "fitness_days": 42, "fatigue_days": 7}
    assert param("acwr_acute_days").value == 7 and param("acwr_chronic_days").value == 28
    assert param("pmc_fitness_days").value == 42 and param("pmc_fatigue_days").value == 7


# --- against the loop --------------------------------------------------------


def test_matches_loop_on_a_year_with_gaps_and_unsorted_rows():
    rng = np.random.default_rng(7)
    days = pd.date_range("2023-03-01", periods=365)
    keep = rng.random(365) < 0.7
    rows = [(d, float(km)) for d, km, k in zip(days, rng.choice([0, 4, 6.5, 8, 12, 21.1], 365), keep) if k]
    rows[0] = (days[0], rows[0][1])  # keep the first day so the calendars agree
    shuffled = [rows[i] for i in rng.permutation(len(rows))]
    log = pd.DataFrame(shuffled, columns=["date", "distance_km"])
    result = ck.training_load(log)
    assert_matches_loop(result, loop_reference(rows))
    assert any("sorted" in n for n in result.notes)
    assert any("rest days" in n for n in result.notes)


@settings(max_examples=60, deadline=None)
@given(
    km=st.lists(st.one_of(st.just(0.0), st.floats(0.1, 60.0)), min_size=1, max_size=90),
    acute=st.integers(1, 10),
    extra=st.integers(1, 25),
    tau1=st.floats(1, 60),
    tau2=st.floats(1, 20),
)
def test_matches_loop_for_any_log_and_windows(km, acute, extra, tau1, tau2):
    dates = pd.date_range("2020-02-20", periods=len(km))
    log = pd.DataFrame({"date": dates, "distance_km": km})
    result = ck.training_load(log, acute_days=acute, chronic_days=acute + extra, fitness_days=tau1, fatigue_days=tau2)
    assert_matches_loop(result, loop_reference(zip(dates, km), acute, acute + extra, tau1, tau2))


def test_matches_loop_when_the_filters_work_in_several_blocks():
    # The EWMA / PMC filters run in blocks of ~300 / -ln(keep) days; short
    # windows and time constants over three years give several blocks each.
    rng = np.random.default_rng(11)
    dates = pd.date_range("2019-01-01", periods=1100)
    km = rng.choice([0.0, 3.0, 9.5, 30.0], 1100)
    log = pd.DataFrame({"date": dates, "distance_km": km})
    result = ck.training_load(log, acute_days=2, chronic_days=9, fitness_days=1.5, fatigue_days=1)
    assert_matches_loop(result, loop_reference(zip(dates, km), 2, 9, 1.5, 1.0))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 300), min_size=1, max_size=80), st.integers(1, 40))
def test_rolling_max_matches_python_max(values, width):
    assume(width <= len(values))
    expected = [max(values[i : i + width]) for i in range(len(values) - width + 1)]
    assert _rolling_max(np.array(values), width).tolist() == expected


def test_weekly_totals_match_a_loop_over_mondays():
    rng = np.random.default_rng(3)
    log = pd.DataFrame(
        {
            "date": pd.date_range("2024-01-03", periods=60),  # a Wednesday
            "distance_km": rng.choice([0.0, 5.0, 10.0, 16.0], 60),
        }
    )
    weekly = ck.training_load(log).weekly
    totals: dict = {}
    for d, km in zip(log["date"], log["distance_km"]):
        monday = (d - pd.Timedelta(days=d.weekday())).normalize()
        totals.setdefault(monday, []).append(km)
    assert list(weekly["week_start"]) == sorted(totals)
    assert all(ws.weekday() == 0 for ws in weekly["week_start"])
    for row in weekly.itertuples():
        kms = totals[row.week_start]
        assert row.distance_km == pytest.approx(sum(kms))
        assert row.runs == sum(k > 0 for k in kms)
        assert row.longest_run_km == max(kms)
    full = [len(totals[w]) == 7 for w in weekly["week_start"]]
    for i in range(len(weekly)):
        previous_ok = i > 0 and full[i] and full[i - 1] and weekly["distance_km"].iloc[i - 1] > 0
        if previous_ok:
            expected = (weekly["distance_km"].iloc[i] / weekly["distance_km"].iloc[i - 1] - 1) * 100
            assert weekly["change_pct"].iloc[i] == pytest.approx(expected)
        else:
            assert math.isnan(weekly["change_pct"].iloc[i])
    assert any("partly covered" in n for n in ck.training_load(log).notes)


def test_week_to_week_change_on_full_weeks():
    log = pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=14),  # Monday to Sunday twice
            "distance_km": [5.0] * 7 + [6.0] * 7,
        }
    )
    weekly = ck.training_load(log).weekly
    assert weekly["distance_km"].tolist() == [35.0, 42.0]
    assert math.isnan(weekly["change_pct"].iloc[0])
    assert weekly["change_pct"].iloc[1] == pytest.approx(20.0)


# --- shape of the output -----------------------------------------------------


def test_daily_columns_and_rest_days():
    log = pd.DataFrame({"date": ["2024-05-01", "2024-05-04"], "distance_km": [5.0, 8.0], "duration_min": [30.0, 50.0]})
    result = ck.training_load(log)
    assert list(result.daily.columns) == [
        "date",
        "distance_km",
        "duration_min",
        "acute_km",
        "chronic_km",
        "acwr_coupled",
        "acwr_uncoupled",
        "ewma_acute_km",
        "ewma_chronic_km",
        "acwr_ewma",
        "longest_prev_30d_km",
        "spike_pct",
        "spike_band",
        "fitness",
        "fatigue",
        "form",
    ]
    assert list(result.weekly.columns) == ["week_start", "distance_km", "change_pct", "runs", "longest_run_km"]
    assert result.daily["distance_km"].tolist() == [5.0, 0.0, 0.0, 8.0]
    assert result.daily["duration_min"].tolist() == [30.0, 0.0, 0.0, 50.0]
    assert any("2 calendar day(s)" in n for n in result.notes)
    assert isinstance(result.notes, tuple)


def test_without_durations_the_duration_column_is_nan():
    assert ck.training_load(constant_log(days=3)).daily["duration_min"].isna().all()


@pytest.mark.parametrize(
    "dates",
    [
        ["2024-01-01", "2024-01-02"],
        [dt.date(2024, 1, 1), dt.date(2024, 1, 2)],
        pd.to_datetime(["2024-01-01", "2024-01-02"]),
        pd.to_datetime(["2024-01-01 07:30", "2024-01-02 18:00"]),
        pd.to_datetime(["2024-01-01", "2024-01-02"]).tz_localize("Europe/Copenhagen"),
    ],
)
def test_date_types(dates):
    daily = ck.training_load(pd.DataFrame({"date": dates, "distance_km": [3.0, 4.0]})).daily
    assert [d.date() for d in daily["date"]] == [dt.date(2024, 1, 1), dt.date(2024, 1, 2)]


def test_a_single_day_is_allowed_and_everything_windowed_is_undefined():
    daily = ck.training_load(pd.DataFrame({"date": ["2024-01-01"], "distance_km": [5.0]})).daily
    assert len(daily) == 1
    assert daily[["acute_km", "acwr_coupled", "spike_pct"]].isna().all().all()
    assert daily["fitness"].iloc[0] == pytest.approx(5.0 * (1 - math.exp(-1 / 42)))
    assert daily["form"].iloc[0] == 0.0


# --- bad input -----------------------------------------------------------------


def log_with(**columns):
    base = {"date": ["2024-01-01", "2024-01-02", "2024-01-03"], "distance_km": [5.0, 6.0, 7.0]}
    base.update(columns)
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("log", "pattern"),
    [
        ([("2024-01-01", 5.0)], r"^log must be a pandas DataFrame"),
        (pd.DataFrame({"date": [], "distance_km": []}), r"^log is empty"),
        (pd.DataFrame({"day": ["2024-01-01"], "km": [5.0]}), r"^log is missing column\(s\) \['date', 'distance_km'\]"),
        (
            log_with(distance_km=[5.0, -1.0, 7.0]),
            r"log\['distance_km'\] has values \[at 1: -1\.0\] outside the allowed range \[0, 300\]",
        ),
        (
            log_with(distance_km=[5.0, 500.0, 7.0]),
            r"log\['distance_km'\] has values \[at 1: 500\.0\] outside the allowed range \[0, 300\]",
        ),
        (log_with(distance_km=[5.0, np.nan, 7.0]), r"log\['distance_km'\] holds NaN or infinite values \[at 1: nan\]"),
        (log_with(distance_km=[5.0, np.inf, 7.0]), r"log\['distance_km'\] holds NaN or infinite values \[at 1: inf\]"),
        (log_with(distance_km=["5", "6", "7"]), r"log\['distance_km'\] holds non-numbers"),
        (log_with(distance_km=[True, False, True]), r"log\['distance_km'\] has dtype bool"),
        (
            log_with(duration_min=[30.0, 2000.0, 20.0]),
            r"log\['duration_min'\] has values \[at 1: 2000\.0\] outside the allowed range \[0, 1440\]",
        ),
        (log_with(duration_min=[30.0, np.inf, 20.0]), r"log\[.duration_min.\] holds NaN or infinite"),
        (
            log_with(date=["2024-01-01", "2024-01-01", "2024-01-03"]),
            r"log\['date'\] has duplicate dates \(2024-01-01 at rows \[0, 1\]\)",
        ),
        (
            log_with(date=["2024-01-03", "2024-01-01", "2024-01-03"]),
            r"log\['date'\] has duplicate dates \(2024-01-03 at rows \[0, 2\]\)",
        ),
        (
            log_with(date=["2024-01-01", "yesterday", "2024-01-03"]),
            r"log\['date'\] has missing or unparseable dates \[at 1: 'yesterday'\]",
        ),
        (
            log_with(date=["2024-01-01", None, "2024-01-03"]),
            r"log\['date'\] has missing or unparseable dates \[at 1: (None|nan)\]",
        ),
        (log_with(date=[1, 2, 3]), r"log\['date'\] holds int64 values"),
        (pd.DataFrame({"date": ["0001-01-01", "9000-01-01"], "distance_km": [1.0, 1.0]}), r"log\['date'\] spans"),
    ],
)
def test_bad_logs_raise_naming_log_column_rows_and_range(log, pattern):
    with pytest.raises(ValueError, match=pattern):
        ck.training_load(log)


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"acute_days": 0}, r"^acute_days=0 is outside the allowed range \[1, 365\]"),
        ({"acute_days": 7.0}, r"^acute_days=7\.0 is not a whole number"),
        ({"chronic_days": 7}, r"^chronic_days=7 is outside the allowed range \[8, 365\]"),
        ({"fitness_days": 0}, r"^fitness_days=0\.0 is outside the allowed range \[1, 365\] \(days\)"),
        ({"fatigue_days": float("nan")}, r"^fatigue_days=nan is not finite"),
        ({"fatigue_days": "7"}, r"^fatigue_days='7' is not a number"),
    ],
)
def test_bad_windows_raise(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        ck.training_load(constant_log(days=3), **kwargs)


def test_input_log_is_not_modified():
    log = pd.DataFrame({"date": ["2024-01-03", "2024-01-01"], "distance_km": [5.0, 6.0]})
    before = log.copy()
    ck.training_load(log)
    pd.testing.assert_frame_equal(log, before)


def test_unknown_durations_are_nan_not_zero_and_noted():
    log = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-01-02", "2024-01-03"],
            "distance_km": [5.0, 6.0, 7.0],
            "duration_min": [30.0, np.nan, 40.0],
        }
    )
    result = ck.training_load(log)
    assert result.daily["duration_min"].isna().tolist() == [False, True, False]
    assert any("without a duration" in note for note in result.notes)
