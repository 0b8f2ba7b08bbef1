"""Load and validate the kit's data tables.

Every table lives as a CSV file in ``data/`` (shipped inside the wheel as
``calfkit/_data``) and is documented column by column in ``data/README.md``.
Each loader returns a fresh :class:`pandas.DataFrame` whose columns follow
:mod:`calfkit.schema`; a file that breaks its schema raises
:class:`DataError` naming the file, the column and the line.
"""

from __future__ import annotations

import csv
import io
import math
import re
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .schema import SCHEMAS, Column, TableSchema

__all__ = [
    "DataError",
    "data_dir",
    "load_table",
    "load_sources",
    "load_causes",
    "load_nutrients",
    "load_nutrient_intakes",
    "nutrient_intakes",
    "load_doms_timeline",
    "load_red_flags",
    "load_treatments",
    "load_claims",
    "load_model_parameters",
    "split_ids",
    "references",
    "catalog",
]

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_SEED_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


class DataError(ValueError):
    """A data file does not match its schema."""


def data_dir() -> Path:
    """Folder holding the CSV tables.

    Returns
    -------
    pathlib.Path
        ``calfkit/_data`` inside an installed wheel, or the repository's
        ``data/`` folder in a source checkout.
    """
    packaged = Path(str(resources.files("calfkit") / "_data"))
    if (packaged / "sources.csv").is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / "sources.csv").is_file():
        return checkout
    raise FileNotFoundError(
        f"calfkit data not found in {packaged} or {checkout}; reinstall calfkit "
        "with `pip install .` from the repository root"
    )


def split_ids(cell: str) -> list[str]:
    """Split a ``;``-separated id cell into a list of ids (empty cell -> [])."""
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def _fail(filename: str, column: str, line: int | None, row_id: str | None, message: str) -> DataError:
    where = f"data/{filename}, column '{column}'"
    if line is not None:
        where += f", line {line}"
        if row_id:
            where += f" (id '{row_id}')"
    return DataError(f"{where}: {message}")


def _convert(value: str, col: Column, filename: str, line: int, row_id: str | None):
    """Check one cell against its column and return the typed value."""
    if value == "":
        if col.required:
            raise _fail(filename, col.name, line, row_id, "is empty but a value is required")
        if col.kind in ("int", "float"):
            return math.nan
        return ""
    if col.kind == "id":
        if not _ID.match(value):
            raise _fail(
                filename, col.name, line, row_id, f"'{value}' is not a snake_case id (lower-case letters, digits, _)"
            )
        return value
    if col.kind in ("int", "float"):
        try:
            number = float(value)
        except ValueError:
            raise _fail(filename, col.name, line, row_id, f"'{value}' is not a number") from None
        if not math.isfinite(number):
            raise _fail(filename, col.name, line, row_id, f"'{value}' is not a finite number")
        if col.kind == "int" and not number.is_integer():
            raise _fail(filename, col.name, line, row_id, f"'{value}' is not a whole number")
        if (col.minimum is not None and number < col.minimum) or (col.maximum is not None and number > col.maximum):
            raise _fail(
                filename, col.name, line, row_id, f"{value} is outside the allowed range [{col.minimum}, {col.maximum}]"
            )
        return number
    if col.kind == "bool":
        if value not in ("true", "false"):
            raise _fail(filename, col.name, line, row_id, f"'{value}' is not 'true' or 'false'")
        return value == "true"
    if col.kind == "choice":
        if value not in col.choices:
            raise _fail(filename, col.name, line, row_id, f"'{value}' is not one of {', '.join(col.choices)}")
        return value
    if col.kind == "seeds":
        for name in split_ids(value):
            if not _SEED_FILE.match(name):
                raise _fail(
                    filename, col.name, line, row_id, f"'{name}' is not a seed file name like 000_b1cea77aadf7a50d.txt"
                )
        return value
    return value


