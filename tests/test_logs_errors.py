"""Bad input: a corpus of malformed files, each giving a clear ValueError.

Every message must start with the file's name and say what is wrong (and, for
row problems, which rows). Hostile inputs (XML bombs, external entities,
decompression bombs, path traversal) must fail fast. A hypothesis test checks
that the CSV readers raise nothing but ValueError on arbitrary input.
"""

from __future__ import annotations

import io
import os
import stat
import time
import warnings
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calfkit.logs import TrainingLogError, read_training_log

from .logs_fixtures import (
    STRAVA_HEADER,
    Run,
    StravaRow,
    fit_bytes,
    gpx_bytes,
    gz,
    snapshot,
    strava_csv,
    tcx_bytes,
    track_points,
    zip_bytes,
)

UTC = timezone.utc
RUN = Run(datetime(2024, 3, 2, 7, tzinfo=UTC), 8.0, 45.0)
PLAIN = "date,distance_km,duration_min\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&g;</name></trk></gpx>
"""


def external_entity(target: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE TrainingCenterDatabase [<!ENTITY secret SYSTEM "file://{target}">]>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        '<Activities><Activity Sport="Running"><Id>&secret;</Id></Activity></Activities>'
        "</TrainingCenterDatabase>\n"
    ).encode()


def zip_with_symlink() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("activities/1.fit")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def zip_with_repeated_name() -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("activities.csv", "a")
            archive.writestr("activities.csv", "b")
    return buffer.getvalue()


def zip_encrypted_flag() -> bytes:
    """A zip whose member claims to be encrypted (flag bit 0 set in both headers)."""
    data = bytearray(zip_bytes({"activities/1.fit": fit_bytes([RUN])}, compression=zipfile.ZIP_STORED))
    data[6] |= 0x01  # local file header: general purpose flags
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x01  # central directory entry: general purpose flags
    return bytes(data)


def late_strava() -> str:
    return strava_csv([StravaRow(1, datetime(2022, 2, 17, 12, 18, 26, tzinfo=UTC), "Run", 5.0, 1600)])


# (file name, content, fragments the message must contain)
CORPUS = [
    ("empty.csv", b"", ["empty.csv: is empty"]),
    ("blank.csv", b"\n \n\t\n", ["blank.csv: is empty"]),
    ("header_only.csv", PLAIN.encode(), ["header_only.csv: has a header", "no data rows"]),
    ("image.csv", PNG, ["image.csv: line 1 is not UTF-8", "byte 0x89"]),
    (
        "latin1.csv",
        (PLAIN + "2024-01-01,5,30\n2024-01-02,6,31 # café\n").encode("latin-1"),
        ["latin1.csv: line 3 is not UTF-8", "byte 0xe9"],
    ),
    ("image.gpx", PNG, ["image.gpx: is not well-formed XML"]),
    ("run.fit", (PLAIN + "2024-01-01,5,30\n").encode(), ["run.fit: is not a FIT file"]),
    ("page.gpx", b"<html><body>hello</body></html>", ["page.gpx: is XML but not GPX (root element <html>)"]),
    ("run.tcx", gpx_bytes([("running", track_points(RUN))]), ["run.tcx: is XML but not TCX"]),
    (
        "feed.xml",
        b"<?xml version='1.0'?><rss><channel/></rss>",
        [
            "feed.xml: is XML (root element <rss>) but neither GPX, TCX nor an Apple Health export; export the activity "
            "as GPX, TCX or FIT instead"
        ],
    ),
    ("no_distance.csv", b"date,pace\n2024-01-01,5:30\n", ["no_distance.csv: missing a distance column"]),
    ("no_date.csv", b"when,distance_km\n2024-01-01,5\n", ["no_date.csv: missing a date column"]),
    ("two_distances.csv", b"date,distance_km,miles\n2024-01-01,5,3\n", ["two_distances.csv: columns", "keep only one"]),
    (
        "strava_no_distance.csv",
        b'Activity ID,Activity Date,Activity Type\n1,"Feb 17, 2022, 12:18:26 PM",Run\n',
        ["strava_no_distance.csv: is not a Strava activities.csv: missing column(s) Distance"],
    ),
    (
        "dates.csv",
        (
            PLAIN + "2024-01-01,5,30\n2024-13-45,5,30\nyesterday,6,31\n1899-12-31,6,31\n"
            "9999-12-31T23:59:59-05:00,5,30\n"
        ).encode(),
        [
            "dates.csv: unparseable or implausible date",
            "in 4 row(s): line 3 ('2024-13-45'), line 4 ('yesterday'), "
            "line 5 ('1899-12-31'), line 6 ('9999-12-31T23:59:59-05:00')",
        ],
    ),
    (
        "distances.csv",
        (PLAIN + "2024-01-01,five,30\n2024-01-02,,30\n2024-01-03,nan,30\n").encode(),
        ["distances.csv: distance is empty or not a number in 3 row(s): line 2 ('five'), line 3 (''), line 4 ('nan')"],
    ),
    (
        "negative.csv",
        (PLAIN + "2024-01-01,5,30\n2024-01-02,-3.2,30\n").encode(),
        ["negative.csv: negative distance in 1 run(s): line 3 (-3.20 km)"],
    ),
    (
        "metres.csv",
        (PLAIN + "2024-01-01,10000,50\n").encode(),
        ["metres.csv: distance over 300 km for one run", "line 2 (10000.00 km)"],
    ),
    ("long.csv", (PLAIN + "2024-01-01,10,2000\n").encode(), ["long.csv: duration over 1440 min", "line 2"]),
    (
        "day.csv",
        (PLAIN + "2024-01-01 06:00,160,900\n2024-01-01 22:00,150,500\n").encode(),
        ["day.csv: 2024-01-01 adds up to 310.0 km over 2 runs (line 2, line 3)", "at most 300 km"],
    ),
    (
        "sameday.csv",
        (PLAIN + "".join(f"2024-01-01,{5 + i / 10},{30 + i}\n" for i in range(30))).encode(),
        [
            "sameday.csv: 30 runs on 2024-01-01 (line 2, line 3, line 4, line 5, line 6 and 25 more)",
            "the dates look wrong",
        ],
    ),
    (
        "clock.csv",
        b"date,distance_km,duration\n2024-01-01,5,1:75:00\n2024-01-02,5,soon\n",
        [
            "clock.csv: duration is not a number of h:mm:ss, mm:ss or minutes in 2 row(s): line 2 ('1:75:00'), "
            "line 3 ('soon')"
        ],
    ),
    (
        "units.csv",
        b"date,distance,unit\n2024-01-01,5,km\n2024-01-02,5,furlongs\n",
        ["units.csv: unit is not km or mi in 1 row(s): line 3 ('furlongs')"],
    ),
    (
        "fields.csv",
        (PLAIN + "2024-01-01,5,30,extra\n2024-01-02,5\n").encode(),
        ["fields.csv: wrong number of fields", "line 2 ('4 fields, header has 3'), line 3 ('2 fields, header has 3')"],
    ),
    ("quote.csv", (PLAIN + '2024-01-01,"5,30\n').encode(), ["quote.csv: line 2 is not valid CSV"]),
    (
        "duplicates.csv",
        (PLAIN + "2024-01-01,5,30\n2024-01-02,8,45\n2024-01-02,8,45\n").encode(),
        ["duplicates.csv: 1 duplicate activity", "line 4 repeats line 3 (2024-01-02, 8.00 km)", "on_duplicate='drop'"],
    ),
    (
        "rides.csv",
        b"date,distance_km,type\n2024-01-01,40,Ride\n2024-01-02,30,ride\n",
        ["rides.csv: holds no runs (2 non-run activities skipped (2 Ride))"],
    ),
    (
        "activities.csv",
        late_strava().replace("Feb 17, 2022, 12:18:26 PM", "Feb 30, 2022, 12:18:26 PM").encode(),
        [
            "activities.csv: unparseable Activity Date (expected a date with a four-digit year and a time, like "
            "'Feb 17, 2022, 12:18:26 PM' or '8 jul 2017, 15:25:34') in 1 row(s): line 2 (Activity ID 1) "
            "('Feb 30, 2022, 12:18:26 PM')"
        ],
    ),
    (
        "activities.csv",
        late_strava().replace(",5000.0,", ",5 km,").encode(),
        ["activities.csv: Distance is empty or not a number", "line 2 (Activity ID 1) ('5 km')"],
    ),
    (
        "activities.csv",
        (late_strava() + late_strava().split("\n", 1)[1]).encode(),
        ["activities.csv: 1 duplicate activity", "line 3 (Activity ID 1) repeats line 2 (Activity ID 1)"],
    ),
    (
        "no_times.gpx",
        b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        b'<trkpt lat="51.5" lon="-0.1"/><trkpt lat="51.51" lon="-0.1"/></trkseg></trk></gpx>',
        [
            "no_times.gpx: its track (1.11 km) has no times, so the day of the run is unknown; export the activity "
            "again with its times (for example as GPX from Strava or Garmin Connect), or write the run into a plain "
            "CSV log with its date"
        ],
    ),
    (
        "far.gpx",
        gpx_bytes(
            [("running", track_points(Run(datetime(9999, 12, 31, 23, tzinfo=UTC), 1.0, 5.0)))], time_style="offset"
        ),
        ["far.gpx: the file starts on an implausible date (9999-12-31)"],
    ),
    (
        "route.gpx",
        b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><rte><rtept lat="1" lon="2"/></rte></gpx>',
        ["route.gpx: holds no track"],
    ),
    (
        "bad_lat.gpx",
        gpx_bytes([("running", track_points(RUN))]).replace(b'lat="51.5007000"', b'lat="north"'),
        ["bad_lat.gpx: not a readable GPX file", "north"],
    ),
    (
        "nan_lat.gpx",
        gpx_bytes([("running", track_points(RUN))]).replace(b'lat="51.5007000"', b'lat="nan"'),
        ["nan_lat.gpx: distance is not a finite number (bad coordinates?) in 1 run(s): the file (nan km)"],
    ),
    ("bike.tcx", tcx_bytes(RUN, sport="Biking"), ["bike.tcx: holds no runs (1 non-run activity skipped (1 Biking))"]),
    ("truncated.fit", fit_bytes([RUN])[:-200], ["truncated.fit: damaged FIT file"]),
    ("ride.fit", fit_bytes([Run(RUN.start, 40.0, 80.0, "cycling")]), ["ride.fit: holds no runs", "1 cycling"]),
    ("twice.gpx.gz", gz(gz(gpx_bytes([("running", track_points(RUN))]))), ["twice.gpx.gz: is compressed twice"]),
    ("fake.gpx.gz", b"not gzip at all", ["fake.gpx.gz: is not gzip-compressed"]),
    ("cut.fit.gz", gz(fit_bytes([RUN]))[:-30], ["cut.fit.gz: damaged compressed data"]),
    (
        "bomb.gpx.gz",
        gz(b" " * (40 * 2**20)),
        ["bomb.gpx.gz: decompresses to more than 200 times", "decompression bomb"],
    ),
    ("inner.csv.gz", gz(zip_bytes({"a.csv": b"x"})), ["inner.csv.gz: is a zip archive inside another file"]),
    ("notzip.zip", b"PK\x03\x04 this is no archive", ["notzip.zip: is not a readable zip archive"]),
    (
        "exe.zip",
        zip_bytes({"activities.csv": late_strava().encode(), "setup.exe": b"MZ"}),
        ["exe.zip: unexpected member(s) setup.exe"],
    ),
    (
        "nested.zip",
        zip_bytes({"activities/1.fit": fit_bytes([RUN]), "activities/more.zip": b"PK"}),
        ["nested.zip: unexpected member(s) activities/more.zip"],
    ),
    (
        "deep.zip",
        zip_bytes({"activities.csv": b"x", "tools/x/y.fit": b"z"}),
        ["deep.zip: unexpected member(s) tools/x/y.fit"],
    ),
    (
        "slip.zip",
        zip_bytes({"activities.csv": b"x", "../../evil.csv": b"x"}),
        ["slip.zip: unsafe member name(s)", "../../evil.csv"],
    ),
    ("abs.zip", zip_bytes({"/etc/cron.d/x.gpx": b"x"}), ["abs.zip: unsafe member name(s)", "/etc/cron.d/x.gpx"]),
    ("win.zip", zip_bytes({"..\\evil.gpx": b"x"}), ["win.zip: unsafe member name(s)"]),
    ("link.zip", zip_with_symlink(), ["link.zip: unexpected member(s) activities/1.fit"]),
    ("twice.zip", zip_with_repeated_name(), ["twice.zip: member name(s) appear more than once: activities.csv"]),
    ("locked.zip", zip_encrypted_flag(), ["locked.zip/activities/1.fit: is encrypted"]),
    (
        "zipbomb.zip",
        zip_bytes({"activities.csv": b"0" * (40 * 2**20)}),
        ["zipbomb.zip/activities.csv: decompresses to more than 200 times", "decompression bomb"],
    ),
    (
        "photos.zip",
        zip_bytes({"media/1.jpg": b"x", "profile.csv": b"a\n"}),
        ["photos.zip: holds neither activities.csv nor activity files"],
    ),
    (
        "bad_member.zip",
        zip_bytes({"activities/1.gpx": b"<gpx"}),
        ["bad_member.zip/activities/1.gpx: is not well-formed XML"],
    ),
]


@pytest.mark.parametrize("name, content, fragments", CORPUS, ids=[f"{i:02d}-{c[0]}" for i, c in enumerate(CORPUS)])
def test_malformed_file_gives_a_clear_error(tmp_path: Path, name: str, content: bytes, fragments: list[str]):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(path)
    with pytest.raises(ValueError) as info:
        read_training_log(path)
    assert isinstance(info.value, TrainingLogError)
    message = str(info.value)
    assert message.startswith(name), message
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_billion_laughs_is_refused_fast(tmp_path: Path):
    path = tmp_path / "laughs.gpx"
    path.write_bytes(BILLION_LAUGHS)
    began = time.perf_counter()
    with pytest.raises(ValueError, match=r"^laughs\.gpx: XML with a document type, entity or external reference"):
        read_training_log(path)
    assert time.perf_counter() - began < 1.0


def test_external_entity_is_never_resolved(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.tcx"
    path.write_bytes(external_entity(secret))
    with pytest.raises(ValueError) as info:
        read_training_log(path)
    assert str(info.value).startswith("xxe.tcx: XML with a document type")
    assert "TOP-SECRET" not in str(info.value)


def test_gpx_with_50000_bare_xmlns_words_is_read_fast(tmp_path: Path):
    # Text that made gpxpy's namespace regexes quadratic (minutes); the tree walk reads it at once.
    valid = gpx_bytes([("running", track_points(RUN))], description=" xmlns" * 50_000)
    path = tmp_path / "slow.gpx"
    path.write_bytes(valid)
    began = time.perf_counter()
    assert read_training_log(path)["activity_count"].tolist() == [1]
    assert time.perf_counter() - began < 1.0


def test_gpx_with_a_namespace_on_every_point_is_still_read(tmp_path: Path):
    data = gpx_bytes([("running", track_points(RUN))]).replace(
        b"<gpxtpx:TrackPointExtension>",
        b'<gpxtpx:TrackPointExtension xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
    )
    path = tmp_path / "verbose.gpx"
    path.write_bytes(data)
    assert read_training_log(path)["activity_count"].tolist() == [1]


def test_file_over_the_size_cap_is_refused_without_reading(tmp_path: Path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(201 * 2**20)  # sparse: no disk space, no read
    with pytest.raises(ValueError, match=r"^huge\.csv: the file is too large \(201\.0 MiB\); the limit is 200\.0 MiB"):
        read_training_log(path)


def test_buffer_over_the_size_cap(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("calfkit.logs.safety.MAX_FILE_BYTES", 1000)
    buffer = io.BytesIO((PLAIN + "2024-01-01,5,30\n" * 100).encode())
    with pytest.raises(ValueError, match=r"^<buffer>: the file is too large"):
        read_training_log(buffer)


def test_total_read_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("calfkit.logs.safety.MAX_TOTAL_BYTES", 5000)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10):
        (folder / f"{i}.csv").write_text(PLAIN + f"2024-01-{i + 1:02d},5,30\n" * 40)
    with pytest.raises(ValueError, match=r"^many/\d\.csv: reading many would need more than"):
        read_training_log(folder)


def test_folder_without_logs(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match="holds no .csv, .gpx, .tcx or .fit files"):
        read_training_log(tmp_path)


def test_error_inside_a_folder_names_the_file_and_line(tmp_path: Path):
    folder = tmp_path / "log"
    folder.mkdir()
    (folder / "good.csv").write_text(PLAIN + "2024-01-01,5,30\n")
    (folder / "bad.csv").write_text(PLAIN + "2024-01-02,-1,30\n")
    with pytest.raises(ValueError, match=r"^log: negative distance in 1 run\(s\): bad\.csv line 2 \(-1\.00 km\)$"):
        read_training_log(folder)


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"unit": "miles"}, r"^unit='miles' is not allowed; use one of \('km', 'mi'\) or None$"),
        ({"unit": 1}, r"^unit=1 is not allowed"),
        ({"tz": "Mars/Olympus_Mons"}, r"^tz='Mars/Olympus_Mons' is not a known IANA time zone name"),
        ({"tz": "../../etc/passwd"}, r"^tz='\.\./\.\./etc/passwd' is not a known IANA time zone name"),
        ({"tz": None}, r"^tz=None must be an IANA time zone name"),
        ({"on_duplicate": "ignore"}, r"^on_duplicate='ignore' is not allowed; use one of \('raise', 'drop', 'keep'\)$"),
    ],
)
def test_arguments_are_validated(tmp_path: Path, kwargs: dict, pattern: str):
    path = tmp_path / "log.csv"
    path.write_text(PLAIN + "2024-01-01,5,30\n")
    with pytest.raises(ValueError, match=pattern):
        read_training_log(path, **kwargs)


def test_unit_argument_conflicts_with_the_file(tmp_path: Path):
    path = tmp_path / "log.csv"
    path.write_text("date,distance_km\n2024-01-01,5\n")
    with pytest.raises(ValueError, match=r"^log\.csv: unit='mi' contradicts the column 'distance_km'"):
        read_training_log(path, unit="mi")
    path.write_text("date,distance,unit\n2024-01-01,5,km\n")
    with pytest.raises(ValueError, match=r"^log\.csv: has a 'unit' column .* \(got unit='km'\)"):
        read_training_log(path, unit="km")


@pytest.mark.parametrize(
    "value, error",
    [
        (123, ValueError),
        (b"runs.csv", ValueError),
        ("", ValueError),
        (["a.csv"], ValueError),
        ("/no/such/file.csv", FileNotFoundError),
    ],
)
def test_path_or_buffer_is_validated(value: object, error: type):
    with pytest.raises(error):
        read_training_log(value)


# --- hypothesis: the CSV readers raise nothing but ValueError ---------------------------------

CELLS = st.one_of(
    st.sampled_from(
        [
            "2024-01-01",
            "2024-02-30",
            "2024-01-01T23:30:00+05:00",
            "2024-01-01 07:00",
            "Feb 17, 2022, 12:18:26 PM",
            "5",
            "-3",
            "1e400",
            "nan",
            "10,5",
            "1:02:03",
            "99:99",
            "km",
            "mi",
            "Run",
            "Ride",
            "",
            " ",
            '"',
            "#",
            "\x00",
            "\r",
            "\u2028",
            "9" * 30,
            "0.0000001",
            "300.1",
        ]
    ),
    st.text(max_size=12),
)
HEADERS = st.lists(
    st.sampled_from(
        [
            "date",
            "distance_km",
            "distance_mi",
            "distance",
            "unit",
            "duration",
            "duration_min",
            "duration_s",
            "type",
            "notes",
            "Activity ID",
            "Activity Date",
            "Activity Type",
            "Distance",
            "Elapsed Time",
            "",
        ]
    ),
    min_size=1,
    max_size=7,
)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Arbitrary headers and cells: mostly exercises the structural checks."""
    header = draw(HEADERS)
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 1), max_size=6))
    separator = draw(st.sampled_from([",", ";", "\t"]))
    return "\n".join(separator.join(cells) for cells in [header, *rows])


