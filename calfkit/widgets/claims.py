"""Claims explorer: filter the audit of the seed articles' claims by article and verdict."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data import load_claims, split_ids
from ..figures.claims import VERDICT_STYLES, claims_description, claims_layout, claims_traces, seed_titles
from .controls import dropdown, table_html
from .explorer import Explorer, View

__all__ = ["ClaimsExplorer", "claims_explorer", "filter_claims"]


def filter_claims(claims: pd.DataFrame, article: str = "all", verdict: str = "all") -> pd.DataFrame:
    """Claims made by one seed article (file name) and/or with one verdict (``"all"`` = no filter)."""
    keep = pd.Series(True, index=claims.index)
    if article != "all":
        keep &= claims["seeds"].map(lambda cell: article in split_ids(cell))
    if verdict != "all":
        keep &= claims["verdict"] == verdict
    return claims[keep]


def _lead(rows: pd.DataFrame, total: int) -> str:
    """One plain sentence: how many claims match, and how many of them are supported, contested or wrong."""
    counts = [
        f"{int((rows['verdict'] == verdict).sum())} {style[0].lower()}"
        for verdict, style in VERDICT_STYLES.items()
        if (rows["verdict"] == verdict).any()
    ]
    shown = f"All {total} claims are shown" if len(rows) == total else f"{len(rows)} of the {total} claims match"
    return f"<p><b>{shown}</b>" + (f": {', '.join(counts)}.</p>" if counts else ".</p>")


def _table(rows: pd.DataFrame, total: int) -> str:
    """HTML details: one table row per claim."""
    head = ""
    if rows.empty:
        return head
    cells = [
        [
            str(row["topic"]),
            str(row["claim"]),
            VERDICT_STYLES[row["verdict"]][0],
            str(row["explanation"]),
            ", ".join(split_ids(row["sources"])),
        ]
        for _, row in rows.iterrows()
    ]
    return head + table_html("Matching claims", ("Topic", "Claim", "Verdict", "Why", "Sources"), cells)


class ClaimsExplorer(Explorer):
    """Article and verdict filters, a stacked bar chart of verdicts per article and the claims table.

    Controls: ``article`` (a seed file name or ``"all"``) and ``verdict``
    (``"supported"``, ``"contested"``, ``"incorrect"`` or ``"all"``).
    """

    def __init__(self, *, article: str = "all", verdict: str = "all") -> None:
        self._claims = load_claims()
        titles = seed_titles()
        controls = {
            "article": dropdown(
                "Article", [("All articles", "all")] + [(t, name) for name, t in titles.items()], article
            ),
            "verdict": dropdown(
                "Verdict", [("All verdicts", "all")] + [(s[0], v) for v, s in VERDICT_STYLES.items()], verdict
            ),
        }
        super().__init__(controls, claims_layout(), title="Myth or evidence? The claims audit", note=None)

    def _compute(self) -> View:
        values = self.values()
        rows = filter_claims(self._claims, **values)
        articles = None if values["article"] == "all" else [values["article"]]
        total = len(self._claims)
        return View(
            claims_description(rows, articles),
            _lead(rows, total),
            tuple(claims_traces(rows, articles)),
            _table(rows, total),
        )


def claims_explorer(**initial: Any) -> ClaimsExplorer:
    """Interactive claims audit.

    Parameters
    ----------
    **initial
        ``article`` (seed file name, default ``"all"``) and ``verdict``
        (default ``"all"``).

    Returns
    -------
    ClaimsExplorer
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.figure``, ``.controls``, ``.readout``, ``.description``.
    """
    return ClaimsExplorer(**initial)
