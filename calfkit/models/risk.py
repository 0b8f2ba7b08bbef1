"""Relative risk of calf soreness or injury against a reference runner.

The model multiplies one ratio per factor::

    total = r_mileage(weekly_change_pct) * r_spike(spike_pct)
            * r_hydration(fluid_loss_pct) * r_warmup(warmup_min, warmup_type)

and bounds it by the product of the factors' low and high ratios (an
envelope, not a confidence interval). Every ratio, threshold and band edge
is a row of ``data/model_parameters.csv``. The published ratios are injury
hazard ratios; the kit borrows them as a proxy for "sore calves that stop
you running", which no study measured directly. Factors are multiplied as if
independent, which they are not (a spike often is the weekly jump).

Educational model, not medical advice. See ``docs/models.md``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Union

import numpy as np
import pandas as pd

from ..validate import check_array, check_choice, check_number
from .parameters import Param, param
from .training import spike_band_edges, spike_band_index

__all__ = ["FactorRisk", "RiskResult", "soreness_risk", "FACTOR_NAMES", "WARMUP_TYPES", "CATEGORIES"]

Number = Union[float, np.ndarray]

FACTOR_NAMES = ("mileage_change", "spike", "hydration", "warm_up")
WARMUP_TYPES = ("none", "static", "dynamic")
CATEGORIES = ("lower", "similar", "raised", "high")

# Validation bounds on the inputs (not model constants).
WEEKLY_CHANGE_RANGE = (-100.0, 500.0)
SPIKE_RANGE = (-100.0, 1000.0)
FLUID_LOSS_RANGE = (-15.0, 15.0)
WARMUP_MIN_RANGE = (0.0, 120.0)

NOTE = (
    "Educational model, not medical advice. Ratios are injury hazard ratios from cohort "
    "studies and trials, used here as a proxy for calf soreness; factors are multiplied as "
    "if independent, and the low-high range is a deliberately wide envelope, not a "
    "confidence interval. Pain that stops you bearing weight, swelling, or pain lasting "
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
    category: Union[str, np.ndarray]
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
            raise ValueError(
                f"to_frame() needs scalar inputs; this result has shape {np.shape(self.total)}"
            )
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
                }
                for f in self.factors
            ]
        )


def soreness_risk(
    *,
    weekly_change_pct: Any = 0.0,
    spike_pct: Any = 0.0,
    fluid_loss_pct: Any = 0.0,
    warmup_min: Any = 10.0,
    warmup_type: str = "dynamic",
) -> RiskResult:
    """Relative risk of calf soreness / injury against the reference runner.

    Parameters
    ----------
    weekly_change_pct : float or array-like, default 0
        This week's distance vs last week's, % change, -100 to 500.
        Ratio 1.0 up to +30 %, Nielsen 2014's HR 1.59 above (contested).
    spike_pct : float or array-like, default 0
        Today's run vs the longest run of the previous 30 days, % longer,
        -100 to 1,000. Frandsen 2025 bands, held monotone: 1.0 up to 10 %,
        1.64 for >10-100 %, 2.28 above 100 %.
    fluid_loss_pct : float or array-like, default 0
        Body-mass loss during the run, % of body mass, -15 to 15 (negative
        = gain). Ratio 1.0 below 2 %, an illustrative 1.25 from 2 % (grade L).
    warmup_min : float or array-like, default 10
        Warm-up minutes, 0-120. The ratio moves linearly from 1.0 at 0 min
        to the full ratio at 15 min (a teaching assumption) and stays there.
    warmup_type : {'none', 'static', 'dynamic'}, default 'dynamic'
        ``'none'`` is the reference (ratio 1.0, minutes ignored);
        ``'static'`` stretching: Pope 2000 HR 0.95; ``'dynamic'``: a
        structured programme, Thorborg 2017 IRR 0.61 (football; contested).

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
        "weekly_change_pct": _check("weekly_change_pct", weekly_change_pct, WEEKLY_CHANGE_RANGE, "% change vs previous week"),
        "spike_pct": _check("spike_pct", spike_pct, SPIKE_RANGE, "% longer than the longest run of the previous 30 days"),
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
        _mileage_factor(change, shape),
        _spike_factor(spike, shape),
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
        f"finishes with less than {fluid:g} % body-mass loss and does no structured warm-up."
    )


def _check(name: str, value: Any, bounds: tuple[float, float], unit: str) -> Number:
    """A scalar input as a float, an array-like as a float64 array (both range-checked)."""
    if np.ndim(value) == 0 and not isinstance(value, np.ndarray):
        return check_number(name, value, *bounds, unit)
    return check_array(name, value, *bounds, unit)


def _out(x: np.ndarray, shape: tuple[int, ...]) -> Number:
    """A float for scalar input, else a read-only view broadcast to ``shape``."""
    return float(x) if shape == () else np.broadcast_to(x, shape)


def _factor(name: str, label: str, x: np.ndarray, unit: str, ratios: tuple[np.ndarray, np.ndarray, np.ndarray],
            evidence: Param, explanation: str, shape: tuple[int, ...], sources: tuple[str, ...] | None = None) -> FactorRisk:
    ratio, low, high = ratios
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
    )