DATES = st.one_of(
    st.dates(min_value=date(1960, 1, 1), max_value=date(2110, 1, 1)).map(date.isoformat),
    st.datetimes(
        min_value=datetime(1969, 12, 31),
        max_value=datetime(2100, 1, 2),
        timezones=st.sampled_from([None, timezone.utc, timezone(timedelta(hours=-9, minutes=-30))]),
    ).map(lambda moment: moment.isoformat(sep=" ")),
    CELLS,
)
NUMBERS = st.one_of(
    st.floats(min_value=-10, max_value=400).map(repr), st.integers(min_value=0, max_value=90).map(str), CELLS
)
DURATIONS = st.one_of(
    st.integers(0, 2000).map(str),
    st.builds("{}:{:02d}:{:02d}".format, st.integers(0, 30), st.integers(0, 70), st.integers(0, 70)),
    CELLS,
)


@st.composite
def plausible_logs(draw: st.DrawFn) -> str:
    """A valid-looking header and rows of mostly plausible values: exercises the row checks."""
    distance = draw(st.sampled_from(["distance_km", "distance_mi", "distance"]))
    extras = draw(
        st.lists(st.sampled_from(["duration", "duration_min", "type", "unit", "notes"]), unique=True, max_size=2)
    )
    header = ["date", distance, *extras]
    make = {
        "date": DATES,
        distance: NUMBERS,
        "duration": DURATIONS,
        "duration_min": NUMBERS,
        "type": st.sampled_from(["Run", "run", "Ride", "", "Trail Run", "Swim"]),
        "unit": st.sampled_from(["km", "mi", "miles", "KM", "", "m"]),
        "notes": CELLS,
    }
    rows = draw(st.lists(st.tuples(*(make[name] for name in header)), min_size=1, max_size=8))
    return "\n".join(",".join(f'"{cell}"' if "," in cell else cell for cell in cells) for cells in [header, *rows])


