"""Real-export variants of issue 15, each rebuilt as a synthetic file with known totals.

Every test builds its file from numbers it chose, reads it (checking the file is left
byte-for-byte unchanged) and compares distance, duration and date with those numbers;
every refusal's message is compared word for word.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from calfkit.logs import read_training_log

from .logs_fixtures import (
    GARMIN_HEADER_DE,
    GARMIN_HEADER_DE_OLD,
    GARMIN_HEADER_EN,
    AppleWorkout,
    GarminRow,
    Run,
    StravaRow,
    apple_health_xml,
    fit_bytes,
    garmin_connect_csv,
    garmin_export_tool_csv,
    gpsbabel_gpx,
    gpx_bytes,
    haversine_km,
    localized_strava_csv,
    snapshot,
    tcx_activities_bytes,
    tcx_multisport_bytes,
    track_points,
    write_large_apple_export,
    zip_bytes,
)

UTC = timezone.utc


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def read_file(tmp_path: Path, name: str, data: bytes, **kwargs):
    """Write ``data`` to ``name``, read it, check it is unchanged (bytes and mtime); return the log."""
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(path)
    try:
        return read_training_log(path, **kwargs)
    finally:
        assert snapshot(path) == before


def refusal(tmp_path: Path, name: str, data: bytes, **kwargs) -> str:
    """The message of the ValueError reading ``data`` raises (the file is checked unchanged)."""
    with pytest.raises(ValueError) as info:
        read_file(tmp_path, name, data, **kwargs)
    return str(info.value)


def same_words(message: str, template: str, numbers: list[float], rel: float = 5e-3) -> bool:
    """``message`` equals ``template`` word for word, each ``{}`` a number within ``rel`` of ``numbers``.

    The numbers are distances the test measured with its own haversine; calfkit's GPX reader
    measures the same track (its own haversine, in numpy) to within 0.5 %, so the last digit may differ.
    """
    pattern = "([0-9]+(?:\\.[0-9]+)?)".join(re.escape(part) for part in template.split("{}"))
    match = re.fullmatch(pattern, message)
    assert match, f"{message!r} does not read {template!r}"
    assert [float(value) for value in match.groups()] == pytest.approx(numbers, rel=rel, abs=0.006)
    return True


def rows(log) -> list[tuple[date, float, float, int]]:
    return [(r.date.date(), r.distance_km, r.duration_min, r.activity_count) for r in log.itertuples()]


# --- GPX: handheld logs with an empty first track and untimed tracks ------------------------------


def _timed(run: Run) -> list[tuple[float, float, datetime]]:
    return track_points(run, lat0=45.75, lon0=14.37, step_s=20)


def test_gpx_empty_first_track_then_timed_tracks(tmp_path: Path):
    legs = [Run(utc(2010, 8, 5, 14, 24), 1.9, 41.0), Run(utc(2010, 8, 5, 15, 11), 0.9, 2.5)]
    tracks = [("ACTIVE LOG", []), ("ACTIVE LOG #2", _timed(legs[0])), ("ACTIVE LOG #3", _timed(legs[1]))]
    log = read_file(tmp_path, "lake.gpx", gpsbabel_gpx(tracks))
    truth = sum(haversine_km([(a, b) for a, b, _ in points]) for _, points in tracks[1:])
    [(day, km, minutes, count)] = rows(log)
    assert (day, count) == (date(2010, 8, 5), 2)
    assert km == pytest.approx(truth, rel=5e-3) and truth == pytest.approx(2.8, rel=2e-3)
    assert minutes == pytest.approx(43.5)
    assert "lake.gpx: skipped 1 empty track(s) without points (track 1 ('ACTIVE LOG'))." in log.attrs["notes"]


def test_gpx_untimed_tracks_are_skipped_and_named(tmp_path: Path):
    timed = Run(utc(2010, 10, 3, 9, 36), 2.3, 76.0)
    untimed = [(lat, lon, None) for lat, lon, _ in _timed(Run(utc(2010, 10, 3, 8), 8.6, 100.0))]
    tracks = [("03-OCT-10", []), ("03-OCT-10 #2", untimed), ("ACTIVE LOG", _timed(timed))]
    log = read_file(tmp_path, "korita.gpx", gpsbabel_gpx(tracks))
    [(day, km, minutes, count)] = rows(log)
    assert (day, count) == (date(2010, 10, 3), 1)
    assert km == pytest.approx(haversine_km([(a, b) for a, b, _ in tracks[2][1]]), rel=5e-3)
    assert minutes == pytest.approx(76.0)
    untimed_km = haversine_km([(a, b) for a, b, _ in untimed])
    assert same_words(
        log.attrs["notes"][-1],
        "korita.gpx: skipped 1 track(s) whose points have no time, so their "
        "day is unknown (track 2 ('03-OCT-10 #2'), {} km).",
        [untimed_km],
    )


def test_gpx_partly_timed_track_has_a_day_but_no_duration(tmp_path: Path):
    points = _timed(Run(utc(2010, 8, 5, 16, 5), 0.35, 18.0))
    partly = [(lat, lon, moment if i >= len(points) - 5 else None) for i, (lat, lon, moment) in enumerate(points)]
    log = read_file(tmp_path, "partly.gpx", gpsbabel_gpx([("ACTIVE LOG", []), ("ACTIVE LOG #8", partly)]))
    [(day, km, minutes, count)] = rows(log)
    assert (day, count) == (date(2010, 8, 5), 1)
    assert km == pytest.approx(haversine_km([(a, b) for a, b, _ in points]), rel=5e-3)
    assert minutes != minutes  # NaN: the first point has no time
    assert (
        "partly.gpx: the first or last point of track 2 ('ACTIVE LOG #8') has no time, so the duration "
        "is unknown (NaN)."
    ) in log.attrs["notes"]


def test_gpx_without_any_time_is_refused_naming_the_untimed_tracks(tmp_path: Path):
    first = [(lat, lon, None) for lat, lon, _ in _timed(Run(utc(2010, 8, 5, 14), 1.2, 20.0))]
    second = [(lat, lon, None) for lat, lon, _ in _timed(Run(utc(2010, 8, 5, 15), 0.8, 10.0))]
    tracks = [("ACTIVE LOG", []), ("ACTIVE LOG #2", first), ("ACTIVE LOG #3", second)]
    km = [haversine_km([(a, b) for a, b, _ in points]) for points in (first, second)]
    assert same_words(
        refusal(tmp_path, "no_times.gpx", gpsbabel_gpx(tracks)),
        "no_times.gpx: none of its tracks has times (track 2 ('ACTIVE LOG #2'), {} km; "
        "track 3 ('ACTIVE LOG #3'), {} km), so the day of the run is unknown; export the activity "
        "again with its times (for example as GPX from Strava or Garmin Connect), or write the run "
        "into a plain CSV log with its date",
        km,
    )


def test_gpx_of_empty_tracks_only_is_refused(tmp_path: Path):
    assert refusal(tmp_path, "empty.gpx", gpsbabel_gpx([("ACTIVE LOG", []), ("ACTIVE LOG #2", [])])) == (
        "empty.gpx: its track(s) hold no points (track 1 ('ACTIVE LOG'), track 2 ('ACTIVE LOG #2'))"
    )


def test_strava_ride_gpx_names_the_numeric_type(tmp_path: Path):
    ride = track_points(Run(utc(2024, 5, 1, 7), 30.0, 60.0))
    assert refusal(tmp_path, "ride.gpx", gpx_bytes([("1", ride)])) == (
        "ride.gpx: holds no runs (1 non-run activity skipped (1 Strava type 1 (Ride)))"
    )


# --- TCX: multisport sessions and files of several activities --------------------------------------


def test_tcx_multisport_running_leg_is_its_own_run(tmp_path: Path):
    bike = Run(utc(2023, 6, 4, 7, 0), 40.0, 70.0)
    run = Run(utc(2023, 6, 4, 8, 12), 10.0, 48.0)
    log = read_file(tmp_path, "duathlon.tcx", tcx_multisport_bytes([("Biking", bike), ("Running", run)]))
    assert rows(log) == [(date(2023, 6, 4), pytest.approx(10.0), pytest.approx(48.0), 1)]
    assert "1 non-run activity skipped (1 Biking)." in log.attrs["notes"]


def test_tcx_triathlon_skips_swim_and_bike(tmp_path: Path):
    legs = [
        ("Other", Run(utc(2023, 7, 9, 6, 0), 1.5, 30.0)),
        ("Biking", Run(utc(2023, 7, 9, 6, 35), 40.0, 75.0)),
        ("Running", Run(utc(2023, 7, 9, 7, 55), 10.0, 50.0)),
    ]
    log = read_file(tmp_path, "tri.tcx", tcx_multisport_bytes(legs), tz="Europe/Paris")
    assert rows(log) == [(date(2023, 7, 9), pytest.approx(10.0), pytest.approx(50.0), 1)]
    assert "2 non-run activities skipped (1 Other, 1 Biking)." in log.attrs["notes"]


def test_tcx_several_runs_newest_first_are_separate_runs(tmp_path: Path):
    runs = [
        Run(utc(2012, 5, 9, 17, 30), 8.2, 41.0),
        Run(utc(2012, 5, 7, 6, 10), 12.5, 66.0),
        Run(utc(2012, 5, 5, 7, 0), 5.1, 27.5),
    ]
    log = read_file(tmp_path, "forerunner.tcx", tcx_activities_bytes([("Running", run) for run in runs]))
    assert rows(log) == [
        (date(2012, 5, 5), pytest.approx(5.1), pytest.approx(27.5), 1),
        (date(2012, 5, 7), pytest.approx(12.5), pytest.approx(66.0), 1),
        (date(2012, 5, 9), pytest.approx(8.2), pytest.approx(41.0), 1),
    ]


def test_tcx_mixed_sports_each_judged_by_its_own(tmp_path: Path):
    activities = [
        ("Running", Run(utc(2012, 5, 9, 17, 30), 8.2, 41.0)),
        ("Biking", Run(utc(2012, 5, 8, 17, 30), 30.0, 60.0)),
        ("Running", Run(utc(2012, 5, 7, 6, 10), 12.5, 66.0)),
    ]
    log = read_file(tmp_path, "mixed.tcx", tcx_activities_bytes(activities))
    assert [(d, round(km, 6), round(m, 6), n) for d, km, m, n in rows(log)] == [
        (date(2012, 5, 7), 12.5, 66.0, 1),
        (date(2012, 5, 9), 8.2, 41.0, 1),
    ]
    assert "1 non-run activity skipped (1 Biking)." in log.attrs["notes"]
    last_is_bike = tcx_activities_bytes([activities[0], activities[2], activities[1]])
    assert read_file(tmp_path, "last_bike.tcx", last_is_bike)["activity_count"].sum() == 2


def test_tcx_without_sport_or_time_zone_designator_is_read(tmp_path: Path):
    run = Run(utc(2024, 3, 2, 7, 15), 6.0, 33.0)
    data = tcx_activities_bytes([("Running", run)]).replace(b' Sport="Running"', b"").replace(b"Z<", b"<")
    data = data.replace(b'Z"', b'"')
    log = read_file(tmp_path, "plain.tcx", data)
    assert rows(log) == [(date(2024, 3, 2), pytest.approx(6.0), pytest.approx(33.0), 1)]
    assert "1 activity has no sport type and counted as run(s): the file." in log.attrs["notes"]


def test_tcx_course_without_activities_is_refused(tmp_path: Path):
    data = (
        b'<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        b'TrainingCenterDatabase/v2"><Courses><Course><Name>Loop</Name></Course></Courses>'
        b"</TrainingCenterDatabase>"
    )
    assert refusal(tmp_path, "course.tcx", data) == (
        "course.tcx: holds no <Activity> (a TCX course or workout plan, not a recorded activity)"
    )


# --- FIT: sessions without a total distance, files without sessions, damage ------------------------

RUN = Run(utc(2019, 5, 18, 14, 11, 39), 12.7, 71.5)


@pytest.mark.parametrize(
    "omit, source",
    [
        (frozenset({"session_distance"}), "the sum of their laps was used"),
        (frozenset({"session_distance", "lap_distance"}), "the distance their records cover was used"),
    ],
)
def test_fit_session_without_total_distance(tmp_path: Path, omit: frozenset, source: str):
    log = read_file(tmp_path, "ambit.fit", fit_bytes([RUN], omit=omit))
    assert rows(log) == [(date(2019, 5, 18), pytest.approx(12.7), pytest.approx(71.5), 1)]
    assert f"ambit.fit: 1 session(s) give no total distance; {source}." in log.attrs["notes"]


def test_fit_records_without_distance_use_their_positions(tmp_path: Path):
    data = fit_bytes(
        [RUN], omit=frozenset({"session_distance", "lap_distance", "record_distance"}), positions=True, step_s=5
    )
    log = read_file(tmp_path, "positions.fit", data)
    points = track_points(RUN, step_s=1)
    steps = int(RUN.minutes * 60 // 5)
    used = [points[round(i * (len(points) - 1) / steps)][:2] for i in range(steps + 1)]
    [(day, km, minutes, count)] = rows(log)
    assert (day, count) == (date(2019, 5, 18), 1) and minutes == pytest.approx(71.5)
    assert km == pytest.approx(haversine_km(used), rel=1e-4)


@pytest.mark.parametrize("omit, source", [(frozenset({"session"}), "laps"), (frozenset({"session", "lap"}), "records")])
def test_fit_without_session_uses_laps_then_records(tmp_path: Path, omit: frozenset, source: str):
    log = read_file(tmp_path, "nosession.fit", fit_bytes([RUN], omit=omit))
    assert rows(log) == [(date(2019, 5, 18), pytest.approx(12.7), pytest.approx(71.5), 1)]
    assert f"nosession.fit: has no session summary; its totals come from its {source}." in log.attrs["notes"]


def test_fit_with_bad_checksum_is_read_with_a_note(tmp_path: Path):
    data = bytearray(fit_bytes([RUN]))
    data[200] ^= 0xFF  # inside a record's heart rate: the summary is intact, the checksum is not
    log = read_file(tmp_path, "flipped.fit", bytes(data))
    assert rows(log) == [(date(2019, 5, 18), pytest.approx(12.7), pytest.approx(71.5), 1)]
    assert (
        "flipped.fit: the file is damaged: its checksum does not match its content; the activity summary "
        "written before the damage was used."
    ) in log.attrs["notes"]


def test_fit_cut_before_its_summary_is_refused(tmp_path: Path):
    data = fit_bytes([RUN])
    cut = data[: len(data) - 200]
    announced = cut[0] + int.from_bytes(cut[4:8], "little") + 2  # header size + data size + CRC (FIT header)
    assert refusal(tmp_path, "cut.fit", cut) == (
        f"cut.fit: damaged FIT file: it ends early (its header announces {announced} bytes, {len(cut)} are "
        "there), and it is cut off inside its last message, and no activity summary was written before the "
        "damage; copy the file from the watch again, or export the activity again from Garmin Connect or Strava"
    )


def test_fit_multisport_with_legs_missing_distances(tmp_path: Path):
    legs = [
        Run(utc(2021, 6, 6, 7), 1.5, 32.0, "swimming"),
        Run(utc(2021, 6, 6, 7, 35), 40.0, 80.0, "cycling"),
        Run(utc(2021, 6, 6, 9), 10.0, 52.0, "running"),
    ]
    log = read_file(tmp_path, "tri.fit", fit_bytes(legs, omit=frozenset({"session_distance"})))
    assert rows(log) == [(date(2021, 6, 6), pytest.approx(10.0), pytest.approx(52.0), 1)]
    assert "2 non-run activities skipped (1 swimming, 1 cycling)." in log.attrs["notes"]


def test_fit_scanner_checksum_agrees_with_garmin_sdk():
    """The CRC the scanner trusts (anycrc CRC-16/ARC) equals the SDK's own CRC calculator."""
    import anycrc
    from garmin_fit_sdk.crc_calculator import CrcCalculator

    data = fit_bytes([RUN])
    expected = CrcCalculator.calculate_crc(bytearray(data), 0, len(data) - 2)
    assert expected == int.from_bytes(data[-2:], "little")
    assert anycrc.Model("CRC16-ARC").calc(data[:-2]) == expected


