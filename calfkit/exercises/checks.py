"""The "Your turn" exercises of lessons 02, 03, 04 and 08, and the checks that mark them.

Each lesson cell gives the learner some data, a line ``answer = ...`` to complete and a
call to a check. A check never raises on a learner's answer: it returns a
:class:`~calfkit.exercises.feedback.Feedback` that says "Right.", or what is off and a
hint (a fraction where a percentage was wanted, minutes where hours were wanted, the
mean where the longest run was wanted, ...), with a solution behind a click. The
placeholder ``...`` (Ellipsis) means "not done yet", so a lesson runs top to bottom
unsolved. The right answers come from the kit's own models where the kit has one
(:func:`calfkit.doms_curve`, :func:`calfkit.fluid_loss`, :func:`calfkit.training_load`).

Exercises (lesson, check):

- 02 :func:`check_peak_hour` — the hour of peak soreness in a DOMS curve (``idxmax``).
- 03 :func:`check_weekly_change` — week-to-week change in % (``pct_change``).
- 03 :func:`check_spike` — a run compared with the longest run of the previous 30 days.
- 04 :func:`check_fluid_loss` — body-mass loss in % from sweat rate, time, drink and mass.
- 04 :func:`check_sweat_rate` — sweat rate in L/h from weighing before and after a run.
- 08 :func:`check_acwr` — the acute:chronic workload ratio from rolling sums.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .feedback import Feedback

__all__ = [
    "WEEKLY_KM",
    "PREVIOUS_30_DAYS_KM",
    "TODAY_KM",
    "FLUID_RUN",
    "WEIGH_IN",
    "DOMS_SCENARIO",
    "check_peak_hour",
    "check_weekly_change",
    "check_spike",
    "check_fluid_loss",
    "check_sweat_rate",
    "check_acwr",
    "expected",
]

DOMS_SCENARIO = {"unaccustomed_pct": 50, "downhill_pct": 50}
"""Lesson 02: the session whose curve ``ck.doms_curve(range(0, 241), **DOMS_SCENARIO)`` the learner reads."""
WEEKLY_KM = (30.0, 33.0, 40.0, 38.0, 45.0)
"""Lesson 03: a runner's weekly distance (km), weeks 1-5."""
PREVIOUS_30_DAYS_KM = (6.0, 8.0, 5.0, 10.0, 7.0, 6.0, 9.0, 8.0, 10.0, 6.0)
"""Lesson 03: every run (km) of the 30 days before today."""
TODAY_KM = 18.0
"""Lesson 03: today's long run (km)."""
FLUID_RUN = {"sweat_rate_l_per_h": 1.5, "duration_min": 75, "intake_l": 0.4, "body_mass_kg": 60}
"""Lesson 04: a 75-minute run in the heat."""
WEIGH_IN = {"before_kg": 65.0, "after_kg": 63.9, "drank_l": 0.5, "duration_min": 90}
"""Lesson 04: weighed (no clothes) before and after a 90-minute run, with the water drunk during it."""
SAMPLE_LOG = "plain_16_weeks.csv"
"""Lesson 08: the bundled sample log the learner computes the ACWR of."""

_PLACEHOLDER = "Replace the ... with your code, run the cell again, and the check will mark it."


class _Off(Exception):
    """A learner's answer that cannot be marked as it is (the message says why)."""


def _kind(value: Any) -> str:
    return type(value).__name__


def _number(value: Any, name: str) -> float:
    """The learner's answer as one number, or :class:`_Off` saying what it is instead."""
    if value is None:
        raise _Off(
            f"{name} is None: the last line of your code must give a number (did a function print instead of return?)."
        )
    if isinstance(value, bool) or isinstance(value, str):
        raise _Off(f"{name} is {value!r} (a {_kind(value)}), not a number.")
    if hasattr(value, "shape") and getattr(value, "shape", ()) != ():
        size = getattr(value, "size", None)
        if size == 1:
            value = value.reshape(-1)[0] if hasattr(value, "reshape") else value.iloc[0]
        else:
            raise _Off(
                f"{name} is a whole {_kind(value)} of {size} values; the question asks for one number "
                "(for the last row, add .iloc[-1])."
            )
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _Off(f"{name} is a {_kind(value)}, not a number.") from None
    if not math.isfinite(number):
        raise _Off(f"{name} is {number}: something divided by zero or used a missing value.")
    return number