def _parse(text: str, schema: TableSchema) -> pd.DataFrame:
    """Parse and check one table's CSV text (sources are resolved separately)."""
    filename = schema.filename
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise _fail(filename, "(header)", None, None, "file is empty") from None
    expected = schema.column_names
    missing = [c for c in expected if c not in header]
    if missing:
        raise _fail(filename, missing[0], 1, None, f"missing column(s) {missing}; expected columns {expected}")
    unexpected = [c for c in header if c not in expected]
    if unexpected:
        raise _fail(filename, unexpected[0], 1, None, f"unexpected column(s) {unexpected}; expected columns {expected}")
    position = {name: header.index(name) for name in expected}
    records: list[dict] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise _fail(filename, "(row)", line, None, f"has {len(row)} fields but the header has {len(header)}")
        row_id = row[position[schema.id_column]].strip() or None
        record = {}
        for col in schema.columns:
            record[col.name] = _convert(row[position[col.name]].strip(), col, filename, line, row_id)
        if row_id in seen:
            raise _fail(filename, schema.id_column, line, row_id, f"duplicate id (first used on line {seen[row_id]})")
        seen[row_id] = line
        record["_line"] = line
        records.append(record)
    if not records:
        raise _fail(filename, "(rows)", None, None, "has a header but no rows")
    frame = pd.DataFrame.from_records(records, columns=expected + ["_line"])
    for col in schema.columns:
        if col.kind == "int":
            frame[col.name] = frame[col.name].astype("Int64")
        elif col.kind == "float":
            frame[col.name] = frame[col.name].astype("float64")
        elif col.kind == "bool":
            frame[col.name] = frame[col.name].astype(bool)
    return frame


def _check_sources(frame: pd.DataFrame, schema: TableSchema, known: set[str], seed_files: set[str]) -> None:
    """Every source id resolves; every seed file is a known seed."""
    for _, row in frame.iterrows():
        line, row_id = int(row["_line"]), row[schema.id_column]
        if "sources" in frame.columns:
            ids = split_ids(row["sources"])
            if not ids:
                raise _fail(schema.filename, "sources", line, row_id, "is empty; every fact needs a source")
            for source_id in ids:
                if source_id not in known:
                    raise _fail(
                        schema.filename,
                        "sources",
                        line,
                        row_id,
                        f"unknown source id '{source_id}' (not in data/sources.csv)",
                    )
        if "seeds" in frame.columns:
            for name in split_ids(row["seeds"]):
                if name not in seed_files:
                    raise _fail(
                        schema.filename,
                        "seeds",
                        line,
                        row_id,
                        f"seed '{name}' is not listed as a seed in data/sources.csv",
                    )


def _read_text(directory: Path, filename: str) -> str:
    path = directory / filename
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"data/{filename}: file not found in {path.parent}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"data/{filename}, line {line}: not valid UTF-8 text") from None


@cache
def _sources_frame(directory: Path, stamp: tuple = ()) -> pd.DataFrame:
    schema = SCHEMAS["sources"]
    frame = _parse(_read_text(directory, schema.filename), schema)
    for _, row in frame.iterrows():
        if row["kind"] == "seed":
            if row["evidence_grade"] != "none":
                raise _fail(
                    schema.filename,
                    "evidence_grade",
                    int(row["_line"]),
                    row["id"],
                    "seed articles are subject matter, not evidence: grade must be 'none'",
                )
            if not _SEED_FILE.match(Path(row["url_or_doi"]).name):
                raise _fail(
                    schema.filename,
                    "url_or_doi",
                    int(row["_line"]),
                    row["id"],
                    "a seed row must give the seed's file path",
                )
        elif row["evidence_grade"] == "none":
            raise _fail(
                schema.filename, "evidence_grade", int(row["_line"]), row["id"], "only seed rows may have grade 'none'"
            )
        _check_checked(row, schema.filename)
    return frame


_READ = ("abstract", "full text", "guideline page", "patient page")
"""``checked_against`` values that mean the source's own text was read."""


def _check_checked(row: pd.Series, filename: str) -> None:
    """A source marked as read names where it was read and how to find it."""
    line, row_id, checked = int(row["_line"]), row["id"], row["checked_against"]
    if (row["kind"] == "seed") != (checked == "seed file"):
        raise _fail(
            filename, "checked_against", line, row_id, "'seed file' is the value for seed rows and only for them"
        )
    if checked in _READ:
        for column in ("url_or_doi", "checked_on"):
            if not row[column]:
                raise _fail(
                    filename,
                    column,
                    line,
                    row_id,
                    f"is empty, but checked_against is '{checked}': say where the source was read",
                )