def test_non_activity_fit_is_refused(tmp_path: Path):
    from garmin_fit_sdk import Encoder, Profile

    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": Profile["mesg_num"]["FILE_ID"],
            "type": "monitoring_b",
            "manufacturer": "garmin",
            "product": 1,
            "serial_number": 1,
            "time_created": utc(2020, 1, 1),
        }
    )
    assert refusal(tmp_path, "monitor.fit", encoder.close()) == (
        "monitor.fit: is a FIT monitoring_b file, not an activity; export the run itself (on Garmin Connect: the "
        "activity's gear menu, Export Original)"
    )


def test_buffer_and_folder_of_variants(tmp_path: Path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.fit").write_bytes(fit_bytes([RUN], omit=frozenset({"session_distance"})))
    (folder / "b.tcx").write_bytes(
        tcx_multisport_bytes(
            [("Biking", Run(utc(2019, 5, 20, 7), 30.0, 60.0)), ("Running", Run(utc(2019, 5, 20, 8, 5), 5.0, 25.0))]
        )
    )
    before = snapshot(folder)
    log = read_training_log(folder)
    assert snapshot(folder) == before
    assert rows(log) == [
        (date(2019, 5, 18), pytest.approx(12.7), pytest.approx(71.5), 1),
        (date(2019, 5, 20), pytest.approx(5.0), pytest.approx(25.0), 1),
    ]
    buffer = io.BytesIO((folder / "b.tcx").read_bytes())
    buffer.name = "b.tcx"
    assert read_training_log(buffer)["distance_km"].sum() == pytest.approx(5.0)


# --- Strava exports in Strava's languages ----------------------------------------------------------

STRAVA_RUNS = [
    StravaRow(1380000001, utc(2017, 7, 8, 15, 25, 34), "Run", 10.52, 3310),
    StravaRow(1380000002, utc(2017, 7, 9, 6, 5, 0), "Ride", 42.3, 5400),
    StravaRow(1380000003, utc(2017, 7, 10, 22, 40, 11), "Run", 5.07, 1622),
    StravaRow(1380000004, utc(2017, 12, 31, 23, 59, 59), "Run", 21.1, 6480),
]
"""Known values: UTC starts, km and elapsed seconds; the 22:40 UTC run is on the next day in Amsterdam."""


def dutch_date(moment: datetime) -> str:
    """The Dutch export's date as the issue quotes it: '8 jul 2017, 15:25:34'."""
    month = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"][moment.month - 1]
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M:%S}"


