"""Apple Health exports (``export.zip`` or its ``export.xml``), read as a stream.

The Health app (profile picture > Export All Health Data) writes
``export.zip`` holding ``apple_health_export/export.xml``: every heart-rate
sample, step count and workout the iPhone and Apple Watch ever stored, often
hundreds of megabytes. Only the ``<Workout>`` elements matter here::

    <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30.5" durationUnit="min"
             totalDistance="5.2" totalDistanceUnit="km" sourceName="Apple Watch"
             startDate="2024-01-01 10:00:00 +0100" endDate="2024-01-01 10:31:10 +0100">
      <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" sum="5.2" unit="km" .../>
    </Workout>

Running workouts (``HKWorkoutActivityTypeRunning``) become runs; the others
are skipped and counted by type (``Cycling``, ``Walking`` ...). The distance
is ``totalDistance`` in its ``totalDistanceUnit`` (older exports) or the sum
of the ``DistanceWalkingRunning`` statistics in their unit (iOS 16 and
later); km, mi, m, ft and yd are understood. The duration is the elapsed
time from ``startDate`` to ``endDate`` (else ``duration`` in its
``durationUnit``). The dates carry the phone's UTC offset at the time, so
the run is placed on the local day the phone showed, as for a watch's FIT
file; ``tz`` is not needed.

The XML is parsed incrementally (defusedxml ``iterparse``: Apple's inline
DTD of element declarations is allowed, entity declarations and external
references are refused) and every element is dropped once read, so memory
stays bounded however large the file is. Nothing is extracted to disk.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import BinaryIO

from .activities import Options, Parsed, in_date_range
from .safety import TrainingLogError

__all__ = ["parse_apple_stream", "looks_like_apple_health", "APPLE_EXPORT_MEMBER"]

APPLE_EXPORT_MEMBER = "export.xml"
RUNNING = "HKWorkoutActivityTypeRunning"
DISTANCE_TYPE = "HKQuantityTypeIdentifierDistanceWalkingRunning"
KM_PER_UNIT = {"km": 1.0, "mi": 1.609344, "m": 0.001, "ft": 0.0003048, "yd": 0.0009144}
MINUTES_PER_UNIT = {"min": 1.0, "s": 1 / 60, "sec": 1 / 60, "hr": 60.0, "h": 60.0}
_ROOT = re.compile(rb"<(?:!DOCTYPE\s+)?HealthData[\s>\[]")


def looks_like_apple_health(head: bytes) -> bool:
    """Whether the first kilobytes of a file are Apple Health's export.xml."""
    return _ROOT.search(head) is not None


def _moment(text: str | None) -> datetime | None:
    """Apple's ``2024-01-01 10:00:00 +0100`` as an aware datetime, or None."""
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return None


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value == value and abs(value) != float("inf") else None


class _Workouts:
    """Collects running workouts; counts the rest."""

    def __init__(self, where: str, label: str | None) -> None:
        self.where = where
        self.prefix = f"{label} workout" if label else "workout"
        self.origin: list[str] = []
        self.start: list[datetime] = []
        self.distance: list[float] = []
        self.duration: list[float] = []
        self.skipped: Counter = Counter()
        self.no_distance: list[str] = []
        self.units: set[str] = set()
        self.count = 0

    def add(self, workout, statistics: list[dict[str, str]]) -> None:
        self.count += 1
        kind = workout.get("workoutActivityType", "")
        if kind != RUNNING:
            self.skipped[kind.removeprefix("HKWorkoutActivityType") or "(no type)"] += 1
            return
        began, ended = _moment(workout.get("startDate")), _moment(workout.get("endDate"))
        here = f"{self.prefix} {self.count} ({workout.get('startDate', '?')})"
        if began is None:
            raise TrainingLogError(f"{self.where}: {here} has no readable startDate")
        local = began.replace(tzinfo=None)
        if not in_date_range(local):
            raise TrainingLogError(f"{self.where}: {here} starts on an implausible date ({local:%Y-%m-%d})")
        km = self._km(workout, statistics, here)
        if km is None:
            self.no_distance.append(here)
            return
        if ended is not None and ended >= began:
            minutes = (ended - began).total_seconds() / 60
        else:
            value, unit = _number(workout.get("duration")), workout.get("durationUnit", "min")
            minutes = value * MINUTES_PER_UNIT[unit] if value is not None and unit in MINUTES_PER_UNIT else float("nan")
        self.origin.append(here)
        self.start.append(local)
        self.distance.append(km)
        self.duration.append(minutes)

    def _km(self, workout, statistics: list[dict[str, str]], here: str) -> float | None:
        pairs = [(workout.get("totalDistance"), workout.get("totalDistanceUnit"))]
        if _number(pairs[0][0]) is None:
            pairs = [(s.get("sum"), s.get("unit")) for s in statistics if s.get("type") == DISTANCE_TYPE]
        total = None
        for value, unit in pairs:
            number = _number(value)
            if number is None:
                continue
            if unit not in KM_PER_UNIT:
                raise TrainingLogError(
                    f"{self.where}: {here} gives its distance in {unit!r}; calfkit understands {', '.join(KM_PER_UNIT)}"
                )
            self.units.add(unit)
            total = (total or 0.0) + number * KM_PER_UNIT[unit]
        return total


def parse_apple_stream(stream: BinaryIO, where: str, label: str | None, opts: Options) -> Parsed:
    """Read the running workouts of Apple Health's export.xml from a binary stream.

    Parameters
    ----------
    stream : binary file object
        The XML, read once in chunks: a :class:`calfkit.logs.safety.CappedStream` over a file
        opened read-only, a zip member or a buffer (it caps the size and reports progress).
    where : str
        Name for error messages.
    label : str or None
        Origin prefix when the file sits in an archive.
    opts : Options
        Validated arguments (``tz`` is not used: Apple's dates carry the phone's offset).

    Returns
    -------
    Parsed
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    found = _Workouts(where, label)
    depth = 0
    root = None
    statistics: list[dict[str, str]] = []
    try:
        for event, element in iterparse(
            stream, events=("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True
        ):
            if event == "start":
                depth += 1
                if depth == 1:
                    if element.tag != "HealthData":
                        raise TrainingLogError(
                            f"{where}: is XML but not an Apple Health export (root element <{element.tag}>)"
                        )
                    root = element
                continue
            depth -= 1
            if depth == 2 and element.tag == "WorkoutStatistics":
                statistics.append(dict(element.attrib))
            elif depth == 1:
                if element.tag == "Workout":
                    found.add(element.attrib, statistics)
                statistics = []
                root.clear()
    except DefusedXmlException as exc:
        raise TrainingLogError(
            f"{where}: XML with an entity declaration or external reference ({type(exc).__name__}); "
            "Apple Health exports have none, so it is refused"
        ) from None
    except ParseError as exc:
        raise TrainingLogError(
            f"{where}: is not well-formed XML ({exc}); export it again from the Health app"
        ) from None
    parsed = Parsed.from_columns(found.origin, found.start, [True] * len(found.origin), found.distance, found.duration)
    parsed.skipped = found.skipped
    if found.origin:
        parsed.notes.append(
            f"{where}: {len(found.origin)} running workout(s) placed on the local day the phone "
            "showed (Apple Health writes each time with its UTC offset; tz is not used)."
        )
    if found.no_distance:
        parsed.notes.append(
            f"{where}: skipped {len(found.no_distance)} running workout(s) without a distance "
            f"(treadmill runs without a pedometer estimate?): {', '.join(found.no_distance[:5])}."
        )
    if not found.count:
        parsed.notes.append(f"{where}: the Apple Health export holds no workouts.")
    return parsed
