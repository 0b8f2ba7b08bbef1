"""Benchmark: reading training logs, against the targets of issues 5 and 15.

Targets
-------
* issue 5: a 10-year Strava export (``activities.csv`` of about 3,000 runs) read and
  turned into its load timeline in under 1 s;
* issue 15: a 2 MB FIT file (an Ironman recorded every second) in at most 1 s;
* issue 15: a 10-year Strava export whose about 2,000 activity files (``.gz``
  members: FIT, GPX, TCX) are all decoded, in at most 10 s; also the same export
  with its ``activities.csv`` (how Strava ships it), which is read instead.

Everything is synthetic and written to a temporary folder (removed afterwards). The
FIT files come from a small writer in this script (``FitWriter``: header, definitions,
data messages, CRC-16), checked once against Garmin's SDK; GPX and TCX from
``tests/logs_fixtures.py``. Prints each timing (wall clock and CPU time) with its target and the load average,
and exits 1 if a target is missed in both wall-clock and CPU time (the CPU time is
the fair number on a loaded machine: the reading runs in one thread).

Run from the repository root::

    python benchmarks/bench_logs.py
"""

from __future__ import annotations

import random
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calfkit import training_load  # noqa: E402
from calfkit.logs import read_training_log  # noqa: E402
from tests.logs_fixtures import (  # noqa: E402
    Run,
    StravaRow,
    gpx_bytes,
    gz,
    strava_csv,
    tcx_bytes,
    track_points,
    zip_bytes,
)

UTC = timezone.utc
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
TARGET_CSV_S = 1.0
TARGET_FIT_S = 1.0
TARGET_EXPORT_S = 10.0
RUNS = 3000
YEARS = 10
FILES = 2000


