"""Training-log explorer: upload your own log (or pick a sample), see its weeks and modelled risk.

The uploaded file is read from memory (``io.BytesIO``) inside this Python
kernel: it is never written to disk, never sent anywhere and never modified.
"""

from __future__ import annotations

import html
import io
import math
import time
from collections.abc import Mapping
from typing import Any

import ipywidgets as W
import pandas as pd

from ..figures.log import log_description, log_layout, log_traces, week_label
from ..figures.style import fmt, fmt_ratio, fmt_signed
from ..figures.words import ratio_words
from ..logs import read_training_log, sample_log_path
from ..models.log_risk import MAX_TOP_WEEKS, WeeklyRisk, weekly_risk
from ..models.training import TrainingLoad, training_load
from ..validate import check_int
from .controls import dropdown, table_html
from .explorer import Explorer, View

__all__ = ["LogExplorer", "log_explorer", "SAMPLES", "TIME_ZONES", "UPLOADED", "ACCEPT"]

SAMPLES: tuple[tuple[str, str], ...] = (
    ("Sample: 16 weeks, plain CSV (synthetic)", "plain_16_weeks.csv"),
    ("Sample: 4 weeks, Strava export (synthetic)", "strava_activities.csv"),
)
"""(label, file name) of the bundled synthetic sample logs in ``data/samples``."""

TIME_ZONES: tuple[str, ...] = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Denver",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
)
"""IANA time zones offered; they place runs with clock times (GPX, FIT, Strava) on local days."""

UPLOADED = "uploaded file"
"""Value of the log dropdown's option for the file you uploaded."""

ACCEPT = ".csv,.gpx,.tcx,.fit,.gz,.zip,.xml"
"""File types the upload button offers (``calfkit.read_training_log`` reads them; .xml: Apple Health)."""

AS_THE_FILE_SAYS = "file"
UNITS: tuple[tuple[str, str], ...] = (
    ("as the file says (km if it does not)", AS_THE_FILE_SAYS),
    ("kilometres", "km"),
    ("miles", "mi"),
)
"""Distance-unit menu: for files that do not say (a Garmin Connect CSV, a plain ``distance`` column)."""
PROGRESS_AFTER_S = 0.3
"""A read still going after this long shows a progress bar."""

PRIVACY = (
    "Your file stays in this Python kernel: it is read from memory, never saved to disk, "
    "never modified and never uploaded anywhere."
)


def _buffer(name: str, data: bytes) -> io.BytesIO:
    """In-memory file whose ``name`` tells the reader the format (its extension)."""
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def _lead(source: str, risk: WeeklyRisk) -> str:
    """One plain sentence: the log shown and its week of highest modelled risk, in words, or that none stands out."""
    shown = f"<b>Showing:</b> {html.escape(source)} — "
    if not len(risk.top):
        return f"<p>{shown}no week stands out: every week's modelled risk is the same as the reference runner's.</p>"
    row = risk.top.iloc[0]
    return (
        f"<p>{shown}the riskiest week is <b>{html.escape(week_label(row))}</b>, with a modelled risk "
        f"<b>{ratio_words(row['risk'])} the reference runner's</b> (×{fmt_ratio(row['risk'])}).</p>"
    )


def _unit_not_used(unit: str) -> str:
    """Note for a file read in its own unit although the menu asked for another."""
    label = dict((value, label) for label, value in UNITS)[unit]
    return f"This file gives its own distance unit, so the Distance unit menu ({label}) was not used."


def _readout(source: str, log: pd.DataFrame, load: TrainingLoad, risk: WeeklyRisk) -> str:
    """HTML details: the log shown, the table of highest-risk weeks, what was assumed."""
    lines = [f"<p><b>Showing:</b> {html.escape(source)}, {len(log)} day(s) with running. {html.escape(PRIVACY)}</p>"]
    top = risk.top
    if len(top):
        rows = [
            [
                week_label(row),
                fmt(row["distance_km"]),
                fmt_signed(row["change_pct"], 0) if math.isfinite(float(row["change_pct"])) else "no comparison",
                fmt(row["spike_pct"], 0) if math.isfinite(float(row["spike_pct"])) else "undefined",
                f"×{fmt_ratio(row['risk'])} ({fmt_ratio(row['risk_low'])}–{fmt_ratio(row['risk_high'])})",
                str(row["category"]),
            ]
            for _, row in top.iterrows()
        ]
        lines.append(
            table_html(
                "Weeks of highest modelled risk (educational model, not medical advice)",
                [
                    "week",
                    "distance (km)",
                    "change vs previous week (%)",
                    "largest spike (% beyond longest of 30 days)",
                    "relative risk (range)",
                    "category",
                ],
                rows,
            )
        )
    else:
        lines.append(
            "<p><b>No week is above the reference runner's modelled risk</b> (weekly change at most "
            "30 % and no run more than 10 % beyond the longest of the previous 30 days).</p>"
        )
    notes = [*log.attrs.get("notes", []), *risk.notes, *load.notes]
    lines.append("<p style='font-size:90%'>" + html.escape(" ".join(notes)) + "</p>")
    return "".join(lines)


