"""The kit's glossary: the terms the lessons use, in words a 16-year-old understands.

``data/glossary.csv`` (documented in ``data/glossary.md``): ``term``, ``plain`` (the
explanation), ``lesson`` (two-digit number of the first lesson that uses it) and
``sources`` (ids in ``data/sources.csv``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load_glossary"]


def load_glossary() -> pd.DataFrame:
    """The glossary, validated (unique terms, a lesson number, every source id resolves).

    Raises
    ------
    ValueError
        Naming the term, the column and what is wrong.
    """
    import pandas as pd

    from .data import data_dir, load_sources

    table = pd.read_csv(data_dir() / "glossary.csv", dtype=str, keep_default_na=False)
    if table["term"].duplicated().any():
        raise ValueError(f"glossary.csv: duplicate term(s) {sorted(table.loc[table['term'].duplicated(), 'term'])}")
    known = set(load_sources()["id"])
    for _, row in table.iterrows():
        ids = [s for s in row["sources"].split(";") if s]
        if not ids or not set(ids) <= known:
            raise ValueError(
                f"glossary.csv, term {row['term']!r}, column 'sources': {row['sources']!r} has unknown or no ids"
            )
        if not (len(row["lesson"]) == 2 and row["lesson"].isdigit()):
            raise ValueError(
                f"glossary.csv, term {row['term']!r}, column 'lesson': {row['lesson']!r} is not a lesson number"
            )
    return table
