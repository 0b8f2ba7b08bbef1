"""Strava export archives (zip) and folders of activity files.

Nothing is extracted to disk: zip members are decompressed in memory with
the caps of :mod:`calfkit.logs.safety`, folders are only read.

Zip members (after stripping one folder that holds everything, if any)
---------------------------------------------------------------------
read
    ``activities.csv`` (Strava's summary of every activity), else every
    activity file ``activities/NAME.gpx|tcx|fit`` or ``NAME.gpx|tcx|fit``
    at the top, each optionally ``.gz``.
skipped on purpose
    folders; anything under ``media/`` (photos, videos), ``routes/``
    (planned routes) or ``clubs/`` (club pictures); top-level files ending in .csv, .json, .html, .txt,
    .pdf, .jpg, .jpeg, .png, .gif, .heic, .mp4, .mov (Strava's other tables,
    profile pictures and readme).
refused (ValueError)
    any other member (executables, nested archives, files in other
    folders), names that are absolute, contain ``..``, a backslash or a
    drive letter, repeated names, symbolic links, encrypted members.

An Apple Health ``export.zip`` (an ``export.xml`` at the top, after the
``apple_health_export/`` folder) is read through that member alone, as a
stream (:mod:`calfkit.logs.apple`); its other members are not opened.

When ``activities.csv`` is present the activity files are not decoded: the
summary already lists the same activities, and reading it takes
milliseconds where decoding thousands of FIT files takes minutes.

Folders
-------
A folder holding ``activities.csv`` (an unzipped Strava export) is read
through that file alone. Any other folder is walked (symbolic links to
folders are not followed) and every ``.csv``, ``.gpx``, ``.tcx`` and ``.fit``
file, gzipped or not, is read; other files are skipped with a note.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections import Counter
from contextlib import nullcontext
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .activities import Options, Parsed
from .apple import APPLE_EXPORT_MEMBER, parse_apple_stream
from .formats import READABLE_SUFFIXES, parse_bytes
from .safety import (
    MAX_ARCHIVE_BYTES,
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    CappedStream,
    ReadBudget,
    TrainingLogError,
    listing,
    mib,
    read_path,
    read_stream,
)

__all__ = ["read_zip", "read_folder"]

INDEX = "activities.csv"
IGNORED_FOLDERS = ("media", "routes", "clubs")
IGNORED_TOP_SUFFIXES = (
    ".csv",
    ".json",
    ".html",
    ".txt",
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".heic",
    ".mp4",
    ".mov",
)
_ACTIVITY_NAME = re.compile(r"[^/]+\.(gpx|tcx|fit)(\.gz)?", re.IGNORECASE)


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return (
        name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or re.match(r"[A-Za-z]:", name) is not None
        or any(part in ("..", ".") for part in parts)
        or "" in parts[:-1]
    )


def _strip_common_folder(names: list[str]) -> str:
    """The single top folder wrapping every member (``"export_123/"``), or ``""``."""
    files = [name for name in names if not name.endswith("/")]
    if not files or INDEX in files:
        return ""
    tops = {name.split("/", 1)[0] for name in files}
    top = tops.pop() if len(tops) == 1 else ""
    if top and top != "activities" and top not in IGNORED_FOLDERS and all("/" in name for name in files):
        return top + "/"
    return ""


def _classify(name: str) -> str:
    """``index``, ``activity``, ``ignored`` or ``unexpected`` for a (stripped) member name."""
    path = PurePosixPath(name)
    parts = path.parts
    if name.endswith("/"):
        return "ignored"
    if parts == (INDEX,):
        return "index"
    if (len(parts) == 1 or (len(parts) == 2 and parts[0] == "activities")) and _ACTIVITY_NAME.fullmatch(parts[-1]):
        return "activity"
    if parts[0] in IGNORED_FOLDERS and len(parts) > 1:
        return "ignored"
    if len(parts) == 1 and path.suffix.lower() in IGNORED_TOP_SUFFIXES:
        return "ignored"
    return "unexpected"


def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, budget: ReadBudget) -> bytes:
    if info.flag_bits & 0x1:
        raise TrainingLogError(f"{where}: is encrypted; export it again without a password")
    if info.file_size > MAX_FILE_BYTES:
        raise TrainingLogError(f"{where}: is too large ({mib(info.file_size)}); the limit is {mib(MAX_FILE_BYTES)}")
    try:
        with archive.open(info) as stream:
            return read_stream(stream, info.compress_size, where, budget)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError, zlib.error) as exc:
        if isinstance(exc, TrainingLogError):
            raise
        raise TrainingLogError(f"{where}: damaged or unsupported zip member ({exc})") from None


def read_zip(file: Path | BinaryIO, source: str, opts: Options, budget: ReadBudget) -> list[Parsed]:
    """Read the runs of a Strava export zip (or a zip of activity files).

    Parameters
    ----------
    file : pathlib.Path or binary file object
        The archive, opened read-only.
    source : str
        Its name, for messages.
    opts : Options
        Validated arguments.
    budget : ReadBudget
        The call's running total of bytes.

    Returns
    -------
    list of Parsed
    """
    if isinstance(file, Path):
        size = file.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            raise TrainingLogError(
                f"{source}: the archive is too large ({mib(size)}); the limit is {mib(MAX_ARCHIVE_BYTES)}"
            )
    with open(file, "rb") if isinstance(file, Path) else nullcontext(file) as handle:
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError) as exc:
            raise TrainingLogError(f"{source}: is not a readable zip archive ({exc})") from None
        with archive:
            return _read_members(archive, source, opts, budget)


def _read_members(archive: zipfile.ZipFile, source: str, opts: Options, budget: ReadBudget) -> list[Parsed]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TrainingLogError(f"{source}: has {len(infos)} members; the limit is {MAX_MEMBERS}")
    names = [info.filename for info in infos]
    unsafe = [name for name in names if _unsafe(name)]
    if unsafe:
        raise TrainingLogError(f"{source}: unsafe member name(s) (absolute, '..' or drive paths): {listing(unsafe)}")
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise TrainingLogError(f"{source}: member name(s) appear more than once: {listing(repeated)}")
    prefix = _strip_common_folder(names)
    apple = [info for info in infos if info.filename[len(prefix) :] == APPLE_EXPORT_MEMBER]
    if apple:
        return [_read_apple_member(archive, apple[0], len(infos), source, opts)]
    groups: dict[str, list[tuple[str, zipfile.ZipInfo]]] = {
        "index": [],
        "activity": [],
        "ignored": [],
        "unexpected": [],
    }
    for info in infos:
        name = info.filename[len(prefix) :]
        kind = _classify(name) if name else "ignored"
        if kind != "ignored" and stat.S_ISLNK(info.external_attr >> 16):
            kind = "unexpected"
        groups[kind].append((name, info))
    if groups["unexpected"]:
        shown = [name for name, _ in groups["unexpected"]]
        raise TrainingLogError(
            f"{source}: unexpected member(s) {listing(shown)}; calfkit reads activities.csv and "
            "activities/*.gpx|tcx|fit[.gz] and skips media/, routes/, clubs/ and top-level tables"
        )
    notes: list[str] = []
    ignored = [name for name, _ in groups["ignored"] if not name.endswith("/") and name]
    if ignored:
        notes.append(f"{source}: skipped {len(ignored)} member(s) that are not training data ({listing(ignored, 3)}).")
    if groups["index"]:
        name, info = groups["index"][0]
        where = f"{source}/{name}"
        parsed = parse_bytes(_member_bytes(archive, info, where, budget), name, where, INDEX, opts, budget)
        if groups["activity"]:
            notes.append(
                f"{source}: read {INDEX}; the {len(groups['activity'])} activity files were not "
                "decoded (activities.csv already summarises the same activities)."
            )
        parsed.notes.extend(notes)
        return [parsed]
    if not groups["activity"]:
        raise TrainingLogError(
            f"{source}: holds neither activities.csv nor activity files (.gpx, .tcx, .fit, optionally .gz)"
        )
    parts = []
    for number, (name, info) in enumerate(groups["activity"]):
        where = f"{source}/{name}"
        parts.append(parse_bytes(_member_bytes(archive, info, where, budget), name, where, name, opts, budget))
        opts.report(number + 1, len(groups["activity"]))
    parts[0].notes.extend(notes)
    return parts


def _read_apple_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, members: int, source: str, opts: Options
) -> Parsed:
    """Stream the export.xml of an Apple Health export.zip (its other members are not opened)."""
    where = f"{source}/{info.filename}"
    if info.flag_bits & 0x1:
        raise TrainingLogError(f"{where}: is encrypted; export it again without a password")
    try:
        with archive.open(info) as member:
            stream = CappedStream(
                member, where, info.compress_size, on_read=lambda done: opts.report(done, info.file_size)
            )
            parsed = parse_apple_stream(stream, where, None, opts)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error) as exc:
        raise TrainingLogError(f"{where}: damaged or unsupported zip member ({exc})") from None
    if members > 1:
        parsed.notes.append(
            f"{source}: Apple Health export; read {info.filename} only (its running workouts), "
            f"not the {members - 1} other member(s) (routes, ECGs, clinical records)."
        )
    return parsed


def read_folder(folder: Path, source: str, opts: Options, budget: ReadBudget) -> list[Parsed]:
    """Read the runs in a folder: an unzipped Strava export, or activity and CSV files.

    Parameters
    ----------
    folder : pathlib.Path
        The folder (only read).
    source : str
        Its name, for messages.
    opts : Options
        Validated arguments.
    budget : ReadBudget
        The call's running total of bytes.

    Returns
    -------
    list of Parsed
    """
    index = folder / INDEX
    if index.is_file():
        where = f"{source}/{INDEX}"
        parsed = parse_bytes(read_path(index, where, budget), INDEX, where, INDEX, opts, budget)
        activities = folder / "activities"
        if activities.is_dir():
            count = sum(1 for entry in activities.iterdir() if _ACTIVITY_NAME.fullmatch(entry.name))
            if count:
                parsed.notes.append(
                    f"{source}: read {INDEX}; the {count} activity files were not decoded "
                    "(activities.csv already summarises the same activities)."
                )
        return [parsed]
    chosen: list[str] = []
    skipped = 0
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            relative = Path(top, name).relative_to(folder).as_posix()
            stem = name[:-3] if name.lower().endswith(".gz") else name
            regular = Path(top, name).is_file()
            if regular and not name.startswith(".") and Path(stem).suffix.lower() in READABLE_SUFFIXES:
                chosen.append(relative)
            else:
                skipped += 1
            if len(chosen) + skipped > MAX_MEMBERS:
                raise TrainingLogError(
                    f"{source}: holds more than {MAX_MEMBERS} files; point calfkit at a smaller folder"
                )
    if not chosen:
        raise TrainingLogError(f"{source}: holds no .csv, .gpx, .tcx or .fit files (optionally .gz) to read")
    parts = []
    for number, relative in enumerate(chosen):
        where = f"{source}/{relative}"
        data = read_path(folder / relative, where, budget)
        parts.append(parse_bytes(data, PurePosixPath(relative).name, where, relative, opts, budget))
        opts.report(number + 1, len(chosen))
    if skipped:
        parts[0].notes.append(f"{source}: skipped {skipped} file(s) that are not .csv, .gpx, .tcx or .fit.")
    return parts