def _numbers(value: Any, name: str) -> list[float]:
    """The learner's answer as a list of numbers (NaN kept), or :class:`_Off`."""
    if value is None or isinstance(value, (str, bool, int, float)):
        raise _Off(f"{name} is {value!r}; it should hold one value per week (a pandas Series or a list).")
    try:
        values = [float(v) for v in (value.tolist() if hasattr(value, "tolist") else list(value))]
    except (TypeError, ValueError):
        raise _Off(f"{name} is a {_kind(value)} that does not hold numbers.") from None
    return values


def _close(a: float, b: float, rel: float = 0.01, abs_: float = 0.01) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _mark(
    exercise: str,
    answer: Any,
    name: str,
    right: float,
    solution: str,
    result: str,
    mistakes: Sequence[tuple[float, str]],
    unit: str,
    read: Callable[[Any, str], float] = _number,
) -> Feedback:
    """Mark one number against the right value and a list of (value a common mistake gives, hint)."""

    def feedback(correct: bool, done: bool, message: str, hint: str = "") -> Feedback:
        return Feedback(exercise, correct, done, message, hint, solution, result)

    if answer is Ellipsis:
        return feedback(False, False, _PLACEHOLDER, "")
    try:
        value = read(answer, name)
    except _Off as off:
        return feedback(False, True, str(off), "Check what your last line gives: print it.")
    if _close(value, right):
        return feedback(True, True, f"{name} = {value:.4g}{unit}. {result}")
    for wrong, hint in mistakes:
        if _close(value, wrong):
            return feedback(False, True, f"{name} = {value:.4g}{unit} is not it.", hint)
    direction = "too high" if value > right else "too low"
    return feedback(
        False,
        True,
        f"{name} = {value:.4g}{unit} is {direction}.",
        "Work through the steps in the task one at a time and print each one.",
    )


def expected(exercise: str) -> float | list[float]:
    """The right answer of an exercise, computed with the kit (for the checks and the tests).

    Parameters
    ----------
    exercise : str
        ``"peak_hour"``, ``"weekly_change"``, ``"spike"``, ``"fluid_loss"``, ``"sweat_rate"`` or ``"acwr"``.

    Raises
    ------
    ValueError
        Naming ``exercise`` and the allowed names.
    """
    import calfkit as ck

    if exercise == "peak_hour":
        curve = ck.doms_curve(range(0, 241), **DOMS_SCENARIO)
        return float(curve.loc[curve["soreness"].idxmax(), "hours"])
    if exercise == "weekly_change":
        return [math.nan] + [100 * (b / a - 1) for a, b in zip(WEEKLY_KM, WEEKLY_KM[1:])]
    if exercise == "spike":
        return 100 * (TODAY_KM / max(PREVIOUS_30_DAYS_KM) - 1)
    if exercise == "fluid_loss":
        return float(ck.fluid_loss(**FLUID_RUN).loss_pct)
    if exercise == "sweat_rate":
        w = WEIGH_IN
        return (w["before_kg"] - w["after_kg"] + w["drank_l"]) / (w["duration_min"] / 60)
    if exercise == "acwr":
        log = ck.read_training_log(ck.sample_log_path(SAMPLE_LOG))
        return float(ck.training_load(log).daily["acwr_coupled"].iloc[-1])
    raise ValueError(
        f"exercise={exercise!r} is not one of 'peak_hour', 'weekly_change', 'spike', 'fluid_loss', 'sweat_rate', 'acwr'"
    )


def check_peak_hour(peak_h: Any) -> Feedback:
    """Lesson 02: the hour (after the session) at which the model's soreness is highest.

    The learner has ``curve = ck.doms_curve(range(0, 241), unaccustomed_pct=50, downhill_pct=50)``,
    a DataFrame with columns ``hours`` and ``soreness`` (0-10).
    """
    right = expected("peak_hour")
    import calfkit as ck

    curve = ck.doms_curve(range(0, 241), **DOMS_SCENARIO)
    return _mark(
        "the hour of peak soreness",
        peak_h,
        "peak_h",
        right,
        'peak_h = curve.loc[curve["soreness"].idxmax(), "hours"]',
        f"The soreness is highest {right:.0f} h after the session.",
        [
            (
                float(curve["soreness"].max()),
                "That is how sore (the height of the peak), not when. "
                "idxmax() gives the row of the highest soreness; read its 'hours'.",
            ),
            (
                float(curve["hours"].max()),
                "That is the last hour of the curve. Find the row where 'soreness' is largest.",
            ),
        ],
        " h",
    )


