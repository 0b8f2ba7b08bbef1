"""Fast reading of large GPX and TCX files: the track points scanned as bytes, the rest parsed as a tree.

A GPX or TCX file recorded every second holds tens of thousands of elements
(a track point and its children); building an ElementTree of them with
defusedxml's parser costs about 0.1 s per MB. A run needs only a summary of
the points (positions, first and last times, largest distance), so
:func:`cut_bodies`:

1. finds every ``<trkseg>`` (GPX) or ``<Track>`` (TCX) whose body is a plain
   run of track points as devices and Strava write them: the known children
   in schema order, an extensions block of elements in namespaces the root
   declares (two levels deep, holding text); one regular expression checks a
   whole body and captures the coordinates, times and distances;
2. cuts such a body out only when it is well-formed by construction (all its
   markup matched; no control character, U+FFxx, invalid UTF-8, reference or
   ``]``), it cannot sit inside a comment, CDATA section or processing
   instruction, and no ancestor rebinds a prefix it uses; the element is
   replaced by an empty one marked ``calfkit-body="N"``;
3. parses what is left (tracks, laps, activities, names, types: small) with
   :func:`~calfkit.logs.safety.parse_xml` (no DTD, no entities), and gives the
   readers that tree and a summary of each cut body.

Any other body stays in the document and is read from the tree; a document
that is not UTF-8, has a prefixed root or already holds the marker is read
from its whole tree; when what is left does not parse, the whole file is
parsed to raise the very error (and position) it always raised. So the
results and messages are those of reading the whole tree; only the time
differs (tests/test_logs_xmlscan.py compares the two readings).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

from .safety import TrainingLogError, parse_xml

__all__ = ["BODY", "cut_bodies"]

BODY = "calfkit-body"
"""Attribute marking an element whose body was cut out (its value indexes the summaries)."""


_WS = rb"[ \t\r\n]"
_NAME = rb"[A-Za-z_][\w.-]*+"
_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:<\?.*?\?>|<!--.*?-->|[ \t\r\n]++)*+<(" + _NAME + rb")([^>]*)>", re.S)
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[ \t\r\n][^?]*\?>")
_ENCODING = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._-]+)["']""")
_UTF8 = (b"utf-8", b"utf8", b"us-ascii", b"ascii")
_NAMESPACES = re.compile(rb"xmlns(?::(" + _NAME + rb"))?[ \t\r\n]*=[ \t\r\n]*(?:\"([^\"<&]*)\"|'([^'<&]*)')")
_REFUSED_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), ord("&"), ord("]")])
"""Bodies holding one of these are not cut: bytes a document may not hold (XML 1.0 excludes these
control characters), a reference, or a ``]`` (which a CDATA end ``]]>`` needs)."""
_NEVER_IN_BODY = (b"\xef\xbf",)
"""Nor those holding U+FFFE or U+FFFF, which a document may not hold (nor any other U+FFxx, for speed)."""
_OPENERS = ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"))


def _root_prefixes(data: bytes) -> tuple[tuple[bytes, ...], int] | None:
    """The prefixes the root element binds to namespaces other than its own, and where its start tag ends.

    None (cut nothing) when
    the document is not UTF-8 (its markup cannot be searched as bytes) or its root is prefixed.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        return None
    declaration = _DECLARATION.match(data)
    encoding = _ENCODING.search(declaration.group()) if declaration else None
    if encoding is not None and encoding.group(1).lower().replace(b"_", b"-") not in _UTF8:
        return None
    root = _PROLOG.match(data)
    if root is None or b":" in root.group(1):
        return None
    bound = {prefix: double or single for prefix, double, single in _NAMESPACES.findall(root.group(2))}
    own = bound.pop(b"", None)
    prefixes = tuple(sorted(prefix for prefix, uri in bound.items() if uri != own and prefix.lower() != b"xmlns"))
    return prefixes, root.end()


def _extensions(name: bytes, prefixes: bytes) -> bytes:
    """An optional extensions block: elements of the root's other namespaces, two levels deep, holding text."""
    if not prefixes:
        return rb"(?:<" + name + rb">" + _WS + rb"*+</" + name + rb">" + _WS + rb"*+)?+"
    leaf = rb"<(?P<leaf>(?:" + prefixes + rb"):" + _NAME + rb")>[^<]*+</(?P=leaf)>" + _WS + rb"*+"
    return (
        rb"(?:<" + name + rb">" + _WS + rb"*+(?:<(?P<outer>(?:" + prefixes + rb"):" + _NAME + rb")>" + _WS + rb"*+"
        rb"(?:" + leaf + rb")*+</(?P=outer)>" + _WS + rb"*+)*+</" + name + rb">" + _WS + rb"*+)?+"
    )


def _gpx_point(first: bytes, second: bytes, prefixes: bytes) -> bytes:
    equals = _WS + rb"*+=" + _WS + rb"*+"
    return (
        rb"<trkpt"
        + _WS
        + rb"++"
        + first
        + equals
        + rb'"([^"<]*+)"'
        + _WS
        + rb"++"
        + second
        + equals
        + rb'"([^"<]*+)"'
        + _WS
        + rb"*+(?:/>|>"
        + _WS
        + rb"*+(?:<ele>[^<]*+</ele>"
        + _WS
        + rb"*+)?+"
        rb"(?:<time>([^<]*+)</time>" + _WS + rb"*+)?+" + _extensions(b"extensions", prefixes) + rb"</trkpt>)"
    )