def _check_timeline_claims(frame: pd.DataFrame, directory: Path) -> None:
    """A timeline row that quotes a claim carries the claim's verdict (claims.csv owns it)."""
    verdicts = _table_frame("claims", directory, _stamp(directory, "claims")).set_index("id")["verdict"]
    for _, row in frame[frame["claim"] != ""].iterrows():
        line, row_id, claim = int(row["_line"]), row["id"], row["claim"]
        if claim not in verdicts.index:
            raise _fail("doms_timeline.csv", "claim", line, row_id, f"'{claim}' is not a claim id in data/claims.csv")
        if row["agrees_with_consensus"] != verdicts[claim]:
            raise _fail(
                "doms_timeline.csv",
                "agrees_with_consensus",
                line,
                row_id,
                f"is '{row['agrees_with_consensus']}' but data/claims.csv rates claim "
                f"'{claim}' '{verdicts[claim]}'; claims.csv owns the verdict",
            )


def _seed_files(sources: pd.DataFrame) -> dict[str, str]:
    """Map seed file name -> source id."""
    seeds = sources[sources["kind"] == "seed"]
    return {Path(path).name: sid for sid, path in zip(seeds["id"], seeds["url_or_doi"])}


def _stamp(directory: Path, name: str) -> tuple:
    """Cache key part that changes when a table or sources.csv is edited."""
    out = []
    for filename in {f"{name}.csv", "sources.csv"} | ({"claims.csv"} if name == "doms_timeline" else set()):
        try:
            info = (directory / filename).stat()
            out.append((filename, info.st_mtime_ns, info.st_size))
        except OSError:
            out.append((filename, None, None))
    return tuple(sorted(out, key=lambda item: item[0]))


@cache
def _table_frame(name: str, directory: Path, stamp: tuple = ()) -> pd.DataFrame:
    if name == "sources":
        return _sources_frame(directory, _stamp(directory, "sources"))
    schema = SCHEMAS[name]
    frame = _parse(_read_text(directory, schema.filename), schema)
    sources = _sources_frame(directory, _stamp(directory, "sources"))
    _check_sources(frame, schema, set(sources["id"]), set(_seed_files(sources)))
    if name == "doms_timeline":
        _check_timeline_claims(frame, directory)
    return frame


def load_table(name: str, directory: str | Path | None = None) -> pd.DataFrame:
    """Load one validated table by name.

    Parameters
    ----------
    name : str
        One of ``sources``, ``causes``, ``nutrients``, ``doms_timeline``,
        ``red_flags``, ``treatments``, ``claims``, ``model_parameters``.
    directory : str or pathlib.Path, optional
        Folder to read from instead of the kit's own data (lets a maintainer
        validate an edited copy of ``data/``). Files are only read, never written.

    Returns
    -------
    pandas.DataFrame
        A fresh copy; changing it does not change what later calls return.

    Raises
    ------
    ValueError
        If ``name`` is not a known table, or :class:`DataError` (a
        ``ValueError``) if the file breaks its schema.
    """
    if not isinstance(name, str) or name not in SCHEMAS:
        raise ValueError(f"name={name!r} is not a calfkit table; allowed: {', '.join(SCHEMAS)}")
    if directory is None:
        folder = data_dir()
    elif isinstance(directory, (str, Path)) and Path(directory).is_dir():
        folder = Path(directory).resolve()
    else:
        raise ValueError(f"directory={directory!r} is not an existing folder")
    return _table_frame(name, folder, _stamp(folder, name)).drop(columns="_line").copy()


def load_sources() -> pd.DataFrame:
    """Sources: id, kind, citation, year, url_or_doi, evidence_grade, checked_against, checked_on."""
    return load_table("sources")


def load_causes() -> pd.DataFrame:
    """Causes of calf soreness or pain named by the seeds (see ``data/README.md``)."""
    return load_table("causes")


def load_nutrients() -> pd.DataFrame:
    """Nutrients with food sources, muscle function and adult reference intakes."""
    return load_table("nutrients")


def load_nutrient_intakes() -> pd.DataFrame:
    """Reference intakes by nutrient, authority (NIH ODS, EFSA), age group (14-18, adult) and sex."""
    return load_table("nutrient_intakes")


