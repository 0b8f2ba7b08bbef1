"""GPX tracks (GPS Exchange Format 1.0 / 1.1), read with gpxpy.

Each ``<trk>`` is one activity: its distance is gpxpy's 2-D length over all
segments, its duration the span from the first to the last timestamp, its
start the first timestamp. A track whose ``<type>`` is given and is not a
run (``cycling``, ``hiking``, Strava's numeric ``1``) is skipped; a track
without a type is counted as a run, with a note. Routes and waypoints (plans,
without times) are ignored.

Handheld GPS logs (GPSBabel's ``ACTIVE LOG`` tracks) often hold an empty
track and tracks whose points carry no time. An empty track is skipped with a
note; a track with points but no time at all cannot be placed on a day and
is skipped with a note naming it and its length, as long as another track in
the file is timed (otherwise the file is refused, naming the untimed tracks).
When only some points of a track carry a time, the day comes from those, and
the duration is known only if the track's first and last points are timed
(otherwise it is left unknown, NaN).

The XML is first parsed with defusedxml (no DTD, no entities, no external
references), and the raw text is checked so that gpxpy's namespace
scanning (regular expressions run over the whole text) stays fast.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timezone

from .activities import Options, Parsed, in_date_range, is_run, localize, strava_type_label
from .safety import TrainingLogError, listing, parse_xml

__all__ = ["parse_gpx"]

MAX_SCANNED_ATTRIBUTES = 200_000
"""Most ``xmlns`` / ``schemaLocation`` occurrences accepted (some writers declare a
namespace on every track point)."""
MAX_SCAN_STEPS = 20_000_000
"""Most characters gpxpy's namespace regexes may have to step over in total."""


def _check_scan_cost(data: bytes, where: str) -> None:
    """Refuse text on which gpxpy's namespace regexes would run in quadratic time.

    gpxpy matches ``\\sxmlns:?[^=]*="[^"]+"`` (and a ``schemaLocation``
    pattern) against the whole document. Each occurrence of the word makes
    the regex scan to the next ``=`` and then to the closing quote, so a
    text with many occurrences far from any ``=`` costs occurrences x length
    (40,000 bare ``xmlns`` words take seconds; a megabyte of them, minutes).
    This adds those distances up, with bounded searches, and refuses the
    file when the total passes ``MAX_SCAN_STEPS``. Real files, whose
    occurrences are short attributes, stay far below it.
    """
    steps = 0
    for token in (b"xmlns", b"schemaLocation"):
        for count, match in enumerate(re.finditer(re.escape(token), data)):
            if count >= MAX_SCANNED_ATTRIBUTES:
                raise TrainingLogError(
                    f"{where}: has more than {MAX_SCANNED_ATTRIBUTES} '{token.decode()}' occurrences; refusing to parse"
                )
            position = match.start()
            reach = MAX_SCAN_STEPS - steps
            equals = data.find(b"=", position, position + reach)
            end = equals
            quote = data[equals + 1 : equals + 2] if equals >= 0 else b""
            if quote in (b'"', b"'"):
                end = data.find(quote, equals + 2, position + reach)
            if equals < 0 or end < 0:
                raise TrainingLogError(
                    f"{where}: '{token.decode()}' text at byte {position} is not a short attribute; "
                    "the GPX parser would take too long, refusing to parse"
                )
            steps += end - position


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
    root = parse_xml(data, where)
    if root.tag.rsplit("}", 1)[-1] != "gpx":
        raise TrainingLogError(f"{where}: is XML but not GPX (root element <{root.tag}>)")
    _check_scan_cost(data, where)
    import gpxpy
    import gpxpy.gpx

    try:
        document = gpxpy.parse(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TrainingLogError(f"{where}: GPX text is not UTF-8") from None
    except (gpxpy.gpx.GPXException, ValueError) as exc:
        raise TrainingLogError(f"{where}: not a readable GPX file ({exc})") from None

    name = label or "the file"
    tracks = document.tracks
    if not tracks:
        raise TrainingLogError(f"{where}: holds no track (<trk>); routes and waypoints are not runs")
    origin, start, distance, duration = [], [], [], []
    skipped: Counter = Counter()
    untyped: list[str] = []
    empty: list[str] = []
    untimed: list[tuple[str, float]] = []
    partial: list[str] = []
    for number, track in enumerate(tracks, start=1):
        here = name if len(tracks) == 1 else (f"{label} track {number}" if label else f"track {number}")
        shown = f"{here} ({track.name.strip()!r})" if track.name and track.name.strip() else here
        kind = (track.type or "").strip()
        if kind and not is_run(kind):
            skipped[strava_type_label(kind)] += 1
            continue
        points = [point for segment in track.segments for point in segment.points]
        if not points:
            empty.append(shown)
            continue
        times = [point.time for point in points if point.time is not None]
        if not times:
            untimed.append((shown, track.length_2d() / 1000))
            continue
        first, last = min(times), max(times)
        if first.tzinfo is None:
            first, last = first.replace(tzinfo=timezone.utc), last.replace(tzinfo=timezone.utc)
        local = localize(first, opts.zone)
        if not in_date_range(local):
            raise TrainingLogError(f"{where}: {here} starts on an implausible date ({first:%Y-%m-%d})")
        if not kind:
            untyped.append(here)
        minutes = (last - first).total_seconds() / 60
        if points[0].time is None or points[-1].time is None:
            partial.append(shown)
            minutes = float("nan")
        origin.append(here)
        start.append(local)
        distance.append(track.length_2d() / 1000)
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
