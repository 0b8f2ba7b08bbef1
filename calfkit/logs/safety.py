"""Reading untrusted input safely: size caps, guarded decompression, safe XML.

Every byte calfkit reads from a runner's file passes through this module.
Files are opened read-only and read into memory; nothing is extracted,
written, moved or modified. The caps below turn a huge file, a
decompression bomb or a hostile XML document into a :class:`TrainingLogError`
(a :class:`ValueError`) that names the file, instead of a hang or an
exhausted machine.

Limits
------
``MAX_FILE_BYTES``
    200 MiB: one file on disk, one buffer, or one decompressed member.
``MAX_ARCHIVE_BYTES``
    4 GiB: a zip archive on disk (a Strava export with photos is large, but
    only its small activity members are ever decompressed).
``MAX_TOTAL_BYTES``
    1 GiB: everything decompressed or read by one call.
``MAX_RATIO`` / ``RATIO_GRACE``
    200x / 1 MiB: once more than ``RATIO_GRACE`` bytes have come out of a
    compressed stream, output larger than ``MAX_RATIO`` times the
    compressed size is treated as a decompression bomb (real GPX, TCX, FIT
    and CSV files compress 3-30x).
``MAX_MEMBERS``
    100,000: files in a folder or members in a zip archive.
``MAX_STREAM_BYTES``
    16 GiB: an Apple Health ``export.xml``, which is parsed as a stream (never
    held in memory whole), also with the ``MAX_RATIO`` check inside a zip.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring

__all__ = [
    "TrainingLogError",
    "ReadBudget",
    "MAX_FILE_BYTES",
    "MAX_ARCHIVE_BYTES",
    "MAX_TOTAL_BYTES",
    "MAX_RATIO",
    "RATIO_GRACE",
    "MAX_MEMBERS",
    "MAX_STREAM_BYTES",
    "CappedStream",
    "read_path",
    "read_buffer",
    "read_stream",
    "gunzip",
    "parse_xml",
    "listing",
    "mib",
]

MAX_FILE_BYTES = 200 * 2**20
MAX_ARCHIVE_BYTES = 4 * 2**30
MAX_TOTAL_BYTES = 2**30
MAX_RATIO = 200
RATIO_GRACE = 2**20
MAX_MEMBERS = 100_000
MAX_STREAM_BYTES = 16 * 2**30
_CHUNK = 2**20

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


class TrainingLogError(ValueError):
    """A training-log file cannot be read; the message names the file and what is wrong."""


def mib(size: int) -> str:
    """``size`` bytes as a short MiB string for messages."""
    return f"{size / 2**20:.1f} MiB"


def listing(items: list[str], limit: int = 5) -> str:
    """Join the first ``limit`` items with commas and say how many more there are."""
    shown = ", ".join(items[:limit])
    extra = len(items) - limit
    return f"{shown} and {extra} more" if extra > 0 else shown


class ReadBudget:
    """Running total of bytes read or decompressed by one call, capped at ``MAX_TOTAL_BYTES``.

    Parameters
    ----------
    source : str
        Name of the file or folder being read, used in the error message.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.used = 0

    def take(self, size: int, where: str) -> None:
        """Count ``size`` more bytes read from ``where``.

        Raises
        ------
        TrainingLogError
            If the call's total would exceed ``MAX_TOTAL_BYTES``.
        """
        self.used += size
        if self.used > MAX_TOTAL_BYTES:
            raise TrainingLogError(
                f"{where}: reading {self.source} would need more than {mib(MAX_TOTAL_BYTES)} "
                "of (decompressed) data; that is far more than a training log holds"
            )


def _too_big(where: str, size: int | None, what: str = "file") -> TrainingLogError:
    said = f" ({mib(size)})" if size is not None else ""
    return TrainingLogError(f"{where}: the {what} is too large{said}; the limit is {mib(MAX_FILE_BYTES)}")


