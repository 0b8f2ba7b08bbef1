"""TCX files (Garmin Training Center XML), read with tcxreader.

A TCX file holds one activity: its distance is the sum of the laps'
``DistanceMeters``, its start and duration come from the first and last
track-point times (which tcxreader requires to carry ``Z`` or an offset).
``Sport="Running"`` counts as a run; ``Biking`` and
``Other`` are skipped. The XML is first parsed with defusedxml (no DTD, no
entities, no external references).
"""
from __future__ import annotations

import io

from .activities import Options, Parsed, in_date_range, is_run, localize
from .safety import TrainingLogError, parse_xml

__all__ = ["parse_tcx"]


def parse_tcx(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """Read a TCX activity as a run (or skip it when its sport is not running).

    Parameters
    ----------
    data : bytes
        The file's content.
    where : str
        Name for error messages.
    label : str or None
        Origin of the run when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``tz``).

    Returns
    -------
    Parsed
    """
    root = parse_xml(data, where)
    if root.tag.rsplit("}", 1)[-1] != "TrainingCenterDatabase":
        raise TrainingLogError(f"{where}: is XML but not TCX (root element <{root.tag}>)")
    from tcxreader import TCXReader

    try:
        exercise = TCXReader().read(io.BytesIO(data), only_gps=False)
    except Exception as exc:  # tcxreader raises assorted types (ValueError, KeyError, TypeError) on bad input
        raise TrainingLogError(f"{where}: not a readable TCX activity ({type(exc).__name__}: {exc})") from None

    here = label or "the file"
    sport = (exercise.activity_type or "").strip()
    parsed = Parsed.from_columns([], [], [], [], [])
    if sport and not is_run(sport):
        parsed.skipped[sport] += 1
        return parsed
    if exercise.start_time is None or exercise.end_time is None:
        raise TrainingLogError(f"{where}: has fewer than three timed track points, so its start is unknown")
    local = localize(exercise.start_time, opts.zone)
    if not in_date_range(local):
        raise TrainingLogError(f"{where}: starts on an implausible date ({local:%Y-%m-%d})")
    minutes = (exercise.end_time - exercise.start_time).total_seconds() / 60
    parsed = Parsed.from_columns([here], [local], [True], [exercise.distance / 1000], [minutes])
    parsed.converted = 1
    if not sport:
        parsed.untyped = [here]
    return parsed
