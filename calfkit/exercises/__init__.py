"""'Your turn' exercises: learners write a line of analysis, a check says right or what is off.

>>> from calfkit.exercises import check_weekly_change
>>> check_weekly_change(...)  # the unsolved placeholder
Not done yet. Replace the ... with your code, run the cell again, and the check will mark it.

See :mod:`calfkit.exercises.checks` for the exercises and
:mod:`calfkit.exercises.feedback` for what a check shows.
"""

from __future__ import annotations

from .checks import (
    DOMS_SCENARIO,
    FLUID_RUN,
    PREVIOUS_30_DAYS_KM,
    TODAY_KM,
    WEEKLY_KM,
    WEIGH_IN,
    check_acwr,
    check_fluid_loss,
    check_peak_hour,
    check_spike,
    check_sweat_rate,
    check_weekly_change,
    expected,
)
from .feedback import Feedback, in_voila

__all__ = [
    "DOMS_SCENARIO",
    "FLUID_RUN",
    "PREVIOUS_30_DAYS_KM",
    "TODAY_KM",
    "WEEKLY_KM",
    "WEIGH_IN",
    "Feedback",
    "in_voila",
    "check_acwr",
    "check_fluid_loss",
    "check_peak_hour",
    "check_spike",
    "check_sweat_rate",
    "check_weekly_change",
    "expected",
]
