"""The fast GPX/TCX reading (calfkit.logs.xmlscan) against reading the whole ElementTree.

The byte scan may only change the time a read takes: every file, including ones laid out
in ways the scan does not take (and malformed or hostile ones), must give the same runs,
notes and error message as reading the file's whole tree, which these tests force by
turning the scan off. Known values for the plain layouts are checked in
test_logs_formats/test_logs_variants; here the two readings are compared, and the tests
also check that the plain layouts (Strava's, Garmin's and GPSBabel's) do take the scan.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from calfkit.logs import gpx, read_training_log, tcx, xmlscan

from .logs_fixtures import (
    Run,
    gpsbabel_gpx,
    gpx_bytes,
    tcx_activities_bytes,
    tcx_bytes,
    tcx_multisport_bytes,
    track_points,
)

UTC = timezone.utc
RUN = Run(datetime(2024, 3, 2, 7, 30, tzinfo=UTC), 8.4, 44.0)
LATER = Run(datetime(2024, 3, 2, 17, 5, tzinfo=UTC), 5.1, 27.0)
GPX = gpx_bytes([("running", track_points(RUN))])
TCX = tcx_bytes(RUN)
TPX = (
    "<Extensions><ns3:TPX><ns3:Speed>3.1</ns3:Speed><ns3:RunCadence>88</ns3:RunCadence></ns3:TPX></Extensions>"
    "</Trackpoint>"
)
TPX_DEFAULT_NS = (
    '<Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Speed>3.1</Speed></TPX>'
    "</Extensions></Trackpoint>"
)


def read(data: bytes, name: str):
    """(daily log, notes) or the error message."""
    try:
        log = read_training_log(_named(data, name))
    except ValueError as exc:
        return str(exc)
    return log, log.attrs["notes"]


def _named(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def same_either_way(data: bytes, name: str, monkeypatch) -> object:
    """The result of reading ``data`` with the scan; asserts reading the whole tree gives the same."""
    fast = read(data, name)
    with monkeypatch.context() as patch:
        patch.setattr(gpx, "cut_bodies", lambda *args: None)
        patch.setattr(tcx, "cut_bodies", lambda *args: None)
        tree = read(data, name)
    if isinstance(tree, str):
        assert fast == tree
    else:
        assert not isinstance(fast, str), fast
        pd.testing.assert_frame_equal(fast[0], tree[0])
        assert fast[1] == tree[1]
    return fast


def cut_count(data: bytes, kind: str) -> int:
    """How many point bodies the scan cut out of ``data`` (0: read from the whole tree)."""
    found = xmlscan.cut_bodies(data, "x", kind, lambda layout, columns: columns)
    return len(found[1]) if found else 0


@pytest.mark.parametrize(
    ("data", "kind", "bodies"),
    [
        (GPX, "gpx", 1),
        (gpx_bytes([("running", track_points(RUN)), ("cycling", track_points(LATER))]), "gpx", 2),
        (gpsbabel_gpx([("ACTIVE LOG", []), ("t1", track_points(RUN))]), "gpx", 1),
        (TCX, "tcx", 2),
        (TCX.replace(b"</Trackpoint>", TPX.encode()), "tcx", 2),
        (tcx_activities_bytes([("Running", RUN), ("Biking", LATER)]), "tcx", 4),
        (tcx_multisport_bytes([("Biking", RUN), ("Running", LATER)]), "tcx", 4),
    ],
    ids=["strava-gpx", "two-tracks", "gpsbabel", "garmin-tcx", "tcx-ns3-extensions", "tcx-several", "multisport"],
)
def test_plain_layouts_take_the_scan_and_read_the_same(data, kind, bodies, monkeypatch):
    assert cut_count(data, kind) == bodies
    result = same_either_way(data, f"run.{kind}", monkeypatch)
    assert not isinstance(result, str), result


def _gpx(old: str, new: str, count: int = 1) -> bytes:
    assert old.encode() in GPX
    return GPX.replace(old.encode(), new.encode(), count)


def _tcx(old: str, new: str, count: int = 1) -> bytes:
    assert old.encode() in TCX
    return TCX.replace(old.encode(), new.encode(), count)


FIRST_TIME = "<time>2024-03-02T07:30:00Z</time>"
GPX_VARIANTS = {
    "comment-in-segment": _gpx("<trkseg>", "<trkseg><!-- paused -->"),
    "segment-inside-comment": _gpx("<trk>", "<!-- <trkseg></trkseg> --><trk>"),
    "cdata-in-ele": _gpx("<ele>", "<ele><![CDATA[2]]>", 1),
    "lon-first": GPX.replace(b'lat="', b'TMP="').replace(b'" lon="', b'" lat="').replace(b'TMP="', b'lon="'),
    "single-quotes": _gpx('lat="51.5007000"', "lat='51.5007000'"),
    "extra-attribute": _gpx("<trkpt ", '<trkpt src="gps" '),
    "character-reference-in-time": _gpx(FIRST_TIME, "<time>2024-03-02T07:30:0&#48;Z</time>"),
    "empty-first-time": _gpx(FIRST_TIME, "<time></time>"),
    "blank-first-time": _gpx(FIRST_TIME, "<time>  </time>"),
    "no-first-time": _gpx(FIRST_TIME, ""),
    "bad-latitude": _gpx('lat="51.5007000"', 'lat="north"'),
    "bad-time": _gpx(FIRST_TIME, "<time>yesterday</time>"),
    "unprefixed-in-extensions": _gpx("<gpxtpx:hr>140</gpxtpx:hr>", "<hr>140</hr>"),
    "prefix-rebound-to-gpx": _gpx("<trk>", '<trk xmlns:gpxtpx="http://www.topografix.com/GPX/1/1">'),
    "prefixed-root": GPX.replace(b"<gpx ", b"<g:gpx xmlns:g='http://www.topografix.com/GPX/1/1' ").replace(
        b"</gpx>", b"</g:gpx>"
    ),
    "marker-attribute": _gpx("<trk>", '<trk calfkit-body="0">'),
    "latin-1": GPX.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"').replace(b"Run 1", b"L\xe4uf 1"),
    "utf-16": GPX.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
    # malformed or hostile: the same refusal, word for word
    "control-character": _gpx("<gpxtpx:hr>140", "<gpxtpx:hr>1\x0140"),
    "cdata-end-in-text": _gpx("<ele>", "<ele>]]>", 1),
    "unbound-prefix": _gpx("<gpxtpx:hr>140</gpxtpx:hr>", "<zz:hr>140</zz:hr>"),
    "bad-utf8": GPX.replace(b"<gpxtpx:hr>140", b"<gpxtpx:hr>\xff140", 1),
    "truncated": GPX[: len(GPX) // 2],
    "doctype": GPX.replace(b"<gpx ", b'<!DOCTYPE gpx [<!ENTITY a "b">]>\n<gpx ', 1),
    "mismatched-tag": _gpx("</ele>", "</elf>"),
}


@pytest.mark.parametrize("name", GPX_VARIANTS)
def test_gpx_layouts_read_the_same_with_and_without_the_scan(name, monkeypatch):
    same_either_way(GPX_VARIANTS[name], "run.gpx", monkeypatch)


@pytest.mark.parametrize(
    ("name", "taken"),
    [("comment-in-segment", False), ("segment-inside-comment", False), ("lon-first", True), ("extra-attribute", False)],
)
def test_gpx_scan_is_taken_only_where_sure(name, taken):
    assert bool(cut_count(GPX_VARIANTS[name], "gpx")) == taken


FIRST_TCX_TIME = "<Time>2024-03-02T07:30:00Z</Time><Position>"
TCX_VARIANTS = {
    "tpx-default-namespace": TCX.replace(b"</Trackpoint>", TPX_DEFAULT_NS.encode()),
    "no-first-time": _tcx(FIRST_TCX_TIME, "<Position>"),
    "empty-first-time": _tcx(FIRST_TCX_TIME, "<Time></Time><Position>"),
    "blank-first-time": _tcx(FIRST_TCX_TIME, "<Time> </Time><Position>"),
    "heart-rate-xsi-type": TCX.replace(b"<HeartRateBpm>", b'<HeartRateBpm xsi:type="HeartRateInBeatsPerMinute_t">'),
    "laps-without-distance": TCX.replace(b"<DistanceMeters>4200.000000</DistanceMeters>", b""),
    "bad-point-distance": TCX.replace(b"<DistanceMeters>4200.000000</DistanceMeters>", b"").replace(
        b"<DistanceMeters>0.0</DistanceMeters>", b"<DistanceMeters>far</DistanceMeters>"
    ),
    "activity-in-extensions": TCX.replace(
        b"</Trackpoint>", b"<Extensions><ns3:Activity>x</ns3:Activity></Extensions></Trackpoint>", 1
    ),
    "point-outside-track": _tcx("<Track>", "<Trackpoint><Time>2024-03-02T07:29:00Z</Time></Trackpoint><Track>"),
    "comment-in-track": _tcx("<Track>", "<Track><!-- x -->"),
    "truncated": TCX[: len(TCX) // 2],
    "unbound-prefix": TCX.replace(b"</Trackpoint>", TPX.replace("ns3", "zz").encode(), 1),
}


@pytest.mark.parametrize("name", TCX_VARIANTS)
def test_tcx_layouts_read_the_same_with_and_without_the_scan(name, monkeypatch):
    same_either_way(TCX_VARIANTS[name], "run.tcx", monkeypatch)


def test_tcx_variants_exercise_both_readings():
    assert cut_count(TCX_VARIANTS["heart-rate-xsi-type"], "tcx") == 2
    assert cut_count(TCX_VARIANTS["laps-without-distance"], "tcx") == 2
    assert cut_count(TCX_VARIANTS["tpx-default-namespace"], "tcx") == 0
    assert cut_count(TCX_VARIANTS["activity-in-extensions"], "tcx") == 1


def test_realworld_xml_reads_the_same(realworld_logs_dir: Path, monkeypatch):
    files = sorted(path for path in realworld_logs_dir.iterdir() if path.suffix in (".gpx", ".tcx"))
    assert files
    for path in files:
        same_either_way(path.read_bytes(), path.name, monkeypatch)
