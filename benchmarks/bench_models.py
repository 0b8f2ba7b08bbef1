"""Benchmark the vectorised models against plain per-day / per-cell Python loops.

Run ``python benchmarks/bench_models.py``. Not a test: it prints wall-clock
times (best of several repeats) and the speed-up over the loop, checks that
the loop and the model agree, and exits 1 if a target is missed:

* ``training_load`` on 10 years of daily runs: under 50 ms;
* every case: at least 20x faster than its loop reference.

The loop references compute the same outputs from the same inputs (every
column of ``daily`` and ``weekly``), one day (or one grid cell) at a time: the
plain loop as the definitions read, the tuned loop the way a careful Python
programmer would, with running sums instead of re-summed windows.
"""

from __future__ import annotations

import math
import sys
import time
from collections import deque
from collections.abc import Callable

import numpy as np
import pandas as pd

import calfkit as ck
from calfkit.models.parameters import param

TEN_YEARS_MS = 50.0
MIN_SPEEDUP = 20.0
COLUMNS = (
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
)
WEEKLY = ("distance_km", "change_pct", "runs", "longest_run_km")


def make_log(days: int, start: str, seed: int = 0) -> pd.DataFrame:
    """A plausible daily log: about 2 rest days a week, 3-30 km runs."""
    rng = np.random.default_rng(seed)
    dates = np.datetime64(start, "D") + np.arange(days)
    distance = np.round(rng.gamma(4.0, 2.5, days), 1).clip(3.0, 30.0)
    distance[rng.random(days) < 0.28] = 0.0
    return pd.DataFrame({"date": dates.astype("datetime64[s]"), "distance_km": distance})


def _read_rows(log: pd.DataFrame) -> tuple[dict[int, float], int, int]:
    """Check each row's distance and refuse duplicate dates (day numbers since 1970)."""
    days = log["date"].to_numpy().astype("datetime64[D]").astype(np.int64).tolist()
    by_day: dict[int, float] = {}
    for day, km in zip(days, log["distance_km"].tolist()):
        if not (isinstance(km, float) and math.isfinite(km) and 0.0 <= km <= 300.0):
            raise ValueError(f"bad distance {km!r}")
        if day in by_day:
            raise ValueError(f"duplicate date {day}")
        by_day[day] = km
    return by_day, min(by_day), max(by_day)


def _band(spike: float) -> str:
    """Frandsen band label; like the model, compares the spike rounded to 1e-9 %."""
    if math.isnan(spike):
        return ""
    spike = round(spike, 9)
    return "none" if spike <= 10 else "10-30%" if spike <= 30 else "30-100%" if spike <= 100 else ">100%"


