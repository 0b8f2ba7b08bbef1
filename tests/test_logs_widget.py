"""The log explorer's unit menu and progress bar (issue 15): a Garmin Connect CSV, a long read."""

from __future__ import annotations

import csv
import html
from datetime import datetime, timedelta, timezone

import pytest

from calfkit.logs import sample_log_path
from calfkit.widgets.log import AS_THE_FILE_SAYS, PROGRESS_AFTER_S, UNITS, UPLOADED, log_explorer

from .logs_fixtures import GARMIN_HEADER_EN, GarminRow, Run, garmin_connect_csv, gpx_bytes, gz, track_points, zip_bytes

ROWS = [
    GarminRow("Running", datetime(2025, 3, 3, 7, 0), 10.0, 3000, 3060),
    GarminRow("Running", datetime(2025, 3, 5, 7, 0), 6.0, 1800, 1830),
]


def test_unit_menu_offers_the_file_kilometres_and_miles():
    assert [value for _, value in UNITS] == [AS_THE_FILE_SAYS, "km", "mi"]
    assert log_explorer().controls["unit"].value == AS_THE_FILE_SAYS


def test_garmin_csv_asks_for_its_unit_then_reads_in_the_answer():
    explorer = log_explorer()
    explorer.upload("Activities.csv", garmin_connect_csv(ROWS, GARMIN_HEADER_EN).encode())
    assert explorer.error is not None and "read it again with unit='km' or unit='mi'" in explorer.error
    assert explorer.controls["source"].value != UPLOADED
    explorer.controls["unit"].value = "mi"
    assert explorer.error is None and explorer.controls["source"].value == UPLOADED
    assert explorer.log["distance_km"].tolist() == pytest.approx([10.0 * 1.609344, 6.0 * 1.609344])
    explorer.controls["unit"].value = "km"
    assert explorer.log["distance_km"].tolist() == pytest.approx([10.0, 6.0])


def test_a_file_that_names_its_unit_is_read_as_it_says_whatever_the_menu():
    explorer = log_explorer()
    explorer.controls["unit"].value = "mi"
    explorer.upload("log.csv", b"date,distance_km\n2025-03-03,10\n2025-03-05,6\n")
    assert explorer.error is None and explorer.log["distance_km"].tolist() == [10.0, 6.0]
    assert "This file gives its own distance unit, so the Distance unit menu (miles) was not used." in (
        explorer.more.value
    )
    explorer.upload("miles.csv", b"date,distance\n2025-03-03,10\n")
    assert explorer.log["distance_km"].tolist() == pytest.approx([16.09344])


def test_a_long_read_shows_the_progress_bar_and_hides_it_after(monkeypatch: pytest.MonkeyPatch):
    """A zip of 40 activity files, on a clock that makes every step look slow: the bar is shown."""
    import calfkit.widgets.log as module

    start = datetime(2025, 1, 6, 7, tzinfo=timezone.utc)
    members = {
        f"activities/{i}.gpx.gz": gz(gpx_bytes([("running", track_points(Run(start + timedelta(days=i), 5.0, 30.0)))]))
        for i in range(40)
    }
    explorer = log_explorer()
    seen: list[tuple[str, float]] = []
    explorer.progress.observe(
        lambda change: seen.append((explorer.progress.layout.visibility, change["new"])), names="value"
    )
    ticks = iter(range(10_000))
    monkeypatch.setattr(module.time, "perf_counter", lambda: next(ticks) * PROGRESS_AFTER_S)
    explorer.upload("export.zip", zip_bytes(members))
    assert explorer.error is None and explorer.log["activity_count"].sum() == 40
    shown = [value for visibility, value in seen if visibility == "visible"]
    assert len(shown) >= 39 and shown == sorted(shown) and shown[-1] == pytest.approx(1.0)
    assert explorer.progress.layout.visibility == "hidden"


def test_a_quick_read_never_shows_the_bar():
    explorer = log_explorer()
    visibilities: list[str] = []
    explorer.progress.layout.observe(lambda change: visibilities.append(change["new"]), names="visibility")
    explorer.upload("log.csv", b"date,distance_km\n2025-03-03,10\n")
    assert "visible" not in visibilities


def test_a_strava_export_with_metres_says_the_menu_was_not_used():
    with sample_log_path("strava_activities.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    metres_column = [i for i, name in enumerate(rows[0]) if name == "Distance"][1]  # the second one is in metres
    runs_km = sum(float(row[metres_column]) for row in rows[1:] if row[3] in ("Run", "Trail Run")) / 1000
    explorer = log_explorer(sample="strava_activities.csv")
    explorer.controls["unit"].value = "mi"
    assert explorer.log["distance_km"].sum() == pytest.approx(runs_km)
    assert html.escape("unit='mi' not used: the export gives each distance in metres.") in explorer.more.value
