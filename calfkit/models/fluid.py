"""Body-mass loss from sweating during a run.

::

    loss_kg  = sweat_rate_l_per_h * duration_min / 60 - intake_l    (1 L ~ 1 kg)
    loss_pct = 100 * loss_kg / body_mass_kg

A negative loss is a gain: the runner drank more than they sweated. The model
ignores respiratory water, urine, and the mass of fuel burned, so it slightly
understates the true loss. The 2 % threshold (``dehydration_threshold_pct``
in ``data/model_parameters.csv``) is Sawka 2007's performance threshold,
contested for self-paced exercise (Goulet 2011: cycling time trials).

Educational model, not medical advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..validate import check_number
from .parameters import param

__all__ = ["FluidResult", "fluid_loss"]

KG_PER_L = 1.0
"""Unit conversion: 1 L of sweat or drink weighs about 1 kg."""
MIN_PER_H = 60.0

# Validation bounds (not model constants).
SWEAT_RATE_RANGE = (0.0, 6.0)  # Baker 2016 observed 0.3-5.7 L/h
DURATION_RANGE = (0.0, 1440.0)  # one day
INTAKE_RANGE = (0.0, 20.0)
BODY_MASS_RANGE = (20.0, 300.0)
MAX_CHANGE_PCT = 15.0  # a larger loss (or gain) of body mass is not survivable

NOTE = (
    "Educational model, not medical advice. Sweat rates vary several-fold between people "
    "(Baker 2016: 0.3-5.7 L/h); weigh yourself before and after a run to measure yours."
)


@dataclass(frozen=True)
class FluidResult:
    """Result of :func:`fluid_loss`.

    Attributes
    ----------
    loss_kg : float
        Body mass lost (negative = gained), kg.
    loss_pct : float
        ``loss_kg`` as % of starting body mass.
    over_threshold : bool
        ``loss_pct > 2`` (ACSM: more than 2 % body-mass loss; Sawka 2007).
    overdrinking : bool
        Intake exceeded sweat loss (body mass rose).
    message : str
        Plain-language reading of the result, with sources.
    note : str
        Educational disclaimer.
    """

    loss_kg: float
    loss_pct: float
    over_threshold: bool
    overdrinking: bool
    message: str
    note: str


def body_mass_loss(rate: float, minutes: float, intake: float, mass: float) -> tuple[float, float, float]:
    """(sweat kg, body mass lost kg, lost as % of body mass) of checked inputs: the arithmetic of
    :func:`fluid_loss`, shared with callers that check the result against :data:`MAX_CHANGE_PCT`
    under their own argument names (:func:`calfkit.models.simulator.run_plan`)."""
    sweat_kg = rate * minutes / MIN_PER_H * KG_PER_L
    loss_kg = sweat_kg - intake * KG_PER_L
    return sweat_kg, loss_kg, 100.0 * loss_kg / mass


def fluid_loss(*, sweat_rate_l_per_h: Any, duration_min: Any, intake_l: Any, body_mass_kg: Any) -> FluidResult:
    """Body-mass loss (% of body mass) from sweat rate, duration and drinking.

    Parameters
    ----------
    sweat_rate_l_per_h : float
        Sweat rate, 0-6 L/h (Baker 2016: 1.2 +/- 0.7 L/h, range 0.3-5.7).
    duration_min : float
        Run duration, 0-1,440 min.
    intake_l : float
        Fluid drunk during the run, 0-20 L.
    body_mass_kg : float
        Body mass before the run, 20-300 kg.

    Returns
    -------
    FluidResult
        ``loss_kg = sweat_rate * duration / 60 - intake`` and
        ``loss_pct = 100 * loss_kg / body_mass``, with the > 2 % flag (ACSM: 'more than 2 %') and
        the overdrinking flag.

    Raises
    ------
    ValueError
        For a non-numeric, NaN, infinite or out-of-range argument, or when
        the inputs imply a loss or gain above 15 % of body mass (not
        survivable; the inputs are almost certainly wrong).
    """
    rate = check_number("sweat_rate_l_per_h", sweat_rate_l_per_h, *SWEAT_RATE_RANGE, "L/h")
    minutes = check_number("duration_min", duration_min, *DURATION_RANGE, "min")
    intake = check_number("intake_l", intake_l, *INTAKE_RANGE, "L")
    mass = check_number("body_mass_kg", body_mass_kg, *BODY_MASS_RANGE, "kg")

    sweat_kg, loss_kg, loss_pct = body_mass_loss(rate, minutes, intake, mass)
    if abs(loss_pct) > MAX_CHANGE_PCT:
        raise ValueError(
            f"sweat_rate_l_per_h={rate:g}, duration_min={minutes:g}, intake_l={intake:g} and "
            f"body_mass_kg={mass:g} give a body-mass change of {-loss_pct:+.1f} %, outside the allowed "
            f"range [-{MAX_CHANGE_PCT:g}, {MAX_CHANGE_PCT:g}] % of body mass; check the inputs"
        )
    threshold = param("dehydration_threshold_pct").value
    over = loss_pct > threshold
    overdrinking = loss_kg < 0
    return FluidResult(
        loss_kg=loss_kg,
        loss_pct=loss_pct,
        over_threshold=over,
        overdrinking=overdrinking,
        message=_message(loss_kg, loss_pct, sweat_kg, intake, threshold, over, overdrinking),
        note=NOTE,
    )


def _message(
    loss_kg: float, loss_pct: float, sweat_kg: float, intake: float, threshold: float, over: bool, overdrinking: bool
) -> str:
    if overdrinking:
        return (
            f"You drank {intake:.2f} L but sweated about {sweat_kg:.2f} L: body mass rose by "
            f"{-loss_kg:.2f} kg ({-loss_pct:.1f} %). Drinking beyond sweat losses dilutes blood "
            "sodium and risks exercise-associated hyponatraemia (Hew-Butler 2015); drink to thirst."
        )
    text = f"Estimated body-mass loss {loss_kg:.2f} kg ({loss_pct:.1f} % of body mass). "
    if over:
        return text + (
            f"That is more than the {threshold:g} % loss at which endurance performance falls in "
            "laboratory studies (Sawka 2007); the threshold is contested for self-paced exercise, "
            "where cycling time trials showed no loss of performance up to about 4 % (Goulet 2011)."
        )
    return text + f"That is not more than the {threshold:g} % dehydration threshold (Sawka 2007)."
