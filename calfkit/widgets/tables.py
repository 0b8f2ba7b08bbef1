"""Tables in a lesson: a pandas DataFrame shown whole, as an HTML table that scrolls inside its own box.

>>> import pandas as pd
>>> from calfkit.widgets import table
>>> table(pd.DataFrame({"peak_h": [24.0, float("nan")]}), columns={"peak_h": "peak (h)"})  # doctest: +SKIP

A printed DataFrame on a phone wraps into an unreadable block, shows ``NaN`` for a blank
and snake_case column names. :func:`table` returns a :class:`Table`: in a notebook or in
Voilà it is an HTML table with plain column names inside a box that scrolls sideways on its
own (CSS class ``calfkit-table``), so the page never grows wider than the screen; its plain
text (what nbval compares) is the same table as fixed-width text. Numbers lose a trailing
``.0``, blanks show as a dash, ``True``/``False`` as yes/no. Nothing is cut.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..figures.style import fmt

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLE_CLASS", "BLANK", "LONG_TEXT", "Table", "table"]

TABLE_CLASS = "calfkit-table"
"""CSS class of the scrolling box around every table (see ``calfkit.css``)."""

LONG_TEXT = 60
"""Characters above which a column counts as long text (shown at least 16 em wide)."""

BLANK = "—"
"""What a missing value (NaN, None, an empty string) shows as."""


def _cell(value: Any, digits: int) -> str:
    """One value as text: numbers via :func:`~calfkit.figures.style.fmt`, yes/no, a dash for blanks."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return BLANK
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        return BLANK if number != number else fmt(number, digits)
    text = str(value)
    return BLANK if text in ("nan", "NaT", "<NA>") else text


@dataclass(frozen=True)
class Table:
    """A formatted table: HTML in a scrolling box for the page, fixed-width text for nbval and a console.

    Attributes
    ----------
    header : tuple of str
        Column names as shown.
    rows : tuple of tuple of str
        Every cell already formatted as text.
    caption : str
        Shown above the table and used as its accessible name ("" for none).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    def text(self) -> str:
        """The table as left-aligned fixed-width text (columns two spaces apart)."""
        widths = [max(len(r[i]) for r in (self.header, *self.rows)) for i in range(len(self.header))]
        lines = [self.caption] if self.caption else []
        for row in (self.header, *self.rows):
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        label = f' aria-label="{html.escape(self.caption)}"' if self.caption else ""
        caption = (
            f'<caption style="text-align:left;font-weight:bold;padding:2px 0">{html.escape(self.caption)}</caption>'
            if self.caption
            else ""
        )
        # A column of long text gets a readable width, so on a phone the table scrolls sideways
        # instead of squeezing that column into a tall, narrow strip.
        long = [max((len(r[i]) for r in self.rows), default=0) > LONG_TEXT for i in range(len(self.header))]
        cell = ['style="text-align:left;min-width:16em"' if wide else 'style="text-align:left"' for wide in long]
        head = "".join(f"<th {c}>{html.escape(h)}</th>" for h, c in zip(self.header, cell))
        body = "".join(
            "<tr>" + "".join(f"<td {c}>{html.escape(v)}</td>" for v, c in zip(row, cell)) + "</tr>" for row in self.rows
        )
        # Inline style too, so the box scrolls even where calfkit.css is not on the page yet.
        return (
            f'<div class="{TABLE_CLASS}" role="region" tabindex="0"{label} style="max-width:100%;overflow-x:auto">'
            f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )


def table(
    frame: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    caption: str = "",
    index: bool = False,
    digits: int | Mapping[str, int] = 1,
) -> Table:
    """A DataFrame as a :class:`Table`, whole and formatted; leave it last in a cell to show it.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to show (all of them: a table is never cut).
    columns : mapping of str to str, optional
        Column (and index) name -> name shown, e.g. ``{"peak_h_low": "peak from (h)"}``. Other
        columns show with their underscores turned into spaces.
    caption : str
        Title above the table, also its accessible name.
    index : bool
        Show the index as the first column (named after ``frame.index.name``).
    digits : int or mapping of str to int
        Decimal places kept for numbers (0 to 6; trailing zeros are dropped): one for every
        column, or column -> places (columns not named keep 1).

    Returns
    -------
    Table

    Raises
    ------
    ValueError
        If ``frame`` is not a DataFrame, a ``digits`` value is outside 0-6, or ``columns`` or
        ``digits`` names a column the frame does not have.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame={type(frame).__name__} must be a pandas DataFrame")
    shown = frame.reset_index() if index else frame
    present = [str(c) for c in shown.columns]
    places = dict(digits) if isinstance(digits, Mapping) else dict.fromkeys(present, digits)
    names = columns or {}
    for argument, given in (("columns", names), ("digits", places)):
        unknown = sorted(set(given) - set(present))
        if unknown:
            raise ValueError(f"{argument} names {unknown}, which are not columns of the frame ({present})")
    for column, value in places.items():
        if not 0 <= int(value) <= 6:
            raise ValueError(f"digits={value} for column {column!r} is outside the allowed range [0, 6]")
    header = tuple(names.get(c, c.replace("_", " ")) for c in present)
    column_places = [int(places.get(c, 1)) for c in present]
    rows = tuple(
        tuple(_cell(v, d) for v, d in zip(row, column_places)) for row in shown.itertuples(index=False, name=None)
    )
    return Table(header, rows, str(caption))
