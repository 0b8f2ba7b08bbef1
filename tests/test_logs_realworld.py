"""Real device files (``../shared/realworld-logs``, see its README): each is read or refused.

The files are third-party test data kept outside the repository; the ``realworld_logs_dir``
fixture skips these tests with the reason where the folder is not given. Every file that
holds a run is checked against an independent computation: Garmin's FIT SDK decoding the
whole file (session totals, last record distance) for FIT, and this test's own XML walk and
haversine for GPX. Every file is hashed before and after reading.
"""

from __future__ import annotations

import hashlib
import math
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from calfkit.logs import read_training_log

from .logs_fixtures import haversine_km

FIT_RUNS = (
    "garmin-fenix5_run.fit",
    "garmin-fr110_run_2013.fit",
    "garmin-fr920xt_run_broken.fit",
    "strava-android-app_201.10.fit",
    "garmin_truncated-eof.fit",
)
GPX_RUNS = (
    "gpsbabel_cerknicko-jezero_8-tracks.gpx",
    "gpsbabel_cerknicko_without-elevations.gpx",
    "gpsbabel_cerknicko_without-times.gpx",
    "gpsbabel_korita-zbevnica_odd-types.gpx",
)
REFUSED = {
    "coros-pace2_ride_misaligned-fields.fit": "coros-pace2_ride_misaligned-fields.fit: holds no runs (1 non-run activity skipped (1 cycling))",
    "wahoo-elemnt_ride.fit": "wahoo-elemnt_ride.fit: holds no runs (1 non-run activity skipped (1 cycling))",
    "garmin-vivoactive-hr_sup.tcx": "garmin-vivoactive-hr_sup.tcx: holds no runs (1 non-run activity skipped (1 Other))",
    "garmin-vivofit_monitoring.fit": "garmin-vivofit_monitoring.fit: is a FIT monitoring_b file, not an activity; export the run itself (on "
    "Garmin Connect: the activity's gear menu, Export Original)",
    "gpxpy_unicode_with_bom.gpx": "gpxpy_unicode_with_bom.gpx: holds no track (<trk>); routes and waypoints are not runs",
}
DAMAGED = {
    "strava-android-app_201.10.fit": "strava-android-app_201.10.fit: the file is damaged: it ends early (its header announces 78252 bytes, "
    "78233 are there), and a message refers to a message type that was never defined, as a crashed "
    "recording leaves it; the activity summary written before the damage was used.",
    "garmin_truncated-eof.fit": "garmin_truncated-eof.fit: the file is damaged: it ends early (its header announces 771 bytes, 768 are "
    "there), and it is cut off inside its last message; the activity summary written before the damage "
    "was used.",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_unchanged(path: Path):
    before = sha256(path), path.stat().st_mtime_ns
    try:
        return read_training_log(path)
    finally:
        assert (sha256(path), path.stat().st_mtime_ns) == before


def test_every_file_in_the_folder_is_covered(realworld_logs_dir: Path):
    present = {path.name for path in realworld_logs_dir.iterdir() if path.name != "README.md"}
    assert present == set(FIT_RUNS) | set(GPX_RUNS) | set(REFUSED)


def sdk_sessions(path: Path) -> tuple[list[dict], list[dict], timedelta]:
    """Running sessions, all records and the device's UTC offset, decoded by Garmin's FIT SDK (the whole file)."""
    from garmin_fit_sdk import Decoder, Stream, util

    messages, _ = Decoder(Stream.from_byte_array(bytearray(path.read_bytes()))).read()
    offset = timedelta(0)
    for activity in messages.get("activity_mesgs", []):
        if isinstance(activity.get("local_timestamp"), int) and activity.get("timestamp"):
            offset = util.convert_timestamp_to_datetime(activity["local_timestamp"]) - activity["timestamp"]
    runs = [s for s in messages.get("session_mesgs", []) if s.get("sport") == "running"]
    return runs, messages.get("record_mesgs", []), offset


@pytest.mark.parametrize("name", FIT_RUNS)
def test_fit_run_matches_garmin_sdk(realworld_logs_dir: Path, name: str):
    path = realworld_logs_dir / name
    log = read_unchanged(path)
    [session], records, offset = sdk_sessions(path)
    [row] = log.itertuples()
    assert row.distance_km == pytest.approx(session["total_distance"] / 1000, rel=1e-9)
    assert row.duration_min == pytest.approx(session["total_elapsed_time"] / 60, rel=1e-9)
    assert row.activity_count == 1
    assert row.date.date() == (session["start_time"] + offset).date()
    distances = [
        r["distance"]
        for r in records
        if isinstance(r.get("distance"), (int, float)) and r.get("timestamp") and r["timestamp"].year < 2080
    ]
    if name not in DAMAGED:
        assert row.distance_km == pytest.approx(distances[-1] / 1000, rel=3e-3)
        assert not any("damaged" in note for note in log.attrs["notes"])
    else:
        assert DAMAGED[name] in log.attrs["notes"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_file_without_a_run_is_refused_word_for_word(realworld_logs_dir: Path, name: str):
    with pytest.raises(ValueError) as info:
        read_unchanged(realworld_logs_dir / name)
    assert str(info.value) == REFUSED[name]


def gpx_tracks(path: Path) -> list[tuple[list[tuple[float, float]], list[datetime | None]]]:
    """(positions, times) of every track, read with ElementTree (not with calfkit)."""
    root = ET.fromstring(path.read_bytes())
    out = []
    for track in root.iter():
        if not track.tag.endswith("}trk"):
            continue
        positions, times = [], []
        for point in track.iter():
            if point.tag.endswith("}trkpt"):
                positions.append((float(point.get("lat")), float(point.get("lon"))))
                stamp = next((c.text for c in point if c.tag.endswith("}time")), None)
                times.append(datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None)
        out.append((positions, times))
    return out


@pytest.mark.parametrize("name", GPX_RUNS)
def test_gpx_run_matches_own_haversine(realworld_logs_dir: Path, name: str):
    path = realworld_logs_dir / name
    log = read_unchanged(path)
    timed = [(positions, times) for positions, times in gpx_tracks(path) if any(times)]
    km = sum(haversine_km(positions) for positions, _ in timed)
    spans = [(times[-1] - times[0]).total_seconds() / 60 if times[0] and times[-1] else math.nan for _, times in timed]
    days = {min(t for t in times if t).date() for _, times in timed}
    assert list(log["date"].dt.date) == sorted(days)
    assert log["activity_count"].sum() == len(timed)
    assert log["distance_km"].sum() == pytest.approx(km, rel=5e-3)
    assert log["duration_min"].to_numpy().sum() == pytest.approx(sum(spans), nan_ok=True)  # NaN stays NaN