def old_dutch_date(moment: datetime) -> str:
    """The older Dutch layout's date: '23 jun. 2017 15:52:12'."""
    month = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
    return f"{moment.day} {month[moment.month - 1]} {moment.year} {moment:%H:%M:%S}"


def expected_strava(tz: str, metres: bool = True) -> list[tuple[date, float, float, int]]:
    from zoneinfo import ZoneInfo

    out: dict[date, list] = {}
    for row in STRAVA_RUNS:
        if row.kind != "Run":
            continue
        day = row.start.astimezone(ZoneInfo(tz)).date()
        km = row.km if metres else round(row.km, 2)
        entry = out.setdefault(day, [0.0, 0.0, 0])
        entry[0] += km
        entry[1] += row.elapsed_s / 60
        entry[2] += 1
    return [
        (day, pytest.approx(km), pytest.approx(minutes), count) for day, (km, minutes, count) in sorted(out.items())
    ]


def test_dutch_strava_export_is_recognised_by_its_structure(tmp_path: Path):
    text = localized_strava_csv(STRAVA_RUNS, "nl", dutch_date, {"Run": "Hardloopsessie", "Ride": "Fietsrit"})
    assert "Activity ID" not in text and "10520,0" in text and "8 jul 2017, 15:25:34" in text
    log = read_file(tmp_path, "activities.csv", text.encode(), tz="Europe/Amsterdam")
    assert rows(log) == expected_strava("Europe/Amsterdam")
    assert "1 non-run activity skipped (1 Fietsrit)." in log.attrs["notes"]


