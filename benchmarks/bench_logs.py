"""Benchmark: read a 10-year Strava export (about 3,000 runs) and compute its load timeline.

Target (issue 5): reading the export and computing ``training_load`` in under
1 s. Builds a synthetic export in a temporary folder (removed afterwards):
``activities.csv`` with Strava's 90 columns (3,000 runs plus rides, walks and
swims) and the same inside an export zip with one activity file per activity
and some photos. Also times decoding FIT files, the slow path used only for
folders or zips without ``activities.csv``.

Run from the repository root::

    python benchmarks/bench_logs.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calfkit import training_load  # noqa: E402
from calfkit.logs import read_training_log  # noqa: E402
from tests.logs_fixtures import Run, StravaRow, fit_bytes, gz, strava_csv, zip_bytes  # noqa: E402

TARGET_S = 1.0
RUNS = 3000
YEARS = 10


def ten_year_rows(seed: int = 5) -> list[StravaRow]:
    """3,000 runs over 10 years (some doubles), plus about 1,100 other activities."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 6, tzinfo=timezone.utc)
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


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """Fastest wall-clock time (s) of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    rows = ten_year_rows()
    text = strava_csv(rows)
    one_fit = gz(fit_bytes([Run(datetime(2020, 1, 1, tzinfo=timezone.utc), 10.0, 55.0)], step_s=5))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        csv_path = root / "activities.csv"
        csv_path.write_text(text, encoding="utf-8")
        members = {"activities.csv": text.encode()}
        members.update({f"activities/{row.activity_id}.fit.gz": one_fit for row in rows})
        members.update({f"media/{i}.jpg": bytes(2000) for i in range(200)})
        zip_path = root / "export_12345.zip"
        zip_path.write_bytes(zip_bytes(members))
        fit_dir = root / "fit"
        fit_dir.mkdir()
        for i in range(20):
            run = Run(datetime(2020, 1, 1 + i, 7, tzinfo=timezone.utc), 10.0, 60.0)
            (fit_dir / f"{i:02d}.fit").write_bytes(fit_bytes([run], step_s=1))

        began = time.perf_counter()
        log = read_training_log(zip_path)
        cold = time.perf_counter() - began
        print(
            f"export: {len(rows)} activities ({RUNS} runs) over {YEARS} years; activities.csv "
            f"{csv_path.stat().st_size / 1e6:.1f} MB, zip {zip_path.stat().st_size / 1e6:.1f} MB "
            f"with {len(members)} members; {len(log)} running days"
        )
        timings = {
            "first call (imports included)": cold,
            "read activities.csv": best_of(5, lambda: read_training_log(csv_path)),
            "read export zip": best_of(5, lambda: read_training_log(zip_path)),
            "training_load": best_of(5, lambda: training_load(log)),
            "read export zip + training_load": best_of(5, lambda: training_load(read_training_log(zip_path))),
        }
        for label, seconds in timings.items():
            print(f"{label:<34s} {seconds * 1000:8.1f} ms")
        total = timings["read export zip + training_load"]
        verdict = "within" if total < TARGET_S else "OVER"
        print(f"target: export + load timeline under {TARGET_S:.0f} s: {total:.3f} s ({verdict} target)")
        per_fit = best_of(1, lambda: read_training_log(fit_dir)) / 20
        print(
            f"FIT decoding (folder without activities.csv): {per_fit * 1000:.0f} ms per 1-hour file "
            "recorded every second"
        )


if __name__ == "__main__":
    main()
