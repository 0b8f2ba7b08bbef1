"""A minimal FIT message scanner: decodes only the messages asked for, steps over the rest.

A FIT file is a 12- or 14-byte header, a run of records and a CRC-16
(CRC-16/ARC, the one Garmin's FIT protocol defines) over header and records.
Each record starts with one header byte:

* ``0b01.0tttt`` a *definition* for local message type ``tttt``: global
  message number, byte order, and (number, size, base type) of every field,
  plus developer fields when bit 5 is set;
* ``0b00..tttt`` a *data* message laid out as the last definition of ``tttt``;
* ``0b1ttooooo`` a data message of local type ``tt`` with a compressed
  timestamp (5-bit offset from the last full timestamp).

Because every data message's size is known from its definition, the scanner
jumps over the thousands of ``record`` messages (one per second of an
activity) without decoding them, and decodes only the summary messages
(``file_id``, ``session``, ``lap``, ``activity``) unless records are asked
for; a run of messages not asked for that share one header byte is counted
with a strided slice (in C) and jumped over at once. Several FIT files chained in one file are scanned one after another.
Field values come back raw (before scale and offset); invalid values (all
bits set, or zero for the ``z`` types) are left out.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

__all__ = ["Scan", "scan", "is_fit", "FIT_SIGNATURE"]

FIT_SIGNATURE = b".FIT"
COMPRESSED_TIMESTAMP = 253
"""Field number of ``timestamp`` in every message that has one."""

# base type number (low 5 bits of the base-type byte) -> (struct code, size, invalid value or None for z types)
_BASE_TYPES: dict[int, tuple[str, int, int | float | None]] = {
    0: ("B", 1, 0xFF),  # enum
    1: ("b", 1, 0x7F),  # sint8
    2: ("B", 1, 0xFF),  # uint8
    3: ("h", 2, 0x7FFF),  # sint16
    4: ("H", 2, 0xFFFF),  # uint16
    5: ("i", 4, 0x7FFFFFFF),  # sint32
    6: ("I", 4, 0xFFFFFFFF),  # uint32
    8: ("f", 4, None),  # float32 (invalid: all bits set, checked on the bytes)
    9: ("d", 8, None),  # float64
    10: ("B", 1, 0),  # uint8z
    11: ("H", 2, 0),  # uint16z
    12: ("I", 4, 0),  # uint32z
    13: ("B", 1, 0xFF),  # byte
    14: ("q", 8, 0x7FFFFFFFFFFFFFFF),  # sint64
    15: ("Q", 8, 0xFFFFFFFFFFFFFFFF),  # uint64
    16: ("Q", 8, 0),  # uint64z
}


def is_fit(data: bytes) -> bool:
    """Whether ``data`` starts with a FIT file header."""
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == FIT_SIGNATURE


@dataclass
class _Definition:
    number: int
    size: int
    decoders: list[tuple[int, int, struct.Struct, int | float | None]] | None


@dataclass
class Scan:
    """What :func:`scan` found.

    Attributes
    ----------
    messages : dict of int to list of dict
        For each wanted global message number, its messages in file order,
        each a mapping field number -> raw value (valid values only).
    damage : str or None
        What is wrong with the file (checksum, cut short, undefined message),
        None for an intact file. Messages before the damage are kept.
    """

    messages: dict[int, list[dict[int, int | float]]] = field(default_factory=dict)
    damage: str | None = None


def _crc16_ok(chunk: bytes) -> bool:
    """Whether ``chunk`` (header, records and the 2 CRC bytes) checks out under CRC-16/ARC."""
    import anycrc

    return anycrc.Model("CRC16-ARC").calc(chunk) == 0


def _decoders(
    fields: list[tuple[int, int, int]], endian: str, wanted_fields: frozenset[int]
) -> list[tuple[int, int, struct.Struct, int | float | None]]:
    out = []
    offset = 0
    for number, size, base in fields:
        kind = _BASE_TYPES.get(base & 0x1F)
        if number in wanted_fields and kind is not None and kind[1] == size:
            out.append((number, offset, struct.Struct(endian + kind[0]), kind[2]))
        offset += size
    return out


def scan(data: bytes, wanted: dict[int, frozenset[int]]) -> Scan:
    """Decode the wanted fields of the wanted messages of a FIT file.

    Parameters
    ----------
    data : bytes
        The whole file.
    wanted : dict of int to frozenset of int
        Global message number -> field numbers to decode.

    Returns
    -------
    Scan
        Raises nothing on damaged input: the damage is described in
        ``Scan.damage`` and the messages read before it are returned.
    """
    found = Scan({number: [] for number in wanted})
    start = 0
    while start < len(data):
        if not is_fit(data[start : start + 12]):
            found.damage = f"{len(data) - start} unexpected bytes follow its FIT data"
            break
        header_size = data[start]
        data_size = struct.unpack_from("<I", data, start + 4)[0]
        end = start + header_size + data_size
        if end + 2 > len(data):
            found.damage = (
                f"it ends early (its header announces {end + 2 - start} bytes, {len(data) - start} are there)"
            )
        elif not _crc16_ok(data[start : end + 2]):
            found.damage = "its checksum does not match its content"
        damage = _scan_records(data, start + header_size, min(end, len(data)), wanted, found.messages)
        if damage is not None:
            found.damage = damage if found.damage is None else f"{found.damage}, and {damage}"
        if found.damage is not None:
            break
        start = end + 2
    return found


def _scan_records(
    data: bytes,
    position: int,
    stop: int,
    wanted: dict[int, frozenset[int]],
    messages: dict[int, list[dict[int, int | float]]],
) -> str | None:
    """Walk the records between ``position`` and ``stop``; return a damage description or None."""
    definitions: dict[int, _Definition] = {}
    last_time: int | None = None
    while position < stop:
        header = data[position]
        if header & 0x80:
            local = (header >> 5) & 0x03
            offset: int | None = header & 0x1F
        elif header & 0x40:
            if position + 6 > stop:
                return "it is cut off inside a message definition"
            local = header & 0x0F
            endian = ">" if data[position + 2] == 1 else "<"
            number = struct.unpack_from(endian + "H", data, position + 3)[0]
            count = data[position + 5]
            cursor = position + 6
            if cursor + 3 * count > stop:
                return "it is cut off inside a message definition"
            fields = [(data[cursor + 3 * i], data[cursor + 3 * i + 1], data[cursor + 3 * i + 2]) for i in range(count)]
            cursor += 3 * count
            size = sum(size for _, size, _ in fields)
            if header & 0x20:
                if cursor + 1 > stop:
                    return "it is cut off inside a message definition"
                developer = data[cursor]
                cursor += 1
                if cursor + 3 * developer > stop:
                    return "it is cut off inside a message definition"
                size += sum(data[cursor + 3 * i + 1] for i in range(developer))
                cursor += 3 * developer
            decoders = _decoders(fields, endian, wanted[number]) if number in wanted else None
            definitions[local] = _Definition(number, size, decoders)
            position = cursor
            continue
        else:
            local = header & 0x0F
            offset = None
        definition = definitions.get(local)
        if definition is None:
            return "a message refers to a message type that was never defined, as a crashed recording leaves it"
        body = position + 1
        if body + definition.size > stop:
            return "it is cut off inside its last message"
        if definition.decoders is None and offset is None:
            # A run of messages not asked for (the records, one a second): each next one starts with the
            # same header byte one message further on. Count them in C and jump past every whole one.
            step = definition.size + 1
            headers = data[position:stop:step]
            run = len(headers) - len(headers.lstrip(headers[:1]))
            if position + run * step > stop:
                run -= 1
            position += max(run, 1) * step
            continue
        if definition.decoders is not None:
            values: dict[int, int | float] = {}
            for number, at, codec, invalid in definition.decoders:
                raw = data[body + at : body + at + codec.size]
                if invalid is None and codec.format[-1] in "fd":
                    if raw == b"\xff" * codec.size:
                        continue
                value = codec.unpack(raw)[0]
                if invalid is not None and value == invalid:
                    continue
                values[number] = value
            if offset is not None and last_time is not None:
                values[COMPRESSED_TIMESTAMP] = last_time + ((offset - last_time) & 0x1F)
            if COMPRESSED_TIMESTAMP in values:
                last_time = int(values[COMPRESSED_TIMESTAMP])
            messages[definition.number].append(values)
        position = body + definition.size
    return None
