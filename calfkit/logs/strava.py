"""Strava's bulk-export ``activities.csv``, in any of the languages Strava writes it in.

Strava's export (Settings > My Account > Download or Delete Your Account >
Request your archive) holds ``activities.csv`` with one row per activity.
Strava translates the header, the activity types, the dates and the numbers
into the athlete's language (``Activiteits-ID``, ``Hardloopsessie``,
``8 jul 2017, 15:25:34``, ``10,52``), but not the layout, so the export is
recognised by its structure, not by its English column names:

* the first seven columns are, in this order: activity id, date, name,
  type, description, elapsed time (s), distance (display unit);
* the id cells (of the first 20 rows) are whole numbers and at least half
  of the date cells are dates with a four-digit year and a clock time
  (:mod:`calfkit.logs.localdates`); a date that cannot be read is then named
  in the error;
* current exports (about 90 columns) repeat the names of the elapsed-time
  and distance columns further on: the second copies hold seconds and
  metres. An older, shorter layout without the second Distance has only the
  display-unit distance, read in the ``unit`` argument's unit (default km,
  with a note).

``Activity Date`` is the start in UTC; each start is placed on a local day
with the ``tz`` argument. Rows whose type is a run are kept: Run, Trail Run,
Virtual Run and their translations in :data:`RUN_TYPES`; other types are
skipped and counted in the notes, named as the file names them. Numbers may
use a decimal comma (``10,52``, and ``10.520,5`` with a thousands dot) when
the file writes them so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .activities import EARLIEST, KM_PER_MILE, LATEST, Options, Parsed, RowErrors, is_run
from .csvtext import Table
from .localdates import parse_local_datetime
from .safety import TrainingLogError

__all__ = ["parse_strava_table", "strava_layout", "RUN_TYPES", "Layout"]

ENGLISH_DATE_FORMAT = "%b %d, %Y, %I:%M:%S %p"
ID, DATE, NAME, TYPE, DESCRIPTION, ELAPSED, DISTANCE = range(7)
SAMPLE_ROWS = 20
"""Data rows checked for the export's structure."""

RUN_TYPES: frozenset[str] = frozenset(
    label.casefold()
    for label in (
        # seen in real exports
        "Hardloopsessie",
        "Lauf",
        "Traillauf",
        "Virtueller Lauf",
        "Course à pied",
        "Trail",
        "Carrera",
        # Strava's other translations of Run, Trail Run and Virtual Run
        "Trailrun",
        "Virtuele hardloopsessie",
        "Course à pied virtuelle",
        "Carrera por montaña",
        "Carrera virtual",
        # Italian, verified 2026-12-02: "Corsa" is the activity type of the runs scraped from
        # Strava's Italian activity pages in DogeGiannelli/Strava-Kafka-Scraping, path
        # "Consegna/Dataset finali/JSON_Corsa.json" ("Attività": "Corsa"); the same project's
        # Strava_Kafka_scrapAPI/1_Scraping_producer.py sorts those pages' types "Corsa" and
        # "Corsa virtuale" into its running topic.
        "Corsa",
        "Corsa virtuale",
        # UNVERIFIED (kept so that such exports keep being read; not found in a real Strava
        # export, page or localisation file): the Italian "Trail running", and the Portuguese,
        # Russian, Japanese, Korean and Chinese names below. Searched 2026-12-02 in public
        # repositories (code search and exact-string search) for each name and for localised
        # Strava headers ("ID da atividade", "Название занятия", "アクティビティID", "Tipo di
        # attività"): the hits were other apps' own translations (fitness dashboards, trackers),
        # not Strava's output.
        "Trail running",
        "Corrida",
        "Corrida em trilha",
        "Corrida virtual",
        "Забег",
        "Бег",
        "Виртуальный забег",
        "ラン",
        "ランニング",
        "トレイルラン",
        "バーチャルラン",
        "달리기",
        "트레일 러닝",
        "가상 달리기",
        "跑步",
        "越野跑",
        "虚拟跑步",
        "虛擬跑步",
    )
)
"""Activity types of Strava's non-English exports that are runs (compared case-insensitively)."""