class FitWriter:
    """A minimal FIT activity writer (little-endian, one local type per message kind)."""

    SPORT = {"swimming": 5, "cycling": 2, "running": 1}

    def __init__(self) -> None:
        self.body = bytearray()
        self.defined: set[int] = set()

    def _define(self, local: int, number: int, fields: list[tuple[int, int, int]]) -> None:
        self.body += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(fields))
        for field in fields:
            self.body += struct.pack("<BBB", *field)
        self.defined.add(local)

    def message(self, local: int, number: int, fields: list[tuple[int, int, int]], fmt: str, *values) -> None:
        """Write one data message (its definition first, the first time)."""
        if local not in self.defined:
            self._define(local, number, fields)
        self.body += struct.pack("<B" + fmt, local, *values)

    def activity(self, legs: list[tuple[str, datetime, float, float]], positions: bool = True) -> bytes:
        """A whole file: one session per (sport, start, km, minutes), records every second.

        Each record carries the 21 fields a current running watch writes (position, distance,
        altitude, speeds, heart rate, cadence, power, temperature, running dynamics): 50 bytes.
        """
        self.message(0, 0, [(0, 1, 0), (1, 2, 0x84), (4, 4, 0x86)], "BHI", 4, 1, _fit_time(legs[0][1]))
        record = [
            (253, 4, 0x86),
            (0, 4, 0x85),
            (1, 4, 0x85),
            (5, 4, 0x86),
            (2, 2, 0x84),
            (6, 2, 0x84),
            (3, 1, 0x02),
            (4, 1, 0x02),
            (7, 2, 0x84),
            (13, 1, 0x01),
            (73, 4, 0x86),
            (78, 4, 0x86),
            (39, 2, 0x84),
            (41, 2, 0x84),
            (53, 1, 0x02),
            (31, 1, 0x02),
            (32, 2, 0x83),
            (40, 2, 0x84),
            (83, 2, 0x84),
            (84, 2, 0x84),
            (85, 2, 0x84),
        ]
        summary = [(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (8, 4, 0x86), (9, 4, 0x86), (5, 1, 0x00)]
        sessions = []
        for sport, start, km, minutes in legs:
            seconds = int(minutes * 60)
            points = track_points(Run(start, km, minutes), step_s=1) if positions else []
            for i in range(seconds + 1):
                lat, lon = points[min(i, len(points) - 1)][:2] if points else (51.5, -0.12)
                self.message(
                    1,
                    20,
                    record,
                    "IiiIHHBBHbIIHHBBhHHHH",
                    _fit_time(start) + i,
                    round(lat * 2**31 / 180),
                    round(lon * 2**31 / 180),
                    round(km * 1e5 * i / seconds),
                    2500 + i % 50,
                    3000,
                    140 + i % 20,
                    85,
                    200,
                    18,
                    3000,
                    2500 + i % 50,
                    90,
                    250,
                    0,
                    3,
                    0,
                    3500,
                    800,
                    5000,
                    1100,
                )
            values = (
                _fit_time(start) + seconds,
                _fit_time(start),
                seconds * 1000,
                seconds * 1000,
                round(km * 1e5),
                self.SPORT[sport],
            )
            self.message(2, 19, summary, "IIIIIB", *values)
            sessions.append(values)
        for values in sessions:
            self.message(3, 18, summary, "IIIIIB", *values)
        end = sessions[-1][0]
        self.message(4, 34, [(253, 4, 0x86), (5, 4, 0x86), (1, 2, 0x84)], "IIH", end, end + 3600, len(legs))
        header = struct.pack("<BBHI4s", 14, 0x20, 2160, len(self.body), b".FIT")
        header += struct.pack("<H", _crc(header))
        data = header + bytes(self.body)
        return data + struct.pack("<H", _crc(data))


def _fit_time(moment: datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


def _crc(data: bytes) -> int:
    import anycrc

    return anycrc.Model("CRC16-ARC").calc(data)


def check_writer() -> None:
    """The writer's files decode with Garmin's SDK to the totals written."""
    from garmin_fit_sdk import Decoder, Stream

    data = FitWriter().activity([("running", datetime(2020, 1, 1, 7, tzinfo=UTC), 10.0, 50.0)])
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    session = messages["session_mesgs"][0]
    assert not errors and session["total_distance"] == 10_000 and session["sport"] == "running", (errors, session)


def ironman() -> bytes:
    """About 2 MB: 3.8 km swim, 180 km ride, 42.2 km run, a record every second, in one FIT file."""
    start = datetime(2023, 7, 2, 6, 30, tzinfo=UTC)
    legs = [
        ("swimming", start, 3.8, 75.0),
        ("cycling", start + timedelta(minutes=80), 180.0, 330.0),
        ("running", start + timedelta(minutes=415), 42.2, 230.0),
    ]
    return FitWriter().activity(legs)


def ten_year_rows(seed: int = 5) -> list[StravaRow]:
    """3,000 runs over 10 years (some doubles), plus about 1,100 other activities."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 6, tzinfo=UTC)
    span_days = 365 * YEARS
    rows = []
    for i in range(RUNS):
        day = start + timedelta(
            days=rng.randrange(span_days), hours=rng.choice([0, 0, 0, 11, 14]), minutes=rng.randrange(60)
        )
        km = round(rng.uniform(4, 22), 2)
        rows.append(
            StravaRow(
                1_000_000_000 + i,
                day,
                rng.choice(["Run", "Run", "Run", "Trail Run"]),
                km,
                int(km * rng.uniform(290, 380)),
            )
        )
    for i in range(1100):
        day = start + timedelta(days=rng.randrange(span_days), hours=9)
        kind = rng.choice(["Ride", "Walk", "Swim", "Hike", "Weight Training"])
        rows.append(StravaRow(2_000_000_000 + i, day, kind, round(rng.uniform(1, 60), 2), 3600))
    rows.sort(key=lambda row: row.start)
    return rows


def activity_members(seed: int = 15) -> dict[str, bytes]:
    """2,000 runs over 10 years as Strava stores them: 70 % FIT, 20 % GPX, 10 % TCX, each gzipped.

    A run every 1-3 days, 30-75 min, recorded every second.
    """
    rng = random.Random(seed)
    members: dict[str, bytes] = {}
    day = datetime(2015, 1, 3, 6, 45, tzinfo=UTC)
    for i in range(FILES):
        day += timedelta(days=rng.choice([1, 2, 2, 3]), minutes=rng.randrange(-30, 30))
        minutes = rng.uniform(30, 75)
        km = round(minutes / rng.uniform(5.0, 6.5), 2)
        kind = "fit" if i % 10 < 7 else ("gpx" if i % 10 < 9 else "tcx")
        if kind == "fit":
            data = FitWriter().activity([("running", day, km, minutes)], positions=False)
        elif kind == "gpx":
            data = gpx_bytes([("running", track_points(Run(day, km, minutes), step_s=1))])
        else:
            data = tcx_bytes(Run(day, km, minutes), step_s=1)
        members[f"activities/{3_000_000_000 + i}.{kind}.gz"] = gz(data)
    return members


def best_of(repeats: int, action: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock s, CPU s) of the fastest of ``repeats`` calls.

    CPU time (this process, user + system) is the fair number on a shared, loaded machine:
    the reading is single-threaded, so on an idle machine wall and CPU time agree.
    """
    times = []
    for _ in range(repeats):
        began, cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - began, time.process_time() - cpu))
    return min(times)


