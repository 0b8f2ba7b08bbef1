"""Causes explorer: filter the causes of calf pain and see them as a table and a map."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data import load_causes
from ..figures.causes import CATEGORY_LABELS, causes_description, causes_layout, causes_traces
from ..schema import CAUSE_CATEGORIES
from .controls import dropdown, table_html
from .explorer import Explorer, View

__all__ = ["CausesExplorer", "causes_explorer", "filter_causes"]

_YES_NO_ANY = (("Any", "any"), ("Yes", "yes"), ("No", "no"))


def filter_causes(
    causes: pd.DataFrame, category: str = "all", modifiable: str = "any", red_flag: str = "any"
) -> pd.DataFrame:
    """Rows of the causes table that pass the three filters.

    Parameters
    ----------
    causes : pandas.DataFrame
        The causes table (:func:`calfkit.load_causes`).
    category : str
        A cause category, or ``"all"``.
    modifiable, red_flag : str
        ``"any"``, ``"yes"`` or ``"no"``.

    Returns
    -------
    pandas.DataFrame
        Matching rows, in table order.
    """
    keep = pd.Series(True, index=causes.index)
    if category != "all":
        keep &= causes["category"] == category
    for column, wanted in (("modifiable", modifiable), ("red_flag", red_flag)):
        if wanted != "any":
            keep &= causes[column].astype(bool) == (wanted == "yes")
    return causes[keep]


def _lead(rows: pd.DataFrame, total: int) -> str:
    """One plain sentence: how many causes match, and how many of them need a clinician."""
    flags = int(rows["red_flag"].astype(bool).sum())
    warn = (
        "none of them is a red flag"
        if flags == 0
        else f"<b>{flags} of them {'is a red flag' if flags == 1 else 'are red flags'}</b> (⚠: see a clinician)"
    )
    shown = f"All {total} causes are shown" if len(rows) == total else f"{len(rows)} of the {total} causes match"
    return f"<p><b>{shown}</b>; {warn}.</p>"


def _table(rows: pd.DataFrame, total: int) -> str:
    """HTML details: one table row per cause."""
    head = "<p>⚠ marks a red flag: stop self-care and see a clinician.</p>"
    if rows.empty:
        return ""
    cells = [
        [
            ("⚠ " if row["red_flag"] else "") + str(row["name"]),
            CATEGORY_LABELS[row["category"]],
            str(row["typical_onset"]),
            "yes" if row["modifiable"] else "no",
            "yes" if row["red_flag"] else "no",
            str(row["evidence_grade"]),
        ]
        for _, row in rows.iterrows()
    ]
    headers = ("Cause", "Category", "Typical onset", "Modifiable", "Red flag", "Evidence")
    return head + table_html("Matching causes", headers, cells)


class CausesExplorer(Explorer):
    """Category / modifiable / red-flag filters, the causes treemap and a table.

    Controls: ``category`` (a category or ``"all"``), ``modifiable`` and
    ``red_flag`` (``"any"``, ``"yes"``, ``"no"``).
    """

    def __init__(self, *, category: str = "all", modifiable: str = "any", red_flag: str = "any") -> None:
        self._causes = load_causes()
        present = [c for c in CAUSE_CATEGORIES if (self._causes["category"] == c).any()]
        controls = {
            "category": dropdown(
                "Category", [("All categories", "all")] + [(CATEGORY_LABELS[c], c) for c in present], category
            ),
            "modifiable": dropdown("Modifiable by the runner", _YES_NO_ANY, modifiable),
            "red_flag": dropdown(
                "Red flag (see a clinician)",
                (("Any", "any"), ("Red flags only", "yes"), ("Not red flags", "no")),
                red_flag,
            ),
        }
        super().__init__(
            controls,
            causes_layout(),
            title="What can make calves sore?",
            note="Red flags are for recognising when to get help, not for self-diagnosis.",
        )

    def _compute(self) -> View:
        rows = filter_causes(self._causes, **self.values())
        total = len(self._causes)
        return View(causes_description(rows), _lead(rows, total), tuple(causes_traces(rows)), _table(rows, total))


def causes_explorer(**initial: Any) -> CausesExplorer:
    """Interactive causes map.

    Parameters
    ----------
    **initial
        ``category`` (default ``"all"``), ``modifiable`` and ``red_flag``
        (``"any"``, ``"yes"`` or ``"no"``; default ``"any"``).

    Returns
    -------
    CausesExplorer
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.figure``, ``.controls``, ``.readout``, ``.description``.
    """
    return CausesExplorer(**initial)