def test_older_dutch_layout_with_one_distance_in_km(tmp_path: Path):
    text = localized_strava_csv(
        STRAVA_RUNS, "nl", old_dutch_date, {"Run": "Hardloopsessie", "Ride": "Fietsrit"}, old_layout=True
    )
    assert "23 jun. 2017" not in text and "8 jul. 2017 15:25:34" in text and '"10,52"' in text
    log = read_file(tmp_path, "activities.csv", text.encode())
    assert rows(log) == expected_strava("UTC", metres=False)
    assert (
        "activities.csv: has one Afstand column; read as km (pass unit='mi' if your Strava account shows miles)."
    ) in log.attrs["notes"]
    in_miles = read_file(tmp_path, "activities.csv", text.encode(), unit="mi")
    assert in_miles["distance_km"].sum() == pytest.approx(sum(r.km for r in STRAVA_RUNS if r.kind == "Run") * 1.609344)


LANGUAGE_RUNS = {
    "en_US": "Run",
    "en_GB": "Run",
    "nl": "Hardloopsessie",
    "fr": "Course à pied",
    "de": "Lauf",
    "it": "Corsa",
    "ja": "ラン",
    "ko": "달리기",
    "pt_PT": "Corrida",
    "pt_BR": "Corrida",
    "ru": "Забег",
    "zh_Hans_CN": "跑步",
    "zh_Hant_TW": "跑步",
    "es_ES": "Carrera",
    "es_419": "Carrera",
}


