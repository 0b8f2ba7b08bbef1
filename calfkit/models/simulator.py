"""The run simulator's model: a runner's plan in their own units -> soreness curve and risk.

A runner plans in kilometres, minutes, litres and kilograms, not in % changes.
:func:`run_plan` converts the plan into the inputs of the kit's models and
calls them once::

    weekly_change_pct = 100 * (planned_week_km / usual_week_km - 1)
    spike_pct         = 100 * (planned_long_run_km / longest_30d_km - 1)
    fluid_loss_pct    = fluid_loss(sweat rate, run duration, drink, body mass)
    risk              = soreness_risk(min(weekly_change_pct, 500), min(spike_pct, 1000),
                                  fluid_loss_pct, warm-up)   # top bands are open-ended
    soreness          = doms_curve(unaccustomed_pct = clip(spike_pct, 0, 300),
                                   trained, prolonged = planned_long_run_km >= 42.195 km,
                                   fluid_loss_pct, warm-up)

so the defaults (this week like a usual week, the long run no longer than the
longest of the last 30 days, no warm-up) are the risk model's reference runner
(every ratio 1.0) and give no DOMS. :func:`usual_from_log` reads the usual week
and the longest recent run from a training log instead. :data:`EVIDENCE_LINKS`
says which inputs the evidence links to each output, and how strongly.

Educational model, not medical advice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_choice, check_number
from .doms import WARMUP_TYPES, doms_band, doms_scenario, doms_summary
from .fluid import KG_PER_L, MAX_CHANGE_PCT, MIN_PER_H, FluidResult, body_mass_loss, fluid_loss
from .parameters import param
from .risk import RiskResult, soreness_risk
from .training import training_load

__all__ = [
    "SWEAT_PRESETS",
    "HOURS",
    "EVIDENCE_LINKS",
    "RunPlan",
    "run_plan",
    "usual_from_log",
]

SWEAT_PRESETS: dict[str, float] = {"light": 0.5, "average": 1.2, "heavy": 1.9}
"""Sweat-rate presets (L/h): Baker 2016's mean of 1.2 L/h and one SD (0.7) either side
(506 athletes; observed range 0.3-5.7 L/h)."""

HOURS: tuple[float, ...] = tuple(float(h) for h in range(0, 169))
"""Hours after the run on the soreness curve: 0 to 168 h (7 days) in 1 h steps."""

# Validation bounds on the plan (not model constants).
WEEK_KM_RANGE = (0.0, 300.0)
USUAL_WEEK_KM_RANGE = (1.0, 300.0)
LONG_RUN_KM_RANGE = (0.0, 150.0)
LONGEST_30D_KM_RANGE = (1.0, 150.0)
DURATION_RANGE = (5.0, 600.0)
SWEAT_RANGE = (0.0, 6.0)
DRINK_RANGE = (0.0, 10.0)
BODY_MASS_RANGE = (25.0, 200.0)
WARMUP_RANGE = (0.0, 60.0)
RISK_CHANGE_MAX = 500.0
"""Largest weekly change % passed to the risk model; its top band is open-ended, so no ratio changes."""
RISK_SPIKE_MAX = 1000.0
"""Largest spike % passed to the risk model; its top band (over 100 %) is open-ended, so no ratio changes."""
UNACCUSTOMED_MAX = 300.0
"""Largest unaccustomed % the soreness model takes; longer runs are read as 300 % (its dose has saturated)."""

EVIDENCE_LINKS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "soreness": (
        (
            "planned longest run vs your longest in 30 days",
            "strong",
            "DOMS follows unaccustomed exercise (Cheung 2003); the height per extra km is illustrative",
        ),
        (
            "trained for runs like this",
            "moderate",
            "trained runners peak earlier (Vickers 2001) and lower, as after a recent similar run (Byrnes 1985)",
        ),
        (
            "warm-up (dynamic)",
            "small, one trial",
            "a 10-minute warm-up lowered soreness at 48 h by 1.3 points of 10 (Law & Herbert 2007); "
            "stretching: no effect found (Herbert 2011)",
        ),
        (
            "hydration (body-mass loss above 2 %)",
            "weak, one small study",
            "more leg pain after 3.3 % loss in 10 men in heat (Cleary 2005); the size is illustrative",
        ),
        (
            "planned week vs usual week",
            "not linked",
            "the soreness curve follows the one run; no study links weekly distance to DOMS separately",
        ),
    ),
    "risk": (
        (
            "planned longest run vs your longest in 30 days",
            "strong",
            "5,205 runners: runs over 10 % longer raised injury rates (Frandsen 2025)",
        ),
        (
            "planned week vs usual week",
            "weak, contested",
            "over 30 % more: HR 1.59, interval includes 1 (Nielsen 2014); counted once with the long run",
        ),
        (
            "warm-up",
            "no effect found",
            "warm-up routine in runners (van Mechelen 1993), stretching in recruits (Pope 2000)",
        ),
        ("hydration", "not measured", "no study measured injury risk against body-mass loss"),
    ),
}
"""Output -> (input, how strongly the evidence links it, why) for each input the simulator has."""


@dataclass(frozen=True)
class RunPlan:
    """Result of :func:`run_plan`.

    Attributes
    ----------
    weekly_change_pct : float
        Planned week vs usual week, %.
    spike_pct : float
        Planned longest run vs the longest of the last 30 days, %.
    unaccustomed_pct : float
        The soreness model's input: ``spike_pct`` clipped to 0-300 %.
    prolonged : bool
        The planned run is at least marathon length (early post-race soreness).
    fluid : calfkit.models.fluid.FluidResult
        Body-mass loss of the planned run.
    risk : calfkit.models.risk.RiskResult
        Relative risk against the reference runner, per factor.
    hours : numpy.ndarray
        :data:`HOURS`.
    soreness, band_low, band_high : numpy.ndarray
        Modelled soreness (0-10) at ``hours`` and its uncertainty band.
    summary : dict
        :func:`calfkit.doms_summary` of the run.
    notes : tuple of str
        What was assumed (clipping, early soreness), in plain words.
    """

    weekly_change_pct: float
    spike_pct: float
    unaccustomed_pct: float
    prolonged: bool
    fluid: FluidResult
    risk: RiskResult
    hours: np.ndarray
    soreness: np.ndarray
    band_low: np.ndarray
    band_high: np.ndarray
    summary: dict[str, float]
    notes: tuple[str, ...]


def run_plan(
    *,
    usual_week_km: Any = 30.0,
    planned_week_km: Any = 30.0,
    longest_30d_km: Any = 12.0,
    planned_long_run_km: Any = 12.0,
    run_duration_min: Any = 70.0,
    sweat_rate_l_per_h: Any = SWEAT_PRESETS["average"],
    drink_l: Any = 0.5,
    body_mass_kg: Any = 60.0,
    warmup_min: Any = 0.0,
    warmup_type: str = "none",
    trained: bool = False,
) -> RunPlan:
    """Soreness curve and risk breakdown of a planned week, in a runner's units.

    Parameters
    ----------
    usual_week_km : float, default 30
        A usual week's running, 1-300 km (see :func:`usual_from_log`).
    planned_week_km : float, default 30
        This week's planned running, 0-300 km.
    longest_30d_km : float, default 12
        Longest run of the last 30 days, 1-150 km.
    planned_long_run_km : float, default 12
        This week's planned longest run, 0-150 km; no longer than the week.
    run_duration_min : float, default 70
        How long that run takes, 5-600 min.
    sweat_rate_l_per_h : float, default 1.2
        Sweat rate, 0-6 L/h (:data:`SWEAT_PRESETS`; weigh yourself before
        and after a run to measure yours).
    drink_l : float, default 0.5
        What you drink during the run, 0-10 L.
    body_mass_kg : float, default 60
        Body mass before the run, 25-200 kg.
    warmup_min : float, default 0
        Warm-up minutes before the run, 0-60.
    warmup_type : {'none', 'static', 'dynamic'}, default 'none'
        None; static stretching; dynamic (easy jogging, drills).
    trained : bool, default False
        Trained for runs like this one.

    Returns
    -------
    RunPlan

    Raises
    ------
    ValueError
        Naming the argument, the value and the allowed range; also when the
        planned longest run is longer than the planned week, or the plan
        implies an impossible body-mass change (named with this function's
        arguments, with the ``run_duration_min`` and ``drink_l`` ranges that
        would be allowed).
    """
    usual = check_number("usual_week_km", usual_week_km, *USUAL_WEEK_KM_RANGE, "km")
    week = check_number("planned_week_km", planned_week_km, *WEEK_KM_RANGE, "km")
    longest = check_number("longest_30d_km", longest_30d_km, *LONGEST_30D_KM_RANGE, "km")
    long_run = check_number("planned_long_run_km", planned_long_run_km, *LONG_RUN_KM_RANGE, "km")
    if long_run > week:
        raise ValueError(
            f"planned_long_run_km={long_run:g} is longer than planned_week_km={week:g}; the longest run is "
            f"part of the week, so the allowed range is [0, {week:g}] km"
        )
    duration = check_number("run_duration_min", run_duration_min, *DURATION_RANGE, "min")
    sweat = check_number("sweat_rate_l_per_h", sweat_rate_l_per_h, *SWEAT_RANGE, "L/h")
    drink = check_number("drink_l", drink_l, *DRINK_RANGE, "L")
    mass = check_number("body_mass_kg", body_mass_kg, *BODY_MASS_RANGE, "kg")
    minutes = check_number("warmup_min", warmup_min, *WARMUP_RANGE, "minutes")
    kind = check_choice("warmup_type", warmup_type, WARMUP_TYPES)
    if not isinstance(trained, (bool, np.bool_)):
        raise ValueError(f"trained={trained!r} must be True or False")

    _check_body_mass_change(duration, sweat, drink, mass)
    fluid = fluid_loss(sweat_rate_l_per_h=sweat, duration_min=duration, intake_l=drink, body_mass_kg=mass)
    change = 100.0 * (week / usual - 1.0)
    spike = 100.0 * (long_run / longest - 1.0)
    risk = soreness_risk(
        weekly_change_pct=min(change, RISK_CHANGE_MAX),
        spike_pct=min(spike, RISK_SPIKE_MAX),
        fluid_loss_pct=fluid.loss_pct,
        warmup_min=minutes,
        warmup_type=kind,
    )
    unaccustomed = min(max(spike, 0.0), UNACCUSTOMED_MAX)
    prolonged = long_run >= param("early_soreness_min_km").value
    scenario = {
        "unaccustomed_pct": unaccustomed,
        "trained": bool(trained),
        "prolonged": bool(prolonged),
        "fluid_loss_pct": fluid.loss_pct,
        "warmup_min": minutes,
        "warmup_type": kind,
    }
    hours = np.asarray(HOURS)
    soreness = doms_scenario(**scenario).soreness(hours)
    low, high = doms_band(hours, **scenario)
    notes = []
    if change > RISK_CHANGE_MAX or spike > RISK_SPIKE_MAX:
        notes.append(
            f"The risk chart counts a week over {RISK_CHANGE_MAX:.0f} % more, or a run over "
            f"{RISK_SPIKE_MAX:.0f} % longer, as that much: its top band has no upper end, so the ratio is the same."
        )
    if spike > UNACCUSTOMED_MAX:
        notes.append(
            f"The run is {spike:.0f} % longer than your longest of the last 30 days; the soreness model "
            f"reads it as {UNACCUSTOMED_MAX:.0f} % (its dose has levelled off)."
        )
    if prolonged:
        notes.append(
            "A run of marathon length: early post-race soreness is added (Tokinoya 2020), highest "
            "straight after the run."
        )
    return RunPlan(
        weekly_change_pct=change,
        spike_pct=spike,
        unaccustomed_pct=unaccustomed,
        prolonged=bool(prolonged),
        fluid=fluid,
        risk=risk,
        hours=hours,
        soreness=soreness,
        band_low=low,
        band_high=high,
        summary=doms_summary(**scenario),
        notes=tuple(notes),
    )


def _check_body_mass_change(duration: float, sweat: float, drink: float, mass: float) -> None:
    """Refuse a run that would change body mass by more than :data:`calfkit.models.fluid.MAX_CHANGE_PCT`.

    The message names :func:`run_plan`'s arguments (not :func:`~calfkit.models.fluid.fluid_loss`'s),
    their values, and the range of ``run_duration_min`` and of ``drink_l`` that would be allowed
    with the other inputs as they are (each left out where no value in its own range would do).

    Raises
    ------
    ValueError
        If the body-mass change is outside ``[-MAX_CHANGE_PCT, MAX_CHANGE_PCT]`` %.
    """
    sweat_kg, _, loss_pct = body_mass_loss(sweat, duration, drink, mass)
    if abs(loss_pct) <= MAX_CHANGE_PCT:
        return
    limit_kg = MAX_CHANGE_PCT / 100.0 * mass  # the largest loss or gain, kg
    ranges = []
    if sweat > 0:  # duration moves the loss only when there is sweat
        per_min = sweat / MIN_PER_H * KG_PER_L
        low = max(DURATION_RANGE[0], (drink * KG_PER_L - limit_kg) / per_min)
        high = min(DURATION_RANGE[1], (drink * KG_PER_L + limit_kg) / per_min)
        if low <= high:
            ranges.append(f"run_duration_min in {_inner(low, high)} (min)")
    low = max(DRINK_RANGE[0], (sweat_kg - limit_kg) / KG_PER_L)
    high = min(DRINK_RANGE[1], (sweat_kg + limit_kg) / KG_PER_L)
    if low <= high:
        ranges.append(f"drink_l in {_inner(low, high)} (L)")
    allowed = f"; with the other inputs as they are, allowed: {' or '.join(ranges)}" if ranges else ""
    raise ValueError(
        f"run_duration_min={duration:g}, sweat_rate_l_per_h={sweat:g}, drink_l={drink:g} and "
        f"body_mass_kg={mass:g} give a body-mass change of {-loss_pct:+.1f} %, outside the allowed range "
        f"[-{MAX_CHANGE_PCT:g}, {MAX_CHANGE_PCT:g}] % of body mass{allowed}"
    )


def _inner(low: float, high: float) -> str:
    """``[low, high]`` rounded inwards to 0.1, so every value shown is allowed."""
    up, down = math.ceil(round(low * 10, 9)) / 10, math.floor(round(high * 10, 9)) / 10
    return f"[{up:g}, {down:g}]"


def usual_from_log(log: pd.DataFrame, weeks: int = 4) -> dict[str, float]:
    """A usual week and the longest recent run, read from a daily training log.

    Parameters
    ----------
    log : pandas.DataFrame
        A log as for :func:`calfkit.training_load` (``date``, ``distance_km``).
    weeks : int, default 4
        How many of the last full Monday-to-Sunday weeks make the usual week, 1-52.

    Returns
    -------
    dict
        ``usual_week_km`` (mean of those weeks) and ``longest_30d_km`` (the
        longest run of the last 30 days of the log), ready for :func:`run_plan`.

    Raises
    ------
    ValueError
        For a log :func:`calfkit.training_load` refuses, fewer full weeks than
        ``weeks``, or no run in the last 30 days.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or not 1 <= weeks <= 52:
        raise ValueError(f"weeks={weeks!r} must be a whole number in the allowed range [1, 52]")
    daily = training_load(log).daily
    monday = daily["date"] - pd.to_timedelta(daily["date"].dt.day_of_week, unit="D")
    per_week = daily.groupby(monday)["distance_km"].agg(["sum", "size"])
    full = per_week[per_week["size"] == 7]["sum"]
    if len(full) < weeks:
        raise ValueError(f"log has {len(full)} full Monday-to-Sunday week(s); the usual week needs at least {weeks}")
    last30 = daily["distance_km"].to_numpy()[-30:]
    if not (last30 > 0).any():
        raise ValueError("log has no run in its last 30 days; the longest recent run is needed (at least 1 km)")
    return {"usual_week_km": float(full.iloc[-weeks:].mean()), "longest_30d_km": float(last30.max())}
