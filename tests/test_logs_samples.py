"""The bundled synthetic sample logs: reproducible, documented, small, and shaped as described."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from calfkit.data import data_dir
from calfkit.logs import read_training_log, sample_log_path

from .logs_fixtures import LONG_RUN_WEEK, SAMPLE_START, SAMPLES, SPIKE_WEEK, sample_strava_rows

SAMPLE_DIR = data_dir() / "samples"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_bundled_sample_equals_its_generator(name: str):
    assert sample_log_path(name) == SAMPLE_DIR / name
    assert sample_log_path(name).read_text(encoding="utf-8") == SAMPLES[name]()


def test_samples_are_documented_as_synthetic_and_small():
    readme = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower() and "python -m tests.logs_fixtures" in readme
    for name in SAMPLES:
        assert f"`{name}`" in readme
    assert sum(path.stat().st_size for path in SAMPLE_DIR.iterdir()) < 200_000


def test_unknown_sample_name():
    with pytest.raises(
        ValueError,
        match=r"^name='mine\.csv' is not a bundled sample log; available: "
        r"plain_16_weeks\.csv, strava_activities\.csv$",
    ):
        sample_log_path("mine.csv")


def test_plain_sample_has_one_mileage_spike_and_one_long_run_spike():
    log = read_training_log(sample_log_path("plain_16_weeks.csv"))
    assert log.attrs["notes"] == []
    week = ((log["date"] - pd.Timestamp(SAMPLE_START)).dt.days // 7 + 1).to_numpy()
    weekly = log.groupby(week)["distance_km"].sum()
    assert list(weekly.index) == list(range(1, 17))
    change = weekly.pct_change() * 100
    assert change.idxmax() == SPIKE_WEEK and change.max() > 50
    assert (change.drop([1, SPIKE_WEEK, SPIKE_WEEK + 1]).abs() < 10).all()
    spikes = []
    for row in log[log["date"] >= log["date"].iloc[0] + timedelta(days=30)].itertuples():
        previous = log[(log["date"] < row.date) & (log["date"] >= row.date - timedelta(days=30))]
        if len(previous):
            spikes.append((100 * (row.distance_km / previous["distance_km"].max() - 1), row.date.date()))
    worst, day = max(spikes)
    assert worst > 70 and (day - SAMPLE_START).days // 7 + 1 == LONG_RUN_WEEK
    assert sorted(spikes)[-2][0] < 25


def test_strava_sample_counts_and_time_zones():
    rows = sample_strava_rows()
    path = sample_log_path("strava_activities.csv")
    log = read_training_log(path)
    runs = [row for row in rows if "Run" in row.kind]
    assert log["activity_count"].sum() == len(runs) == 18
    assert log["distance_km"].sum() == pytest.approx(sum(row.km for row in runs))
    assert "8 non-run activities skipped (4 Ride, 4 Walk)." in log.attrs["notes"]
    late = next(row for row in rows if row.kind == "Trail Run")
    assert late.start.hour == 22 and late.start.minute == 30
    berlin = read_training_log(path, tz="Europe/Berlin")
    new_york = read_training_log(path, tz="America/New_York")
    day = late.start.date()
    assert date(2024, 5, 23) in set(berlin["date"].dt.date) and day + timedelta(days=1) == date(2024, 5, 23)
    by_day = dict(zip(new_york["date"].dt.date, new_york["activity_count"]))
    assert by_day[day] == 2 and by_day[date(2024, 5, 15)] == 2
