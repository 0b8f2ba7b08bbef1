"""Calf soreness over the hours after a run: DOMS, and early soreness after a race.

Soreness on a 0-10 scale is the sum of two parts that the evidence keeps
apart (Tokinoya 2020: soreness right after a full marathon is *early-onset*
soreness, different from DOMS)::

    s(t)       = doms(t) + early(t)
    doms(t)    = S * g(x) ** k,   x = t / tp            for t <= tp
                                  x = 1 + (t - tp) / w  for t >  tp
    g(x)       = x * exp(1 - x)
    early(t)   = E * exp(-t / te)      only after a prolonged run (a race)

``g`` rises from 0 at ``x = 0`` to 1 at ``x = 1`` and decays, so DOMS peaks
at ``t = tp`` hours with value ``S`` and falls over a width of ``w`` hours.

* ``tp`` -- DOMS peak time: 48 h untrained, 24 h trained (Cheung 2003 24-72
  h; Byrnes 1985 highest at 42 h; Vickers 2001: runners peak earlier).
* ``S = 10 * (1 - exp(-(u / U + d / D))) * (1 - P) * H * (1 - A)`` -- grows
  with how unaccustomed the session was (``u``, % beyond usual) and its
  downhill share (``d``, %), stays below 10, and is lowered by:

  - ``P = max(rbe(weeks), R if trained)``: protection of a similar recent
    session (repeated-bout effect) or of being trained for this kind of run
    (``R``, Byrnes 1985). Protection is full for ``W_full = 6`` weeks
    (Byrnes 1985: "lasts up to 6 wk"; Cleary 2002: less pain at 6-9 weeks)
    and fades linearly to none at ``W_gone`` weeks;
  - ``A = share * a / S_ref``: a warm-up before the run (Law & Herbert 2007:
    13 mm of 100 less soreness at 48 h after a 10-minute warm-up; ``a`` is
    that effect in points and ``S_ref`` the model's peak for their
    all-downhill protocol), ``share = min(minutes / 10, 1)``; static
    stretching has no effect (Herbert 2011: -0.5 of 100 points);
  - ``H``: a factor above 1 when body-mass loss is above the 2 % threshold
    (Cleary 2005: more leg pain after 3.3 % loss; the size is illustrative).

* ``E``, ``te`` -- early post-race soreness, highest straight after the race
  (Tokinoya 2020), calibrated with the DOMS part to the marathon time course
  of Takayama 2017.

``doms_band`` gives an uncertainty band: the lowest and highest curve over
the parameter ranges (``low``-``high`` of the rows in
``data/model_parameters.csv``, model ``doms``). Educational model, not
medical advice; see ``docs/models.md`` and ``docs/validation.md``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_array, check_choice, check_number
from .parameters import param

__all__ = ["doms_curve", "doms_summary", "doms_band", "doms_scenario", "DomsScenario", "WARMUP_TYPES"]

SCALE_MAX = 10.0
"""Top of the 0-10 soreness scale (scale definition, not a model constant)."""

WARMUP_TYPES = ("none", "static", "dynamic")
"""Warm-up types: none; static stretching; dynamic (easy jogging, drills: an aerobic warm-up)."""

# Validation bounds on the inputs (not model constants).
HOURS_RANGE = (0.0, 336.0)
UNACCUSTOMED_RANGE = (0.0, 300.0)
DOWNHILL_RANGE = (0.0, 100.0)
WEEKS_RANGE = (0.0, 52.0)
FLUID_LOSS_RANGE = (-15.0, 15.0)
WARMUP_MIN_RANGE = (0.0, 120.0)

_SUMMARY_STEP_H = 0.5
"""Grid step (h) on which :func:`doms_summary` brackets the crossings and the peak (then refined)."""


@dataclass(frozen=True)
class DomsScenario:
    """A validated scenario: the numbers that set the curve.

    Attributes
    ----------
    peak : float
        DOMS peak ``S`` (0-10).
    peak_h : float
        DOMS peak time ``tp`` (h).
    fall_h : float
        Width ``w`` (h) of the fall after the peak.
    shape : float
        Exponent ``k``.
    early : float
        Early post-race soreness ``E`` at 0 h (0 when the run was not prolonged).
    early_decay_h : float
        Decay time ``te`` (h) of the early soreness.
    """

    peak: float
    peak_h: float
    fall_h: float
    shape: float
    early: float
    early_decay_h: float

    def soreness(self, t: np.ndarray) -> np.ndarray:
        """``doms(t) + early(t)`` at hours ``t``."""
        x = np.where(t <= self.peak_h, t / self.peak_h, 1.0 + (t - self.peak_h) / self.fall_h)
        doms = self.peak * (x * np.exp(1.0 - x)) ** self.shape
        if self.early == 0.0:
            return doms
        return doms + self.early * np.exp(-t / self.early_decay_h)

    def at(self, t: float) -> float:
        """:meth:`soreness` at one hour, in plain floats (quicker for a scalar)."""
        x = t / self.peak_h if t <= self.peak_h else 1.0 + (t - self.peak_h) / self.fall_h
        value = self.peak * (x * math.exp(1.0 - x)) ** self.shape
        return value + self.early * math.exp(-t / self.early_decay_h) if self.early else value


def doms_curve(hours: Any, **scenario: Any) -> pd.DataFrame:
    """Soreness (0-10) at the given hours after a run.

    Parameters
    ----------
    hours : array-like of float
        Hours after the run, each 0-336 (two weeks), finite.
    **scenario
        Keyword arguments of :func:`scenario` (all optional):
        ``unaccustomed_pct``, ``downhill_pct``, ``trained``,
        ``weeks_since_similar``, ``prolonged``, ``fluid_loss_pct``,
        ``warmup_min``, ``warmup_type``.

    Returns
    -------
    pandas.DataFrame
        Columns ``hours`` (as given, float), ``soreness`` (0-10, the sum),
        ``doms`` and ``early`` (its two parts).

    Raises
    ------
    ValueError
        For non-numeric, NaN, infinite, negative or out-of-range hours or
        scenario values, a non-bool flag, an unknown warm-up type, or empty /
        non-1-D hours.
    """
    t = _hours(hours)
    s = doms_scenario(**scenario)
    early = s.early * np.exp(-t / s.early_decay_h) if s.early else np.zeros_like(t)
    total = s.soreness(t)
    return pd.DataFrame({"hours": t, "soreness": total, "doms": total - early, "early": early})


def doms_band(hours: Any, **scenario: Any) -> tuple[np.ndarray, np.ndarray]:
    """Uncertainty band of :func:`doms_curve`: lowest and highest curve over the parameter ranges.

    Every parameter of model ``doms`` that has a range is set to its low and
    its high end (the peak height's parameters together, so that the band
    spans a gentler and a harsher response; peak time, fall width and shape
    each on their own; the peak time also at its central value, because the
    curve at a given hour is not monotone in it); the band is the pointwise
    minimum and maximum of those ``2 * 3 * 2 * 2 = 24`` curves, capped to 0-10.

    Parameters
    ----------
    hours : array-like of float
        As for :func:`doms_curve`.
    **scenario
        As for :func:`doms_curve`.

    Returns
    -------
    low, high : numpy.ndarray
        Soreness (0-10) at each hour.
    """
    t = _hours(hours)
    inputs = _inputs(**scenario)
    ends = itertools.product((0, 1), (0, None, 1), (0, 1), (0, 1))
    curves = [_build(inputs, end).soreness(t) for end in ends]
    stack = np.vstack(curves)
    return np.clip(stack.min(axis=0), 0.0, SCALE_MAX), np.clip(stack.max(axis=0), 0.0, SCALE_MAX)


def doms_summary(**scenario: Any) -> dict[str, float]:
    """Onset, peak and resolution of the soreness curve.

    Parameters
    ----------
    **scenario
        As for :func:`doms_curve`.

    Returns
    -------
    dict
        ``onset_h``: first hour soreness reaches the threshold (1/10,
        ``doms_threshold``); ``peak_h``: hour of the highest soreness;
        ``peak_soreness`` (0-10); ``resolved_h``: first hour after the peak
        when soreness is back below the threshold; ``doms_peak_h`` and
        ``doms_peak`` (the DOMS part alone, ``tp`` and ``S``);
        ``early_soreness`` (the early post-race part at 0 h). ``onset_h`` and
        ``resolved_h`` are NaN when soreness never reaches the threshold.

    Raises
    ------
    ValueError
        As for :func:`doms_curve`.
    """
    s = doms_scenario(**scenario)
    threshold = param("doms_threshold").value
    t = np.arange(0.0, HOURS_RANGE[1] + _SUMMARY_STEP_H / 2, _SUMMARY_STEP_H)
    curve = s.soreness(t)
    top = int(np.argmax(curve))
    peak_h = _refine_peak(s, t, top)
    peak = s.at(peak_h)
    onset = resolved = math.nan
    if peak >= threshold:
        first = int(np.argmax(curve >= threshold))
        onset = 0.0 if first == 0 else _bisect(s, t[first - 1], t[first], threshold)
        after = np.flatnonzero(curve[top:] < threshold)
        if after.size:
            end = top + int(after[0])
            resolved = _bisect(s, t[end - 1], t[end], threshold)
    return {
        "onset_h": onset,
        "peak_h": peak_h,
        "peak_soreness": peak,
        "resolved_h": resolved,
        "doms_peak_h": s.peak_h,
        "doms_peak": s.peak,
        "early_soreness": s.early,
    }


_REFINE_STEPS = 40
"""Halvings of the search interval when :func:`doms_summary` refines a crossing or the peak."""


def _bisect(s: DomsScenario, lo: float, hi: float, level: float) -> float:
    """Hour in ``[lo, hi]`` where the curve crosses ``level`` (it is on either side at the ends)."""
    rising = s.at(lo) < level
    for _ in range(_REFINE_STEPS):
        mid = 0.5 * (lo + hi)
        if (s.at(mid) < level) == rising:
            lo = mid
        else:
            hi = mid
    return float(0.5 * (lo + hi))


def _refine_peak(s: DomsScenario, t: np.ndarray, top: int) -> float:
    """Hour of the maximum near grid point ``top`` (ternary search; the curve is smooth there)."""
    if s.early == 0.0:
        return s.peak_h  # DOMS alone peaks exactly at tp
    if top == 0:
        return 0.0
    lo, hi = float(t[top - 1]), float(t[min(top + 1, t.size - 1)])
    for _ in range(_REFINE_STEPS):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if s.at(a) < s.at(b):
            lo = a
        else:
            hi = b
    return float(0.5 * (lo + hi))


def _hours(hours: Any) -> np.ndarray:
    t = check_array("hours", hours, *HOURS_RANGE, "hours after the run")
    if t.ndim > 1:
        raise ValueError(f"hours has shape {t.shape}; expected a one-dimensional list of hours")
    return np.atleast_1d(t)


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}={value!r} must be True or False")
    return bool(value)


def _p(pid: str, end: int | None) -> float:
    """A parameter's value, or its low (``end = 0``) or high (``end = 1``) end."""
    p = param(pid)
    return p.value if end is None else (p.low, p.high)[end]


