"""TCX files (Garmin Training Center XML), read from entity-free XML.

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

The XML is parsed with defusedxml (no DTD, no entities, no external
references); the track points of plain tracks are scanned as bytes
(:mod:`calfkit.logs.xmlscan`), others read from the tree.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timezone
from xml.etree.ElementTree import Element

from .activities import Options, Parsed, in_date_range, is_run, localize
from .safety import TrainingLogError, parse_xml
from .xmlscan import BODY, cut_bodies

__all__ = ["parse_tcx"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _moment(text: str | None) -> datetime | None:
    if not text or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _activities(root: Element) -> list[Element]:
    """Every <Activity> in document order, also those inside <MultiSportSession>."""
    return [element for element in root.iter() if _local(element.tag) == "Activity"]


def _text(value: str | bytes | None) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _points(lap: Element, ns: str, tracks: list[list[list[bytes]]]) -> list[tuple[list, list]]:
    """The track points of a lap in document order, as groups of (Time texts, DistanceMeters texts).

    Points come from the tree (one group per point: ``findtext`` texts, None for an absent
    element), or from the columns of cut ``<Track>`` bodies (one group per body, bytes; an absent
    or empty element both give ``b""``, which the reader treats alike).
    """
    point_tag, track_tag = f"{ns}Trackpoint", f"{ns}Track"
    out: list[tuple[list, list]] = []
    for element in lap.iter():
        if element.tag == point_tag:
            out.append(([element.findtext(f"{ns}Time")], [element.findtext(f"{ns}DistanceMeters")]))
        elif element.tag == track_tag and (body := element.get(BODY)) is not None:
            out.append((tracks[int(body)][0], tracks[int(body)][1]))
    return out


def _summary(
    activity: Element, ns: str, tracks: list[list[list[bytes]]]
) -> tuple[datetime | None, float | None, float | None]:
    """(start, distance in m, duration in s) of one <Activity>."""
    laps = activity.findall(f"{ns}Lap")
    starts = [moment for lap in laps if (moment := _moment(lap.get("StartTime"))) is not None]
    lap_metres = [value for lap in laps if (value := _number(lap.findtext(f"{ns}DistanceMeters"))) is not None]
    lap_seconds = [value for lap in laps if (value := _number(lap.findtext(f"{ns}TotalTimeSeconds"))) is not None]
    groups = [group for lap in laps for group in _points(lap, ns, tracks)]
    first_timed = next((text for times, _ in groups for text in times if text), None)
    last_timed = next((text for times, _ in reversed(groups) for text in reversed(times) if text), None)
    first_point, last_point = _moment(_text(first_timed)), _moment(_text(last_timed))
    known = starts + [moment for moment in (first_point,) if moment is not None]
    if not known:
        known = [moment for moment in [_moment(activity.findtext(f"{ns}Id"))] if moment is not None]
    start = min(known) if known else None
    if lap_metres:
        metres = sum(lap_metres)
    else:
        along = [value for _, texts in groups for text in texts if (value := _number(_text(text))) is not None]
        metres = max(along) if along else None
    if last_point is not None and start is not None:
        seconds = (last_point - start).total_seconds()
    else:
        seconds = sum(lap_seconds) if lap_seconds else None
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
    cut = cut_bodies(data, where, "tcx", lambda layout, columns: columns)
    root, tracks = cut if cut is not None else (parse_xml(data, where), [])
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
        began, metres, seconds = _summary(activity, root.tag[: -len("TrainingCenterDatabase")], tracks)
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