def read_path(path, where: str, budget: ReadBudget) -> bytes:
    """Read a whole file (opened read-only) after checking its size.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    where : str
        Name used in error messages.
    budget : ReadBudget
        The call's running total.

    Returns
    -------
    bytes
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_big(where, size)
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(where, None)
    budget.take(len(data), where)
    return data


def read_buffer(buffer, where: str, budget: ReadBudget) -> bytes:
    """Read an open file object (binary or text) without closing it.

    Text (``str``) is encoded as UTF-8, so a text buffer is read like a
    UTF-8 file.

    Returns
    -------
    bytes
    """
    try:
        data = buffer.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise TrainingLogError(f"{where}: could not be read ({exc})") from None
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    elif not isinstance(data, (bytes, bytearray, memoryview)):
        raise TrainingLogError(f"{where}: read() returned {type(data).__name__}, expected bytes or str")
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(where, None)
    budget.take(len(data), where)
    return data


def read_stream(stream: BinaryIO, compressed_size: int, where: str, budget: ReadBudget) -> bytes:
    """Read a decompressing stream (zip member or gzip) with size and ratio caps.

    Parameters
    ----------
    stream : binary file object
        Yields decompressed bytes.
    compressed_size : int
        Size of the compressed input (bytes), for the ratio check.
    where : str
        Name used in error messages.
    budget : ReadBudget
        The call's running total.

    Returns
    -------
    bytes
        The decompressed content.

    Raises
    ------
    TrainingLogError
        If the output exceeds ``MAX_FILE_BYTES`` or ``MAX_RATIO`` times the
        compressed size (a decompression bomb), or the stream is damaged.
    """
    parts: list[bytes] = []
    total = 0
    limit_by_ratio = MAX_RATIO * max(compressed_size, 1)
    try:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _too_big(where, None, "decompressed content")
            if total > RATIO_GRACE and total > limit_by_ratio:
                raise TrainingLogError(
                    f"{where}: decompresses to more than {MAX_RATIO} times its compressed size "
                    f"({mib(total)} from {mib(compressed_size)} so far); refusing a likely "
                    "decompression bomb"
                )
            budget.take(len(chunk), where)
            parts.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise TrainingLogError(f"{where}: damaged compressed data ({exc})") from None
    return b"".join(parts)


class CappedStream:
    """A read-only view of a (decompressing) stream that refuses too much output and reports progress.

    Parameters
    ----------
    stream : binary file object
        The source, read in chunks.
    where : str
        Name used in error messages.
    compressed_size : int or None
        Size of the compressed input (bytes) for the ratio check; None for an uncompressed file.
    on_read : callable, optional
        Called with the number of bytes read so far, after every read.
    """

    def __init__(self, stream: BinaryIO, where: str, compressed_size: int | None = None, on_read=None) -> None:
        self.stream, self.where, self.compressed_size, self.on_read = stream, where, compressed_size, on_read
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        """Read up to ``size`` bytes (at most 1 MiB at a time)."""
        try:
            chunk = self.stream.read(_CHUNK if size is None or size < 0 or size > _CHUNK else size)
        except (OSError, EOFError, zlib.error) as exc:
            raise TrainingLogError(f"{self.where}: damaged compressed data ({exc})") from None
        self.done += len(chunk)
        if self.done > MAX_STREAM_BYTES:
            raise TrainingLogError(f"{self.where}: holds more than {mib(MAX_STREAM_BYTES)}; refusing to read on")
        if (
            self.compressed_size is not None
            and self.done > RATIO_GRACE
            and self.done > MAX_RATIO * max(self.compressed_size, 1)
        ):
            raise TrainingLogError(
                f"{self.where}: decompresses to more than {MAX_RATIO} times its compressed size; refusing a "
                "likely decompression bomb"
            )
        if self.on_read is not None:
            self.on_read(self.done)
        return chunk


def gunzip(data: bytes, where: str, budget: ReadBudget) -> bytes:
    """Decompress gzip ``data`` in memory with :func:`read_stream`'s caps."""
    if not data.startswith(GZIP_MAGIC):
        raise TrainingLogError(f"{where}: is not gzip-compressed (no gzip signature)")
    with gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") as stream:
        return read_stream(stream, len(data), where, budget)


def parse_xml(data: bytes, where: str) -> Element:
    """Parse XML with every entity and DTD feature forbidden.

    A document type declaration (which is how billion-laughs and
    external-entity attacks start), an entity declaration or an external
    reference raises at once, before anything is expanded or fetched.

    Returns
    -------
    xml.etree.ElementTree.Element
        The document's root element.
    """
    try:
        return _defused_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise TrainingLogError(
            f"{where}: XML with a document type, entity or external reference "
            f"({type(exc).__name__}); GPX and TCX files need none, so it is refused"
        ) from None
    except (ParseError, ValueError, LookupError) as exc:  # LookupError: unknown declared encoding
        raise TrainingLogError(f"{where}: is not well-formed XML ({exc})") from None
