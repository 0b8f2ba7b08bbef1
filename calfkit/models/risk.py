"""Relative risk of calf soreness or injury against a reference runner.

The model multiplies one ratio per factor::

    total = r_load(weekly_change_pct, spike_pct)
            * r_hydration(fluid_loss_pct) * r_warmup(warmup_min, warmup_type)
    r_load = max(r_mileage(weekly_change_pct), r_spike(spike_pct))

and bounds it by the product of the factors' low and high ratios (an
envelope, not a confidence interval). One week is counted once: the weekly
change and the single-run spike describe the same week's running, so the
larger of their two ratios is used, never their product (Frandsen 2025 found
no association for the week-to-week ratio once spikes were in the model). The
reference runner (every ratio 1.0) raises weekly distance by at most 30 %,
runs no more than 10 % beyond the longest run of the previous 30 days and does
no warm-up: the run simulator's defaults. Where studies found no effect
(warm-up: van Mechelen 1993; stretching: Pope 2000) the ratio is 1.0, "no
effect found", with the study's interval as its range; where nobody measured
an effect (hydration) it is 1.0, "not measured". Every ratio, threshold and
band edge is a row of ``data/model_parameters.csv``. The published ratios are
injury hazard ratios; the kit borrows them as a proxy for "sore calves that
stop you running", which no study measured directly.

Educational model, not medical advice. See ``docs/models.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_array, check_choice, check_number
from .parameters import Param, param
from .training import spike_band_edges, spike_band_index

__all__ = ["FactorRisk", "RiskResult", "soreness_risk", "FACTOR_NAMES", "WARMUP_TYPES", "CATEGORIES", "FINDINGS"]

Number = float | np.ndarray

FACTOR_NAMES = ("mileage_change", "spike", "hydration", "warm_up")
WARMUP_TYPES = ("none", "static", "dynamic")
CATEGORIES = ("lower", "similar", "raised", "high")
FINDINGS = ("reference", "raises risk", "counted once", "no effect found", "not measured")
"""What a factor's ratio says: at the reference level; a published raised ratio; the same week
already counted by the larger load ratio; a study found no effect; no study measured it."""

# Validation bounds on the inputs (not model constants).
WEEKLY_CHANGE_RANGE = (-100.0, 500.0)
SPIKE_RANGE = (-100.0, 1000.0)
FLUID_LOSS_RANGE = (-15.0, 15.0)
WARMUP_MIN_RANGE = (0.0, 120.0)

NOTE = (
    "Educational model, not medical advice. Ratios are injury hazard ratios from cohort "
    "studies and trials, used here as a proxy for calf soreness; one week's load is counted "
    "once, the other factors are multiplied as if independent, and the low-high range is a "
    "deliberately wide envelope, not a confidence interval. Pain that stops you bearing weight, swelling, or pain lasting "
    "more than about 5 days needs a clinician."
)


@dataclass(frozen=True)
class FactorRisk:
    """One factor's contribution to the relative risk.

    Attributes
    ----------
    name : str
        One of ``FACTOR_NAMES``.
    label : str
        Short human-readable label for a chart.
    input_value : float or numpy.ndarray
        The input the ratio was computed from, in ``unit``.
    unit : str
        Unit of ``input_value``.
    ratio, ratio_low, ratio_high : float or numpy.ndarray
        Ratio against the reference runner and its uncertainty range. For
        array inputs these (and ``input_value``) are read-only views
        broadcast to the common shape of the inputs.
    evidence_grade : str
        ``H``, ``M`` or ``L`` for the parameter that set the ratio.
    contested : bool
        True when the evidence behind this factor is weak, indirect,
        illustrative or contradicted by other studies (grade M or L).
    explanation : str
        What the ratio rests on and where the model departs from it.
    sources : tuple of str
        Source ids in ``data/sources.csv``.
    finding : str or numpy.ndarray of str
        One of :data:`FINDINGS`: what the ratio says, in words.
    """

    name: str
    label: str
    input_value: Number
    unit: str
    ratio: Number
    ratio_low: Number
    ratio_high: Number
    evidence_grade: str
    contested: bool
    explanation: str
    sources: tuple[str, ...]
    finding: str | np.ndarray = "reference"


@dataclass(frozen=True)
class RiskResult:
    """Result of :func:`soreness_risk`.

    Attributes
    ----------
    total, low, high : float or numpy.ndarray
        Product of the factor ratios, and of their low and high bounds.
    category : str or numpy.ndarray of str
        ``'lower'``, ``'similar'``, ``'raised'`` or ``'high'`` (thresholds
        ``risk_category_*`` in ``data/model_parameters.csv``).
    factors : tuple of FactorRisk
        In the order of ``FACTOR_NAMES``.
    reference : str
        Who the reference runner is.
    note : str
        The educational disclaimer and the model's main caveats.
    """

    total: Number
    low: Number
    high: Number
    category: str | np.ndarray
    factors: tuple[FactorRisk, ...]
    reference: str
    note: str

    def to_frame(self) -> pd.DataFrame:
        """One row per factor (scalar inputs only), columns as in :class:`FactorRisk`.

        Raises
        ------
        ValueError
            If the result was computed from array inputs.
        """
        if np.ndim(self.total) != 0:
            raise ValueError(f"to_frame() needs scalar inputs; this result has shape {np.shape(self.total)}")
        return pd.DataFrame(
            [
                {
                    "name": f.name,
                    "label": f.label,
                    "input_value": f.input_value,
                    "unit": f.unit,
                    "ratio": f.ratio,
                    "ratio_low": f.ratio_low,
                    "ratio_high": f.ratio_high,
                    "evidence_grade": f.evidence_grade,
                    "contested": f.contested,
                    "explanation": f.explanation,
                    "sources": "; ".join(f.sources),
                    "finding": f.finding,
                }
                for f in self.factors
            ]
        )


def soreness_risk(
    *,
    weekly_change_pct: Any = 0.0,
    spike_pct: Any = 0.0,
    fluid_loss_pct: Any = 0.0,
    warmup_min: Any = 0.0,
    warmup_type: str = "none",
) -> RiskResult:
    """Relative risk of calf soreness / injury against the reference runner.

    Parameters
    ----------
    weekly_change_pct : float or array-like, default 0
        This week's distance vs last week's, % change, -100 to 500.
        Ratio 1.0 up to +30 %, Nielsen 2014's HR 1.59 above (contested),
        unless the same week's spike ratio is at least as large (counted once).
    spike_pct : float or array-like, default 0
        This week's longest run vs the longest run of the previous 30 days,
        % longer, -100 to 1,000. Frandsen 2025 bands, held monotone: 1.0 up
        to 10 %, 1.64 for >10-100 %, 2.28 above 100 %.
    fluid_loss_pct : float or array-like, default 0
        Body-mass loss during the run, % of body mass, -15 to 15 (negative
        = gain). Ratio 1.0 at every value: not measured.
    warmup_min : float or array-like, default 0
        Warm-up minutes, 0-120. The range grows linearly from none at 0 min
        to the study's interval at 15 min (a teaching assumption).
    warmup_type : {'none', 'static', 'dynamic'}, default 'none'
        ``'none'`` is the reference (minutes ignored); ``'static'``
        stretching: Pope 2000, HR 0.95 (0.77-1.18); ``'dynamic'`` (easy
        jogging, drills): van Mechelen 1993, 5.5 vs 4.9 injuries per 1,000 h.
        Both are shown as 1.0, no effect found.

    The defaults are the reference runner: every ratio and the total are 1.0.

    Array inputs broadcast together (a 100 x 100 grid is one call); the
    outputs then have the broadcast shape.

    Returns
    -------
    RiskResult
        ``total = prod(ratio)``, ``low = prod(ratio_low)``,
        ``high = prod(ratio_high)``, ``category`` and the per-factor
        breakdown; see :class:`RiskResult`.

    Raises
    ------
    ValueError
        For a non-numeric, NaN, infinite or out-of-range input (naming the
        argument, value and range), an unknown ``warmup_type`` or inputs
        that cannot broadcast together.
    """
    warm_type = check_choice("warmup_type", warmup_type, WARMUP_TYPES)
    inputs = {
        "weekly_change_pct": _check(
            "weekly_change_pct", weekly_change_pct, WEEKLY_CHANGE_RANGE, "% change vs previous week"
        ),
        "spike_pct": _check(
            "spike_pct", spike_pct, SPIKE_RANGE, "% longer than the longest run of the previous 30 days"
        ),
        "fluid_loss_pct": _check("fluid_loss_pct", fluid_loss_pct, FLUID_LOSS_RANGE, "% body-mass loss"),
        "warmup_min": _check("warmup_min", warmup_min, WARMUP_MIN_RANGE, "minutes"),
    }
    try:
        shape = np.broadcast_shapes(*(np.shape(v) for v in inputs.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in inputs.items())
        raise ValueError(f"the inputs cannot be broadcast together: {shapes}") from None
    change, spike, fluid, minutes = (np.asarray(v, dtype=float) for v in inputs.values())

    # Each factor is computed at its own input's shape, then broadcast (a grid
    # of 100 spikes x 100 weekly changes costs 200 factor evaluations, not 40,000).
    factors = (
        _mileage_factor(change, _spike_ratios(spike)[0], shape),
        _spike_factor(spike, _mileage_ratios(change)[0], shape),
        _hydration_factor(fluid, shape),
        _warmup_factor(minutes, warm_type, shape),
    )
    total, low, high = (math.prod(getattr(f, field) for f in factors) for field in ("ratio", "ratio_low", "ratio_high"))
    category = _categorise(np.asarray(total))
    if shape == ():
        return RiskResult(float(total), float(low), float(high), str(category), factors, _reference(), NOTE)
    return RiskResult(total, low, high, category, factors, _reference(), NOTE)


def _reference() -> str:
    """Who the reference runner (relative risk 1.0) is, from the parameter table."""
    change = param("mileage_change_threshold_pct").value
    spike = param("spike_band_small_pct").value
    lookback = param("spike_lookback_days").value
    fluid = param("dehydration_threshold_pct").value
    return (
        f"The reference runner (relative risk 1.0) raises weekly distance by at most {change:g} %, "
        f"runs no more than {spike:g} % beyond the longest run of the previous {lookback:g} days, "
        f"and does no warm-up (the run simulator's defaults). Body-mass loss (below or above "
        f"{fluid:g} %) changes no ratio: no study measured it."
    )


def _check(name: str, value: Any, bounds: tuple[float, float], unit: str) -> Number:
    """A scalar input as a float, an array-like as a float64 array (both range-checked)."""
    if np.ndim(value) == 0 and not isinstance(value, np.ndarray):
        return check_number(name, value, *bounds, unit)
    return check_array(name, value, *bounds, unit)


def _out(x: np.ndarray, shape: tuple[int, ...]) -> Number:
    """A float for scalar input, else a read-only view broadcast to ``shape``."""
    return float(x) if shape == () else np.broadcast_to(x, shape)


def _factor(
    name: str,
    label: str,
    x: np.ndarray,
    unit: str,
    ratios: tuple[np.ndarray, np.ndarray, np.ndarray],
    evidence: Param,
    explanation: str,
    shape: tuple[int, ...],
    sources: tuple[str, ...] | None = None,
    finding: np.ndarray | str | None = None,
) -> FactorRisk:
    ratio, low, high = ratios
    if finding is None:
        finding = np.where(np.asarray(ratio) > 1.0, "raises risk", "reference")
    return FactorRisk(
        name=name,
        label=label,
        input_value=_out(x, shape),
        unit=unit,
        ratio=_out(ratio, shape),
        ratio_low=_out(low, shape),
        ratio_high=_out(high, shape),
        evidence_grade=evidence.evidence_grade,
        contested=evidence.evidence_grade != "H",
        explanation=explanation,
        sources=sources if sources is not None else evidence.sources,
        finding=_text_out(finding, shape),
    )


def _text_out(x: np.ndarray | str, shape: tuple[int, ...]) -> np.ndarray | str:
    """A str for scalar input, else a read-only array of str broadcast to ``shape``."""
    return str(np.asarray(x)) if shape == () else np.broadcast_to(np.asarray(x), shape)


def _step(above: np.ndarray, p: Param) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio (value, low, high) = ``p`` where ``above``, else the reference 1.0."""
    return tuple(np.where(above, v, 1.0) for v in (p.value, p.low, p.high))


