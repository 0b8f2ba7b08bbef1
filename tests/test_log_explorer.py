"""The training-log explorer and its weekly-risk model: samples, uploads, bad files, highlights.

Expected numbers are computed here from the numbers the test itself put into
the files (or from the sample generator in ``tests/logs_fixtures.py``), never
read back from the code under test.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

import calfkit as ck
from calfkit.figures.log import HIGHLIGHT_LABEL, log_description, log_traces
from calfkit.models.log_risk import top_risk_weeks, weekly_risk
from calfkit.widgets import log_explorer
from calfkit.widgets.log import ACCEPT, SAMPLES, UPLOADED

from .conftest import DATA
from .logs_fixtures import (
    LONG_RUN_WEEK,
    SAMPLE_START,
    SPIKE_WEEK,
    UTC,
    Run,
    _sample_weeks,
    gpx_bytes,
    haversine_km,
    track_points,
    zip_bytes,
)


def trace(explorer, name: str):
    return next(t for t in explorer.figure.data if t.name == name)


def weekly_bars(explorer) -> list[float]:
    return list(trace(explorer, "Weekly distance (km)").y)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def totals_by_week(runs: dict[date, float]) -> list[float]:
    """Monday-to-Sunday totals from the first run's week to the last run's, rest weeks 0 km."""
    first, last = monday(min(runs)), monday(max(runs))
    weeks = [first + timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]
    return [sum(km for day, km in runs.items() if monday(day) == week) for week in weeks]


# --------------------------------------------------------------------------- samples


def test_every_bundled_sample_is_offered() -> None:
    offered = [value for _, value in SAMPLES]
    assert sorted(offered) == sorted(p.name for p in (DATA / "samples").glob("*.csv"))
    assert all("synthetic" in label for label, _ in SAMPLES)


def test_default_view_is_the_plain_sample_with_its_true_weekly_totals() -> None:
    explorer = log_explorer()
    truth = [sum(km for _, km in week) for week in _sample_weeks()]
    assert weekly_bars(explorer) == pytest.approx(truth, abs=1e-6)
    assert explorer.description.startswith("Training log plain_16_weeks.csv from 2024-01-02 to 2024-04-20")
    assert "Educational model, not medical advice" in explorer.description


def test_picking_a_sample_changes_figure_and_description() -> None:
    explorer = log_explorer()
    before_bars, before_text = weekly_bars(explorer), explorer.description
    explorer.controls["source"].value = "strava_activities.csv"
    assert explorer.error is None
    assert explorer.description.startswith("Training log strava_activities.csv from 2024-05-06")
    assert weekly_bars(explorer) != before_bars and len(weekly_bars(explorer)) == 4
    explorer.controls["source"].value = "plain_16_weeks.csv"
    assert weekly_bars(explorer) == before_bars and explorer.description == before_text


def test_highest_risk_weeks_are_the_samples_two_spikes() -> None:
    explorer = log_explorer()
    assert set(explorer.risk.top["week"]) == {SPIKE_WEEK, LONG_RUN_WEEK}
    for week in (SPIKE_WEEK, LONG_RUN_WEEK):
        start = SAMPLE_START + timedelta(days=7 * (week - 1))
        assert f"week {week} (from {start.isoformat()})" in explorer.description
        assert f"week {week} (from {start.isoformat()})" in explorer.readout_html
    stars = trace(explorer, HIGHLIGHT_LABEL + " (star)")
    assert sorted(stars.text) == sorted([f"week {SPIKE_WEEK}", f"week {LONG_RUN_WEEK}"])
    bars = trace(explorer, HIGHLIGHT_LABEL)
    centres = sorted(
        (SAMPLE_START + timedelta(days=7 * (w - 1) + 3)).isoformat() + " 12:00" for w in (SPIKE_WEEK, LONG_RUN_WEEK)
    )
    assert sorted(bars.x) == centres


def test_weekly_risk_matches_the_risk_model_fed_by_hand() -> None:
    """Week 10: the weekly jump alone; week 13: the long-run spike alone (both from the generator's numbers)."""
    weeks = _sample_weeks()
    totals = [sum(km for _, km in week) for week in weeks]
    jump = (totals[SPIKE_WEEK - 1] / totals[SPIKE_WEEK - 2] - 1) * 100
    runs = {SAMPLE_START + timedelta(days=7 * i + d): km for i, week in enumerate(weeks) for d, km in week}
    long_day = SAMPLE_START + timedelta(days=7 * (LONG_RUN_WEEK - 1) + 5)
    longest_before = max(km for day, km in runs.items() if long_day - timedelta(days=30) <= day < long_day)
    spike = (runs[long_day] / longest_before - 1) * 100
    expected = {
        SPIKE_WEEK: ck.soreness_risk(weekly_change_pct=jump, warmup_type="none"),
        LONG_RUN_WEEK: ck.soreness_risk(spike_pct=spike, warmup_type="none"),
    }
    explorer = log_explorer()
    by_week = explorer.risk.weeks.set_index("week")
    for week, result in expected.items():
        assert by_week.loc[week, "risk"] == pytest.approx(result.total)
        assert (by_week.loc[week, "risk_low"], by_week.loc[week, "risk_high"]) == pytest.approx(
            (result.low, result.high)
        )
    others = by_week.drop(index=list(expected))
    assert (others["risk"] == 1.0).all(), "steady weeks sit at the reference"
    assert list(trace(explorer, "Modelled relative risk of the week (1 = reference runner)").y) == pytest.approx(
        by_week["risk"].tolist()
    )


# --------------------------------------------------------------------------- uploads


def upload_value(name: str, content: bytes) -> tuple[dict, ...]:
    """What ipywidgets' FileUpload puts in ``value`` after the browser sends one file."""
    return (
        {
            "name": name,
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2024, 6, 1, tzinfo=UTC),
        },
    )