def test_every_strava_language_is_covered():
    from calfkit.logs.localdates import STRAVA_LOCALES

    assert sorted(LANGUAGE_RUNS) == sorted(STRAVA_LOCALES)


@pytest.mark.parametrize("locale", sorted(LANGUAGE_RUNS))
def test_strava_export_in_each_language(tmp_path: Path, locale: str):
    """Dates written by Babel's CLDR medium format of the language (Strava's style), local run type."""
    from babel.dates import format_datetime

    language = locale.split("_")[0]
    decimal_comma = language in ("nl", "fr", "de", "it", "pt", "ru", "es")
    text = localized_strava_csv(
        STRAVA_RUNS,
        language,
        lambda moment: format_datetime(moment, "medium", locale=locale),
        {"Run": LANGUAGE_RUNS[locale], "Ride": "Ride [other]"},
        decimal_comma=decimal_comma,
    )
    log = read_file(tmp_path, "activities.csv", text.encode(), tz="Europe/Amsterdam")
    assert rows(log) == expected_strava("Europe/Amsterdam")


def test_german_export_in_a_zip(tmp_path: Path):
    text = localized_strava_csv(
        STRAVA_RUNS, "de", lambda m: f"{m:%d.%m.%Y, %H:%M:%S}", {"Run": "Lauf", "Ride": "Radfahrt"}
    )
    assert "08.07.2017, 15:25:34" in text
    log = read_file(
        tmp_path,
        "export_123.zip",
        zip_bytes({"activities.csv": text.encode(), "media/1.jpg": b"x"}),
        tz="Europe/Amsterdam",
    )
    assert rows(log) == expected_strava("Europe/Amsterdam")