def _frames(x: list[float], first: int, columns: list[list]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly totals and week-to-week change by a loop over the days, then both output tables."""
    weeks: dict[int, list[float]] = {}
    for t, km in enumerate(x):
        day = first + t
        weeks.setdefault(day - (day + 3) % 7, []).append(km)  # day 0 (1970-01-01) was a Thursday
    totals = [sum(v) for v in weeks.values()]
    full = [len(v) == 7 for v in weeks.values()]
    change = [math.nan] + [
        100 * (totals[w] / totals[w - 1] - 1) if full[w] and full[w - 1] and totals[w - 1] > 0 else math.nan
        for w in range(1, len(totals))
    ]
    weekly = pd.DataFrame(
        {
            "week_start": np.array(list(weeks), dtype="datetime64[D]").astype("datetime64[s]"),
            "distance_km": totals,
            "change_pct": change,
            "runs": [sum(k > 0 for k in v) for v in weeks.values()],
            "longest_run_km": [max(v) for v in weeks.values()],
        }
    )
    dates = (np.datetime64(first, "D") + np.arange(len(x))).astype("datetime64[s]")
    return pd.DataFrame({"date": dates, **dict(zip(COLUMNS, columns))}), weekly


def plain_loop(log: pd.DataFrame, acute: int = 7, chronic: int = 28, tau1: float = 42.0, tau2: float = 7.0):
    """Per-day loop written as the definitions read: every window re-summed each day."""
    by_day, first, last = _read_rows(log)
    lam_a, lam_c = 2 / (acute + 1), 2 / (chronic + 1)
    keep1, keep2 = math.exp(-1 / tau1), math.exp(-1 / tau2)
    columns: list[list] = [[] for _ in COLUMNS]
    (
        km_c,
        minutes_c,
        acute_c,
        chronic_c,
        coupled_c,
        uncoupled_c,
        ewma_a_c,
        ewma_c_c,
        ewma_c,
        longest_c,
        spike_c,
        band_c,
        fitness_c,
        fatigue_c,
        form_c,
    ) = columns
    x: list[float] = []
    e_a = e_c = fit = fat = 0.0
    for t in range(last - first + 1):
        km = by_day.get(first + t, 0.0)
        x.append(km)
        full = t >= chronic - 1
        a = sum(x[t - acute + 1 : t + 1]) if t >= acute - 1 else math.nan
        c = sum(x[t - chronic + 1 : t + 1]) * acute / chronic if full else math.nan
        earlier = sum(x[t - chronic + 1 : t - acute + 1]) * acute / (chronic - acute) if full else math.nan
        e_a = km if t == 0 else lam_a * km + (1 - lam_a) * e_a
        e_c = km if t == 0 else lam_c * km + (1 - lam_c) * e_c
        longest = max(x[t - 30 : t]) if t >= 30 else math.nan
        spike = 100 * (km - longest) / longest if t >= 30 and km > 0 and longest > 0 else math.nan
        form = fit - fat  # yesterday's PMC balance
        fit = fit * keep1 + km * (1 - keep1)
        fat = fat * keep2 + km * (1 - keep2)
        km_c.append(km)
        minutes_c.append(math.nan)  # the benchmark log has no durations
        acute_c.append(a)
        chronic_c.append(c)
        coupled_c.append(a / c if full and c > 0 else math.nan)
        uncoupled_c.append(a / earlier if full and earlier > 0 else math.nan)
        ewma_a_c.append(e_a)
        ewma_c_c.append(e_c)
        ewma_c.append(e_a / e_c if full and e_c > 0 else math.nan)
        longest_c.append(longest)
        spike_c.append(spike)
        band_c.append(_band(spike))
        fitness_c.append(fit)
        fatigue_c.append(fat)
        form_c.append(form)
    return _frames(x, first, columns)


def tuned_loop(log: pd.DataFrame, acute: int = 7, chronic: int = 28, tau1: float = 42.0, tau2: float = 7.0):
    """Per-day loop with running window sums and a deque for the 30-day maximum."""
    by_day, first, last = _read_rows(log)
    lam_a, lam_c = 2 / (acute + 1), 2 / (chronic + 1)
    keep1, keep2 = math.exp(-1 / tau1), math.exp(-1 / tau2)
    columns: list[list] = [[] for _ in COLUMNS]
    (
        km_c,
        minutes_c,
        acute_c,
        chronic_c,
        coupled_c,
        uncoupled_c,
        ewma_a_c,
        ewma_c_c,
        ewma_c,
        longest_c,
        spike_c,
        band_c,
        fitness_c,
        fatigue_c,
        form_c,
    ) = columns
    x: list[float] = []
    acute_sum = chronic_sum = e_a = e_c = fit = fat = 0.0
    window: deque[float] = deque()
    for t in range(last - first + 1):
        km = by_day.get(first + t, 0.0)
        x.append(km)
        acute_sum += km - (x[t - acute] if t >= acute else 0.0)
        chronic_sum += km - (x[t - chronic] if t >= chronic else 0.0)
        e_a = km if t == 0 else lam_a * km + (1 - lam_a) * e_a
        e_c = km if t == 0 else lam_c * km + (1 - lam_c) * e_c
        form = fit - fat  # yesterday's PMC balance
        fit = fit * keep1 + km * (1 - keep1)
        fat = fat * keep2 + km * (1 - keep2)
        full = t >= chronic - 1
        c = chronic_sum * acute / chronic
        earlier = (chronic_sum - acute_sum) * acute / (chronic - acute)
        longest = max(window) if t >= 30 else math.nan
        spike = 100 * (km - longest) / longest if t >= 30 and km > 0 and longest > 0 else math.nan
        window.append(km)
        if len(window) > 30:
            window.popleft()
        km_c.append(km)
        minutes_c.append(math.nan)  # the benchmark log has no durations
        acute_c.append(acute_sum if t >= acute - 1 else math.nan)
        chronic_c.append(c if full else math.nan)
        coupled_c.append(acute_sum / c if full and c > 1e-9 else math.nan)  # 1e-9: running-sum round-off
        uncoupled_c.append(acute_sum / earlier if full and earlier > 1e-9 else math.nan)
        ewma_a_c.append(e_a)
        ewma_c_c.append(e_c)
        ewma_c.append(e_a / e_c if full and e_c > 0 else math.nan)
        longest_c.append(longest)
        spike_c.append(spike)
        band_c.append(_band(spike))
        fitness_c.append(fit)
        fatigue_c.append(fat)
        form_c.append(form)
    return _frames(x, first, columns)


def risk_loop(spikes: np.ndarray, changes: np.ndarray, fluid: float, minutes: float, kind: str) -> list[list[float]]:
    """Per-cell loop reference for ``ck.soreness_risk(...).total`` on a grid."""
    p = {
        pid: param(pid).value
        for pid in (
            "mileage_change_threshold_pct",
            "mileage_change_hr",
            "spike_band_small_pct",
            "spike_band_moderate_pct",
            "spike_band_large_pct",
            "spike_hr_small",
            "spike_hr_moderate",
            "spike_hr_large",
            "hydration_hr",
            "dehydration_threshold_pct",
            "warmup_saturation_min",
            "warmup_dynamic_rr",
            "warmup_static_hr",
            "risk_category_lower_below",
            "risk_category_raised_from",
            "risk_category_high_from",
        )
    }
    rows = []
    for s in spikes.tolist():
        row = []
        for c in changes.tolist():
            r_mileage = p["mileage_change_hr"] if c > p["mileage_change_threshold_pct"] else 1.0
            if s <= p["spike_band_small_pct"]:
                r_spike = 1.0
            elif s <= p["spike_band_moderate_pct"]:
                r_spike = p["spike_hr_small"]
            elif s <= p["spike_band_large_pct"]:  # monotone treatment: cumulative maximum
                r_spike = max(p["spike_hr_small"], p["spike_hr_moderate"])
            else:
                r_spike = max(p["spike_hr_small"], p["spike_hr_moderate"], p["spike_hr_large"])
            r_fluid = p["hydration_hr"] if fluid >= p["dehydration_threshold_pct"] else 1.0
            full = {"none": 1.0, "static": p["warmup_static_hr"], "dynamic": p["warmup_dynamic_rr"]}[kind]
            r_warm = 1.0 + (full - 1.0) * min(minutes / p["warmup_saturation_min"], 1.0)
            total = r_mileage * r_spike * r_fluid * r_warm
            category = (
                "lower"
                if total < p["risk_category_lower_below"]
                else "similar"
                if total < p["risk_category_raised_from"]
                else "raised"
                if total < p["risk_category_high_from"]
                else "high"
            )
            row.append((total, category))
        rows.append(row)
    return rows


def best_time(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Best wall-clock time in ms over ``repeats`` calls, and the last result."""
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000.0, result


def check_training(result, reference: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """The loop and the model agree on every column of the daily and the weekly table."""
    daily, weekly = reference
    assert result.daily.columns.tolist() == daily.columns.tolist()
    assert result.weekly.columns.tolist() == weekly.columns.tolist()
    assert (result.daily["date"].to_numpy() == daily["date"].to_numpy()).all()
    assert (result.weekly["week_start"].to_numpy() == weekly["week_start"].to_numpy()).all()
    for column in COLUMNS:
        if column == "spike_band":
            assert result.daily[column].astype(str).tolist() == daily[column].tolist()
        else:
            np.testing.assert_allclose(
                result.daily[column].to_numpy(),
                daily[column].to_numpy(),
                rtol=1e-6,
                atol=1e-6,
                equal_nan=True,
                err_msg=column,
            )
    for column in WEEKLY:
        np.testing.assert_allclose(
            result.weekly[column].to_numpy(),
            weekly[column].to_numpy(),
            rtol=1e-9,
            atol=1e-9,
            equal_nan=True,
            err_msg=column,
        )


def report(label: str, fast_ms: float, loops: dict[str, float], failures: list[str]) -> None:
    for name, loop_ms in loops.items():
        ratio = loop_ms / fast_ms
        print(f"{label:32} {fast_ms:10.2f} ms  {name:12} {loop_ms:10.1f} ms {ratio:8.1f}x")
        if name == "plain loop" and ratio < MIN_SPEEDUP:
            failures.append(f"{label}: {ratio:.1f}x faster than the plain loop (target {MIN_SPEEDUP:g}x)")


def main() -> int:
    failures: list[str] = []
    print(f"{'case':32} {'vectorised':>13}  {'reference':12} {'time':>13} {'speed-up':>8}")

    for label, days, start, fast_repeats, loop_repeats in (
        ("training_load, 10 years daily", 3653, "2015-01-01", 50, 10),
        ("training_load, 1,000,000 rows", 1_000_000, "1000-01-01", 3, 1),
    ):
        log = make_log(days, start)
        ck.training_load(log.iloc[:100])  # load the parameter table once
        fast_ms, result = best_time(lambda log=log: ck.training_load(log), fast_repeats)
        loops = {}
        for name, loop in (("plain loop", plain_loop), ("tuned loop", tuned_loop)):
            loops[name], reference = best_time(lambda loop=loop, log=log: loop(log), loop_repeats)
            check_training(result, reference)
        report(label, fast_ms, loops, failures)
        if days == 3653 and fast_ms >= TEN_YEARS_MS:
            failures.append(f"{label}: {fast_ms:.1f} ms (target < {TEN_YEARS_MS:g} ms)")

    spikes = np.linspace(-50.0, 300.0, 100)
    changes = np.linspace(-50.0, 200.0, 100)
    grid = dict(
        spike_pct=spikes[:, None],
        weekly_change_pct=changes[None, :],
        fluid_loss_pct=2.5,
        warmup_min=10.0,
        warmup_type="dynamic",
    )
    ck.soreness_risk(**grid)
    fast_ms, result = best_time(lambda: ck.soreness_risk(**grid), 50)
    loop_ms, reference = best_time(lambda: risk_loop(spikes, changes, 2.5, 10.0, "dynamic"), 5)
    np.testing.assert_allclose(result.total, [[t for t, _ in r] for r in reference], rtol=1e-12)
    assert result.category.tolist() == [[c for _, c in r] for r in reference]
    report("soreness_risk, 100 x 100 grid", fast_ms, {"plain loop": loop_ms}, failures)

    print("all results agree with their loop references")
    for failure in failures:
        print(f"TARGET MISSED: {failure}")
    if not failures:
        print(f"targets met: 10-year log < {TEN_YEARS_MS:g} ms; >= {MIN_SPEEDUP:g}x faster than the plain loop")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