def doms_scenario(**scenario: Any) -> DomsScenario:
    """Validate a scenario and compute the numbers of its curve.

    Parameters
    ----------
    unaccustomed_pct : float, default 50
        How much longer or harder than usual the run was, 0-300 %.
    downhill_pct : float, default 0
        Share of the run downhill (eccentric work), 0-100 %.
    trained : bool, default False
        Trained for this kind of run: DOMS peaks earlier (24 h, not 48 h)
        and lower (the repeated-bout protection ``R``).
    weeks_since_similar : float or None, default None
        Weeks since a similar run, 0-52; ``None`` if never.
    prolonged : bool, default False
        A race or a run of marathon length: adds early post-race soreness.
    fluid_loss_pct : float, default 0
        Body-mass loss during the run, -15 to 15 % (negative = gain).
    warmup_min : float, default 0
        Warm-up minutes before the run, 0-120.
    warmup_type : {'none', 'static', 'dynamic'}, default 'none'
        Only a dynamic (aerobic) warm-up lowers DOMS (Law & Herbert 2007);
        static stretching does not (Herbert 2011).

    Returns
    -------
    DomsScenario

    Raises
    ------
    ValueError
        Naming the argument, the value and the allowed range; ``TypeError``
        for an unknown keyword.
    """
    return _build(_inputs(**scenario), None)