_ID = re.compile(r"[0-9]{3,20}")


@dataclass(frozen=True)
class Layout:
    """Column positions of a Strava export (``elapsed`` in s; ``distance`` in m when ``metres``)."""

    id: int | None
    date: int
    type: int
    elapsed: int | None
    distance: int
    metres: bool


def _positions(header: list[str], name: str) -> list[int]:
    return [index for index, cell in enumerate(header) if cell == name]


def _english_layout(header: list[str], where: str) -> Layout:
    missing = [name for name in ("Activity Date", "Activity Type", "Distance") if not _positions(header, name)]
    if missing:
        raise TrainingLogError(f"{where}: is not a Strava activities.csv: missing column(s) {', '.join(missing)}")
    distances, elapsed = _positions(header, "Distance"), _positions(header, "Elapsed Time")
    return Layout(
        header.index("Activity ID"),
        header.index("Activity Date"),
        header.index("Activity Type"),
        elapsed[-1] if elapsed else None,
        distances[-1],
        len(distances) > 1,
    )


def strava_layout(table: Table, where: str) -> Layout | None:
    """The export's column layout if ``table`` is Strava's activities.csv (any language), else None.

    Raises
    ------
    TrainingLogError
        For an English header naming Activity ID, Date and Type but missing a needed column.
    """
    header = table.header
    if all(name in header for name in ("Activity ID", "Activity Date", "Activity Type")):
        return _english_layout(header, where)
    if len(header) <= DISTANCE:
        return None
    sample = [cells for _, cells in table.rows[:SAMPLE_ROWS] if len(cells) > DISTANCE]
    if not sample or len(sample) < min(len(table.rows), SAMPLE_ROWS) / 2:
        return None
    if not all(_ID.fullmatch(cells[ID].strip()) for cells in sample):
        return None
    dated = sum(parse_local_datetime(cells[DATE]) is not None for cells in sample)
    if dated < len(sample) / 2:
        return None
    later = [i for i in range(ELAPSED + 1, len(header)) if header[i] == header[ELAPSED] and header[i]]
    metres = [i for i in range(DISTANCE + 1, len(header)) if header[i] == header[DISTANCE] and header[i]]
    return Layout(ID, DATE, TYPE, later[0] if later else ELAPSED, metres[0] if metres else DISTANCE, bool(metres))


def _is_run(kind: str) -> bool:
    return is_run(kind) or kind.strip().casefold() in RUN_TYPES


_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})*,[0-9]+|[+-]?[0-9]+,[0-9]+")
_POINT_DECIMAL = re.compile(r"[+-]?[0-9]+\.[0-9]+")


def _number(text: str, decimal_comma: bool) -> float | None:
    cleaned = text.strip()
    if decimal_comma and _COMMA_DECIMAL.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", cleaned):
        return None
    value = float(cleaned)
    return value if np.isfinite(value) else None


def _uses_decimal_comma(table: Table, columns: tuple[int, ...]) -> bool:
    """Whether the number columns write decimals with a comma (and never with a point)."""
    cells = [cells[i].strip() for _, cells in table.rows for i in columns if i < len(cells)]
    return any(_COMMA_DECIMAL.fullmatch(c) for c in cells) and not any(_POINT_DECIMAL.fullmatch(c) for c in cells)


def _utc_starts(texts: list[str]) -> pd.DatetimeIndex:
    """Parse English Strava dates fast, then any language; NaT where nothing fits."""
    series = pd.Series(texts, dtype=object).str.strip()
    parsed = pd.to_datetime(series, format=ENGLISH_DATE_FORMAT, errors="coerce")
    missing = np.flatnonzero(parsed.isna().to_numpy())
    if missing.size:
        local = [parse_local_datetime(series.iat[i]) for i in missing]
        parsed.iloc[missing] = pd.to_datetime(pd.Series(local, dtype=object), errors="coerce").to_numpy()
    return pd.DatetimeIndex(parsed).tz_localize("UTC")