def test_uploaded_csv_gives_the_weekly_totals_put_in_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start = date(2024, 2, 7)  # a Wednesday: the first week is partly covered
    runs = {start + timedelta(days=2 * i): round(4 + (i * 7 % 11) * 0.9, 1) for i in range(40)}
    runs[start + timedelta(days=60)] = 31.0  # far beyond the recent longest run
    text = "date,distance_km\n" + "".join(f"{d.isoformat()},{km}\n" for d, km in sorted(runs.items()))
    monkeypatch.chdir(tmp_path)
    explorer = log_explorer()
    figure, first = explorer.figure, explorer.figure.data[0]
    explorer.controls["upload"].value = upload_value("my_log.csv", text.encode())
    assert explorer.error is None
    assert explorer.figure is figure and explorer.figure.data[0] is first, "updated in place"
    assert weekly_bars(explorer) == pytest.approx(totals_by_week(runs), abs=1e-6)
    assert explorer.controls["source"].value == UPLOADED
    assert explorer.controls["source"].label == "Your file: my_log.csv"
    assert explorer.description.startswith(f"Training log my_log.csv from {start.isoformat()}")
    spike_week = 1 + (monday(start + timedelta(days=60)) - monday(start)).days // 7
    assert explorer.risk.top["week"].iloc[0] == spike_week
    assert list(tmp_path.iterdir()) == [], "nothing is written to disk"


def test_uploaded_gpx_in_a_zip_gives_the_track_lengths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = [
        Run(datetime(2024, 3, 4, 7, 0, tzinfo=UTC) + timedelta(days=d), km, km * 6)
        for d, km in ((0, 6.0), (2, 8.0), (8, 5.0), (12, 14.0))
    ]
    members, truth = {}, {}
    for number, run in enumerate(plan):
        points = track_points(run)
        members[f"activities/{number}.gpx"] = gpx_bytes([("running", points)])
        truth[run.start.date()] = haversine_km([(lat, lon) for lat, lon, _ in points])
    monkeypatch.chdir(tmp_path)
    explorer = log_explorer()
    explorer.upload("export.zip", zip_bytes(members))
    assert explorer.error is None
    assert weekly_bars(explorer) == pytest.approx(totals_by_week(truth), rel=5e-3)  # as tests/test_logs_formats.py
    assert list(tmp_path.iterdir()) == []


def test_time_zone_moves_an_evening_run_of_an_uploaded_file() -> None:
    late = Run(datetime(2024, 3, 10, 23, 30, tzinfo=UTC), 10.0, 55.0)  # Sunday 23:30 UTC = Monday in Berlin
    data = gpx_bytes([("running", track_points(late))])
    explorer = log_explorer()
    explorer.upload("late.gpx", data)
    assert explorer.log["date"].dt.date.tolist() == [date(2024, 3, 10)]
    explorer.controls["tz"].value = "Europe/Berlin"
    assert explorer.error is None and explorer.controls["source"].value == UPLOADED
    assert explorer.log["date"].dt.date.tolist() == [date(2024, 3, 11)]
    assert explorer.description.startswith("Training log late.gpx from 2024-03-11")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.csv", b"when,how far\nyesterday,far\n", "missing a date column"),
        ("run.gpx", b"<gpx><trk><trkseg><trkpt lat=", "not well-formed XML"),
        ("run.fit", bytes(range(200)), "not a FIT file"),
        ("export.zip", b"PK\x03\x04 not really a zip", "not a readable zip archive"),
        ("empty.csv", b"", "is empty"),
        ("negative.csv", b"date,distance_km\n2024-01-01,-5\n", "negative.csv"),
    ],
)
def test_a_bad_upload_shows_the_readers_message_and_keeps_the_figure(name: str, content: bytes, message: str) -> None:
    explorer = log_explorer()
    figure = explorer.figure
    data_before = [t.to_plotly_json() for t in figure.data]
    text_before, options_before = explorer.description, explorer.controls["source"].options
    explorer.controls["upload"].value = upload_value(name, content)
    assert explorer.error is not None and message in explorer.error and name in explorer.error
    assert "Could not use this training log" in explorer.readout.value and message in explorer.readout.value
    assert explorer.figure is figure and [t.to_plotly_json() for t in figure.data] == data_before
    assert explorer.description == text_before and explorer.controls["source"].options == options_before
    explorer.controls["source"].value = "strava_activities.csv"
    assert explorer.error is None and "Could not use" not in explorer.readout.value


