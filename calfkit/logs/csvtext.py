"""CSV text: strict UTF-8 decoding and rows numbered by their line in the file."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass

from .safety import TrainingLogError

__all__ = ["Table", "decode_text", "read_table"]


def decode_text(data: bytes, where: str) -> str:
    """Decode UTF-8 (a leading byte-order mark is allowed).

    Raises
    ------
    TrainingLogError
        Naming the line and byte offset of the first invalid byte.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TrainingLogError(
            f"{where}: line {line} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save the file as UTF-8 (in Excel: 'CSV UTF-8')"
        ) from None


@dataclass
class Table:
    """A CSV file's header and rows.

    Attributes
    ----------
    header : list of str
        Header cells, stripped.
    delimiter : str
        The field separator used.
    rows : list of (int, list of str)
        Each data row with the line number it starts on (the header is
        usually line 1); blank rows and, if asked, ``#`` comment rows are left out.
    """

    header: list[str]
    delimiter: str
    rows: list[tuple[int, list[str]]]


def _delimiter(lines: list[str]) -> str:
    """The separator of the first line that has one (a title line above the header has none)."""
    for line in lines:
        counts = {sep: line.count(sep) for sep in (",", ";", "\t")}
        best = max(counts, key=lambda sep: (counts[sep], sep == ","))
        if counts[best]:
            return best
    return ","


def read_table(text: str, where: str, comments: bool) -> Table:
    """Split CSV text into a header and line-numbered rows.

    Parameters
    ----------
    text : str
        Decoded file content.
    where : str
        Name used in error messages.
    comments : bool
        Skip rows whose first cell starts with ``#``.

    Returns
    -------
    Table

    Raises
    ------
    TrainingLogError
        If the text is empty or not parseable as CSV.
    """
    first = [
        line
        for line in itertools.islice(
            (line for line in io.StringIO(text) if line.strip() and not (comments and line.lstrip().startswith("#"))), 3
        )
    ]
    if not first:
        raise TrainingLogError(f"{where}: is empty (no header row, no data)")
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if comments and cells[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
            else:
                rows.append((line, cells))
    except csv.Error as exc:
        raise TrainingLogError(f"{where}: line {previous + 1} is not valid CSV ({exc})") from None
    if header is None:
        raise TrainingLogError(f"{where}: is empty (no header row, no data)")
    if not rows:
        raise TrainingLogError(f"{where}: has a header ({', '.join(header)[:200]}) but no data rows")
    return Table(header, delimiter, rows)
