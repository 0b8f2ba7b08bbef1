"""Which parser reads a file: gzip / zip signatures first, then the name's extension, then the first bytes."""

from __future__ import annotations

import io
import re
from pathlib import PurePosixPath

from .activities import Options, Parsed
from .apple import looks_like_apple_health, parse_apple_stream
from .csv_plain import parse_plain_csv
from .csvtext import decode_text, read_table
from .fit import is_fit, parse_fit
from .garmin_csv import garmin_layout, parse_garmin_table
from .gpx import parse_gpx
from .safety import GZIP_MAGIC, ZIP_MAGICS, CappedStream, ReadBudget, TrainingLogError, gunzip
from .strava import parse_strava_table, strava_layout
from .tcx import parse_tcx

__all__ = ["parse_bytes", "READABLE_SUFFIXES"]

READABLE_SUFFIXES = (".csv", ".gpx", ".tcx", ".fit")
"""Suffixes read from a folder, each also accepted gzipped (``.gz``)."""
_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(gpx|TrainingCenterDatabase)[\s>/]")


def _kind(name: str, data: bytes) -> str:
    """One of csv, gpx, tcx, fit, gz, zip, xml, json (compression signatures win over the name)."""
    if data.startswith(GZIP_MAGIC):
        return "gz"
    if data[:4] in ZIP_MAGICS:
        return "zip"
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in (".csv", ".gpx", ".tcx", ".fit", ".gz", ".zip"):
        return suffix[1:]
    if suffix == ".json" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    if is_fit(data):
        return "fit"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    return "csv"


def _xml_kind(data: bytes) -> str:
    """What an unreadable XML file is, and what to do instead."""
    root = re.search(
        rb"<([A-Za-z_][\w.:-]*)[\s>/]", re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", data[:65536], flags=re.S)
    )
    name = root.group(1).decode("ascii", "replace") if root else "unknown"
    return (
        f"is XML (root element <{name}>) but neither GPX, TCX nor an Apple Health export; export the "
        "activity as GPX, TCX or FIT instead"
    )


def _json(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """JSON files (Suunto app, Polar Flow, Google Fit exports) are not read: say so plainly."""
    raise TrainingLogError(
        f"{where}: is a JSON file (as the Suunto app, Polar Flow and Google Takeout export); calfkit reads "
        "activity files, not JSON: export the runs as FIT, GPX or TCX from the app (Suunto: the activity's "
        "menu, Export; Polar Flow: Export session), or connect the app to Strava and use Strava's export"
    )


def _csv(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """A Strava or Garmin Connect export (recognised by their structure, in any language), else a plain CSV log."""
    table = read_table(decode_text(data, where), where, comments=False)
    layout = strava_layout(table, where)
    if layout is not None:
        return parse_strava_table(table, layout, where, label, opts)
    garmin = garmin_layout(table)
    if garmin is not None:
        return parse_garmin_table(garmin, where, label, opts)
    return parse_plain_csv(data, where, label, opts)


def parse_bytes(
    data: bytes, name: str, where: str, label: str | None, opts: Options, budget: ReadBudget, compressed: bool = False
) -> Parsed:
    """Parse one file's content with the parser its name or content calls for.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file's name (unless the content is gzip or zip, its extension
        picks the format when it is one of .csv, .gpx, .tcx, .fit).
    where : str
        Name for error messages.
    label : str or None
        Origin prefix for runs when the file sits in a folder or archive.
    opts : Options
        Validated arguments.
    budget : ReadBudget
        The call's running total of bytes.
    compressed : bool
        True when ``data`` already came out of a ``.gz`` file (no second layer).

    Returns
    -------
    Parsed
    """
    kind = _kind(name, data)
    if kind == "gz":
        if compressed:
            raise TrainingLogError(f"{where}: is compressed twice; calfkit reads one gzip layer")
        inner = gunzip(data, where, budget)
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        return parse_bytes(inner, inner_name, where, label, opts, budget, compressed=True)
    if kind == "zip":
        raise TrainingLogError(f"{where}: is a zip archive inside another file; unpack it and pass it directly")
    if kind == "xml":
        if looks_like_apple_health(data[:4096]):
            stream = CappedStream(io.BytesIO(data), where, on_read=lambda done: opts.report(done, len(data)))
            return parse_apple_stream(stream, where, label, opts)
        root = _XML_ROOT.search(data[:65536])
        if root is None:
            raise TrainingLogError(f"{where}: {_xml_kind(data)}")
        kind = "gpx" if root.group(1) == b"gpx" else "tcx"
    parser = {"csv": _csv, "gpx": parse_gpx, "tcx": parse_tcx, "fit": parse_fit, "json": _json}[kind]
    return parser(data, where, label, opts)
