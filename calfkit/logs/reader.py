"""The public entry points: :func:`read_training_log` and :func:`sample_log_path`."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..data import data_dir
from .activities import Options, daily_log
from .apple import looks_like_apple_health, parse_apple_stream
from .archive import read_folder, read_zip
from .formats import parse_bytes
from .safety import ZIP_MAGICS, CappedStream, ReadBudget, read_buffer, read_path

__all__ = ["read_training_log", "sample_log_path"]


def read_training_log(
    path_or_buffer: str | os.PathLike | io.IOBase,
    *,
    unit: str | None = None,
    tz: str = "UTC",
    on_duplicate: str = "raise",
    progress: Callable[[float], object] | None = None,
) -> pd.DataFrame:
    """Read a runner's training log into one row per day with running.

    Parameters
    ----------
    path_or_buffer : str, os.PathLike or file object
        One of:

        * a plain CSV log (``date`` plus ``distance_km`` / ``distance_mi`` /
          ``distance`` with a unit, optional duration and type columns; see
          :mod:`calfkit.logs.csv_plain`);
        * Strava's bulk-export ``activities.csv``;
        * a ``.gpx``, ``.tcx`` or ``.fit`` activity file, or the same gzipped
          (``.gpx.gz`` ...);
        * a folder of such files, or an unzipped Strava export;
        * a Strava export ``.zip`` (see :mod:`calfkit.logs.archive` for the
          members read, skipped and refused);
        * Apple Health's ``export.zip`` or its ``export.xml`` (running
          workouts, read as a stream; see :mod:`calfkit.logs.apple`);
        * a Garmin Connect activities CSV (see :mod:`calfkit.logs.garmin_csv`);
        * an open file object (binary or text) holding any of the files
          above; it is read, not closed.

        The file is only read: never modified, moved or extracted to disk.
    unit : {'km', 'mi'} or None, default None
        Unit of a plain CSV's ``distance`` column when the file does not
        say (None: km, with a note), of a Strava export that has a single
        ``Distance`` column, or of a Garmin Connect CSV (required there: the
        file does not say). Must be left out when the file names its unit.
    tz : str, default 'UTC'
        The runner's IANA time zone (``'Europe/London'``,
        ``'America/Denver'``). Absolute start times (Strava's UTC dates, GPX,
        TCX, FIT without local time, CSV times with an offset) are placed on
        the local day of this zone; see :mod:`calfkit.logs.activities` for
        the full rule.
    on_duplicate : {'raise', 'drop', 'keep'}, default 'raise'
        What to do with two records of the same run (same day, distance
        within 1 %, start within 2 min): raise a ValueError naming both,
        keep only the first, or keep both as separate runs.
    progress : callable or None, default None
        Called now and then with the fraction read so far (0-1) while a
        folder, an archive or an Apple Health export is read, e.g. to move a
        progress bar; single activity files are too quick to report.

    Returns
    -------
    pandas.DataFrame
        Sorted by date, one row per local day with at least one run (rest
        days are not added): ``date`` (datetime64[ns], midnight),
        ``distance_km`` (km, summed over the day's runs), ``duration_min``
        (min, elapsed time summed; NaN when a run that day has no
        duration), ``activity_count`` (int, runs that day).
        ``attrs["source"]`` is the file or folder name and
        ``attrs["notes"]`` a list of what was skipped or assumed. Pass it
        straight to :func:`calfkit.training_load`.

    Raises
    ------
    ValueError
        Naming the file, the rows and the problem, for: an empty file, an
        unknown or wrong format, missing columns, unparseable dates,
        distances or durations, a distance below 0 or above 300 km (or more
        than 24 h) in one run or one day, duplicate activities (with
        ``on_duplicate='raise'``), non-UTF-8 text, a file over 200 MiB, a
        zip with unexpected or unsafe members, a decompression bomb, XML
        with a DTD or entities, a file holding no runs; and for an invalid
        ``unit``, ``tz`` or ``on_duplicate``.
    FileNotFoundError
        If the path does not exist.

    Examples
    --------
    >>> import calfkit as ck
    >>> from calfkit.logs import sample_log_path
    >>> log = ck.read_training_log(sample_log_path("plain_16_weeks.csv"))
    >>> list(log.columns)
    ['date', 'distance_km', 'duration_min', 'activity_count']
    """
    opts = Options.build(unit, tz, on_duplicate, progress)
    if isinstance(path_or_buffer, (str, os.PathLike)):
        raw = os.fspath(path_or_buffer)
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(f"path_or_buffer={path_or_buffer!r} is not a usable path")
        path = Path(raw)
        source = path.name or str(path)
        budget = ReadBudget(source)
        if path.is_dir():
            parts = read_folder(path, source, opts, budget)
        elif not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        elif not path.is_file():
            raise ValueError(f"{source}: is not a regular file or folder")
        else:
            with open(path, "rb") as handle:
                head = handle.read(4096)
            if head[:4] in ZIP_MAGICS or path.suffix.lower() == ".zip":
                parts = read_zip(path, source, opts, budget)
            elif looks_like_apple_health(head):
                size = path.stat().st_size
                with open(path, "rb") as handle:
                    stream = CappedStream(handle, source, on_read=lambda done: opts.report(done, size))
                    parts = [parse_apple_stream(stream, source, None, opts)]
            else:
                parts = [parse_bytes(read_path(path, source, budget), path.name, source, None, opts, budget)]
    elif hasattr(path_or_buffer, "read"):
        source = Path(str(getattr(path_or_buffer, "name", "") or "")).name or "<buffer>"
        budget = ReadBudget(source)
        data = read_buffer(path_or_buffer, source, budget)
        if data[:4] in ZIP_MAGICS:
            parts = read_zip(io.BytesIO(data), source, opts, budget)
        else:
            parts = [parse_bytes(data, source, source, None, opts, budget)]
    else:
        raise ValueError(
            f"path_or_buffer must be a file or folder path or an open file object; got {type(path_or_buffer).__name__}"
        )
    return daily_log(parts, source, opts)


def sample_log_path(name: str) -> Path:
    """Path of a bundled synthetic sample log (see ``data/samples/README.md``).

    Parameters
    ----------
    name : str
        ``'plain_16_weeks.csv'`` (16 weeks of a plain CSV log with one
        weekly-mileage spike and one long-run spike) or
        ``'strava_activities.csv'`` (a small Strava-style export).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If ``name`` is not a bundled sample.
    """
    folder = data_dir() / "samples"
    available = sorted(entry.name for entry in folder.iterdir() if entry.suffix == ".csv")
    if name not in available:
        raise ValueError(f"name={name!r} is not a bundled sample log; available: {', '.join(available)}")
    return folder / name
