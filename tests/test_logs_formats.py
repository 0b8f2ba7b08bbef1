"""read_training_log on realistic synthetic files of every supported format.

Each test builds its file from numbers it chose (or, for GPX, from points whose
length it measures with its own haversine) and checks calfkit's daily totals
against sums it computes itself. Inputs are checked to be left byte-for-byte
unchanged, with the same modification time.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from calfkit.logs import read_training_log
from calfkit.models.training import training_load

from .logs_fixtures import (
    Run,
    StravaRow,
    fit_bytes,
    gpx_bytes,
    gz,
    haversine_km,
    snapshot,
    strava_csv,
    tcx_bytes,
    track_points,
    zip_bytes,
)

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def expected_daily(items: list[tuple[date, float, float]]) -> dict[date, tuple[float, float, int]]:
    """Independent per-day sums of (day, km, minutes) items."""
    out: dict[date, list] = defaultdict(lambda: [0.0, 0.0, 0])
    for day, km, minutes in items:
        out[day][0] += km
        out[day][1] += minutes
        out[day][2] += 1
    return {day: tuple(values) for day, values in sorted(out.items())}


def as_dict(frame: pd.DataFrame) -> dict[date, tuple[float, float, int]]:
    return {row.date.date(): (row.distance_km, row.duration_min, row.activity_count) for row in frame.itertuples()}


def assert_daily(frame: pd.DataFrame, expected: dict, km_rel: float = 1e-9, min_abs: float = 1e-6) -> None:
    got = as_dict(frame)
    assert list(got) == list(expected)
    for day, (km, minutes, count) in expected.items():
        got_km, got_min, got_count = got[day]
        assert got_km == pytest.approx(km, rel=km_rel), day
        assert got_min == pytest.approx(minutes, abs=min_abs, nan_ok=True), day
        assert got_count == count, day


def read_unchanged(path: Path, **kwargs) -> pd.DataFrame:
    """read_training_log, asserting the input (file or folder) is not touched."""
    before = snapshot(path)
    listing_before = sorted(p.name for p in path.parent.iterdir())
    frame = read_training_log(path, **kwargs)
    assert snapshot(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == listing_before
    return frame


# --- output shape ---------------------------------------------------------------------------


def test_output_columns_dtypes_order_and_attrs(tmp_path: Path):
    path = tmp_path / "runs.csv"
    path.write_text("date,distance_km,duration_min\n2024-03-03,10,55\n2024-03-01,5,30\n2024-03-03,4,25\n")
    log = read_unchanged(path)
    assert list(log.columns) == ["date", "distance_km", "duration_min", "activity_count"]
    assert str(log["date"].dtype) == "datetime64[ns]"
    assert log["distance_km"].dtype == np.float64 and log["duration_min"].dtype == np.float64
    assert log["activity_count"].dtype == np.int64
    assert (log["date"] == log["date"].dt.normalize()).all()
    assert log["date"].is_monotonic_increasing and log["date"].is_unique
    assert log.attrs["source"] == "runs.csv"
    assert isinstance(log.attrs["notes"], list)
    assert_daily(log, {date(2024, 3, 1): (5.0, 30.0, 1), date(2024, 3, 3): (14.0, 80.0, 2)})


# --- plain CSV ------------------------------------------------------------------------------


def test_plain_csv_km_with_durations_types_and_comments(tmp_path: Path):
    rows = [
        ("2024-04-01", 8.2, "48:30", "Run"),
        ("2024-04-02", 30.0, "1:05:00", "Ride"),
        ("2024-04-02", 6.0, "33:00", "run"),
        ("2024-04-04", 12.5, "1:10:15", "Trail Run"),
        ("2024-04-04", 3.1, "", ""),
    ]
    text = "# my log\ndate,distance_km,duration,type,notes\n" + "".join(
        f"{d},{km},{dur},{kind},note {i}\n" for i, (d, km, dur, kind) in enumerate(rows)
    )
    path = tmp_path / "runs.csv"
    path.write_text(text, encoding="utf-8-sig")
    log = read_unchanged(path)

    def minutes(text: str) -> float:
        if not text:
            return math.nan
        parts = [float(p) for p in text.split(":")]
        return parts[0] * 60 + parts[1] + parts[2] / 60 if len(parts) == 3 else parts[0] + parts[1] / 60

    runs = [(date.fromisoformat(d), km, minutes(dur)) for d, km, dur, kind in rows if kind.lower() != "ride"]
    expected = expected_daily(runs)
    assert as_dict(log)[date(2024, 4, 1)] == (8.2, pytest.approx(48.5), 1)
    assert_daily(log.iloc[:2], {k: expected[k] for k in list(expected)[:2]})
    assert math.isnan(log.iloc[2]["duration_min"]) and log.iloc[2]["distance_km"] == pytest.approx(15.6)
    notes = " ".join(log.attrs["notes"])
    assert "1 non-run activity skipped (1 Ride)" in notes
    assert "ignored column(s) notes" in notes
    assert "duration_min is NaN" in notes


@pytest.mark.parametrize(
    "header, unit_arg, factor",
    [
        ("date,distance_mi,duration_min", None, 1.609344),
        ("date,distance,duration_min", "mi", 1.609344),
        ("date,distance,duration_min", None, 1.0),
        ("date,distance_km,duration_min", "km", 1.0),
    ],
)
def test_plain_csv_units(tmp_path: Path, header: str, unit_arg: str | None, factor: float):
    values = [(f"2024-05-{day:02d}", 3.0 + day / 10, 20 + day) for day in range(1, 11)]
    path = tmp_path / "log.csv"
    path.write_text(header + "\n" + "".join(f"{d},{v},{m}\n" for d, v, m in values))
    log = read_unchanged(path, unit=unit_arg)
    assert_daily(log, expected_daily([(date.fromisoformat(d), v * factor, m) for d, v, m in values]))
    said_km = any("read as km" in note for note in log.attrs["notes"])
    assert said_km == (header == "date,distance,duration_min" and unit_arg is None)


def test_plain_csv_unit_column_mixes_km_and_miles(tmp_path: Path):
    path = tmp_path / "log.csv"
    path.write_text(
        "Date,Distance,Unit,Duration (s)\n".replace("Duration (s)", "duration_s")
        + "2024-06-01,10,km,3000\n2024-06-02,5,mi,2700\n2024-06-02,2,miles,900\n"
    )
    log = read_training_log(path)
    assert_daily(log, {date(2024, 6, 1): (10.0, 50.0, 1), date(2024, 6, 2): (7 * 1.609344, 60.0, 2)})


def test_plain_csv_semicolons_and_decimal_commas(tmp_path: Path):
    path = tmp_path / "log.csv"
    path.write_text("date;distance_km;duration_min\n2024-06-01;10,5;52,5\n2024-06-03;7;40\n")
    log = read_training_log(path)
    assert_daily(log, {date(2024, 6, 1): (10.5, 52.5, 1), date(2024, 6, 3): (7.0, 40.0, 1)})


def test_plain_csv_times_with_offsets_use_tz_and_naive_times_are_local(tmp_path: Path):
    # 23:30 in New York on 1 Nov is 03:30 UTC on 2 Nov; both spellings must land on 1 Nov.
    path = tmp_path / "log.csv"
    path.write_text(
        "date,distance_km\n2024-11-01T23:30:00-04:00,5\n2024-11-02T03:30:00Z,6\n2024-11-01 23:30,7\n2024-11-02,8\n"
    )
    log = read_training_log(path, tz="America/New_York")
    assert_daily(log, {date(2024, 11, 1): (18.0, math.nan, 3), date(2024, 11, 2): (8.0, math.nan, 1)})
    in_utc = read_training_log(path)
    assert as_dict(in_utc)[date(2024, 11, 2)][0] == pytest.approx(19.0)


# --- Strava activities.csv ------------------------------------------------------------------


def strava_rows() -> list[StravaRow]:
    rows = []
    start = utc(2022, 2, 14, 6, 5, 9)
    for i in range(20):
        kind = ("Run", "Ride", "Trail Run", "Walk", "Virtual Run")[i % 5]
        rows.append(
            StravaRow(
                6_700_000_000 + i * 137,
                start + timedelta(days=i // 2, hours=(i % 2) * 10),
                kind,
                round(5 + (i * 1.37) % 9, 2),
                1500 + 97 * i,
                description='Calves tight, "easy" day,\nsecond line' if i == 2 else "",
            )
        )
    return rows


def test_strava_activities_csv_totals_skips_and_metre_columns(tmp_path: Path):
    rows = strava_rows()
    path = tmp_path / "activities.csv"
    path.write_text(strava_csv(rows), encoding="utf-8")
    log = read_unchanged(path)
    runs = [(r.start.date(), r.km, r.elapsed_s / 60) for r in rows if "Run" in r.kind]
    assert_daily(log, expected_daily(runs))
    assert "8 non-run activities skipped (4 Ride, 4 Walk)." in log.attrs["notes"]
    assert any("tz='UTC'" in note for note in log.attrs["notes"])


def test_strava_first_distance_column_is_ignored_when_metres_exist(tmp_path: Path):
    # The first Distance is in the athlete's display unit (here miles); the second (m) wins.
    rows = [StravaRow(1, utc(2023, 1, 5, 12), "Run", 10.0, 3000)]
    text = strava_csv(rows).replace(",10.00,", ",6.21,")
    path = tmp_path / "activities.csv"
    path.write_text(text)
    assert_daily(read_training_log(path), {date(2023, 1, 5): (10.0, 50.0, 1)})


def test_strava_late_evening_run_lands_on_the_local_day(tmp_path: Path):
    # 23:30 New York (EST, UTC-5) on 10 Jan is 04:30 UTC on 11 Jan.
    late = datetime(2023, 1, 10, 23, 30, tzinfo=NEW_YORK)
    rows = [StravaRow(1, late, "Run", 8.0, 2400), StravaRow(2, utc(2023, 1, 11, 13), "Run", 5.0, 1500)]
    path = tmp_path / "activities.csv"
    path.write_text(strava_csv(rows))
    local = read_training_log(path, tz="America/New_York")
    assert_daily(local, {date(2023, 1, 10): (8.0, 40.0, 1), date(2023, 1, 11): (5.0, 25.0, 1)})
    in_utc = read_training_log(path)
    assert_daily(in_utc, {date(2023, 1, 11): (13.0, 65.0, 2)})


def test_strava_single_distance_column_uses_unit(tmp_path: Path):
    text = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Mar 3, 2021, 7:00:00 AM",Run,Run,1800,3.1\n'
    )
    path = tmp_path / "activities.csv"
    path.write_text(text)
    log = read_training_log(path, unit="mi")
    assert_daily(log, {date(2021, 3, 3): (3.1 * 1.609344, 30.0, 1)})
    assert any("one Distance column; read as mi" in note for note in log.attrs["notes"])


# --- GPX -----------------------------------------------------------------------------------


def test_gpx_distance_matches_independent_haversine(tmp_path: Path):
    run = Run(utc(2024, 3, 2, 7, 15), 10.3, 55.0)
    points = track_points(run)
    path = tmp_path / "morning.gpx"
    path.write_bytes(gpx_bytes([("running", points)]))
    log = read_unchanged(path)
    truth = haversine_km([(lat, lon) for lat, lon, _ in points])
    assert truth == pytest.approx(run.km, rel=1e-3)
    assert_daily(log, {date(2024, 3, 2): (truth, 55.0, 1)}, km_rel=5e-3)


def test_gpx_several_tracks_types_and_untyped(tmp_path: Path):
    runs = [
        Run(utc(2024, 3, 2, 7), 8.0, 45.0),
        Run(utc(2024, 3, 2, 17), 5.0, 28.0),
        Run(utc(2024, 3, 3, 9), 40.0, 90.0),
    ]
    tracks = [("running", track_points(runs[0])), (None, track_points(runs[1])), ("cycling", track_points(runs[2]))]
    path = tmp_path / "week.gpx"
    path.write_bytes(gpx_bytes(tracks))
    log = read_training_log(path)
    truth = sum(haversine_km([(a, b) for a, b, _ in points]) for _, points in tracks[:2])
    assert_daily(log, {date(2024, 3, 2): (truth, 73.0, 2)}, km_rel=5e-3)
    notes = " ".join(log.attrs["notes"])
    assert "1 non-run activity skipped (1 cycling)" in notes
    assert "1 activity has no sport type and counted as run(s): track 2" in notes


@pytest.mark.parametrize("style", ["Z", "offset", "naive"])
def test_gpx_late_evening_run_in_new_york(tmp_path: Path, style: str):
    start = datetime(2024, 7, 4, 23, 30, tzinfo=NEW_YORK)
    run = Run(start, 6.0, 35.0)
    path = tmp_path / "late.gpx"
    path.write_bytes(gpx_bytes([("running", track_points(run))], time_style=style))
    log = read_training_log(path, tz="America/New_York")
    assert list(log["date"].dt.date) == [date(2024, 7, 4)]
    assert read_training_log(path)["date"].dt.date.tolist() == [date(2024, 7, 5)]


# --- TCX -----------------------------------------------------------------------------------


def test_tcx_laps_add_up(tmp_path: Path):
    run = Run(utc(2024, 2, 10, 8, 0), 21.1, 118.0)
    path = tmp_path / "half.tcx"
    path.write_bytes(tcx_bytes(run, laps=3))
    log = read_unchanged(path)
    assert_daily(log, {date(2024, 2, 10): (21.1, 118.0, 1)})


def test_tcx_late_evening_run_and_tz(tmp_path: Path):
    run = Run(datetime(2024, 1, 15, 23, 30, tzinfo=NEW_YORK), 7.0, 40.0)
    path = tmp_path / "late.tcx"
    path.write_bytes(tcx_bytes(run))
    assert read_training_log(path, tz="America/New_York")["date"].dt.date.tolist() == [date(2024, 1, 15)]


# --- FIT -----------------------------------------------------------------------------------


def test_fit_session_totals(tmp_path: Path):
    run = Run(utc(2024, 5, 5, 6, 30), 15.25, 83.5)
    path = tmp_path / "run.fit"
    path.write_bytes(fit_bytes([run]))
    log = read_unchanged(path)
    assert_daily(log, {date(2024, 5, 5): (15.25, 83.5, 1)})


def test_fit_device_local_time_wins_over_tz(tmp_path: Path):
    # Started 21:30 UTC; the watch was at UTC+2, so 23:30 local on 5 May.
    run = Run(utc(2024, 5, 5, 21, 30), 5.0, 30.0)
    path = tmp_path / "late.fit"
    path.write_bytes(fit_bytes([run], local_offset_h=2))
    for tz in ("UTC", "America/New_York", "Asia/Tokyo"):
        log = read_training_log(path, tz=tz)
        assert log["date"].dt.date.tolist() == [date(2024, 5, 5)]
    assert any("device's own local time" in note for note in log.attrs["notes"])
    # At 23:30 local in New York (UTC-4), the start is 03:30 UTC on the next day.
    late = Run(datetime(2024, 5, 5, 23, 30, tzinfo=NEW_YORK), 5.0, 30.0)
    path.write_bytes(fit_bytes([late], local_offset_h=-4))
    assert read_training_log(path)["date"].dt.date.tolist() == [date(2024, 5, 5)]
    path.write_bytes(fit_bytes([late]))
    assert read_training_log(path)["date"].dt.date.tolist() == [date(2024, 5, 6)]
    assert read_training_log(path, tz="America/New_York")["date"].dt.date.tolist() == [date(2024, 5, 5)]


def test_fit_multisport_keeps_running_sessions(tmp_path: Path):
    legs = [
        Run(utc(2024, 6, 1, 7), 5.0, 25.0),
        Run(utc(2024, 6, 1, 7, 30), 40.0, 70.0, "cycling"),
        Run(utc(2024, 6, 1, 8, 45), 10.0, 50.0),
    ]
    path = tmp_path / "duathlon.fit"
    path.write_bytes(fit_bytes(legs, local_offset_h=1))
    log = read_training_log(path)
    assert_daily(log, {date(2024, 6, 1): (15.0, 75.0, 2)})
    assert "1 non-run activity skipped (1 cycling)." in log.attrs["notes"]


# --- gzip, folders, zips, buffers -----------------------------------------------------------


def three_runs() -> list[Run]:
    return [Run(utc(2024, 8, 1, 6), 9.0, 50.0), Run(utc(2024, 8, 2, 6), 12.0, 66.0), Run(utc(2024, 8, 3, 6), 6.0, 33.0)]


def activity_files(runs: list[Run]) -> dict[str, bytes]:
    """One run each as .fit.gz, .tcx.gz and .gpx.gz, named like Strava's export."""
    return {
        "activities/101.fit.gz": gz(fit_bytes([runs[0]])),
        "activities/102.tcx.gz": gz(tcx_bytes(runs[1])),
        "activities/103.gpx.gz": gz(gpx_bytes([("running", track_points(runs[2]))])),
    }


