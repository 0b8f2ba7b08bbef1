"""GPX tracks (GPS Exchange Format 1.0 / 1.1), read from entity-free XML.

Each ``<trk>`` is one activity: its distance is the great-circle
(haversine) length of each ``<trkseg>``'s points, summed over the segments;
its start is the first point's time and its duration the span to the last
point's time. A track whose ``<type>`` is given and is not a run
(``cycling``, ``hiking``, Strava's numeric ``1``) is skipped; a track
without a type is counted as a run, with a note. Routes and waypoints
(plans, without times) are ignored. A time without ``Z`` or an offset is
UTC, as the GPX standard says.

Handheld GPS logs (GPSBabel's ``ACTIVE LOG`` tracks) often hold an empty
track and tracks whose points carry no time. An empty track is skipped with a
note; a track with points but no time at all cannot be placed on a day and
is skipped with a note naming it and its length, as long as another track in
the file is timed (otherwise the file is refused, naming the untimed tracks).
When only some points of a track carry a time, the day comes from those, and
the duration is known only if the track's first and last points are timed
(otherwise it is left unknown, NaN).

The XML is parsed with defusedxml (no DTD, no entities, no external
references); the track points of plain segments are scanned as bytes
(:mod:`calfkit.logs.xmlscan`), others read from the tree, and measured with
numpy, so an hour recorded every second takes milliseconds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.etree.ElementTree import Element

import numpy as np

from .activities import Options, Parsed, in_date_range, is_run, localize, strava_type_label
from .safety import TrainingLogError, listing, parse_xml
from .xmlscan import BODY, cut_bodies

__all__ = ["parse_gpx", "EARTH_RADIUS_M"]

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), m."""


def _haversine_m(lat: np.ndarray, lon: np.ndarray) -> float:
    """Great-circle length (m) of a polyline of degrees."""
    if lat.size < 2:
        return 0.0
    p = np.radians(lat)
    dp, dl = np.diff(p), np.radians(np.diff(lon))
    a = np.sin(dp / 2) ** 2 + np.cos(p[:-1]) * np.cos(p[1:]) * np.sin(dl / 2) ** 2
    return float(np.sum(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a, 1.0)))))


def _time(text: str | None) -> datetime | None:
    if not text or not text.strip():
        return None
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


@dataclass
class GpxSegment:
    """One ``<trkseg>``: its point count, coordinates (degrees) and the times its points carry.

    ``first`` / ``last``: the stripped time texts of its first and last points (None when
    untimed); ``first_timed`` / ``last_timed``: those of its first and last timed points.
    """

    points: int
    lat: list[float]
    lon: list[float]
    first: str | None
    last: str | None
    first_timed: str | None
    last_timed: str | None


def _segment_of(segment: Element, ns: str) -> GpxSegment:
    """A ``<trkseg>`` of the tree as the summary :func:`calfkit.logs.xmlscan.gpx_segments` gives."""
    tag = f"{ns}time"
    found = segment.findall(f"{ns}trkpt")
    lat = [float(point.get("lat")) for point in found]
    lon = [float(point.get("lon")) for point in found]

    def timed(point: Element) -> str | None:
        text = point.findtext(tag)
        return text.strip() if text and text.strip() else None

    first = timed(found[0]) if found else None
    last = timed(found[-1]) if found else None
    first_timed = first if first is not None else next((t for p in found if (t := timed(p))), None)
    last_timed = last if last is not None else next((t for p in reversed(found) if (t := timed(p))), None)
    return GpxSegment(len(found), lat, lon, first, last, first_timed, last_timed)


class _Track:
    """One <trk>: name, type, point count, length (km), first and last times, whether its ends are timed."""

    def __init__(self, track: Element, ns: str, segments: list) -> None:
        self.name = (track.findtext(f"{ns}name") or "").strip()
        self.kind = (track.findtext(f"{ns}type") or "").strip()
        metres = 0.0
        parts = []
        for element in track.iter(f"{ns}trkseg"):
            body = element.get(BODY)
            segment = segments[int(body)] if body is not None else _segment_of(element, ns)
            metres += _haversine_m(np.array(segment.lat, dtype=float), np.array(segment.lon, dtype=float))
            if segment.points:
                parts.append(segment)
        self.points = sum(segment.points for segment in parts)
        self.km = metres / 1000
        first = parts[0].first if parts else None
        last = parts[-1].last if parts else None
        self.ends_timed = first is not None and last is not None
        if parts and not self.ends_timed:
            first = next((segment.first_timed for segment in parts if segment.first_timed), None)
            last = next((segment.last_timed for segment in reversed(parts) if segment.last_timed), None)
        self.first, self.last = _time(first), _time(last)