def check_only_value_error(data: bytes | str, **kwargs) -> None:
    buffer = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    buffer.name = "log.csv"
    try:
        log = read_training_log(buffer, **kwargs)
    except ValueError as exc:
        assert str(exc).startswith("log.csv"), str(exc)
    else:
        assert list(log.columns) == ["date", "distance_km", "duration_min", "activity_count"]
        assert (log["distance_km"] >= 0).all() and (log["activity_count"] >= 1).all()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(csv_texts(), plausible_logs()),
    unit=st.sampled_from([None, "km", "mi"]),
    on_duplicate=st.sampled_from(["raise", "drop", "keep"]),
)
def test_csv_reader_raises_only_value_error_on_structured_input(text: str, unit: str | None, on_duplicate: str):
    check_only_value_error(text, unit=unit, on_duplicate=on_duplicate, tz="Europe/Paris")


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_csv_reader_raises_only_value_error_on_arbitrary_bytes(data: bytes):
    check_only_value_error(data)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=3, max_size=len(STRAVA_HEADER)), min_size=1, max_size=4))
def test_strava_reader_raises_only_value_error(rows: list[list[str]]):
    text = "\n".join(",".join(cells) for cells in [STRAVA_HEADER, *rows])
    check_only_value_error(text)


MUTATION_BASES = {
    "run.fit": fit_bytes([Run(RUN.start, 3.0, 10.0)], local_offset_h=1),
    "run.gpx": gpx_bytes([("running", track_points(Run(RUN.start, 3.0, 10.0), step_s=60))]),
    "run.tcx": tcx_bytes(Run(RUN.start, 3.0, 10.0), step_s=60),
    "export.zip": zip_bytes(
        {"activities/1.fit.gz": gz(fit_bytes([RUN], step_s=120)), "activities.csv": late_strava().encode()}
    ),
}


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(MUTATION_BASES)),
    flips=st.lists(st.tuples(st.floats(0, 0.9999), st.integers(0, 255)), min_size=1, max_size=5),
)
def test_damaged_activity_files_raise_only_value_error(name: str, flips: list[tuple[float, int]]):
    """Bytes overwritten at random places: a clear ValueError or a successful read, nothing else."""
    data = bytearray(MUTATION_BASES[name])
    for where, value in flips:
        data[int(where * len(data))] = value
    buffer = io.BytesIO(bytes(data))
    buffer.name = name
    try:
        read_training_log(buffer)
    except ValueError as exc:
        assert str(exc).startswith(name), str(exc)


def test_reading_leaves_no_files_behind(tmp_path: Path):
    """Nothing is written next to the input, in the working directory or the temp dir's root."""
    export = tmp_path / "export.zip"
    export.write_bytes(
        zip_bytes(
            {f"activities/{i}.fit.gz": gz(fit_bytes([Run(RUN.start + timedelta(days=i), 5, 30)])) for i in range(3)}
        )
    )
    cwd_before = sorted(os.listdir(os.getcwd()))
    read_training_log(export)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.zip"]
    assert sorted(os.listdir(os.getcwd())) == cwd_before
