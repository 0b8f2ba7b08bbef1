"""Intake picker: choose your age group, sex and authority, see the reference intakes for you.

Every number comes from ``data/nutrient_intakes.csv`` through
:func:`calfkit.data.nutrient_intakes`; the widget only picks the rows and lays
them out, so the lesson, the table and the widget can never disagree.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data import nutrient_intakes
from ..schema import AGE_GROUPS, AUTHORITIES, SEXES
from .controls import dropdown, table_html
from .explorer import Explorer, View

__all__ = ["IntakePicker", "intake_picker"]

_AGE_LABELS = {"14-18": "14 to 18 years", "adult": "Adult (18 or 19 and over)"}
_SEX_LABELS = {"female": "Female", "male": "Male"}
_AUTHORITY_LABELS = {
    "both": "Both, side by side",
    "NIH ODS": "US (NIH Office of Dietary Supplements)",
    "EFSA": "Europe (EFSA)",
}
NOTE = (
    "Reference intakes are for healthy people eating over days and weeks, not a daily target for "
    "one run, and not a treatment for cramps or soreness."
)


def _describe(age_group: str, sex: str, table: pd.DataFrame) -> str:
    """Plain-text result: one sentence per nutrient."""
    who = {
        ("14-18", "female"): "girls aged 14 to 18",
        ("14-18", "male"): "boys aged 14 to 18",
        ("adult", "female"): "adult women",
        ("adult", "male"): "adult men",
    }[(age_group, sex)]
    parts = [f"Reference intakes for {who}."]
    authorities = [a for a in AUTHORITIES if f"{a} amount" in table.columns]
    for nutrient, row in table.iterrows():
        said = "; ".join(
            f"{a}: {row[f'{a} amount']} ({row[f'{a} kind']}, {row[f'{a} ages']})"
            for a in authorities
            if row[f"{a} amount"]
        )
        parts.append(f"{nutrient} — {said}.")
    return " ".join(parts)


_GROUP_WORDS = {
    ("14-18", "female"): "girls aged 14 to 18",
    ("14-18", "male"): "boys aged 14 to 18",
    ("adult", "female"): "adult women",
    ("adult", "male"): "adult men",
}
_AUTHORITY_WORDS = {
    "both": "the US and the European experts",
    "NIH ODS": "the US experts",
    "EFSA": "the European experts",
}


def _lead(age_group: str, sex: str, authority: str) -> str:
    """One plain sentence: whose values the table shows."""
    return (
        f"<p>How much of each nutrient <b>{_GROUP_WORDS[(age_group, sex)]}</b> need a day, "
        f"according to {_AUTHORITY_WORDS[authority]}:</p>"
    )


def _readout(table: pd.DataFrame) -> tuple[str, str]:
    """The table of intakes (HTML) and the legend of the kinds of value (HTML, behind "more")."""
    authorities = [a for a in AUTHORITIES if f"{a} amount" in table.columns]
    headers = ["Nutrient", *authorities]
    rows = [
        [str(nutrient)]
        + [
            f"{row[f'{a} amount']} — {row[f'{a} kind']}, ages {row[f'{a} ages']} [{row[f'{a} source']}]"
            for a in authorities
        ]
        for nutrient, row in table.iterrows()
    ]
    legend = (
        "<p style='font-size:90%'>RDA = recommended dietary allowance; AI = adequate intake; PRI = population "
        "reference intake; safe and adequate = EFSA's sodium value. Each authority uses its own age bands.</p>"
    )
    return table_html("Reference intakes for the group you chose", headers, rows), legend


class IntakePicker(Explorer):
    """Three dropdowns (age group, sex, authority) and the matching table of reference intakes.

    Controls: ``age_group`` (``"14-18"`` or ``"adult"``), ``sex`` (``"female"`` or
    ``"male"``) and ``authority`` (``"both"``, ``"NIH ODS"`` or ``"EFSA"``).
    """

    def __init__(self, *, age_group: str = "14-18", sex: str = "female", authority: str = "both") -> None:
        nutrient_intakes(age_group, sex, authority)  # validates the starting values
        controls = {
            "age_group": dropdown("Age group", [(_AGE_LABELS[g], g) for g in AGE_GROUPS], age_group),
            "sex": dropdown("Sex", [(_SEX_LABELS[s], s) for s in SEXES], sex),
            "authority": dropdown("Authority", [(label, a) for a, label in _AUTHORITY_LABELS.items()], authority),
        }
        super().__init__(controls, None, title="Reference intakes for your group", note=NOTE)

    def _compute(self) -> View:
        age_group, sex, authority = (self.controls[k].value for k in ("age_group", "sex", "authority"))
        table = nutrient_intakes(age_group, sex, authority)
        shown, legend = _readout(table)
        return View(_describe(age_group, sex, table), _lead(age_group, sex, authority) + shown, (), legend)


def intake_picker(**initial: Any) -> IntakePicker:
    """Interactive table of reference intakes for the learner's own group.

    Parameters
    ----------
    **initial
        ``age_group`` (``"14-18"`` default, or ``"adult"``), ``sex`` (``"female"``
        default, or ``"male"``), ``authority`` (``"both"`` default, ``"NIH ODS"``
        or ``"EFSA"``).

    Returns
    -------
    IntakePicker
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.controls``, ``.readout``, ``.description``; ``.figure`` is ``None``.

    Raises
    ------
    ValueError
        If a starting value is not allowed (the message names it).
    """
    return IntakePicker(**initial)