def parse_strava_table(table: Table, layout: Layout, where: str, label: str | None, opts: Options) -> Parsed:
    """Read Strava's ``activities.csv`` into runs.

    Parameters
    ----------
    table : Table
        The file's rows (:func:`calfkit.logs.csvtext.read_table`).
    layout : Layout
        From :func:`strava_layout`.
    where : str
        Name for error messages.
    label : str or None
        Prefix for row origins when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``tz``; ``unit`` only for exports without the metres column).

    Returns
    -------
    Parsed
    """
    header = table.header
    names = {
        "date": header[layout.date],
        "distance": header[layout.distance],
        "elapsed": header[layout.elapsed] if layout.elapsed is not None else "",
    }
    notes: list[str] = []
    if not layout.metres:
        unit = opts.unit or "km"
        notes.append(
            f"{where}: has one {names['distance']} column; read as {unit} (pass unit='mi' if your "
            "Strava account shows miles)."
        )
    elif opts.unit is not None:
        notes.append(f"{where}: unit={opts.unit!r} not used: the export gives each distance in metres.")
    numbers = tuple(i for i in (layout.distance, layout.elapsed) if i is not None)
    decimal_comma = _uses_decimal_comma(table, numbers)
    needed = max(i for i in (layout.id, layout.date, layout.type, layout.distance, layout.elapsed) if i is not None)
    prefix = f"{label} line" if label else "line"

    origin: list[str] = []
    dates: list[str] = []
    distance: list[float] = []
    duration: list[float] = []
    skipped: Counter = Counter()
    bad = {kind: RowErrors() for kind in ("fields", "distance", "duration")}
    for line, cells in table.rows:
        here = f"{prefix} {line}"
        if layout.id is not None and layout.id < len(cells) and cells[layout.id].strip():
            here += f" ({header[layout.id]} {cells[layout.id].strip()[:20]})"
        if len(cells) <= needed:
            bad["fields"].add(here, f"{len(cells)} fields, header has {len(header)}")
            continue
        kind = cells[layout.type].strip()
        if not _is_run(kind):
            skipped[kind or "(no type)"] += 1
            continue
        value = _number(cells[layout.distance], decimal_comma)
        if value is None:
            bad["distance"].add(here, cells[layout.distance])
            continue
        minutes = float("nan")
        if layout.elapsed is not None and cells[layout.elapsed].strip():
            seconds = _number(cells[layout.elapsed], decimal_comma)
            if seconds is None:
                bad["duration"].add(here, cells[layout.elapsed])
                continue
            minutes = seconds / 60
        origin.append(here)
        dates.append(cells[layout.date])
        distance.append(value)
        duration.append(minutes)
    bad["fields"].raise_if_any(where, "too few fields")
    bad["distance"].raise_if_any(where, f"{names['distance']} is empty or not a number")
    bad["duration"].raise_if_any(where, f"{names['elapsed']} is not a number of seconds")

    starts = _utc_starts(dates)
    local = starts.tz_convert(opts.zone).tz_localize(None)
    wrong = np.flatnonzero(local.isna() | (local < EARLIEST) | (local >= LATEST))
    if wrong.size:
        errors = RowErrors()
        for i in wrong:
            errors.add(origin[i], dates[i])
        errors.raise_if_any(
            where,
            f"unparseable {names['date']} (expected a date with a four-digit year "
            "and a time, like 'Feb 17, 2022, 12:18:26 PM' or '8 jul 2017, 15:25:34')",
        )

    km = np.asarray(distance, dtype=float)
    km = km / 1000 if layout.metres else (km * KM_PER_MILE if (opts.unit or "km") == "mi" else km)
    parsed = Parsed.from_columns(origin, local, np.ones(len(origin), dtype=bool), km, duration)
    parsed.skipped = skipped
    parsed.converted = len(origin)
    parsed.notes.extend(notes)
    return parsed