def check_weekly_change(change_pct: Any) -> Feedback:
    """Lesson 03: the change of each week's distance on the week before, in %.

    The learner has ``weekly_km = pd.Series([30, 33, 40, 38, 45])``. Week 1 has no
    week before, so its change is NaN (or the learner may leave it out).
    """
    right = expected("weekly_change")
    solution = "change_pct = weekly_km.pct_change() * 100"
    result = "Changes: " + ", ".join("none" if math.isnan(v) else f"{v:+.1f} %" for v in right)
    feedback = lambda correct, message, hint="": Feedback(  # noqa: E731 - one short local builder
        "weekly change in %", correct, True, message, hint, solution, result
    )
    if change_pct is Ellipsis:
        return Feedback("weekly change in %", False, False, _PLACEHOLDER, "", solution, result)
    try:
        values = _numbers(change_pct, "change_pct")
    except _Off as off:
        return feedback(False, str(off), "pandas gives one value per week with weekly_km.pct_change().")
    if len(values) == len(right) - 1:
        values = [math.nan, *values]
    if len(values) != len(right):
        return feedback(
            False,
            f"change_pct has {len(values)} values; there are {len(right)} weeks.",
            "Compute the change for every week at once from the whole Series.",
        )
    known = [(v, r) for v, r in zip(values[1:], right[1:])]
    if any(math.isnan(v) for v, _ in known):
        return feedback(False, "Some weeks after week 1 have no value.", "Only week 1 has no week before it.")
    if all(_close(v, r) for v, r in known):
        return feedback(True, "Every week's change matches: " + result.lower().removeprefix("changes: ") + ".")
    if all(_close(v * 100, r) for v, r in known):
        return feedback(False, "These are fractions (0.10), not percentages (10 %).", "Multiply by 100.")
    diffs = [b - a for a, b in zip(WEEKLY_KM, WEEKLY_KM[1:])]
    if all(_close(v, d) for (v, _), d in zip(known, diffs)):
        return feedback(
            False,
            "These are differences in km, not changes in %.",
            "Divide each difference by the week before, then multiply by 100.",
        )
    backwards = [100 * (1 - a / b) for a, b in zip(WEEKLY_KM, WEEKLY_KM[1:])]
    if all(_close(v, w) for (v, _), w in zip(known, backwards)):
        return feedback(
            False,
            "You divided by this week instead of the week before.",
            "The change is compared with the earlier week: (this week / last week - 1) x 100.",
        )
    wrong = next(i for i, (v, r) in enumerate(known, 2) if not _close(v, r))
    return feedback(
        False,
        f"Week {wrong} is off: {values[wrong - 1]:.1f} instead of {right[wrong - 1]:.1f} %.",
        "Change in % = (this week / last week - 1) x 100.",
    )


def check_spike(spike_pct: Any) -> Feedback:
    """Lesson 03: how much longer today's run is than the longest run of the previous 30 days, in %.

    The learner has ``previous_30_days_km`` (a Series of runs) and ``today_km``.
    Frandsen 2025's measure: (today / longest of the previous 30 days - 1) x 100.
    """
    right = expected("spike")
    longest, mean = max(PREVIOUS_30_DAYS_KM), sum(PREVIOUS_30_DAYS_KM) / len(PREVIOUS_30_DAYS_KM)
    return _mark(
        "a single-run spike",
        spike_pct,
        "spike_pct",
        right,
        "spike_pct = (today_km / previous_30_days_km.max() - 1) * 100",
        f"Today's {TODAY_KM:g} km is {right:.0f} % longer than the longest recent run ({longest:g} km).",
        [
            (
                100 * (TODAY_KM / mean - 1),
                "You compared with the average run. The spike compares with the longest "
                "run of the previous 30 days: use .max().",
            ),
            (
                100 * TODAY_KM / longest,
                "Nearly: that is today's run as a % of the longest. Subtract 100 (or the 1 "
                "before multiplying) to get how much longer it is.",
            ),
            ((TODAY_KM / longest - 1), "That is a fraction; multiply by 100 for a percentage."),
            (TODAY_KM - longest, "That is the difference in km; divide it by the longest run, then multiply by 100."),
        ],
        " %",
    )


