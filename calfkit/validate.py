"""Input checks shared by every public calfkit function.

Each helper either returns the value in a clean type or raises
:class:`ValueError` with a message that names the argument, the offending
value and the allowed range, for example::

    weekly_change_pct=-150.0 is outside the allowed range [-100, 500] (% change vs previous week)

Nothing is clipped or silently repaired: bad input always fails.
Booleans are rejected wherever a number is expected (``True`` is not 1 km).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real
from typing import Any

import numpy as np

__all__ = ["check_number", "check_array", "check_choice", "check_int", "describe_range"]

_SHOW = 5
"""How many offending elements an array error message lists."""


def describe_range(low: float, high: float, unit: str = "") -> str:
    """``"[low, high] (unit)"`` as used in every error message."""
    text = f"[{low:g}, {high:g}]"
    return f"{text} ({unit})" if unit else text


def _is_real(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))


def check_number(name: str, value: Any, low: float, high: float, unit: str = "") -> float:
    """Return ``value`` as a float after checking it is a finite number in range.

    Parameters
    ----------
    name : str
        Argument name, used in the error message.
    value : object
        The value to check. Python and numpy integers and floats are
        accepted; ``bool``, ``str``, ``None`` and containers are not.
    low, high : float
        Inclusive allowed range.
    unit : str, optional
        Unit or meaning shown after the range in messages.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``value`` is not a real number, is NaN or infinite, or lies
        outside ``[low, high]``.
    """
    if not _is_real(value):
        raise ValueError(
            f"{name}={value!r} is not a number ({type(value).__name__}); "
            f"expected a finite number in {describe_range(low, high, unit)}"
        )
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(
            f"{name}={number!r} is not finite; expected a finite number in {describe_range(low, high, unit)}"
        )
    if not low <= number <= high:
        raise ValueError(f"{name}={number!r} is outside the allowed range {describe_range(low, high, unit)}")
    return number


def check_array(name: str, values: Any, low: float, high: float, unit: str = "") -> np.ndarray:
    """Return ``values`` as a float64 array after checking every element.

    Parameters
    ----------
    name : str
        Argument name, used in the error message.
    values : array-like
        A scalar, list, tuple, numpy array or pandas Series of real numbers.
        Strings, booleans, ``None`` and other objects are rejected.
    low, high : float
        Inclusive allowed range for every element.
    unit : str, optional
        Unit or meaning shown after the range in messages.

    Returns
    -------
    numpy.ndarray
        float64, same shape as the input (0-d for a scalar).

    Raises
    ------
    ValueError
        If ``values`` is empty, not numeric, or holds NaN, infinite or
        out-of-range elements (the message lists the first few with their
        positions).
    """
    allowed = describe_range(low, high, unit)
    if isinstance(values, (str, bytes)) or values is None:
        raise ValueError(f"{name}={values!r} is not an array of numbers; expected numbers in {allowed}")
    # Lists and tuples are checked element by element: numpy would turn [1, True]
    # into [1, 1] and [1, "2"] into strings.
    array = np.asarray(values, dtype=object if isinstance(values, (list, tuple)) else None)
    if array.dtype.kind == "O":
        bad = [(i, v) for i, v in enumerate(array.ravel()) if not _is_real(v)]
        if bad:
            raise ValueError(f"{name} holds non-numbers {_list(bad)}; expected numbers in {allowed}")
        array = array.astype(np.float64)
    elif array.dtype.kind not in "iuf":
        raise ValueError(
            f"{name} has dtype {array.dtype} (e.g. {array.ravel()[:_SHOW].tolist()!r}); expected numbers in {allowed}"
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty; expected at least one number in {allowed}")
    array = array.astype(np.float64, copy=False)
    flat = array.ravel()
    nonfinite = ~np.isfinite(flat)
    if nonfinite.any():
        where = np.flatnonzero(nonfinite)
        raise ValueError(
            f"{name} holds NaN or infinite values {_list(zip(where, flat[where]))}; "
            f"expected finite numbers in {allowed}"
        )
    outside = (flat < low) | (flat > high)
    if outside.any():
        where = np.flatnonzero(outside)
        raise ValueError(f"{name} has values {_list(zip(where, flat[where]))} outside the allowed range {allowed}")
    return array


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``.

    Raises
    ------
    ValueError
        If ``value`` is not a string or not one of ``choices``.
    """
    options = tuple(choices)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name}={value!r} is not one of the allowed values {', '.join(map(repr, options))}")
    return value


def check_int(name: str, value: Any, low: int, high: int) -> int:
    """Return ``value`` as an int after checking it is a whole number in range.

    Python and numpy integers are accepted; floats (even ``7.0``), ``bool``
    and strings are rejected.

    Raises
    ------
    ValueError
        If ``value`` is not an integer or lies outside ``[low, high]``.
    """
    if not isinstance(value, Integral) or isinstance(value, (bool, np.bool_)):
        raise ValueError(
            f"{name}={value!r} is not a whole number ({type(value).__name__}); "
            f"expected an integer in {describe_range(low, high)}"
        )
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name}={number!r} is outside the allowed range {describe_range(low, high)}")
    return number


def _list(pairs: Iterable[tuple[Any, Any]]) -> str:
    """``"[at 3: -1.0, at 7: nan]"`` for the first few offending elements."""
    items = [(int(i), v.item() if isinstance(v, np.generic) else v) for i, v in pairs]
    shown = ", ".join(f"at {i}: {v!r}" for i, v in items[:_SHOW])
    more = f", ... ({len(items)} in all)" if len(items) > _SHOW else ""
    return f"[{shown}{more}]"
