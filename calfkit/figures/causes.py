"""Causes map: a treemap of the causes of calf pain, by category.

Each category is a box sized by how many causes it holds. Red-flag causes
(see a clinician) are marked three ways: a "⚠ RED FLAG" line above the name,
a thick border and a vermillion tint.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..data import load_causes
from ..schema import CAUSE_CATEGORIES
from .style import OKABE_ITO, FigureSpec, base_layout, make_spec, tint, wrap

__all__ = ["CATEGORY_LABELS", "ROOT_LABEL", "causes_traces", "causes_layout", "causes_description", "causes_figure"]

CATEGORY_LABELS: dict[str, str] = {
    "training_error": "Training error",
    "muscle_injury": "Muscle injury",
    "biomechanics": "Biomechanics",
    "footwear": "Footwear",
    "hydration_electrolytes": "Hydration and electrolytes",
    "circulation": "Circulation",
    "nerve": "Nerve",
    "cramp": "Cramp",
    "tendon": "Tendon",
    "bone": "Bone",
    "medical_condition": "Medical condition",
}
"""Readable name of each cause category (keys follow ``calfkit.schema.CAUSE_CATEGORIES``)."""

ROOT_LABEL = "Causes of calf pain"

_CATEGORY_COLOURS = tuple(
    OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "sky_blue", "reddish_purple", "yellow")
)


def _ordered(causes: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Categories in schema order, each with its causes in table order."""
    return [(c, causes[causes["category"] == c]) for c in CAUSE_CATEGORIES if (causes["category"] == c).any()]


def causes_traces(causes: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """One treemap trace: root -> category -> cause.

    Parameters
    ----------
    causes : pandas.DataFrame, optional
        Rows of :func:`calfkit.load_causes` (e.g. filtered); all causes if omitted.

    Returns
    -------
    list of dict
        A single treemap trace. With no rows it holds only the root box.
    """
    table = load_causes() if causes is None else causes
    ids, labels, parents, values, colours, lines, hover = (
        ["root"],
        [ROOT_LABEL],
        [""],
        [len(table)],
        ["#FFFFFF"],
        [1],
        [f"{len(table)} causes"],
    )
    for index, (category, rows) in enumerate(_ordered(table)):
        colour = _CATEGORY_COLOURS[index % len(_CATEGORY_COLOURS)]
        name = CATEGORY_LABELS[category]
        ids.append(f"category:{category}")
        labels.append(f"{name} ({len(rows)})")
        parents.append("root")
        values.append(len(rows))
        colours.append(tint(colour, 0.35))
        lines.append(1)
        hover.append(f"<b>{name}</b><br>{len(rows)} causes, {int(rows['red_flag'].sum())} red flags")
        for _, row in rows.iterrows():
            flagged = bool(row["red_flag"])
            ids.append(f"cause:{row['id']}")
            labels.append(("⚠ RED FLAG<br>" if flagged else "") + wrap(row["name"], 18))
            parents.append(f"category:{category}")
            values.append(1)
            colours.append(tint(OKABE_ITO["vermillion"], 0.2) if flagged else tint(colour, 0.7))
            lines.append(4 if flagged else 1)
            hover.append(
                f"<b>{row['name']}</b>{' — RED FLAG: see a clinician' if flagged else ''}<br>"
                f"onset: {row['typical_onset']}<br>"
                f"modifiable: {'yes' if row['modifiable'] else 'no'}; evidence: {row['evidence_grade']}"
            )
    return [
        {
            "type": "treemap",
            "name": ROOT_LABEL,
            "ids": ids,
            "labels": labels,
            "parents": parents,
            "values": values,
            "branchvalues": "total",
            "marker": {"colors": colours, "line": {"color": OKABE_ITO["black"], "width": lines}},
            "textfont": {"color": OKABE_ITO["black"]},
            "hovertext": hover,
            "hoverinfo": "text",
            "textinfo": "label",
            "pathbar": {"visible": True},
            "tiling": {"pad": 2},
        }
    ]


def causes_layout(title: str = "Causes of calf soreness and pain, by category (⚠ = red flag)") -> dict[str, Any]:
    """Final layout of the causes treemap."""
    return base_layout(title, height=560, margin={"l": 10, "r": 10, "t": 60, "b": 10})


def causes_description(causes: pd.DataFrame | None = None) -> str:
    """Plain-English description of the causes map, with counts and red-flag names."""
    table = load_causes() if causes is None else causes
    if table.empty:
        return "Treemap of causes of calf soreness or pain: no causes match the current filter."
    groups = _ordered(table)
    parts = [
        f"Treemap of {len(table)} cause{'s' if len(table) != 1 else ''} of calf soreness or pain in "
        f"{len(groups)} categor{'ies' if len(groups) != 1 else 'y'}, each box sized by its number of causes:",
        "; ".join(f"{CATEGORY_LABELS[c].lower()} {len(rows)}" for c, rows in groups) + ".",
    ]
    flagged = table[table["red_flag"].astype(bool)]
    if len(flagged):
        parts.append(
            f"{len(flagged)} red flag{'s' if len(flagged) != 1 else ''} (marked ⚠ RED FLAG): "
            + ", ".join(str(n) for n in flagged["name"])
            + "."
        )
    else:
        parts.append("None of them is a red flag.")
    modifiable = int(table["modifiable"].astype(bool).sum())
    parts.append(f"{modifiable} of {len(table)} {'is' if len(table) == 1 else 'are'} modifiable by the runner.")
    return " ".join(parts)


def causes_figure(causes: pd.DataFrame | None = None) -> FigureSpec:
    """Causes map (treemap by category -> cause) with its description.

    Parameters
    ----------
    causes : pandas.DataFrame, optional
        Rows of :func:`calfkit.load_causes`; all causes if omitted.

    Returns
    -------
    FigureSpec
    """
    table = load_causes() if causes is None else causes
    return make_spec(causes_traces(table), causes_layout(), causes_description(table))