def test_localized_strava_date_that_cannot_be_read_is_named(tmp_path: Path):
    text = localized_strava_csv(STRAVA_RUNS, "nl", dutch_date, {"Run": "Hardloopsessie", "Ride": "Fietsrit"})
    broken = text.replace("10 jul 2017, 22:40:11", "10 juillet-ish, 22:40:11")
    # the export is still recognised (its other rows have dates), and the bad row is named
    assert refusal(tmp_path, "activities.csv", broken.encode()) == (
        "activities.csv: unparseable Datum van activiteit (expected a date with a four-digit year and a time, like "
        "'Feb 17, 2022, 12:18:26 PM' or '8 jul 2017, 15:25:34') in 1 row(s): line 4 (Activiteits-ID 1380000003) "
        "('10 juillet-ish, 22:40:11')"
    )


# --- Garmin Connect CSV exports ----------------------------------------------------------------------

GARMIN_ROWS = [
    GarminRow("Running", datetime(2025, 2, 6, 17, 6, 3), 5.48, 1884, 1920),
    GarminRow("Cycling", datetime(2025, 2, 7, 9, 0, 0), 20.1, 4200, 4260),
    GarminRow("Treadmill Running", datetime(2025, 2, 8, 6, 30, 0), 8.05, 2700, 2730),
    GarminRow("Trail Running", datetime(2025, 2, 8, 18, 0, 0), 12.4, 5400, 5790),
]
"""Local starts (Garmin writes local time), distances in the account's unit, timer and elapsed seconds."""


def expected_garmin(rows: list[GarminRow], factor: float, elapsed: bool = True):
    out: dict[date, list] = {}
    for row in rows:
        if row.kind in ("Cycling", "Radfahren"):
            continue
        entry = out.setdefault(row.start.date(), [0.0, 0.0, 0])
        entry[0] += row.distance * factor
        entry[1] += (row.elapsed_s if elapsed else row.time_s) / 60
        entry[2] += 1
    return [
        (day, pytest.approx(km), pytest.approx(minutes), count) for day, (km, minutes, count) in sorted(out.items())
    ]


def test_garmin_connect_english_csv_asks_for_the_unit(tmp_path: Path):
    data = garmin_connect_csv(GARMIN_ROWS, GARMIN_HEADER_EN).encode()
    assert refusal(tmp_path, "Activities.csv", data) == (
        "Activities.csv: is a Garmin Connect activities export, whose 'Distance' column is in the unit your Garmin "
        "Connect account shows, and the file does not say which; read it again with unit='km' or unit='mi' (in the "
        "explorer: the 'Distance unit' menu)"
    )


@pytest.mark.parametrize("unit, factor", [("km", 1.0), ("mi", 1.609344)])
def test_garmin_connect_english_csv_in_the_given_unit(tmp_path: Path, unit: str, factor: float):
    log = read_file(tmp_path, "Activities.csv", garmin_connect_csv(GARMIN_ROWS, GARMIN_HEADER_EN).encode(), unit=unit)
    assert rows(log) == expected_garmin(GARMIN_ROWS, factor)
    assert "1 non-run activity skipped (1 Cycling)." in log.attrs["notes"]
    assert (
        f"Activities.csv: Garmin Connect export; Distance read in {unit} as you said (unit={unit!r})."
        in log.attrs["notes"]
    )


GERMAN = [
    GarminRow(
        {"Running": "Laufen", "Cycling": "Radfahren", "Treadmill Running": "Laufband", "Trail Running": "Trailrunning"}[
            r.kind
        ],
        r.start,
        r.distance,
        r.time_s,
        r.elapsed_s,
    )
    for r in GARMIN_ROWS
]