def nutrient_intakes(age_group: str = "14-18", sex: str = "female", authority: str = "both") -> pd.DataFrame:
    """The reference intakes for one learner's group, one row per nutrient.

    Parameters
    ----------
    age_group : str
        ``"14-18"`` (a teenager; each authority's own teenage band is in the
        ``*_ages`` columns) or ``"adult"``.
    sex : str
        ``"female"`` or ``"male"``.
    authority : str
        ``"NIH ODS"``, ``"EFSA"`` or ``"both"`` (side by side).

    Returns
    -------
    pandas.DataFrame
        Index ``nutrient``; for each authority shown, columns ``<A> amount``
        (text with unit, e.g. ``"1300 mg per day"`` or ``"950-1000 mg per day"``),
        ``<A> kind`` (RDA, AI, PRI, ...), ``<A> ages`` and ``<A> source``.

    Raises
    ------
    ValueError
        If an argument is not one of its allowed values.
    """
    from .schema import AGE_GROUPS, AUTHORITIES, SEXES
    from .validate import check_choice

    check_choice("age_group", age_group, AGE_GROUPS)
    check_choice("sex", sex, SEXES)
    check_choice("authority", authority, (*AUTHORITIES, "both"))
    table = load_nutrient_intakes()
    rows = table[(table["age_group"] == age_group) & (table["sex"] == sex)]
    shown = AUTHORITIES if authority == "both" else (authority,)
    order = list(dict.fromkeys(rows["nutrient"]))
    columns = {}
    for who in shown:
        mine = rows[rows["authority"] == who].set_index("nutrient").reindex(order)
        columns[f"{who} amount"] = [_amount_text(r) for _, r in mine.iterrows()]
        columns[f"{who} kind"] = mine["intake_kind"].tolist()
        columns[f"{who} ages"] = mine["age_range"].tolist()
        columns[f"{who} source"] = mine["sources"].tolist()
    return pd.DataFrame(columns, index=pd.Index(order, name="nutrient"))


def _amount_text(row: pd.Series) -> str:
    """``"1300 mg per day"`` or ``"950-1000 mg per day"`` (``""`` for a missing row)."""
    low, high = row["amount_low"], row["amount_high"]
    if not isinstance(row["unit"], str):
        return ""
    amount = f"{low:g}" if low == high else f"{low:g}-{high:g}"
    return f"{amount} {row['unit']}"


def load_doms_timeline() -> pd.DataFrame:
    """DOMS onset / peak / resolution in hours, one row per source, plus the consensus."""
    return load_table("doms_timeline")


def load_red_flags() -> pd.DataFrame:
    """Red-flag symptom patterns, the conditions they may point to, what to do and how urgently."""
    return load_table("red_flags")


def load_treatments() -> pd.DataFrame:
    """Treatment, self-care and prevention advice with doses and evidence grades."""
    return load_table("treatments")


def load_claims() -> pd.DataFrame:
    """Audit of the seed articles' factual claims (supported / contested / incorrect)."""
    return load_table("claims")


def load_model_parameters() -> pd.DataFrame:
    """Every model parameter: value, low, high, unit, evidence grade and sources."""
    return load_table("model_parameters")


def references(ids: str | list[str] | tuple[str, ...]) -> list[str]:
    """Citations for source ids, in the order given, without duplicates.

    Parameters
    ----------
    ids : str or sequence of str
        Source ids, or a ``;``-separated cell as stored in the tables.

    Returns
    -------
    list of str
        ``"[id] citation"`` strings.

    Raises
    ------
    ValueError
        If an id is not in ``data/sources.csv``.
    """
    if isinstance(ids, str):
        wanted = split_ids(ids)
    elif isinstance(ids, (list, tuple)) and all(isinstance(i, str) for i in ids):
        wanted = list(ids)
    else:
        raise ValueError(f"ids={ids!r} must be a string or a list of source-id strings")
    folder = data_dir()
    table = _sources_frame(folder, _stamp(folder, "sources")).set_index("id")["citation"]
    out: list[str] = []
    for source_id in dict.fromkeys(wanted):
        if source_id not in table.index:
            raise ValueError(f"ids contains '{source_id}', which is not in data/sources.csv")
        out.append(f"[{source_id}] {table[source_id]}")
    return out


def catalog() -> pd.DataFrame:
    """One row per data table: name, rows, loader and what it holds.

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``rows``, ``loader``, ``description``.
    """
    rows = []
    for name, schema in SCHEMAS.items():
        rows.append(
            {
                "table": schema.filename,
                "rows": len(load_table(name)),
                "loader": f"calfkit.load_{name}()",
                "description": schema.description,
            }
        )
    return pd.DataFrame(rows)
