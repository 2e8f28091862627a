"""Blocked gzip: one gzip member per block, each named in its own header, read one at a time.

The bundled tables (the gazetteer's cities, the public holidays) are keyed by
country, and a plan uses a handful of countries. So each file is one gzip
member per country, and each member's header (RFC 1952, ``FLG.FEXTRA``) carries
one subfield, id ``TC``, 6 bytes long: the block's 2-letter code (``##`` for
the header block) and the member's total size in bytes (32-bit little
endian). A reader walks these headers, a few bytes per member, and inflates
only the blocks it is asked for — the idea of BGZF, the blocked gzip of
genomics files. ``zcat`` still reads the whole file as one text.

The writer (``gzip_member``) is used by the build scripts; no member stores a
time or file name and the OS byte is 255, so the bytes depend only on the
content and zlib's deflate, and a rebuild can be compared byte for byte.
"""

from __future__ import annotations

import struct
import zlib

SUBFIELD_ID = b"TC"
"""The gzip extra-field id under which each member names its block and gives its size."""

HEADER_CODE = "##"
"""The block code of the first member, which holds the format line and the provenance."""


def split_members(raw: bytes, name: str) -> dict[str, bytes]:
    """A blocked file's members by block code, still compressed; RuntimeError if damaged."""
    members: dict[str, bytes] = {}
    offset = 0
    while offset < len(raw):
        code, size = _member_header(raw, offset, name)
        members[code] = raw[offset : offset + size]
        offset += size
    return members


def inflate(member: bytes) -> str:
    """One member's text."""
    return zlib.decompress(member, wbits=zlib.MAX_WBITS | 16).decode("utf-8")


def header_text(members: dict[str, bytes], name: str, format_line: str) -> str:
    """The header block's text, after checking that it starts with ``format_line``."""
    header = members.get(HEADER_CODE)
    text = inflate(header) if header is not None else ""
    if not text.startswith(format_line + "\n"):
        raise RuntimeError(f"{name} is not a {format_line!r} file; rebuild it")
    return text


def _member_header(raw: bytes, offset: int, name: str) -> tuple[str, int]:
    # gzip header (RFC 1952) with FEXTRA: 10 fixed bytes, XLEN, then our one
    # subfield: SUBFIELD_ID, its length (6), the 2-letter code, the member size.
    fixed = raw[offset : offset + 4]
    subfield = raw[offset + 12 : offset + 16]
    if fixed != b"\x1f\x8b\x08\x04" or subfield != SUBFIELD_ID + b"\x06\x00":
        raise RuntimeError(f"{name} is damaged at byte {offset}; rebuild it")
    code = raw[offset + 16 : offset + 18].decode("ascii")
    size = int.from_bytes(raw[offset + 18 : offset + 22], "little")
    if size <= 22 or offset + size > len(raw):
        raise RuntimeError(f"{name} is damaged at byte {offset}; rebuild it")
    return code, size


def gzip_member(code: str, data: bytes) -> bytes:
    """One gzip member whose header says which block it is and how long it is (build scripts).

    The bytes depend only on ``code``, ``data`` and zlib's deflate: unlike
    ``gzip.compress``, no time, file name or operating-system byte that varies
    between machines.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    body = compressor.compress(data) + compressor.flush()
    subfield_data = code.encode("ascii")
    extra_length = 4 + len(subfield_data) + 4  # subfield id + length, code, member size
    size = 10 + 2 + extra_length + len(body) + 8
    header = (
        b"\x1f\x8b\x08\x04"  # gzip, deflate, FEXTRA
        + b"\x00\x00\x00\x00\x02\xff"  # no time, best compression, unknown OS
        + struct.pack("<H", extra_length)
        + SUBFIELD_ID
        + struct.pack("<H", len(subfield_data) + 4)
        + subfield_data
        + struct.pack("<I", size)
    )
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    member = header + body + trailer
    assert len(member) == size
    return member
