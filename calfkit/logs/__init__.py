"""Reading a runner's own training log: plain CSV, Strava export, GPX, TCX, FIT.

:func:`read_training_log` turns a file, folder, Strava export zip or open
file object into one row per day with running, ready for
:func:`calfkit.training_load`. Modules, one job each:

``reader``
    the public functions; picks folder, zip or single-file reading.
``formats``
    which parser reads a file (extension, else first bytes).
``csv_plain``, ``strava``, ``gpx``, ``tcx``, ``fit``
    one parser per format, each returning the runs it found.
``archive``
    zip archives and folders: which members are read, skipped or refused.
``activities``
    the common run table, range and duplicate checks, the timezone rule,
    the daily sums.
``csvtext``
    strict UTF-8 decoding and line-numbered CSV rows.
``safety``
    size caps, guarded decompression and entity-free XML parsing.
"""

from __future__ import annotations

from .reader import read_training_log, sample_log_path
from .safety import TrainingLogError

__all__ = ["read_training_log", "sample_log_path", "TrainingLogError"]