def _step(above: np.ndarray, p: Param) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio (value, low, high) = ``p`` where ``above``, else the reference 1.0."""
    return tuple(np.where(above, v, 1.0) for v in (p.value, p.low, p.high))


def _mileage_factor(change: np.ndarray, shape: tuple[int, ...]) -> FactorRisk:
    threshold = param("mileage_change_threshold_pct").value
    hr = param("mileage_change_hr")
    explanation = (
        f"Contested. Nielsen 2014: novices raising weekly distance by more than {threshold:g} % had "
        f"HR {hr.value:.2f} ({hr.low:.2f}-{hr.high:.2f}, p = 0.07) vs under 10 %; the interval includes 1. "
        "Frandsen 2025 found no association for the week-to-week ratio and the 10 % rule's "
        f"randomised trial (Buist 2008) was null. The model applies {hr.value:.2f} above "
        f"{threshold:g} % and 1.0 below (no separate estimate for 10-{threshold:g} %)."
    )
    return _factor("mileage_change", "Weekly distance change", change, "% vs previous week",
                   _step(change > threshold, hr), hr, explanation, shape,
                   sources=tuple(dict.fromkeys(hr.sources + param("mileage_change_threshold_pct").sources)))


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


def _spike_factor(spike: np.ndarray, shape: tuple[int, ...]) -> FactorRisk:
    edges, bands, notes = _spike_bands()
    index = spike_band_index(spike)
    table = np.array(bands)
    ratios = (table[index, 0], table[index, 1], table[index, 2])
    names = [f"<= {edges[0]:g} %", f"{edges[0]:g}-{edges[1]:g} %", f"{edges[1]:g}-{edges[2]:g} %", f"> {edges[2]:g} %"]
    if shape == ():
        detail = f"This run is in the {names[int(index)]} band: {notes[int(index)]}."
    else:
        detail = "Bands: " + "; ".join(f"{n}: {t}" for n, t in zip(names, notes)) + "."
    explanation = (
        "Frandsen 2025 (5,205 runners, GPS data): a run longer than the longest run of the previous "
        f"30 days raised the overuse-injury rate. {detail}"
    )
    evidence = param("spike_hr_small")
    return _factor("spike", "Single-run spike", spike, "% longer than longest run in 30 days",
                   ratios, evidence, explanation, shape)


def _hydration_factor(fluid: np.ndarray, shape: tuple[int, ...]) -> FactorRisk:
    threshold = param("dehydration_threshold_pct")
    hr = param("hydration_hr")
    explanation = (
        f"Weak evidence; the magnitude is illustrative. Above {threshold.value:g} % body-mass "
        f"loss (Sawka 2007's performance threshold, itself contested for self-paced running in cool "
        f"weather: Goulet 2011) the model applies {hr.value:.2f} ({hr.low:.2f}-{hr.high:.2f}). No study gives "
        "this number: Cleary 2005 (n = 10) only found more leg pain after 3.3 % loss."
    )
    return _factor("hydration", "Fluid loss", fluid, "% body-mass loss",
                   _step(fluid > threshold.value, hr), hr, explanation, shape,
                   sources=tuple(dict.fromkeys(hr.sources + threshold.sources)))


def _warmup_factor(minutes: np.ndarray, kind: str, shape: tuple[int, ...]) -> FactorRisk:
    saturation = param("warmup_saturation_min")
    dynamic, static = param("warmup_dynamic_rr"), param("warmup_static_hr")
    if kind == "none":
        ratios = tuple(np.ones_like(minutes) for _ in range(3))
        evidence = dynamic
        text = (
            "No warm-up is the reference (ratio 1.0; minutes are ignored). For comparison, a structured "
            f"dynamic programme lowered football injuries (Thorborg 2017, IRR {dynamic.value:.2f}); "
            "evidence in runners is lacking."
        )
    else:
        evidence = dynamic if kind == "dynamic" else static
        share = np.minimum(minutes / saturation.value, 1.0)
        ratios = tuple(1.0 + (v - 1.0) * share for v in (evidence.value, evidence.low, evidence.high))
        if kind == "dynamic":
            text = (
                f"Contested, indirect evidence: FIFA 11+ structured warm-up programme, IRR {dynamic.value:.2f} "
                f"({dynamic.low:.2f}-{dynamic.high:.2f}) in football (Thorborg 2017), not runners and not a "
                "single warm-up."
            )
        else:
            text = (
                f"Static stretching before running showed no detectable effect: HR {static.value:.2f} "
                f"({static.low:.2f}-{static.high:.2f}) in 1,538 recruits (Pope 2000); the interval includes 1."
            )
        text += (
            f" The effect grows linearly to its full size at {saturation.value:g} min and stays there "
            "(a teaching assumption, not a measured dose-response)."
        )
    sources = tuple(dict.fromkeys(evidence.sources + saturation.sources))
    return _factor("warm_up", f"Warm-up ({kind})", minutes, "min", ratios, evidence, text, shape, sources=sources)


def _categorise(total: np.ndarray) -> np.ndarray:
    cuts = [param(p).value for p in ("risk_category_lower_below", "risk_category_raised_from", "risk_category_high_from")]
    return np.asarray(CATEGORIES)[np.searchsorted(cuts, total, side="right")]