@dataclass(frozen=True)
class _Inputs:
    """A validated scenario (see :func:`doms_scenario` for the meaning of each field)."""

    unaccustomed_pct: float
    downhill_pct: float
    trained: bool
    weeks_since_similar: float | None
    prolonged: bool
    fluid_loss_pct: float
    warmup_min: float
    warmup_type: str


def _inputs(
    *,
    unaccustomed_pct: Any = 50.0,
    downhill_pct: Any = 0.0,
    trained: Any = False,
    weeks_since_similar: Any = None,
    prolonged: Any = False,
    fluid_loss_pct: Any = 0.0,
    warmup_min: Any = 0.0,
    warmup_type: str = "none",
) -> _Inputs:
    """Validate a scenario's arguments (see :func:`doms_scenario`)."""
    u = check_number("unaccustomed_pct", unaccustomed_pct, *UNACCUSTOMED_RANGE, "% beyond usual")
    d = check_number("downhill_pct", downhill_pct, *DOWNHILL_RANGE, "% of the run downhill")
    is_trained = _flag("trained", trained)
    is_prolonged = _flag("prolonged", prolonged)
    fluid = check_number("fluid_loss_pct", fluid_loss_pct, *FLUID_LOSS_RANGE, "% body-mass loss")
    minutes = check_number("warmup_min", warmup_min, *WARMUP_MIN_RANGE, "minutes")
    kind = check_choice("warmup_type", warmup_type, WARMUP_TYPES)
    weeks = None
    if weeks_since_similar is not None:
        weeks = check_number("weeks_since_similar", weeks_since_similar, *WEEKS_RANGE, "weeks, or None for never")
    return _Inputs(u, d, is_trained, weeks, is_prolonged, fluid, minutes, kind)