def test_garmin_connect_german_csv_with_decimal_commas(tmp_path: Path):
    text = garmin_connect_csv(GERMAN, GARMIN_HEADER_DE, decimal_comma=True)
    assert '"5,48"' in text
    log = read_file(tmp_path, "Activities.csv", text.encode(), unit="km")
    assert rows(log) == expected_garmin(GERMAN, 1.0)
    assert "1 non-run activity skipped (1 Radfahren)." in log.attrs["notes"]


@pytest.mark.parametrize("delimiter", [";", ","])
def test_old_german_garmin_export_with_title_line_and_german_dates(tmp_path: Path, delimiter: str):
    text = garmin_connect_csv(
        GERMAN,
        GARMIN_HEADER_DE_OLD,
        date_format="%d.%m.%Y %H:%M",
        decimal_comma=True,
        delimiter=delimiter,
        title="Aktivitäten",
    )
    assert text.startswith("Aktivitäten\nAktivitätstyp") and "06.02.2025 17:06" in text
    log = read_file(tmp_path, "Aktivitaeten.csv", text.encode(), unit="km")
    assert rows(log) == expected_garmin(GERMAN, 1.0, elapsed=False)


@pytest.mark.parametrize(
    "header, factor", [("Distance (km)", 1.0), ("Distance (mi)", 1.609344), ("Distance (raw)", 0.001)]
)
def test_garmin_connect_export_tool_csv_takes_the_unit_from_its_header(tmp_path: Path, header: str, factor: float):
    """The same numbers under each header: read as km, miles or metres as the header says."""
    tool_rows = [
        GarminRow("running", r.start, r.distance, r.time_s, r.elapsed_s) for r in GARMIN_ROWS if r.kind != "Cycling"
    ] + [GarminRow("cycling", datetime(2025, 2, 9, 8), 30.0, 3600, 3700)]
    log = read_file(tmp_path, "activities.csv", garmin_export_tool_csv(tool_rows, header).encode())
    assert rows(log) == expected_garmin([r for r in tool_rows if r.kind != "cycling"], factor)
    assert "1 non-run activity skipped (1 cycling)." in log.attrs["notes"]
    assert refusal(
        tmp_path,
        "activities.csv",
        garmin_export_tool_csv(tool_rows, header).encode(),
        unit="mi" if header != "Distance (mi)" else "km",
    ).startswith("activities.csv: unit=")


def test_garmin_export_tool_multi_day_elapsed_time(tmp_path: Path):
    ultra = GarminRow("running", datetime(2018, 7, 1, 6, 0), 250.5, 2 * 3600, 3 * 86400 + 7 * 3600 + 15 * 60 + 44)
    normal = GarminRow("running", datetime(2018, 7, 6, 6, 0), 10.0, 3000, 3123)
    text = garmin_export_tool_csv([ultra, normal])
    assert '"3 days, 7:15:44"' in text
    log = read_file(tmp_path, "activities.csv", text.encode())
    assert rows(log)[1] == (date(2018, 7, 6), pytest.approx(10.0), pytest.approx(3123 / 60), 1)
    day, km, minutes, count = rows(log)[0]
    assert (day, km, count) == (date(2018, 7, 1), pytest.approx(250.5), 1) and minutes != minutes
    assert (
        "activities.csv: 1 run(s) last longer than 24 h (line 2 (3 days, 7:15:44)): a watch left running, or a "
        "multi-day event; their distance counts, their duration is left unknown (NaN)."
    ) in log.attrs["notes"]


# --- Apple Health export.xml / export.zip ------------------------------------------------------------

PLUS1 = timezone(timedelta(hours=1))
MINUS7 = timezone(timedelta(hours=-7))
APPLE = [
    AppleWorkout("Running", datetime(2024, 1, 6, 9, 30, tzinfo=PLUS1), 10.2, "km", 55.5),
    AppleWorkout("Cycling", datetime(2024, 1, 7, 10, 0, tzinfo=PLUS1), 35.0, "km", 80.0),
    AppleWorkout("Running", datetime(2024, 1, 9, 22, 45, tzinfo=MINUS7), 3.1, "mi", 30.0),
    AppleWorkout("Walking", datetime(2024, 1, 10, 12, 0, tzinfo=PLUS1), 4.0, "km", 50.0),
    AppleWorkout("Running", datetime(2024, 1, 11, 7, 0, tzinfo=PLUS1), 8000.0, "m", 44.0),
]
"""Known values; the 22:45 run at UTC-7 is on 9 January where it was run (10 January in UTC)."""
APPLE_EXPECTED = [
    (date(2024, 1, 6), pytest.approx(10.2), pytest.approx(55.5), 1),
    (date(2024, 1, 9), pytest.approx(3.1 * 1.609344), pytest.approx(30.0), 1),
    (date(2024, 1, 11), pytest.approx(8.0), pytest.approx(44.0), 1),
]


