"""The stream names inside an OLE2 compound file (old .xls, or a password-protected workbook).

Excel saves a password-protected workbook as an OLE2 compound file holding the streams
``EncryptionInfo`` and ``EncryptedPackage``; an Excel 97–2003 workbook is an OLE2 file
holding a ``Workbook`` (or ``Book``) stream. Only the directory is read, with every loop
bounded by the file size, so a damaged or hostile file cannot hang the reader.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LAST_SECTOR = 0xFFFFFFFA  # ids at or above this are markers (free, end of chain ...)
_HEADER_FAT_SLOTS = 109


class NotOle(ValueError):
    """The compound-file structure is damaged."""


def stream_names(handle: BinaryIO, size: int) -> list[str]:
    """Every directory entry name of the compound file open in ``handle`` (``size`` bytes)."""
    header = _read(handle, 0, 512)
    if header[:8] != OLE_MAGIC:
        raise NotOle("no OLE2 signature")
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):
        raise NotOle("bad sector size")
    sector = 1 << shift
    max_sectors = size // sector + 1
    fat = _fat_sectors(handle, header, sector, max_sectors)
    names: list[str] = []
    current = struct.unpack_from("<I", header, 48)[0]
    for _ in range(max_sectors):
        if current >= _LAST_SECTOR:
            return names
        block = _read(handle, (current + 1) * sector, sector)
        for start in range(0, sector, 128):
            length = struct.unpack_from("<H", block, start + 64)[0]
            if 2 <= length <= 64:
                names.append(block[start : start + length - 2].decode("utf-16-le", "replace"))
        current = _next_sector(handle, fat, current, sector)
    raise NotOle("directory chain does not end")


def _fat_sectors(handle: BinaryIO, header: bytes, sector: int, max_sectors: int) -> list[int]:
    slots = struct.unpack_from(f"<{_HEADER_FAT_SLOTS}I", header, 76)
    fat = [s for s in slots if s < _LAST_SECTOR]
    difat = struct.unpack_from("<I", header, 68)[0]
    per_block = sector // 4 - 1
    for _ in range(max_sectors):
        if difat >= _LAST_SECTOR:
            break
        block = _read(handle, (difat + 1) * sector, sector)
        entries = struct.unpack_from(f"<{per_block + 1}I", block)
        fat.extend(s for s in entries[:per_block] if s < _LAST_SECTOR)
        difat = entries[per_block]
    return fat


def _next_sector(handle: BinaryIO, fat: list[int], current: int, sector: int) -> int:
    per_sector = sector // 4
    index, slot = divmod(current, per_sector)
    if index >= len(fat):
        raise NotOle("sector outside the allocation table")
    block = _read(handle, (fat[index] + 1) * sector + slot * 4, 4)
    return int(struct.unpack("<I", block)[0])


def _read(handle: BinaryIO, offset: int, length: int) -> bytes:
    handle.seek(offset)
    data = handle.read(length)
    if len(data) != length:
        raise NotOle("file is cut short")
    return data