def _tcx_point(prefixes: bytes) -> bytes:
    ws = _WS + rb"*+"
    leaf = lambda tag, group=False: (  # noqa: E731
        rb"(?:<" + tag + rb">" + (rb"([^<]*+)" if group else rb"[^<]*+") + rb"</" + tag + rb">" + ws + rb")?+"
    )
    heart_attribute = rb"(?:" + _WS + rb"++(?:" + prefixes + rb'):type="[^"<]*+")?+' if prefixes else b""
    return (
        rb"<Trackpoint>"
        + ws
        + leaf(b"Time", True)
        + rb"(?:<Position>"
        + ws
        + leaf(b"LatitudeDegrees")
        + leaf(b"LongitudeDegrees")
        + rb"</Position>"
        + ws
        + rb")?+"
        + leaf(b"AltitudeMeters")
        + leaf(b"DistanceMeters", True)
        + rb"(?:<HeartRateBpm"
        + heart_attribute
        + rb">"
        + ws
        + leaf(b"Value")
        + rb"</HeartRateBpm>"
        + ws
        + rb")?+"
        + leaf(b"Cadence")
        + leaf(b"SensorState")
        + _extensions(b"Extensions", prefixes)
        + rb"</Trackpoint>"
    )


@functools.lru_cache(maxsize=64)
def _layouts(kind: str, prefixes: tuple[bytes, ...]) -> list[re.Pattern]:
    """Point patterns (one per accepted layout) for a document whose root binds ``prefixes``."""
    alternatives = b"|".join(re.escape(prefix) for prefix in prefixes)
    if kind == "gpx":
        points = [_gpx_point(b"lat", b"lon", alternatives), _gpx_point(b"lon", b"lat", alternatives)]
    else:
        points = [_tcx_point(alternatives)]
    return [re.compile(point) for point in points]


def cut_bodies(
    data: bytes,
    where: str,
    kind: str,
    summarise: Callable[[int, list[list[bytes]]], object],
) -> tuple[Element, list[object]] | None:
    """Parse ``data`` without the point bodies of its ``<trkseg>`` (GPX) or ``<Track>`` (TCX) elements.

    Parameters
    ----------
    data : bytes
        The file's content.
    where : str
        Name for messages.
    kind : {'gpx', 'tcx'}
        The format.
    summarise : callable
        Called with the layout's index and the columns of the points' groups of
        one body (GPX: lat, lon, time, or lon, lat, time for layout 1; TCX:
        time, distance; an absent element gives ``b""``); its result is that
        body's summary.

    Returns
    -------
    (root, summaries) or None
        The tree of the rest of the document (each cut element empty, with
        attribute :data:`BODY` giving the index of its summary); None when
        no body could be cut (read the whole tree then).

    Raises
    ------
    TrainingLogError
        As :func:`calfkit.logs.safety.parse_xml` for the whole document, when
        the document is not well-formed or has a document type.
    """
    found = _root_prefixes(data)
    if found is None or BODY.encode() in data:
        return None
    prefixes, root_end = found
    element = b"trkseg" if kind == "gpx" else b"Track"
    never = () if kind == "gpx" else (b":Activity",)
    rebinding = re.compile(rb"xmlns:(?:" + b"|".join(re.escape(prefix) for prefix in prefixes) + rb")[ \t\r\n=]")
    groups = 3 if kind == "gpx" else 2
    layouts = _layouts(kind, prefixes)
    opening, closing = b"<" + element + b">", b"</" + element + b">"
    pieces: list[bytes] = []
    summaries: list[object] = []
    position = search = (
        0  # copied up to position (the end of the last cut: no markup open there); searched up to search
    )
    while (start := data.find(opening, search)) >= 0:
        body_start = start + len(opening)
        end = data.find(closing, body_start)
        if end < 0:
            break
        if _hidden(data, position, start) or (prefixes and rebinding.search(data, max(position, root_end), start)):
            break  # a body inside a comment, or whose prefixes an ancestor binds anew: read the rest from the tree
        cut = _cut(data[body_start:end], layouts, never + _NEVER_IN_BODY, groups)
        if cut is not None:
            pieces.append(data[position:start])
            pieces.append(b"<" + element + b" " + BODY.encode() + b'="%d"/>' % len(summaries))
            summaries.append(summarise(*cut))
            position = end + len(closing)
        search = max(position, body_start)
    pieces.append(data[position:])
    if not summaries:
        return None
    try:
        return parse_xml(b"".join(pieces), where), summaries
    except TrainingLogError:  # raise the error with its line and column in the whole file
        return parse_xml(data, where), []


def _hidden(data: bytes, begin: int, at: int) -> bool:
    """Whether ``at`` may sit inside a comment, CDATA section or processing instruction opened after ``begin``.

    Markup before ``begin`` is known to be closed (a cut body holds none).
    """
    for opener, closer in _OPENERS:
        opened = data.rfind(opener, begin, at)
        if opened >= 0 and data.find(closer, opened + len(opener), at) < 0:
            return True
    return False


def _cut(
    body: bytes, layouts: list[re.Pattern], never: tuple[bytes, ...], groups: int
) -> tuple[int, list[list[bytes]]] | None:
    """(layout, columns of groups) of a body that is a run of track points in a known layout, else None.

    The body must then be well-formed XML content: its markup is fully matched
    by the layout's pattern, and its text holds no character a document may not
    hold (control characters, U+FFFE/U+FFFF, invalid UTF-8), no reference, and
    nothing that would end a comment, CDATA section or processing instruction
    it might sit in.
    """
    if any(text in body for text in never) or len(body.translate(None, _REFUSED_BYTES)) != len(body):
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for number, point in enumerate(layouts):
        parts = point.split(body)
        stride = point.groups + 1
        if len(parts) > 1 and not b"".join(parts[::stride]).strip(b" \t\r\n"):
            columns = [parts[group::stride] for group in range(1, groups + 1)]
            return number, [[value or b"" for value in column] for column in columns]
    return None