@pytest.mark.parametrize("name", ["101.fit.gz", "102.tcx.gz", "103.gpx.gz"])
def test_single_gzipped_files(tmp_path: Path, name: str):
    runs = three_runs()
    data = activity_files(runs)[f"activities/{name}"]
    path = tmp_path / name
    path.write_bytes(data)
    log = read_unchanged(path)
    run = runs[int(name[2]) - 1]
    assert_daily(log, {run.start.date(): (run.km, run.minutes, 1)}, km_rel=5e-3)


def test_folder_of_activity_files(tmp_path: Path):
    runs = three_runs()
    folder = tmp_path / "my runs"
    (folder / "activities").mkdir(parents=True)
    for name, data in activity_files(runs).items():
        (folder / name).write_bytes(data)
    (folder / "extra.csv").write_text("date,distance_km,duration_min\n2024-08-04,4.0,24\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    log = read_unchanged(folder)
    expected = expected_daily([(r.start.date(), r.km, r.minutes) for r in runs] + [(date(2024, 8, 4), 4.0, 24.0)])
    assert_daily(log, expected, km_rel=5e-3)
    assert log.attrs["source"] == "my runs"
    assert any("skipped 1 file(s)" in note for note in log.attrs["notes"])


def test_same_run_in_csv_and_fit_is_a_duplicate(tmp_path: Path):
    run = Run(utc(2024, 9, 1, 7), 10.0, 52.0)
    folder = tmp_path / "log"
    folder.mkdir()
    (folder / "watch.fit").write_bytes(fit_bytes([run]))
    (folder / "diary.csv").write_text("date,distance_km,duration_min\n2024-08-31,5,30\n2024-09-01,10.02,52\n")
    with pytest.raises(ValueError) as info:
        read_training_log(folder)
    message = str(info.value)
    assert message.startswith("log: 1 duplicate activity")
    assert "watch.fit repeats diary.csv line 3 (2024-09-01, 10.02 km)" in message
    dropped = read_training_log(folder, on_duplicate="drop")
    assert_daily(dropped, {date(2024, 8, 31): (5.0, 30.0, 1), date(2024, 9, 1): (10.02, 52.0, 1)})
    kept = read_training_log(folder, on_duplicate="keep")
    assert as_dict(kept)[date(2024, 9, 1)] == (pytest.approx(20.02), pytest.approx(104.0), 2)


def test_strava_export_zip_reads_activities_csv(tmp_path: Path):
    rows = strava_rows()
    members = {
        "activities.csv": strava_csv(rows).encode(),
        **activity_files(three_runs()),
        "media/abc.jpg": b"\xff\xd8\xff",
        "profile.csv": b"Athlete ID\n1\n",
        "routes/1.gpx": b"<gpx/>",
        "clubs/42.jpg": b"\xff\xd8",
        "activities/": b"",
    }
    path = tmp_path / "export_1234.zip"
    path.write_bytes(zip_bytes(members))
    log = read_unchanged(path)
    runs = [(r.start.date(), r.km, r.elapsed_s / 60) for r in rows if "Run" in r.kind]
    assert_daily(log, expected_daily(runs))
    notes = " ".join(log.attrs["notes"])
    assert "the 3 activity files were not decoded" in notes
    assert "skipped 4 member(s)" in notes


def test_zip_of_activity_files_in_one_top_folder(tmp_path: Path):
    runs = three_runs()
    members = {f"export/{name}": data for name, data in activity_files(runs).items()}
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes(members))
    log = read_unchanged(path)
    assert_daily(log, expected_daily([(r.start.date(), r.km, r.minutes) for r in runs]), km_rel=5e-3)


