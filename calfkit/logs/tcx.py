"""TCX files (Garmin Training Center XML), read from the entity-free XML tree.

Every ``<Activity>`` is one activity, wherever it sits: directly under
``<Activities>`` (a file may hold several, e.g. a Forerunner export of three
runs, newest first), or inside a ``<MultiSportSession>`` (triathlon and
duathlon legs under ``<FirstSport>`` / ``<NextSport>``; the transitions
between legs are not activities). Each activity is judged by its own
``Sport`` attribute: ``Running`` is a run; ``Biking``, ``Other`` and the rest
are skipped and counted in the notes.

For one activity:

start
    its earliest time: a lap's ``StartTime`` or a track point's ``<Time>``;
    a time without ``Z`` or an offset is UTC.
distance (km)
    the sum of its laps' ``<DistanceMeters>``; when no lap gives one, the
    largest track-point ``<DistanceMeters>``.
duration (min)
    elapsed time from the start to the last track-point time; an activity
    without timed track points uses the sum of its laps'
    ``<TotalTimeSeconds>``.

The XML is parsed with defusedxml first (no DTD, no entities, no external
references).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timezone
from xml.etree.ElementTree import Element

from .activities import Options, Parsed, in_date_range, is_run, localize
from .safety import TrainingLogError, parse_xml

__all__ = ["parse_tcx"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Element, name: str) -> str | None:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _activities(root: Element) -> list[Element]:
    """Every <Activity> in document order, also those inside <MultiSportSession>."""
    return [element for element in root.iter() if _local(element.tag) == "Activity"]


def _summary(activity: Element) -> tuple[datetime | None, float | None, float | None]:
    """(start, distance in m, duration in s) of one <Activity>."""
    laps = _children(activity, "Lap")
    starts = [_moment(lap.get("StartTime")) for lap in laps]
    lap_metres = [_number(_text(lap, "DistanceMeters")) for lap in laps]
    lap_seconds = [_number(_text(lap, "TotalTimeSeconds")) for lap in laps]
    point_times: list[datetime] = []
    point_metres: list[float] = []
    for lap in laps:
        for track in _children(lap, "Track"):
            for point in _children(track, "Trackpoint"):
                moment = _moment(_text(point, "Time"))
                if moment is not None:
                    point_times.append(moment)
                metres = _number(_text(point, "DistanceMeters"))
                if metres is not None:
                    point_metres.append(metres)
    known = [moment for moment in starts if moment is not None] + point_times
    if not known:
        known = [moment for moment in [_moment(_text(activity, "Id"))] if moment is not None]
    start = min(known) if known else None
    given = [metres for metres in lap_metres if metres is not None]
    metres = sum(given) if given else (max(point_metres) if point_metres else None)
    if point_times and start is not None:
        seconds = (max(point_times) - start).total_seconds()
    else:
        timed = [value for value in lap_seconds if value is not None]
        seconds = sum(timed) if timed else None
    return start, metres, seconds


def parse_tcx(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """Read the activities of a TCX file; running ones become runs.

    Parameters
    ----------
    data : bytes
        The file's content.
    where : str
        Name for error messages.
    label : str or None
        Origin of the runs when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``tz``).

    Returns
    -------
    Parsed
    """
    root = parse_xml(data, where)
    if _local(root.tag) != "TrainingCenterDatabase":
        raise TrainingLogError(f"{where}: is XML but not TCX (root element <{root.tag}>)")
    activities = _activities(root)
    if not activities:
        raise TrainingLogError(f"{where}: holds no <Activity> (a TCX course or workout plan, not a recorded activity)")
    name = label or "the file"
    origin, start, distance, duration = [], [], [], []
    skipped: Counter = Counter()
    untyped: list[str] = []
    for number, activity in enumerate(activities, start=1):
        here = name if len(activities) == 1 else (f"{label} activity {number}" if label else f"activity {number}")
        sport = (activity.get("Sport") or "").strip()
        if sport and not is_run(sport):
            skipped[sport] += 1
            continue
        began, metres, seconds = _summary(activity)
        if began is None:
            raise TrainingLogError(
                f"{where}: {here} has no time (no lap StartTime, track-point Time or Id), so its day is unknown"
            )
        if metres is None:
            raise TrainingLogError(f"{where}: {here} gives no distance (no DistanceMeters in its laps or track)")
        local = localize(began, opts.zone)
        if not in_date_range(local):
            raise TrainingLogError(f"{where}: {here} starts on an implausible date ({local:%Y-%m-%d})")
        if not sport:
            untyped.append(here)
        origin.append(here)
        start.append(local)
        distance.append(metres / 1000)
        duration.append(seconds / 60 if seconds is not None else float("nan"))
    parsed = Parsed.from_columns(origin, start, [True] * len(origin), distance, duration)
    parsed.skipped = skipped
    parsed.untyped = untyped
    parsed.converted = len(origin)
    return parsed