def _scanned_segment(layout: int, columns: list[list[bytes]]) -> GpxSegment:
    """A cut ``<trkseg>`` body's points (:func:`calfkit.logs.xmlscan.cut_bodies`) as a summary."""
    first_column, second_column, times = columns
    lat_raw, lon_raw = (first_column, second_column) if layout == 0 else (second_column, first_column)
    lat, lon = list(map(float, lat_raw)), list(map(float, lon_raw))  # a bad number: ValueError, tree read

    def timed(raw: bytes) -> str | None:
        text = raw.decode("utf-8").strip()
        return text or None

    first = timed(times[0]) if times else None
    last = timed(times[-1]) if times else None
    first_timed = first if first is not None else next((t for raw in times if (t := timed(raw))), None)
    last_timed = last if last is not None else next((t for raw in reversed(times) if (t := timed(raw))), None)
    return GpxSegment(len(times), lat, lon, first, last, first_timed, last_timed)


def parse_gpx(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """Read the tracks of a GPX file as runs.

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
    try:
        cut = cut_bodies(data, where, "gpx", _scanned_segment)
    except TrainingLogError:
        raise
    except ValueError:  # a coordinate float() refuses: read the tree, whose error names it as before
        cut = None
    root, segments = cut if cut is not None else (parse_xml(data, where), [])
    if root.tag.rsplit("}", 1)[-1] != "gpx":
        raise TrainingLogError(f"{where}: is XML but not GPX (root element <{root.tag}>)")
    ns = root.tag[:-3]
    elements = root.findall(f"{ns}trk")
    if not elements:
        raise TrainingLogError(f"{where}: holds no track (<trk>); routes and waypoints are not runs")
    try:
        tracks = [_Track(element, ns, segments) for element in elements]
    except (TypeError, ValueError) as exc:  # a missing or non-numeric lat/lon, a malformed time
        raise TrainingLogError(f"{where}: not a readable GPX file ({exc})") from None
    name = label or "the file"
    origin, start, distance, duration = [], [], [], []
    skipped: Counter = Counter()
    untyped: list[str] = []
    empty: list[str] = []
    untimed: list[tuple[str, float]] = []
    partial: list[str] = []
    for number, track in enumerate(tracks, start=1):
        here = name if len(tracks) == 1 else (f"{label} track {number}" if label else f"track {number}")
        shown = f"{here} ({track.name!r})" if track.name else here
        if track.kind and not is_run(track.kind):
            skipped[strava_type_label(track.kind)] += 1
            continue
        if not track.points:
            empty.append(shown)
            continue
        if track.first is None or track.last is None:
            untimed.append((shown, track.km))
            continue
        local = localize(track.first, opts.zone)
        if not in_date_range(local):
            raise TrainingLogError(f"{where}: {here} starts on an implausible date ({track.first:%Y-%m-%d})")
        if not track.kind:
            untyped.append(here)
        minutes = (track.last - track.first).total_seconds() / 60
        if not track.ends_timed:
            partial.append(shown)
            minutes = float("nan")
        origin.append(here)
        start.append(local)
        distance.append(track.km)
        duration.append(minutes)
    if not origin and untimed:
        if len(tracks) == 1:
            said = f"its track ({untimed[0][1]:.2f} km) has no times"
        else:
            said = "none of its tracks has times (" + "; ".join(f"{shown}, {km:.2f} km" for shown, km in untimed) + ")"
        raise TrainingLogError(
            f"{where}: {said}, so the day of the run is unknown; "
            "export the activity again with its times (for example as GPX from Strava or Garmin Connect), "
            "or write the run into a plain CSV log with its date"
        )
    if not origin and not skipped and empty:
        raise TrainingLogError(f"{where}: its track(s) hold no points ({listing(empty)})")
    notes = []
    if empty:
        notes.append(f"{where}: skipped {len(empty)} empty track(s) without points ({listing(empty)}).")
    if untimed:
        said = ", ".join(f"{shown}, {km:.2f} km" for shown, km in untimed)
        notes.append(
            f"{where}: skipped {len(untimed)} track(s) whose points have no time, so their day is unknown ({said})."
        )
    if partial:
        notes.append(
            f"{where}: the first or last point of {listing(partial)} has no time, so the duration is unknown (NaN)."
        )

    parsed = Parsed.from_columns(origin, start, [True] * len(origin), distance, duration)
    parsed.skipped.update(skipped)
    parsed.untyped = untyped
    parsed.converted = len(origin)
    parsed.notes.extend(notes)
    return parsed