def check_fluid_loss(loss_pct: Any) -> Feedback:
    """Lesson 04: body-mass loss in % = (sweat rate x hours - fluid drunk) / body mass x 100 (1 L = 1 kg)."""
    right = expected("fluid_loss")
    r = FLUID_RUN
    hours = r["duration_min"] / 60
    return _mark(
        "fluid loss in %",
        loss_pct,
        "loss_pct",
        right,
        "hours = duration_min / 60\nloss_kg = sweat_rate_l_per_h * hours - intake_l\n"
        "loss_pct = loss_kg / body_mass_kg * 100",
        f"The runner loses {right:.2f} % of body mass: above the 2 % threshold.",
        [
            (
                100 * (r["sweat_rate_l_per_h"] * r["duration_min"] - r["intake_l"]) / r["body_mass_kg"],
                "You multiplied the sweat rate (per hour) by minutes. Turn minutes into hours first: / 60.",
            ),
            (
                100 * r["sweat_rate_l_per_h"] * hours / r["body_mass_kg"],
                "You left out what the runner drank; subtract intake_l from the sweat lost.",
            ),
            (
                (r["sweat_rate_l_per_h"] * hours - r["intake_l"]) / r["body_mass_kg"],
                "That is a fraction of body mass; multiply by 100 for a percentage.",
            ),
            (
                r["sweat_rate_l_per_h"] * hours - r["intake_l"],
                "That is the loss in kg (1 L of sweat weighs about 1 kg); divide by body mass and multiply by 100.",
            ),
        ],
        " %",
    )


def check_sweat_rate(sweat_rate_l_per_h: Any) -> Feedback:
    """Lesson 04: sweat rate (L/h) = (mass before - mass after + fluid drunk) / hours (1 kg = 1 L)."""
    right = expected("sweat_rate")
    w = WEIGH_IN
    hours = w["duration_min"] / 60
    lost = w["before_kg"] - w["after_kg"]
    return _mark(
        "sweat rate from weighing",
        sweat_rate_l_per_h,
        "sweat_rate_l_per_h",
        right,
        "sweat_l = before_kg - after_kg + drank_l\nsweat_rate_l_per_h = sweat_l / (duration_min / 60)",
        f"The runner sweated {lost + w['drank_l']:.1f} L in {hours:g} h: {right:.2f} L/h, near the 1.2 L/h "
        "average of athletes (Baker 2016).",
        [
            (lost / hours, "You left out the water drunk during the run: it was sweated out too, so add drank_l."),
            (lost + w["drank_l"], "That is the total sweat; divide by the hours of the run for a rate per hour."),
            ((lost + w["drank_l"]) / w["duration_min"], "That is litres per minute; divide by hours (minutes / 60)."),
            ((lost - w["drank_l"]) / hours, "The water drunk adds to the sweat lost; add drank_l, do not subtract it."),
        ],
        " L/h",
    )


def check_acwr(acwr: Any) -> Feedback:
    """Lesson 08: the ACWR on the log's last day = last 7 days' distance / (last 28 days' distance / 4).

    The learner has ``daily_km``, the sample log's distance for every day (rest days 0).
    A whole Series is accepted: its last value is marked.
    """
    right = expected("acwr")

    def last(value: Any, name: str) -> float:
        if hasattr(value, "iloc") and getattr(value, "ndim", 0) == 1 and len(value) > 1:
            value = value.iloc[-1]
        return _number(value, name)

    return _mark(
        "the ACWR from rolling sums",
        acwr,
        "acwr",
        right,
        "acute = daily_km.rolling(7).sum()\nchronic = daily_km.rolling(28).sum() / 4\n"
        "acwr = (acute / chronic).iloc[-1]",
        f"On the last day the ACWR is {right:.2f}: this week is about as much as the average week of the last four.",
        [
            (
                right / 4,
                "Your chronic load is the 28-day total. The ACWR compares with the average *week*: "
                "divide the 28-day sum by 4.",
            ),
            (
                right * 7,
                "Your chronic load is a daily average (28-day sum / 28). Use the average week: the 28-day sum / 4.",
            ),
            (1 / right, "Upside down: the acute (last 7 days) goes on top."),
        ],
        "",
        read=last,
    )