def test_unzipped_export_folder_reads_activities_csv(tmp_path: Path):
    rows = strava_rows()
    folder = tmp_path / "export"
    (folder / "activities").mkdir(parents=True)
    (folder / "activities.csv").write_text(strava_csv(rows))
    for name, data in activity_files(three_runs()).items():
        (folder / name).write_bytes(data)
    log = read_unchanged(folder)
    assert_daily(log, expected_daily([(r.start.date(), r.km, r.elapsed_s / 60) for r in rows if "Run" in r.kind]))


def test_buffers_binary_text_zip_and_fit():
    text = "date,distance_km\n2024-01-02,5\n2024-01-04,7.5\n"
    expected = {date(2024, 1, 2): (5.0, math.nan, 1), date(2024, 1, 4): (7.5, math.nan, 1)}
    for buffer in (io.StringIO(text), io.BytesIO(text.encode())):
        log = read_training_log(buffer)
        assert not buffer.closed and log.attrs["source"] == "<buffer>"
        assert_daily(log, expected)
    run = Run(utc(2024, 1, 6, 9), 11.0, 60.0)
    assert_daily(read_training_log(io.BytesIO(fit_bytes([run]))), {date(2024, 1, 6): (11.0, 60.0, 1)})
    archive = io.BytesIO(zip_bytes({"activities/9.fit": fit_bytes([run])}))
    assert_daily(read_training_log(archive), {date(2024, 1, 6): (11.0, 60.0, 1)})


