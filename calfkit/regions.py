"""Regions of the calf diagram, each linked to the causes and red flags felt there.

``data/calf_regions.csv`` has one row per region of the diagram
(``calfkit/figures/calf_diagram.svg``): ``id`` (the SVG group's ``data-region``),
``name``, ``plain`` (what it is, in plain words), ``causes`` and ``red_flags``
(``;``-separated ids of ``data/causes.csv`` and ``data/red_flags.csv``; may be
empty), ``seeds`` and ``sources`` (ids in ``data/sources.csv``, never empty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load_calf_regions", "split_ids"]

COLUMNS = ("id", "name", "plain", "causes", "red_flags", "seeds", "sources")


def split_ids(text: str) -> list[str]:
    """``"a;b"`` -> ``["a", "b"]``; an empty cell gives ``[]``."""
    return [part.strip() for part in str(text or "").split(";") if part.strip()]


def load_calf_regions() -> pd.DataFrame:
    """The diagram's regions, validated: every cause, red flag and source id resolves.

    Returns
    -------
    pandas.DataFrame
        Columns as in the module docstring, empty cells as ``""``.

    Raises
    ------
    ValueError
        Naming the row, the column and the unknown id.
    """
    import pandas as pd

    from .data import data_dir, load_causes, load_red_flags, load_sources

    table = pd.read_csv(data_dir() / "calf_regions.csv", dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"calf_regions.csv: missing column(s) {missing}")
    if table["id"].duplicated().any():
        raise ValueError(f"calf_regions.csv: duplicate id(s) {sorted(table.loc[table['id'].duplicated(), 'id'])}")
    known = {
        "causes": set(load_causes()["id"]),
        "red_flags": set(load_red_flags()["id"]),
        "sources": set(load_sources()["id"]),
    }
    for _, row in table.iterrows():
        if not split_ids(row["sources"]):
            raise ValueError(f"calf_regions.csv, row {row['id']!r}, column 'sources': must not be empty")
        for column, ids in known.items():
            unknown = [i for i in split_ids(row[column]) if i not in ids]
            if unknown:
                raise ValueError(f"calf_regions.csv, row {row['id']!r}, column {column!r}: unknown id(s) {unknown}")
    return table
