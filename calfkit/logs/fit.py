"""FIT files (Garmin's binary activity format), read from their summary messages.

Each ``session`` message is one activity (multisport files hold one per
leg): ``sport``, ``start_time`` (UTC), ``total_distance`` (m) and
``total_elapsed_time`` (s). Only running sessions become runs; the others
are skipped and counted in the notes. A session without ``total_distance``
(Suunto writes such files) takes the sum of its laps' ``total_distance``,
else the distance its ``record`` messages cover (the last minus the first
``distance``, else the great-circle length of their positions). A file
without any session is read from its laps, else its records, with a note.

When the ``activity`` message carries ``local_timestamp`` (the device's
local clock), its offset from UTC places the run on the runner's local day
and the ``tz`` argument is not used for that file.

Only summary messages are decoded (see :mod:`calfkit.logs.fitscan`), which
makes a 2 MB file a matter of milliseconds; records are decoded only when
the summaries lack a distance. The checksum is verified. A damaged file (bad
checksum, cut short, a message of an undefined type, as a crashed recording
leaves it) is read from the session summaries written before the damage,
with a note saying so; without a complete session it is refused.

Reference: Garmin's FIT protocol and profile (message and field numbers,
scales: distance /100 m, times /1000 s, timestamps in s since
1989-12-31 00:00 UTC).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timedelta, timezone

from .activities import Options, Parsed, in_date_range, is_run, localize
from .fitscan import is_fit, scan
from .safety import TrainingLogError

__all__ = ["parse_fit", "is_fit"]

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=timezone.utc)
MAX_OFFSET = timedelta(hours=14)
"""Largest UTC offset on Earth; a larger local_timestamp offset is ignored."""
SEMICIRCLE_DEG = 180 / 2**31
EARTH_RADIUS_M = 6_371_008.8

FILE_ID, SESSION, LAP, RECORD, ACTIVITY = 0, 18, 19, 20, 34
TIMESTAMP, START_TIME, ELAPSED, TOTAL_DISTANCE = 253, 2, 7, 9
SESSION_SPORT, LAP_SPORT, FIRST_LAP, NUM_LAPS = 5, 25, 25, 26
RECORD_LAT, RECORD_LON, RECORD_DISTANCE = 0, 1, 5
LOCAL_TIMESTAMP, FILE_TYPE = 5, 0
ACTIVITY_FILE = 4

SUMMARY = {
    FILE_ID: frozenset({FILE_TYPE}),
    SESSION: frozenset({TIMESTAMP, START_TIME, SESSION_SPORT, ELAPSED, TOTAL_DISTANCE, FIRST_LAP, NUM_LAPS}),
    LAP: frozenset({TIMESTAMP, START_TIME, ELAPSED, TOTAL_DISTANCE, LAP_SPORT}),
    ACTIVITY: frozenset({TIMESTAMP, LOCAL_TIMESTAMP}),
}
RECORDS = {RECORD: frozenset({TIMESTAMP, RECORD_LAT, RECORD_LON, RECORD_DISTANCE})}


def _name(kind: str, value: int | float | None) -> str:
    """Profile name of an enum value (``sport`` 1 -> ``'running'``), or the number."""
    if value is None:
        return "unknown"
    from garmin_fit_sdk.profile import Profile

    return str(Profile["types"][kind].get(int(value), int(value)))


def _time(seconds: int | float | None) -> datetime | None:
    return FIT_EPOCH + timedelta(seconds=seconds) if seconds is not None else None


def _device_offset(activities: list[dict]) -> timedelta | None:
    """Local-minus-UTC offset recorded by the device, or None."""
    for activity in activities:
        local, utc = activity.get(LOCAL_TIMESTAMP), activity.get(TIMESTAMP)
        if local is not None and utc is not None:
            offset = timedelta(seconds=int(local) - int(utc))
            if abs(offset) <= MAX_OFFSET:
                return offset
    return None


def _record_metres(records: list[dict], began: float, ended: float) -> float | None:
    """Distance (m) the records between two FIT times cover, or None."""
    inside = [r for r in records if TIMESTAMP in r and began <= r[TIMESTAMP] <= ended] or (
        records if not any(TIMESTAMP in r for r in records) else []
    )
    distances = [r[RECORD_DISTANCE] / 100 for r in inside if RECORD_DISTANCE in r]
    if len(distances) >= 2:
        return max(distances) - distances[0]
    points = [
        (r[RECORD_LAT] * SEMICIRCLE_DEG, r[RECORD_LON] * SEMICIRCLE_DEG)
        for r in inside
        if RECORD_LAT in r and RECORD_LON in r
    ]
    if len(points) < 2:
        return None
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:]):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
        total += 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(a, 1.0)))
    return total


class _Summaries:
    """The sessions of a file (or stand-ins built from laps or records) with their distances."""

    def __init__(self, data: bytes, found: dict[int, list[dict]]) -> None:
        self.data = data
        self.laps = found[LAP]
        self.records: list[dict] | None = None
        self.sources: Counter = Counter()

    def _records(self) -> list[dict]:
        if self.records is None:
            self.records = scan(self.data, RECORDS).messages[RECORD]
        return self.records

    def _laps_of(self, session: dict, number: int, count: int) -> list[dict]:
        if FIRST_LAP in session and NUM_LAPS in session:
            return self.laps[int(session[FIRST_LAP]) : int(session[FIRST_LAP]) + int(session[NUM_LAPS])]
        if count == 1:
            return self.laps
        began, ended = session.get(START_TIME), session.get(TIMESTAMP)
        if began is None or ended is None:
            return []
        return [lap for lap in self.laps if began <= lap.get(START_TIME, -1) <= ended]

    def metres(self, session: dict, number: int, count: int) -> float | None:
        """The session's distance (m): its own total, else its laps', else its records'."""
        if TOTAL_DISTANCE in session:
            return session[TOTAL_DISTANCE] / 100
        laps = [lap[TOTAL_DISTANCE] / 100 for lap in self._laps_of(session, number, count) if TOTAL_DISTANCE in lap]
        if laps:
            self.sources["laps"] += 1
            return sum(laps)
        began = session.get(START_TIME, -math.inf)
        ended = began + session[ELAPSED] / 1000 if ELAPSED in session and began != -math.inf else math.inf
        metres = _record_metres(self._records(), began, ended)
        if metres is not None:
            self.sources["records"] += 1
        return metres

    def stand_in(self) -> dict | None:
        """A session-like summary from the laps, else the records, for a file without sessions."""
        if self.laps:
            starts = [lap[START_TIME] for lap in self.laps if START_TIME in lap]
            elapsed = [lap[ELAPSED] for lap in self.laps if ELAPSED in lap]
            sports = {lap[LAP_SPORT] for lap in self.laps if LAP_SPORT in lap}
            summary = {START_TIME: min(starts)} if starts else {}
            if elapsed:
                summary[ELAPSED] = sum(elapsed)
            if len(sports) == 1:
                summary[SESSION_SPORT] = sports.pop()
            self.sources["laps"] += 1
            return summary if starts else None
        times = [r[TIMESTAMP] for r in self._records() if TIMESTAMP in r]
        if len(times) < 2:
            return None
        self.sources["records"] += 1
        return {START_TIME: times[0], ELAPSED: (times[-1] - times[0]) * 1000}