def test_a_bad_upload_after_a_good_one_keeps_the_good_file() -> None:
    explorer = log_explorer()
    explorer.upload("good.csv", b"date,distance_km\n2024-01-01,5\n2024-01-03,7\n")
    good = weekly_bars(explorer)
    explorer.upload("bad.csv", b"date,distance_km\n2024-01-01,abc\n")
    assert explorer.error is not None and "bad.csv" in explorer.error
    assert weekly_bars(explorer) == good == [12.0]
    explorer.controls["tz"].value = "Asia/Tokyo"
    assert explorer.error is None and explorer.description.startswith("Training log good.csv")


def test_upload_control_takes_one_file_of_the_readers_types() -> None:
    upload = log_explorer().controls["upload"]
    assert upload.multiple is False
    assert (
        set(upload.accept.split(","))
        == set(ACCEPT.split(","))
        == {".csv", ".gpx", ".tcx", ".fit", ".gz", ".zip", ".xml"}
    )


def test_privacy_note_is_shown() -> None:
    explorer = log_explorer()
    html_text = " ".join(getattr(c, "value", "") for c in explorer.widget.children[:3])
    assert "never uploaded anywhere" in explorer.readout_html
    assert "Educational model, not medical advice" in html_text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sample": "mine.csv"}, r"sample='mine.csv' is not offered; allowed"),
        ({"tz": "Mars/Olympus"}, r"tz='Mars/Olympus' is not offered"),
        ({"top_weeks": 0}, r"top_weeks"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        log_explorer(**kwargs)


def test_upload_method_refuses_non_bytes() -> None:
    explorer = log_explorer()
    with pytest.raises(ValueError, match="data must be the file's bytes"):
        explorer.upload("x.csv", "date,distance_km")
    with pytest.raises(ValueError, match="name must be"):
        explorer.upload("", b"")


# --------------------------------------------------------------------------- the model


def daily(distances: list[float], start: str = "2024-01-01") -> pd.DataFrame:
    return pd.DataFrame({"date": pd.date_range(start, periods=len(distances)), "distance_km": distances})


def test_weekly_risk_uses_the_reference_where_inputs_are_undefined() -> None:
    risk = weekly_risk(ck.training_load(daily([5.0] * 21)))
    assert risk.weeks["risk"].tolist() == [1.0, 1.0, 1.0]
    assert risk.top.empty
    assert any("reference 0 %" in note for note in risk.notes)


def test_weekly_risk_caps_a_spike_beyond_the_models_range() -> None:
    km = [1.0] * 35 + [40.0]  # 40 km when the longest run of the previous 30 days was 1 km: +3,900 %
    risk = weekly_risk(ck.training_load(daily(km)))
    last = risk.weeks.iloc[-1]
    assert last["spike_pct"] == pytest.approx(3900.0)
    assert last["risk"] == pytest.approx(ck.soreness_risk(spike_pct=1000.0, warmup_type="none").total)
    assert any("capped" in note for note in risk.notes)


def test_top_risk_weeks_orders_by_risk_then_week() -> None:
    weeks = pd.DataFrame({"week": [1, 2, 3, 4, 5], "risk": [1.0, 1.59, 2.6, 1.59, 0.9]})
    assert top_risk_weeks(weeks, 3)["week"].tolist() == [3, 2, 4]
    assert top_risk_weeks(weeks, 1)["week"].tolist() == [3]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: weekly_risk(daily([5.0])), r"load must be the TrainingLoad"),
        (lambda: weekly_risk(ck.training_load(daily([5.0])), top=0), r"top"),
        (
            lambda: top_risk_weeks(pd.DataFrame({"week": [1]}), 2),
            r"weeks must be a DataFrame with columns 'week' and 'risk'",
        ),
        (lambda: top_risk_weeks(pd.DataFrame({"week": [1], "risk": [2.0]}), 53), r"n"),
    ],
)
def test_model_arguments_are_validated(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_figure_builders_refuse_mismatched_results() -> None:
    load = ck.training_load(daily([5.0] * 21))
    other = weekly_risk(ck.training_load(daily([5.0] * 7)))
    with pytest.raises(ValueError, match="risk has 1 weeks but load has 3"):
        log_traces(load, other)
    with pytest.raises(ValueError, match="source must be a non-empty string"):
        log_description(load, weekly_risk(load), "")
