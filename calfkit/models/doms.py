"""Delayed-onset muscle soreness (DOMS) over the hours after a session.

Soreness on a 0-10 scale follows a smooth rise-and-fall curve::

    s(t) = S * g(t / tp) ** k,    g(x) = x * exp(1 - x)

``g`` rises from 0 at ``x = 0`` to 1 at ``x = 1`` and decays towards 0, so
``s`` peaks at ``t = tp`` hours with value ``S``. The pieces:

* ``tp`` — peak time: 48 h untrained, 24 h trained (Cheung 2003 24-72 h;
  Byrnes 1985 highest at 42 h; Vickers 2001 and Tokinoya 2020: trained
  runners peak earlier).
* ``S = 10 * (1 - exp(-(u / U + d / D))) * (1 - rbe(w))`` — grows with how
  unaccustomed the session was (``u``, % beyond usual) and its downhill
  share (``d``, %), stays below 10, and is cut by the repeated-bout effect.
* ``rbe(w) = R * clip((W_gone - w) / (W_gone - W_full), 0, 1)`` — full
  protection ``R`` up to ``W_full`` weeks after a similar session, fading
  linearly to none at ``W_gone`` weeks (Byrnes 1985; Nosaka 2005).
* ``k`` — shape exponent, calibrated so soreness has faded below the
  threshold within 7 days in every allowed scenario (Cheung 2003).

All numbers come from ``data/model_parameters.csv`` (model ``doms``); most
are grade L (illustrative calibration) and are documented in
``docs/models.md``. Educational model, not medical advice.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_array, check_number
from .parameters import param

__all__ = ["doms_curve", "doms_summary"]

SCALE_MAX = 10.0
"""Top of the 0-10 soreness scale (scale definition, not a model constant)."""

# Validation bounds on the inputs (not model constants).
HOURS_RANGE = (0.0, 336.0)
UNACCUSTOMED_RANGE = (0.0, 300.0)
DOWNHILL_RANGE = (0.0, 100.0)
WEEKS_RANGE = (0.0, 52.0)

_BISECTION_STEPS = 60
"""Halvings of the search interval in :func:`doms_summary` (well below 1e-9 h)."""


def doms_curve(
    hours: Any,
    *,
    unaccustomed_pct: float = 50.0,
    downhill_pct: float = 0.0,
    trained: bool = False,
    weeks_since_similar: float | None = None,
) -> pd.DataFrame:
    """Soreness (0-10) at the given hours after a session.

    ``s(t) = S * ((t / tp) * exp(1 - t / tp)) ** k``; see the module
    docstring for ``S``, ``tp`` and ``k``.

    Parameters
    ----------
    hours : array-like of float
        Hours after the session, each 0-336 (two weeks), finite.
    unaccustomed_pct : float, default 50
        How much longer or harder than usual the session was, 0-300 %.
    downhill_pct : float, default 0
        Share of the session run downhill (eccentric work), 0-100 %.
    trained : bool, default False
        Trained runners peak earlier (24 h instead of 48 h).
    weeks_since_similar : float or None, default None
        Weeks since a similar session, 0-52; ``None`` if never (no
        repeated-bout protection).

    Returns
    -------
    pandas.DataFrame
        Columns ``hours`` (as given, float) and ``soreness`` (0-10).

    Raises
    ------
    ValueError
        For non-numeric, NaN, infinite, negative or out-of-range hours or
        scenario values, a non-bool ``trained``, or empty / non-1-D hours.
    """
    t = check_array("hours", hours, *HOURS_RANGE, "hours after the session")
    if t.ndim > 1:
        raise ValueError(f"hours has shape {t.shape}; expected a one-dimensional list of hours")
    t = np.atleast_1d(t)
    peak, tp, k = _scenario(unaccustomed_pct, downhill_pct, trained, weeks_since_similar)
    return pd.DataFrame({"hours": t, "soreness": peak * _shape(t / tp) ** k})


def doms_summary(
    *,
    unaccustomed_pct: float = 50.0,
    downhill_pct: float = 0.0,
    trained: bool = False,
    weeks_since_similar: float | None = None,
) -> dict[str, float]:
    """Onset, peak and resolution of the soreness curve.

    Parameters
    ----------
    unaccustomed_pct, downhill_pct, trained, weeks_since_similar
        As for :func:`doms_curve`.

    Returns
    -------
    dict
        ``onset_h``: first hour soreness reaches the threshold (1/10,
        ``doms_threshold``); ``peak_h``: hour of the peak; ``peak_soreness``
        (0-10); ``resolved_h``: first hour after the peak when soreness is
        back below the threshold. ``onset_h`` and ``resolved_h`` are NaN
        when the peak never reaches the threshold.

    Raises
    ------
    ValueError
        As for :func:`doms_curve`.
    """
    peak, tp, k = _scenario(unaccustomed_pct, downhill_pct, trained, weeks_since_similar)
    threshold = param("doms_threshold").value
    onset = resolved = math.nan
    if peak >= threshold:
        level = (threshold / peak) ** (1.0 / k)
        onset = tp * _solve(level, 0.0, 1.0, rising=True)
        resolved = tp * _solve(level, 1.0, _upper_x(level), rising=False)
    return {"onset_h": onset, "peak_h": tp, "peak_soreness": peak, "resolved_h": resolved}


def _scenario(unaccustomed_pct: Any, downhill_pct: Any, trained: Any, weeks_since_similar: Any) -> tuple[float, float, float]:
    """Validate a scenario; return peak soreness S, peak time tp (h) and shape k."""
    u = check_number("unaccustomed_pct", unaccustomed_pct, *UNACCUSTOMED_RANGE, "% beyond usual")
    d = check_number("downhill_pct", downhill_pct, *DOWNHILL_RANGE, "% of the session downhill")
    if not isinstance(trained, (bool, np.bool_)):
        raise ValueError(f"trained={trained!r} must be True or False")
    protection = 0.0
    if weeks_since_similar is not None:
        w = check_number("weeks_since_similar", weeks_since_similar, *WEEKS_RANGE, "weeks, or None for never")
        protection = _repeated_bout(w)
    dose = u / param("doms_unaccustomed_scale_pct").value + d / param("doms_downhill_scale_pct").value
    peak = SCALE_MAX * -math.expm1(-dose) * (1.0 - protection)
    tp = param("doms_peak_h_trained" if trained else "doms_peak_h_untrained").value
    return peak, tp, param("doms_shape_k").value


def _repeated_bout(weeks: float) -> float:
    """Fraction of peak soreness removed ``weeks`` after a similar session."""
    full = param("rbe_full_weeks").value
    gone = param("rbe_gone_weeks").value
    fading = min(max((gone - weeks) / (gone - full), 0.0), 1.0)
    return param("rbe_max_reduction").value * fading


def _shape(x: np.ndarray | float) -> np.ndarray | float:
    """``g(x) = x * exp(1 - x)``: 0 at 0, maximum 1 at x = 1, then decays."""
    return x * np.exp(1.0 - x)


def _upper_x(level: float) -> float:
    """An ``x > 1`` with ``g(x) < level``, to bracket the falling crossing."""
    x = 2.0
    while _shape(x) >= level:
        x *= 2.0
    return x


def _solve(level: float, lo: float, hi: float, *, rising: bool) -> float:
    """Bisection for ``g(x) = level`` on ``[lo, hi]`` where ``g`` is monotone."""
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        if (_shape(mid) < level) == rising:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)