class LogExplorer(Explorer):
    """Pick a sample log or upload your own; see weekly distance, spikes, ACWR and weekly risk.

    Controls: ``source`` (a bundled sample, or your uploaded file once there
    is one), ``tz`` (IANA time zone for files with clock times), ``unit``
    (distance unit of a file that does not say, such as a Garmin Connect
    CSV; choosing it re-reads a file that was refused for want of it) and
    ``upload`` (an ``ipywidgets.FileUpload`` for one .csv, .gpx, .tcx, .fit,
    .gz, .zip or Apple Health .xml file). :attr:`progress` shows how far a
    long read (a big zip, an Apple Health export) has got. A file the reader refuses leaves the figure as it was
    and shows the reader's message in the readout.

    Attributes
    ----------
    log : pandas.DataFrame
        The daily log shown (:func:`calfkit.read_training_log`).
    load : calfkit.models.training.TrainingLoad
        Its training-load metrics.
    risk : calfkit.models.log_risk.WeeklyRisk
        Its modelled weekly risk; ``risk.top`` are the highlighted weeks.
    """

    error_heading = "Could not use this training log"

    def __init__(self, *, sample: str = SAMPLES[0][1], tz: str = "UTC", top_weeks: int = 3) -> None:
        samples = [value for _, value in SAMPLES]
        if sample not in samples:
            raise ValueError(f"sample={sample!r} is not offered; allowed: {samples}")
        if tz not in TIME_ZONES:
            raise ValueError(f"tz={tz!r} is not offered; allowed: {list(TIME_ZONES)}")
        self._top = check_int("top_weeks", top_weeks, 1, MAX_TOP_WEEKS)
        self._upload: tuple[str, bytes] | None = None
        self._attempt: tuple[str, bytes] | None = None
        self._memo: tuple[tuple[str, str, str], pd.DataFrame] | None = None
        self.progress = W.FloatProgress(
            value=0.0, min=0.0, max=1.0, description="Reading", layout=W.Layout(visibility="hidden", width="auto")
        )
        self._holding = False
        upload = W.FileUpload(
            accept=ACCEPT,
            multiple=False,
            description="Upload your log",
            tooltip="One .csv, .gpx, .tcx, .fit, .gz, .zip or .xml file; it stays in this kernel",
            layout=W.Layout(width="auto", flex="0 0 auto"),
        )  # never truncate the label
        controls: dict[str, W.Widget] = {
            "source": dropdown("Training log", SAMPLES, sample),
            "tz": dropdown("Your time zone (for files with clock times)", [(z, z) for z in TIME_ZONES], tz),
            "unit": dropdown("Distance unit", UNITS, AS_THE_FILE_SAYS),
            "upload": upload,
        }
        hint = W.HTML(
            value=f"<span style='font-size:90%'>Upload: .csv, .gpx, .tcx, .fit, .gz, .zip or .xml "
            f"(a Strava, Garmin Connect or Apple Health export works). {html.escape(PRIVACY)}</span>"
        )
        box = W.VBox([controls["source"], controls["tz"], controls["unit"], W.HBox([upload, hint]), self.progress])
        super().__init__(
            controls,
            log_layout(),
            title="Your own training log: weekly load and modelled risk",
            note="Weekly risk uses only the weekly change and single-run spikes; a population "
            "average, not a personal limit.",
            control_box=box,
        )

    def _read(self, source: str, tz: str, unit: str) -> pd.DataFrame:
        """The daily log of a sample or of the uploaded bytes (memoised for the last choice)."""
        key = (source, tz, unit)
        if self._memo is not None and self._memo[0] == key:
            return self._memo[1]
        if source == UPLOADED:
            if self._upload is None:
                raise ValueError("no file has been uploaded yet; use the upload button or pick a sample")
            log = self._read_file(lambda: _buffer(*self._upload), tz, unit)
        else:
            log = self._read_file(lambda: sample_log_path(source), tz, unit)
        self._memo = (key, log)
        return log

    def _read_file(self, open_file, tz: str, unit: str) -> pd.DataFrame:
        """Read with the chosen unit; a file that names its own unit is read as it says.

        A read that takes longer than :data:`PROGRESS_AFTER_S` shows :attr:`progress`.
        """
        began = time.perf_counter()

        def report(done: float) -> None:
            if time.perf_counter() - began > PROGRESS_AFTER_S:
                self.progress.layout.visibility = "visible"
            self.progress.value = done

        try:
            if unit != AS_THE_FILE_SAYS:
                try:
                    return read_training_log(open_file(), tz=tz, unit=unit, progress=report)
                except ValueError:
                    pass  # the file says its unit (or is refused for another reason, said again below)
            log = read_training_log(open_file(), tz=tz, progress=report)
            if unit != AS_THE_FILE_SAYS:
                log.attrs["notes"] = [*log.attrs.get("notes", []), _unit_not_used(unit)]
            return log
        finally:
            self.progress.layout.visibility = "hidden"
            self.progress.value = 0.0

    def _source_name(self, source: str) -> str:
        return self._upload[0] if source == UPLOADED and self._upload is not None else source

    def _compute(self) -> View:
        values = self.values()
        log = self._read(values["source"], values["tz"], values["unit"])
        load = training_load(log)
        risk = weekly_risk(load, self._top)
        name = self._source_name(values["source"])
        view = View(
            log_description(load, risk, name),
            _lead(name, risk),
            tuple(log_traces(load, risk)),
            _readout(name, log, load, risk),
        )
        self.log, self.load, self.risk = log, load, risk
        return view

    def upload(self, name: str, data: bytes) -> None:
        """Use a file's bytes as the log shown, as the upload button does.

        Parameters
        ----------
        name : str
            File name; its extension tells the reader the format.
        data : bytes
            File content (read from memory only).

        A file the reader (or the training-load model) refuses is not kept:
        the readout shows the message, :attr:`error` holds it, and the figure,
        description and log dropdown stay as they were.
        """
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"name must be the file's name, a non-empty string; got {name!r}")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise ValueError(f"data must be the file's bytes; got {type(data).__name__}")
        tz, unit = self.controls["tz"].value, self.controls["unit"].value
        content = bytes(data)
        self._attempt = (name, content)
        try:
            log = self._read_file(lambda: _buffer(name, content), tz, unit)
            training_load(log)
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self._upload = (name, content)
        self._memo = ((UPLOADED, tz, unit), log)
        source = self.controls["source"]
        self._holding = True
        try:
            source.options = [*SAMPLES, (f"Your file: {name}", UPLOADED)]
            source.value = UPLOADED
        finally:
            self._holding = False
        self.refresh()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if self._holding:
            return
        if change["owner"] is self.controls["upload"]:
            files = change["new"]
            if files:
                self.upload(str(files[0].get("name") or "uploaded file"), files[0]["content"])
            return
        if change["owner"] is self.controls["unit"] and self._attempt not in (None, self._upload):
            self.upload(*self._attempt)  # the refused file asked for its unit: try it again with the answer
            return
        self.refresh()


def log_explorer(**initial: Any) -> LogExplorer:
    """Interactive view of a training log: a bundled sample or your own uploaded file.

    Parameters
    ----------
    **initial
        ``sample`` (file name of a bundled sample, see :data:`SAMPLES`;
        default ``'plain_16_weeks.csv'``), ``tz`` (one of :data:`TIME_ZONES`;
        default ``'UTC'``) and ``top_weeks`` (how many highest-risk weeks to
        highlight, 1-52; default 3).

    Returns
    -------
    LogExplorer
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.figure``, ``.controls``, ``.readout``, ``.description``, ``.log``,
        ``.load``, ``.risk`` and ``.upload(name, data)``.
    """
    return LogExplorer(**initial)
