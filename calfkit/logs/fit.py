"""FIT files (Garmin's binary activity format), read with Garmin's own FIT SDK.

Each ``session`` message is one activity: ``sport``, ``start_time`` (UTC),
``total_distance`` (m) and ``total_elapsed_time`` (s). Multisport files
have several sessions; only running ones are kept. When the ``activity``
message carries ``local_timestamp`` (the device's local clock), its offset
from UTC places the run on the runner's local day and the ``tz`` argument is
not used for that file. The SDK checks the file's CRC; a damaged file is
refused rather than half-read.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from .activities import Options, Parsed, in_date_range, is_run, localize
from .safety import TrainingLogError

__all__ = ["parse_fit", "is_fit"]

FIT_SIGNATURE = b".FIT"
MAX_OFFSET = timedelta(hours=14)
"""Largest UTC offset on Earth; a larger local_timestamp offset is ignored."""


def is_fit(data: bytes) -> bool:
    """Whether ``data`` starts with a FIT file header."""
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == FIT_SIGNATURE


def _device_offset(messages: dict) -> timedelta | None:
    """Local-minus-UTC offset recorded by the device, or None."""
    from garmin_fit_sdk import util

    for activity in messages.get("activity_mesgs", []):
        local, utc = activity.get("local_timestamp"), activity.get("timestamp")
        if isinstance(local, int) and isinstance(utc, datetime):
            offset = util.convert_timestamp_to_datetime(local) - utc
            if abs(offset) <= MAX_OFFSET:
                return offset
    return None


def parse_fit(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """Read the sessions of a FIT activity file as runs.

    Parameters
    ----------
    data : bytes
        The file's content.
    where : str
        Name for error messages.
    label : str or None
        Origin of the runs when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``tz``, used when the file has no local time).

    Returns
    -------
    Parsed
    """
    if not is_fit(data):
        raise TrainingLogError(f"{where}: is not a FIT file (no '.FIT' header)")
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        merge_heart_rates=False, expand_components=False
    )
    if errors:
        raise TrainingLogError(f"{where}: damaged FIT file ({errors[0]})")
    sessions = messages.get("session_mesgs", [])
    if not sessions:
        kinds = ", ".join(str(m.get("type")) for m in messages.get("file_id_mesgs", [])) or "unknown"
        raise TrainingLogError(
            f"{where}: holds no session summary (FIT file type: {kinds}); only activity files can be read"
        )
    offset = _device_offset(messages)
    name = label or "the file"
    skipped: Counter = Counter()
    untyped: list[str] = []
    origin, start, distance, duration = [], [], [], []
    for number, session in enumerate(sessions, start=1):
        here = name if len(sessions) == 1 else f"{name} session {number}"
        sport = session.get("sport")
        if sport is not None and not is_run(str(sport)):
            skipped[str(sport)] += 1
            continue
        began, metres = session.get("start_time"), session.get("total_distance")
        if not isinstance(began, datetime):
            raise TrainingLogError(f"{where}: {here} has no start time")
        if not isinstance(metres, (int, float)):
            raise TrainingLogError(f"{where}: {here} has no total distance")
        local = (began + offset).replace(tzinfo=None) if offset is not None else localize(began, opts.zone)
        if not in_date_range(local):
            raise TrainingLogError(f"{where}: {here} starts on an implausible date ({local:%Y-%m-%d})")
        seconds = session.get("total_elapsed_time")
        if sport is None:
            untyped.append(here)
        origin.append(here)
        start.append(local)
        distance.append(metres / 1000)
        duration.append(seconds / 60 if isinstance(seconds, (int, float)) else float("nan"))
    runs = Parsed.from_columns(origin, start, [True] * len(origin), distance, duration)
    runs.skipped, runs.untyped = skipped, untyped
    if offset is not None:
        runs.device_local = len(origin)
    else:
        runs.converted = len(origin)
    return runs