def test_named_binary_file_object(tmp_path: Path):
    path = tmp_path / "run.gpx.gz"
    run = Run(utc(2024, 1, 6, 9), 4.0, 25.0)
    path.write_bytes(gz(gpx_bytes([("running", track_points(run))])))
    with open(path, "rb") as handle:
        log = read_training_log(handle)
        assert not handle.closed
    assert log.attrs["source"] == "run.gpx.gz" and log["activity_count"].tolist() == [1]


# --- straight into training_load ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["plain", "strava", "gpx", "tcx", "fit", "zip"])
def test_output_feeds_training_load(tmp_path: Path, kind: str):
    runs = [Run(utc(2024, 3, 1, 7) + timedelta(days=2 * i), 5.0 + i % 4, 30.0 + 3 * (i % 4)) for i in range(30)]
    if kind == "plain":
        path = tmp_path / "log.csv"
        path.write_text(
            "date,distance_km,duration_min\n" + "".join(f"{r.start:%Y-%m-%d},{r.km},{r.minutes}\n" for r in runs)
        )
    elif kind == "strava":
        path = tmp_path / "activities.csv"
        path.write_text(
            strava_csv([StravaRow(i, r.start, "Run", r.km, int(r.minutes * 60)) for i, r in enumerate(runs)])
        )
    elif kind == "zip":
        path = tmp_path / "export.zip"
        path.write_bytes(
            zip_bytes({f"activities/{i}.fit.gz": gz(fit_bytes([r], step_s=60)) for i, r in enumerate(runs)})
        )
    else:
        path = tmp_path / kind
        path.mkdir()
        for i, run in enumerate(runs):
            build = {
                "gpx": lambda r: gpx_bytes([("running", track_points(r, step_s=60))]),
                "tcx": lambda r: tcx_bytes(r, step_s=60),
                "fit": lambda r: fit_bytes([r], step_s=60),
            }[kind]
            (path / f"{i:03d}.{kind}").write_bytes(build(run))
    result = training_load(read_training_log(path))
    daily = result.daily
    assert len(daily) == (runs[-1].start - runs[0].start).days + 1
    assert daily["distance_km"].sum() == pytest.approx(sum(r.km for r in runs), rel=5e-3)
    assert daily["duration_min"].sum() == pytest.approx(sum(r.minutes for r in runs), abs=1e-6)
