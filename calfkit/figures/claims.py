"""Claims audit figure: how many of each article's claims are supported, contested or incorrect.

One stacked horizontal bar per seed article; the three verdicts differ by
colour, hatch pattern and legend label.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..data import load_claims, load_sources, split_ids
from ..schema import VERDICTS
from .style import LEGEND, OKABE_ITO, FigureSpec, base_layout, make_spec, wrap

__all__ = [
    "VERDICT_STYLES",
    "seed_titles",
    "claims_by_article",
    "claims_traces",
    "claims_layout",
    "claims_description",
    "claims_figure",
]

VERDICT_STYLES: dict[str, tuple[str, str, str]] = {
    "supported": ("Supported", OKABE_ITO["bluish_green"], ""),
    "contested": ("Contested", OKABE_ITO["orange"], "/"),
    "incorrect": ("Incorrect", OKABE_ITO["vermillion"], "x"),
}
"""verdict -> (legend label, colour, hatch pattern)."""


def seed_titles() -> dict[str, str]:
    """Seed file name -> article label, e.g. ``'Seed 003 "Why Do My Calves Get Sore When Running?"'``."""
    sources = load_sources()
    seeds = sources[sources["kind"] == "seed"]
    titles = {}
    for citation, path in zip(seeds["citation"], seeds["url_or_doi"]):
        name = Path(str(path)).name
        title = str(citation).split('"')[1] if citation.count('"') >= 2 else str(citation)
        titles[name] = f'Seed {name[:3]} "{title}"'
    return titles


def claims_by_article(claims: pd.DataFrame | None = None, articles: Sequence[str] | None = None) -> pd.DataFrame:
    """Verdict counts per seed article (a claim made by several seeds counts for each).

    Parameters
    ----------
    claims : pandas.DataFrame, optional
        Rows of :func:`calfkit.load_claims`; all claims if omitted.
    articles : sequence of str, optional
        Seed file names to count; all seeds if omitted.

    Returns
    -------
    pandas.DataFrame
        Index: article label (seed order); columns: the verdicts, in
        ``calfkit.schema.VERDICTS`` order.
    """
    table = load_claims() if claims is None else claims
    titles = seed_titles()
    pairs = [
        (titles.get(seed, seed), verdict)
        for seeds, verdict in zip(table["seeds"], table["verdict"])
        for seed in split_ids(seeds)
        if articles is None or seed in articles
    ]
    if not pairs:
        return pd.DataFrame(0, index=pd.Index([], name="article"), columns=list(VERDICTS))
    counts = pd.DataFrame(pairs, columns=["article", "verdict"]).value_counts().unstack(fill_value=0)
    order = [t for t in titles.values() if t in counts.index] + sorted(set(counts.index) - set(titles.values()))
    return counts.reindex(index=order, columns=list(VERDICTS), fill_value=0).astype(int)


def claims_traces(claims: pd.DataFrame | None = None, articles: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Three stacked bar traces, one per verdict (always three; possibly empty).

    Parameters
    ----------
    claims : pandas.DataFrame, optional
        Rows of :func:`calfkit.load_claims` (e.g. filtered); all if omitted.
    articles : sequence of str, optional
        Seed file names to show; all seeds if omitted.

    Returns
    -------
    list of dict
    """
    counts = claims_by_article(claims, articles)
    return [
        {
            "type": "bar",
            "orientation": "h",
            "name": label,
            "y": [wrap(article, 38) for article in counts.index],
            "x": [int(n) for n in counts[verdict]],
            "marker": {
                "color": colour,
                "line": {"color": OKABE_ITO["black"], "width": 1},
                "pattern": {"shape": pattern, "fgcolor": OKABE_ITO["black"], "solidity": 0.2},
            },
            "hovertemplate": f"%{{y}}<br>{label}: %{{x}} claims<extra></extra>",
        }
        for verdict, (label, colour, pattern) in VERDICT_STYLES.items()
    ]


def claims_layout(title: str = "How the seed articles' claims hold up against the evidence") -> dict[str, Any]:
    """Final layout of the stacked claims bar chart."""
    return base_layout(
        title,
        height=420,
        barmode="stack",
        legend={**LEGEND, "traceorder": "normal"},
        margin={"l": 40, "r": 30, "t": 60, "b": 110},
        xaxis={"title": {"text": "Number of claims"}, "rangemode": "tozero", "showgrid": True, "gridcolor": "#e5e5e5"},
        yaxis={"autorange": "reversed", "automargin": True},
    )


def claims_description(claims: pd.DataFrame | None = None, articles: Sequence[str] | None = None) -> str:
    """Plain-English description of the claims figure, with counts per article (see :func:`claims_traces`)."""
    table = load_claims() if claims is None else claims
    if table.empty:
        return "Stacked bar chart of audited claims: no claims match the current filter."
    totals = {v: int((table["verdict"] == v).sum()) for v in VERDICTS}
    parts = [
        f"Stacked bar chart of {len(table)} audited claim{'s' if len(table) != 1 else ''}: "
        + ", ".join(f"{n} {v}" for v, n in totals.items())
        + "."
    ]
    for article, row in claims_by_article(table, articles).iterrows():
        count = int(row.sum())
        share = round(100 * int(row["incorrect"]) / count) if count else 0
        parts.append(f"{article}: " + ", ".join(f"{int(row[v])} {v}" for v in VERDICTS) + f" ({share} % incorrect).")
    return " ".join(parts)


def claims_figure(claims: pd.DataFrame | None = None) -> FigureSpec:
    """Claims audit figure with its description.

    Parameters
    ----------
    claims : pandas.DataFrame, optional
        Rows of :func:`calfkit.load_claims`; all if omitted.

    Returns
    -------
    FigureSpec
    """
    table = load_claims() if claims is None else claims
    return make_spec(claims_traces(table), claims_layout(), claims_description(table))