def _build(inputs: _Inputs, ends: tuple[int | None, int | None, int | None, int | None] | None) -> DomsScenario:
    """The curve's numbers for validated inputs, with parameters at their range ends.

    ``ends`` is ``(peak height, peak time, fall width, shape)``, each 0 for
    the low end of its parameters' ranges, 1 for the high end, or ``None``
    for the central values.
    """
    u, d, weeks, fluid, minutes = (
        inputs.unaccustomed_pct,
        inputs.downhill_pct,
        inputs.weeks_since_similar,
        inputs.fluid_loss_pct,
        inputs.warmup_min,
    )
    is_trained, is_prolonged, kind = inputs.trained, inputs.prolonged, inputs.warmup_type
    height, when, width, shape = ends if ends is not None else (None, None, None, None)
    gentle = None if height is None else 1 - height  # a harsher response has smaller dose scales

    protection = 0.0
    reduction = _p("rbe_max_reduction", gentle)
    if weeks is not None:
        protection = _repeated_bout(weeks, reduction, gentle)
    if is_trained:
        protection = max(protection, reduction)
    dose = u / _p("doms_unaccustomed_scale_pct", gentle) + d / _p("doms_downhill_scale_pct", gentle)
    hydration = _p("dehydration_doms_factor", height) if fluid > param("dehydration_threshold_pct").value else 1.0
    warm = 0.0
    if kind == "dynamic" and minutes > 0:
        share = min(minutes / param("warmup_doms_full_min").value, 1.0)
        reference = SCALE_MAX * -math.expm1(-DOWNHILL_RANGE[1] / param("doms_downhill_scale_pct").value)
        warm = share * _p("warmup_doms_reduction_points", gentle) / reference
    peak = SCALE_MAX * -math.expm1(-dose) * (1.0 - protection) * (1.0 - warm) * hydration
    peak = min(peak, SCALE_MAX)
    tp = _p("doms_peak_h_trained" if is_trained else "doms_peak_h_untrained", when)
    early = _p("early_soreness_peak", height) if is_prolonged else 0.0
    return DomsScenario(
        peak=peak,
        peak_h=tp,
        fall_h=_p("doms_fall_h", width),
        shape=_p("doms_shape_k", shape),
        early=early,
        early_decay_h=_p("early_soreness_decay_h", height),
    )


def _repeated_bout(weeks: float, reduction: float, end: int | None) -> float:
    """Fraction of peak soreness removed ``weeks`` after a similar run (``end`` as in :func:`_p`)."""
    full = param("rbe_full_weeks").value
    gone = _p("rbe_gone_weeks", end)
    fading = min(max((gone - weeks) / (gone - full), 0.0), 1.0)
    return reduction * fading
