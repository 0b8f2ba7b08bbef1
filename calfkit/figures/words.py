"""Numbers in plain words, for the first sentence of a readout ("about a third higher than ...").

A 16-year-old reads "about a third higher" more easily than "relative risk ×1.33". These
helpers turn a ratio or an hour count into such words; the exact number stays in the details.
"""

from __future__ import annotations

import math

from .style import fmt

__all__ = ["ratio_words", "hours_words"]

_FRACTIONS = ((0.10, "a tenth"), (0.20, "a fifth"), (0.25, "a quarter"), (1 / 3, "a third"), (0.40, "two fifths"))
"""Shares a ratio can be said to be higher or lower by, in words."""

_TIMES = {2.0: "twice", 3.0: "three times", 4.0: "four times", 5.0: "five times"}


def _share(share: float) -> str:
    """A share of 0.05-0.45 as the nearest fraction in words, or a rounded percentage."""
    value, words = min(_FRACTIONS, key=lambda f: abs(f[0] - share))
    return words if abs(value - share) <= 0.04 else f"{round(share * 10) * 10:.0f} %"


def ratio_words(ratio: float) -> str:
    """How a ratio compares with 1, in words: ``"about a third higher than"``, ``"about twice"``.

    Parameters
    ----------
    ratio : float
        A relative risk or any ratio to a reference (> 0).

    Returns
    -------
    str
        Ends so that "the reference ..." can follow: "about the same as", "a little higher
        than", "about a third higher than", "about one and a half times", "about twice",
        "about 2.5 times", "a little lower than", "about a quarter lower than", "about half".

    Raises
    ------
    ValueError
        If ``ratio`` is not a positive finite number.
    """
    r = float(ratio)
    if not (math.isfinite(r) and r > 0):
        raise ValueError(f"ratio={ratio!r} must be a positive finite number")
    if 0.95 <= r <= 1.05:
        return "about the same as"
    if 1.05 < r < 1.08:
        return "a little higher than"
    if 0.92 < r < 0.95:
        return "a little lower than"
    if 1.08 <= r < 1.42:
        return f"about {_share(r - 1)} higher than"
    if 1.42 <= r < 1.75:
        return "about one and a half times"
    if r >= 1.75:
        half = round(r * 2) / 2
        return f"about {_TIMES.get(half, fmt(half, 1) + ' times')}"
    if r > 0.55:
        return f"about {_share(1 - r)} lower than"
    return "about half" if r > 0.42 else f"about {fmt(r, 1)} times"


def hours_words(hours: float) -> str:
    """An hour count after a run in words a learner pictures: ``"about 2 days (48 h)"``, ``"11 h"``.

    Parameters
    ----------
    hours : float
        Hours after the session (>= 0, finite).

    Returns
    -------
    str
        Under 36 h: the hours; from 36 h: days rounded to a half day, with the hours.
    """
    h = float(hours)
    if not (math.isfinite(h) and h >= 0):
        raise ValueError(f"hours={hours!r} must be a finite number >= 0")
    if h < 36:
        return f"{fmt(h, 0)} h"
    days = round(h / 12) / 2
    return f"about {fmt(days, 1)} days ({fmt(h, 0)} h)"