def verdict(seconds: tuple[float, float], target: float) -> str:
    wall, cpu = seconds
    said = "met" if wall <= target else ("MISSED (met in CPU time)" if cpu <= target else "MISSED")
    return f"{wall:8.3f} s wall, {cpu:7.3f} s CPU  (target <= {target:g} s: {said})"


def load() -> str:
    """The 1, 5 and 15 min load averages (Linux), for the record next to the timings."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> int:
    check_writer()
    print(f"load average (1, 5, 15 min) at the start: {load()}")
    missed = 0
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)

        # issue 15: a 2 MB FIT file
        fit_path = root / "ironman.fit"
        fit_path.write_bytes(ironman())
        cold = best_of(1, lambda: read_training_log(fit_path))
        warm = best_of(5, lambda: read_training_log(fit_path))
        log = read_training_log(fit_path)
        print(
            f"FIT: Ironman, {fit_path.stat().st_size / 1e6:.2f} MB, records every second; read as "
            f"{log['distance_km'].sum():.1f} km of running"
        )
        print(f"  first read (imports included)   {verdict(cold, TARGET_FIT_S)}")
        print(f"  read, best of 5                 {verdict(warm, TARGET_FIT_S)}")
        missed += min(cold) > TARGET_FIT_S

        # issue 15: 2,000 activity files decoded, and the export as Strava ships it
        began = time.perf_counter()
        members = activity_members()
        built = time.perf_counter() - began
        rows = ten_year_rows()
        text = strava_csv(rows)
        bare = root / "export_files_only.zip"
        bare.write_bytes(zip_bytes(members))
        full = root / "export_12345.zip"
        full.write_bytes(
            zip_bytes(
                {"activities.csv": text.encode(), **members, **{f"media/{i}.jpg": bytes(2000) for i in range(200)}}
            )
        )
        unpacked = root / "unpacked"
        (unpacked / "activities").mkdir(parents=True)
        for name, data in members.items():
            (unpacked / name).write_bytes(data)
        counts = {kind: sum(name.endswith(f".{kind}.gz") for name in members) for kind in ("fit", "gpx", "tcx")}
        print(
            f"10-year export: {len(members)} activity files ({counts['fit']} FIT, {counts['gpx']} GPX, "
            f"{counts['tcx']} TCX, gzipped, {sum(map(len, members.values())) / 1e6:.0f} MB; built in {built:.0f} s)"
        )
        decoded = best_of(1, lambda: read_training_log(bare))
        folder_read = best_of(1, lambda: read_training_log(unpacked))
        log = read_training_log(bare)
        print(
            f"  zip, every file decoded         {verdict(decoded, TARGET_EXPORT_S)}  "
            f"({len(log)} running days, {log['distance_km'].sum():.0f} km)"
        )
        print(f"  folder, every file decoded      {verdict(folder_read, TARGET_EXPORT_S)}")
        missed += min(decoded) > TARGET_EXPORT_S
        shipped = best_of(3, lambda: read_training_log(full))
        print(
            f"  zip with activities.csv (as Strava ships it: {len(rows)} activities, {len(members) + 201} "
            f"members)  {verdict(shipped, TARGET_EXPORT_S)}"
        )

        # issue 5: activities.csv and the load timeline
        csv_path = root / "activities.csv"
        csv_path.write_text(text, encoding="utf-8")
        timings = {
            "read activities.csv": best_of(5, lambda: read_training_log(csv_path)),
            "read export zip + training_load": best_of(5, lambda: training_load(read_training_log(full))),
        }
        print(
            f"activities.csv: {len(rows)} activities ({RUNS} runs) over {YEARS} years, "
            f"{csv_path.stat().st_size / 1e6:.1f} MB"
        )
        for label, seconds in timings.items():
            print(f"  {label:<32s}{verdict(seconds, TARGET_CSV_S)}")
        missed += min(timings["read export zip + training_load"]) > TARGET_CSV_S
    print(f"load average (1, 5, 15 min) at the end: {load()}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