@pytest.mark.parametrize("statistics", [False, True], ids=["totalDistance", "WorkoutStatistics"])
def test_apple_health_export_xml(tmp_path: Path, statistics: bool):
    log = read_file(tmp_path, "export.xml", apple_health_xml(APPLE, statistics=statistics), tz="Europe/London")
    assert rows(log) == APPLE_EXPECTED
    assert "2 non-run activities skipped (1 Cycling, 1 Walking)." in log.attrs["notes"]
    assert (
        "export.xml: 3 running workout(s) placed on the local day the phone showed (Apple Health writes each "
        "time with its UTC offset; tz is not used)."
    ) in log.attrs["notes"]


def test_apple_health_export_zip(tmp_path: Path):
    members = {
        "apple_health_export/export.xml": apple_health_xml(APPLE, statistics=True),
        "apple_health_export/export_cda.xml": b"<ClinicalDocument/>",
        "apple_health_export/workout-routes/route_2024-01-06_09.30.gpx": b"<gpx/>",
        "apple_health_export/electrocardiograms/ecg_2024-01-02.csv": b"Name,x\n",
    }
    log = read_file(tmp_path, "export.zip", zip_bytes(members))
    assert rows(log) == APPLE_EXPECTED
    assert (
        "export.zip: Apple Health export; read apple_health_export/export.xml only (its running workouts), not "
        "the 3 other member(s) (routes, ECGs, clinical records)."
    ) in log.attrs["notes"]


def test_apple_health_buffer_as_uploaded():
    buffer = io.BytesIO(apple_health_xml(APPLE))
    buffer.name = "export.xml"
    assert rows(read_training_log(buffer)) == APPLE_EXPECTED


def test_apple_health_with_an_entity_is_refused(tmp_path: Path):
    data = apple_health_xml(APPLE).replace(b"]>", b'<!ENTITY lol "lol">\n]>', 1)
    assert refusal(tmp_path, "export.xml", data) == (
        "export.xml: XML with an entity declaration or external reference (EntitiesForbidden); Apple Health "
        "exports have none, so it is refused"
    )


def test_apple_health_without_runs(tmp_path: Path):
    assert refusal(tmp_path, "export.xml", apple_health_xml([APPLE[1], APPLE[3]])) == (
        "export.xml: holds no runs (2 non-run activities skipped (1 Cycling, 1 Walking))"
    )


def test_apple_health_progress_is_reported(tmp_path: Path):
    path = tmp_path / "export.xml"
    write_large_apple_export(path, APPLE, megabytes=3)
    seen: list[float] = []
    log = read_training_log(path, progress=seen.append)
    assert rows(log) == APPLE_EXPECTED
    assert len(seen) >= 3 and seen == sorted(seen) and 0 < seen[0] < 1 and seen[-1] == pytest.approx(1.0, abs=0.01)


def test_apple_health_large_export_is_streamed_in_bounded_memory(tmp_path: Path):
    """A 10 MB export.xml is read with a peak of Python allocations far below its size."""
    import tracemalloc

    path = tmp_path / "export.xml"
    write_large_apple_export(path, APPLE, megabytes=10)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        log = read_training_log(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows(log) == APPLE_EXPECTED
    assert peak < size / 4, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"


# --- files calfkit does not read: the message says what they are and what to do ----------------------

SUUNTO_JSON = (
    b'{"DeviceLog": {"Header": {"Activity": "Running", "Distance": 10230.5, "Duration": 3302.1, '
    b'"DateTime": "2021-05-02T08:01:12.000+02:00"}, "Samples": []}}'
)


@pytest.mark.parametrize("name", ["suunto.json", "entry_2021.txt"])
def test_json_export_is_refused_with_what_to_do(tmp_path: Path, name: str):
    assert refusal(tmp_path, name, SUUNTO_JSON) == (
        f"{name}: is a JSON file (as the Suunto app, Polar Flow and Google Takeout export); calfkit reads activity "
        "files, not JSON: export the runs as FIT, GPX or TCX from the app (Suunto: the activity's menu, Export; "
        "Polar Flow: Export session), or connect the app to Strava and use Strava's export"
    )