def _mileage_ratios(change: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nielsen 2014's ratio above the threshold, before the week is counted once."""
    return _step(change > param("mileage_change_threshold_pct").value, param("mileage_change_hr"))


def _counted_once(own: np.ndarray, other: np.ndarray, ties_to_other: bool) -> np.ndarray:
    """Where this load ratio gives way to the other one from the same week (the larger is kept)."""
    return (own > 1.0) & ((other >= own) if ties_to_other else (other > own))


def _mileage_factor(change: np.ndarray, spike_ratio: np.ndarray, shape: tuple[int, ...]) -> FactorRisk:
    threshold = param("mileage_change_threshold_pct").value
    hr = param("mileage_change_hr")
    raw = _mileage_ratios(change)
    counted = _counted_once(raw[0], spike_ratio, ties_to_other=True)
    ratios = tuple(np.where(counted, 1.0, r) for r in raw)
    finding = np.where(counted, "counted once", np.where(raw[0] > 1.0, "raises risk", "reference"))
    explanation = (
        f"Contested. Nielsen 2014: novices raising weekly distance by more than {threshold:g} % had "
        f"HR {hr.value:.2f} ({hr.low:.2f}-{hr.high:.2f}, p = 0.07) vs under 10 %; the interval includes 1. "
        "Frandsen 2025 found no association for the week-to-week ratio once single-run spikes were in the "
        f"model, and the 10 % rule's randomised trial (Buist 2008) was null. The model applies {hr.value:.2f} "
        f"above {threshold:g} % and 1.0 below (no separate estimate for 10-{threshold:g} %). One week is "
        "counted once: when this week's longest run is a spike with a ratio at least as large, the spike "
        "carries the week and this factor reads 1.0."
    )
    return _factor(
        "mileage_change",
        "Weekly distance change",
        change,
        "% vs previous week",
        ratios,
        hr,
        explanation,
        shape,
        sources=tuple(dict.fromkeys(hr.sources + param("mileage_change_threshold_pct").sources)),
        finding=finding,
    )


def _spike_bands() -> tuple[list[float], list[tuple[float, float, float]], list[str]]:
    """Band edges and the monotone (cumulative-maximum) ratio of each band.

    Bands: <= e1 (reference), (e1, e2], (e2, e3], > e3. A band whose published
    ratio is below an earlier band's keeps the earlier ratio, and its range
    widens to cover both intervals.
    """
    edges = spike_band_edges()
    published = [param(p) for p in ("spike_hr_small", "spike_hr_moderate", "spike_hr_large")]
    bands = [(1.0, 1.0, 1.0)]
    notes = ["at or below the reference band"]
    held = None
    for p in published:
        if held is not None and p.value < held.value:
            bands.append((held.value, min(p.low, held.low), max(p.high, held.high)))
            notes.append(
                f"published HR {p.value:.2f} ({p.low:.2f}-{p.high:.2f}) is below the previous band's "
                f"{held.value:.2f} with overlapping intervals; the model holds {held.value:.2f} so risk "
                f"never falls as the spike grows, range widened to {bands[-1][1]:.2f}-{bands[-1][2]:.2f}"
            )
        else:
            held = p
            bands.append((p.value, p.low, p.high))
            notes.append(f"published HR {p.value:.2f} ({p.low:.2f}-{p.high:.2f})")
    return edges, bands, notes


def _spike_ratios(spike: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frandsen 2025's (monotone) band ratio of each spike, before the week is counted once."""
    _, bands, _ = _spike_bands()
    index = spike_band_index(spike)
    table = np.array(bands)
    return table[index, 0], table[index, 1], table[index, 2]


def _spike_factor(spike: np.ndarray, mileage_ratio: np.ndarray, shape: tuple[int, ...]) -> FactorRisk:
    edges, _, notes = _spike_bands()
    index = spike_band_index(spike)
    raw = _spike_ratios(spike)
    counted = _counted_once(raw[0], mileage_ratio, ties_to_other=False)
    ratios = tuple(np.where(counted, 1.0, r) for r in raw)
    finding = np.where(counted, "counted once", np.where(raw[0] > 1.0, "raises risk", "reference"))
    names = [f"<= {edges[0]:g} %", f"{edges[0]:g}-{edges[1]:g} %", f"{edges[1]:g}-{edges[2]:g} %", f"> {edges[2]:g} %"]
    if shape == ():
        detail = f"This run is in the {names[int(index)]} band: {notes[int(index)]}."
    else:
        detail = "Bands: " + "; ".join(f"{n}: {t}" for n, t in zip(names, notes)) + "."
    explanation = (
        "Frandsen 2025 (5,205 runners, GPS data): a run longer than the longest run of the previous "
        f"30 days raised the overuse-injury rate. {detail} One week is counted once with the weekly "
        "distance change: the larger of the two ratios carries the week."
    )
    evidence = param("spike_hr_small")
    return _factor(
        "spike",
        "Single-run spike",
        spike,
        "% longer than longest run in 30 days",
        ratios,
        evidence,
        explanation,
        shape,
        finding=finding,
    )


def _hydration_factor(fluid: np.ndarray, shape: tuple[int, ...]) -> FactorRisk:
    threshold = param("dehydration_threshold_pct")
    hr = param("hydration_hr")
    ratios = tuple(np.full(fluid.shape, v) for v in (hr.value, hr.low, hr.high))
    explanation = (
        f"Not measured: no study measured injury or calf-soreness risk against body-mass loss, so the "
        f"model shows no effect (×{hr.value:.2f}) below or above the {threshold.value:g} % level at which "
        "endurance performance falls in the laboratory (Sawka 2007; contested for self-paced exercise: "
        "no loss in cycling time trials up to about 4 %, Goulet 2011). In 210 Ironman triathletes those who cramped had not lost more body "
        "mass (Schwellnus 2011). One small study (Cleary 2005, n = 10, 3.3 % loss in heat) found more leg "
        "soreness afterwards: that is shown on the DOMS curve, not here."
    )
    return _factor(
        "hydration",
        "Fluid loss",
        fluid,
        "% body-mass loss",
        ratios,
        hr,
        explanation,
        shape,
        sources=tuple(dict.fromkeys(hr.sources + threshold.sources)),
        finding=np.full(fluid.shape, "not measured"),
    )


def _warmup_factor(minutes: np.ndarray, kind: str, shape: tuple[int, ...]) -> FactorRisk:
    saturation = param("warmup_saturation_min")
    dynamic, static = param("warmup_dynamic_rr"), param("warmup_static_hr")
    if kind == "none":
        ratios = tuple(np.ones_like(minutes) for _ in range(3))
        evidence = dynamic
        finding = np.full(minutes.shape, "reference")
        text = (
            "No warm-up is the reference (ratio 1.0; minutes are ignored). In runners, a warm-up, "
            "cool-down and stretching routine did not lower running injuries (van Mechelen 1993)."
        )
    else:
        evidence = dynamic if kind == "dynamic" else static
        share = np.minimum(minutes / saturation.value, 1.0)
        ratios = tuple(1.0 + (v - 1.0) * share for v in (evidence.value, evidence.low, evidence.high))
        finding = np.where(minutes > 0, "no effect found", "reference")
        if kind == "dynamic":
            text = (
                "No effect found in runners: in a randomised trial of 421 recreational runners a routine of "
                "warm-up, cool-down and stretching gave 5.5 vs 4.9 running injuries per 1,000 h (van Mechelen "
                f"1993), so the ratio is 1.0; the range {dynamic.low:.2f}-{dynamic.high:.2f} is what those counts "
                "allow. A football programme (FIFA 11+, Thorborg 2017) is not applied to jogging. A warm-up "
                "does lower DOMS a little (see the soreness curve)."
            )
        else:
            text = (
                "No effect found: stretching before exercise gave HR 0.95 (95 % CI "
                f"{static.low:.2f}-{static.high:.2f}) in 1,538 army recruits (Pope 2000), so the ratio is 1.0, "
                "not protection."
            )
        text += (
            f" The range grows to the study's interval at {saturation.value:g} min "
            "(a teaching assumption, not a measured dose-response)."
        )
    sources = tuple(dict.fromkeys(evidence.sources + saturation.sources))
    return _factor(
        "warm_up", f"Warm-up ({kind})", minutes, "min", ratios, evidence, text, shape, sources=sources, finding=finding
    )


def _categorise(total: np.ndarray) -> np.ndarray:
    cuts = [
        param(p).value for p in ("risk_category_lower_below", "risk_category_raised_from", "risk_category_high_from")
    ]
    return np.asarray(CATEGORIES)[np.searchsorted(cuts, total, side="right")]
