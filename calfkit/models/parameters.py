"""Model parameters, one typed record per row of ``data/model_parameters.csv``.

Every number a calfkit model uses (other than unit conversions and input
validation bounds) is read from that table through :func:`param`, so the
value, its uncertainty range, unit, evidence grade and sources travel
together and the model card (``docs/models.md``) can cite them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..data import DataError, load_model_parameters, split_ids

__all__ = ["Param", "param"]


@dataclass(frozen=True)
class Param:
    """One model parameter.

    Attributes
    ----------
    id : str
        Row id in ``data/model_parameters.csv``.
    value : float
        Central value the model uses.
    low, high : float
        Uncertainty range (a published 95 % CI where one exists; otherwise
        the range explained in ``note``). ``low <= value <= high``.
    unit : str
        Unit of ``value``, ``low`` and ``high``.
    evidence_grade : str
        ``H``, ``M`` or ``L`` (see ``data/sources.csv``); ``L`` marks a weak,
        contested or illustrative number.
    sources : tuple of str
        Source ids in ``data/sources.csv``.
    description : str
        What the number means.
    note : str
        Why this value, and what is assumed (may be empty).
    """

    id: str
    value: float
    low: float
    high: float
    unit: str
    evidence_grade: str
    sources: tuple[str, ...]
    description: str
    note: str = ""


@cache
def _all() -> dict[str, Param]:
    table = load_model_parameters()
    out: dict[str, Param] = {}
    for row in table.itertuples(index=False):
        if not row.low <= row.value <= row.high:
            raise DataError(
                f"data/model_parameters.csv, id '{row.id}': value {row.value:g} is outside "
                f"its own range [{row.low:g}, {row.high:g}]"
            )
        out[row.id] = Param(
            id=row.id,
            value=float(row.value),
            low=float(row.low),
            high=float(row.high),
            unit=row.unit,
            evidence_grade=row.evidence_grade,
            sources=tuple(split_ids(row.sources)),
            description=row.description,
            note=row.note,
        )
    return out


def param(pid: str) -> Param:
    """Look up one model parameter by id.

    Parameters
    ----------
    pid : str
        Row id in ``data/model_parameters.csv``, e.g. ``"spike_hr_small"``.

    Returns
    -------
    Param

    Raises
    ------
    ValueError
        If ``pid`` is not in the table (or the table breaks its schema).
    """
    table = _all()
    if not isinstance(pid, str) or pid not in table:
        raise ValueError(f"pid={pid!r} is not a row of data/model_parameters.csv")
    return table[pid]