def parse_fit(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """Read the sessions of a FIT activity file as runs.

    Parameters
    ----------
    data : bytes
        The file's content.
    where : str
        Name for error messages.
    label : str or None
        Origin of the runs when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``tz``, used when the file has no local time).

    Returns
    -------
    Parsed
    """
    if not is_fit(data):
        raise TrainingLogError(f"{where}: is not a FIT file (no '.FIT' header)")
    found = scan(data, SUMMARY)
    kinds = {message.get(FILE_TYPE) for message in found.messages[FILE_ID]}
    if kinds and ACTIVITY_FILE not in kinds:
        shown = ", ".join(sorted(_name("file", kind) for kind in kinds))
        raise TrainingLogError(
            f"{where}: is a FIT {shown} file, not an activity; export the run itself (on Garmin Connect: "
            "the activity's gear menu, Export Original)"
        )
    summaries = _Summaries(data, found.messages)
    sessions = found.messages[SESSION]
    notes: list[str] = []
    if not sessions:
        stand_in = summaries.stand_in() if found.damage is None or found.messages[LAP] else None
        if stand_in is None:
            if found.damage is not None:
                raise TrainingLogError(
                    f"{where}: damaged FIT file: {found.damage}, and no activity summary was written before "
                    "the damage; copy the file from the watch again, or export the activity again from "
                    "Garmin Connect or Strava"
                )
            raise TrainingLogError(
                f"{where}: holds no session summary, laps or timed records; only activity files can be read"
            )
        sessions = [stand_in]
        notes.append(
            f"{where}: has no session summary; its totals come from its "
            f"{'laps' if summaries.sources['laps'] else 'records'}."
        )
    if found.damage is not None:
        notes.append(
            f"{where}: the file is damaged: {found.damage}; the activity summary written before the damage was used."
        )
    offset = _device_offset(found.messages[ACTIVITY])
    name = label or "the file"
    skipped: Counter = Counter()
    untyped: list[str] = []
    origin, start, distance, duration = [], [], [], []
    for number, session in enumerate(sessions, start=1):
        here = name if len(sessions) == 1 else (f"{label} session {number}" if label else f"session {number}")
        sport = session.get(SESSION_SPORT)
        if sport is not None and not is_run(_name("sport", sport)):
            skipped[_name("sport", sport)] += 1
            continue
        began = _time(session.get(START_TIME, session.get(TIMESTAMP)))
        if began is None:
            raise TrainingLogError(f"{where}: {here} has no start time")
        metres = summaries.metres(session, number, len(sessions))
        if metres is None:
            raise TrainingLogError(f"{where}: {here} gives no distance (none in its session, laps or records)")
        local = (began + offset).replace(tzinfo=None) if offset is not None else localize(began, opts.zone)
        if not in_date_range(local):
            raise TrainingLogError(f"{where}: {here} starts on an implausible date ({local:%Y-%m-%d})")
        if sport is None:
            untyped.append(here)
        origin.append(here)
        start.append(local)
        distance.append(metres / 1000)
        duration.append(session[ELAPSED] / 60000 if ELAPSED in session else float("nan"))
    if summaries.sources["laps"] and sessions is found.messages[SESSION]:
        notes.append(
            f"{where}: {summaries.sources['laps']} session(s) give no total distance; the sum of their laps was used."
        )
    if summaries.sources["records"] and sessions is found.messages[SESSION]:
        notes.append(
            f"{where}: {summaries.sources['records']} session(s) give no total distance; the distance "
            "their records cover was used."
        )
    runs = Parsed.from_columns(origin, start, [True] * len(origin), distance, duration)
    runs.skipped, runs.untyped = skipped, untyped
    runs.notes.extend(notes)
    if offset is not None:
        runs.device_local = len(origin)
    else:
        runs.converted = len(origin)
    return runs
