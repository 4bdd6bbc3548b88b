"""Streaming checks of a worksheet's XML, in bounded chunks, before any cell is parsed.

One pass over the sheet part finds a formula (named by its cell), the sheet's real extent
(the lowest row and the widest column its rows and cells name, see
:mod:`imports.reading.extent`), merged ranges near the top, and any cell text longer than
Excel's 32,767-character limit. One pass over the shared strings finds any string over that
limit. Reading through Python's zipfile also proves each part expands to exactly the size its
zip directory declares (a lying zip bomb fails its checksum), which matters because the cell
parser does not check. Only searches that run in C touch the whole stream, so a 66 MB sheet
part takes about 0.75 s.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from imports.reading.errors import FileRefused
from imports.reading.extent import Extent, FastExtent, check_extent, exact_extent
from imports.reading.limits import EXCEL_CELL_CHARS, HEADER_SEARCH_ROWS
from imports.reading.package import ZIP_ERRORS, SheetPart, unreadable

CHUNK = 1 << 20
_KEEP = 1024  # bytes of the previous chunk searched again, for tags cut in two
_BLOCK = (EXCEL_CELL_CHARS + 1) // 2  # any run of 32,768 bytes without "<" spans a block
_HUGE_ITEM = 4 * CHUNK  # a shared string this big in XML is over the limit whatever it holds
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d+)\"")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_PREFIXED_ROOT = re.compile(rb"<(\w+):worksheet[\s>]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.DOTALL)


@dataclass(frozen=True)
class SheetScan:
    """What the streaming pass found.

    Attributes:
        merges: merged ranges starting in the first rows, as (``A1:C1``, top row).
        extent: the rows and columns the cell parser will hold.
        error_cells: whether any cell holds an Excel error value (``#N/A`` …).
    """

    merges: tuple[tuple[str, int], ...]
    extent: Extent
    error_cells: bool


def scan_sheet(
    archive: zipfile.ZipFile, sheet: SheetPart, name: str, long_strings: frozenset[int]
) -> SheetScan:
    """Stream ``sheet``'s XML once; refuses formulas, oversized cells and a sheet whose real
    extent passes the limits (Excel's last row, too wide, too many cells, mostly empty)."""
    part_bytes = archive.getinfo(sheet.part).file_size

    def check(extent: Extent) -> None:
        check_extent(extent, name, sheet.name, part_bytes)

    scanner = _Scanner(name, sheet.name, long_strings, check)
    try:
        for window in _windows(archive, sheet.part):
            scanner.feed(window)
        extent = scanner.extent()
        if extent is None:  # a row or cell of an unusual shape: count them one by one
            extent = exact_extent(archive, sheet.part, check)
        if not scanner.finish():  # the part ends with more than a chunk after its rows
            for window in _windows(archive, sheet.part):
                scanner.feed_tail(window)
    except ZIP_ERRORS as exc:
        raise unreadable(name) from exc
    merges = tuple(sorted(scanner.merges, key=lambda m: m[1]))
    return SheetScan(merges, extent, scanner.error_cells)


def verify_parts(archive: zipfile.ZipFile, parts: list[str], name: str) -> None:
    """Expand each part to prove its declared size and checksum, keeping nothing."""
    try:
        for part in parts:
            for _ in _windows(archive, part):
                pass
    except ZIP_ERRORS as exc:
        raise unreadable(name) from exc


def long_shared_strings(archive: zipfile.ZipFile, part: str | None, name: str) -> frozenset[int]:
    """Indexes of the shared strings longer than Excel's cell limit (usually none)."""
    if part is None:
        return frozenset()
    found: set[int] = set()
    seen, carry = 0, b""
    try:
        with archive.open(part) as handle:
            while chunk := handle.read(CHUNK):
                window = carry + chunk
                cut = window.rfind(b"<si")
                done, carry = (window[:cut], window[cut:]) if cut > 0 else (b"", window)
                seen = _count_items(done, seen, found)
                if len(carry) > _HUGE_ITEM:  # one item bigger than any real cell: note it
                    found.add(seen)
                    carry = carry[:3] + carry[-_KEEP:]
            _count_items(carry, seen, found)
    except ZIP_ERRORS as exc:
        raise unreadable(name) from exc
    return frozenset(found)


def cell_too_large(name: str, sheet: str | None, where: str) -> FileRefused:
    """The refusal for a cell longer than Excel's own limit; ``where`` is e.g. ``cell D12``."""
    in_sheet = f"the sheet ‘{sheet}’ of {name}" if sheet else name
    return FileRefused(
        f"{where[0].upper()}{where[1:]} of {in_sheet} holds more than {EXCEL_CELL_CHARS:,} "
        "characters, more than Excel itself allows in a cell. Shorten it or clear it, then "
        "send the file again.",
        code="cell_too_large",
    )


class _Scanner:
    """The state of one streaming pass; ``feed`` every window, then ``finish``."""

    def __init__(
        self,
        name: str,
        sheet: str,
        long_strings: frozenset[int],
        check: Callable[[Extent], None],
    ) -> None:
        self.name, self.sheet = name, sheet
        self.long_markers = tuple(b"<v>%d</v>" % i for i in sorted(long_strings))
        self.check = check
        self.fast: FastExtent | None = None
        self.merges: set[tuple[str, int]] = set()
        self.error_cells = False
        self.prefix: bytes | None = None
        self.recent: list[bytes] = []
        self.past_rows = False

    def feed(self, window: bytes) -> None:
        if self.prefix is None:
            # Excel writes <f>; some tools prefix the main namespace (<x:f>): find which.
            found = _PREFIXED_ROOT.search(window, 0, 4096)
            self.prefix = found.group(1) + b":" if found else b""
            self.fast = FastExtent(self.prefix)
        assert self.fast is not None
        self._check_formulas(window)
        self.fast.feed(window)
        if not self.fast.odd:
            self.check(self.fast.extent)
        self._check_long_cells(window)
        if not self.error_cells and window.find(b't="e"') >= 0:
            self.error_cells = True
        self.recent = [*self.recent[-1:], window]

    def extent(self) -> Extent | None:
        """The sheet's extent once every window is in; None if it needs the exact count."""
        if self.fast is None:
            return Extent()
        self.fast.finish()
        if self.fast.odd:
            return None
        self.check(self.fast.extent)
        return self.fast.extent

    def finish(self) -> bool:
        """Read the merged ranges from the end; False if they are out of reach."""
        tail = self.recent[0] if self.recent else b""
        if len(self.recent) == 2:  # the second window repeats the end of the first
            tail += self.recent[1][min(_KEEP, len(tail)) :]
        end = _sheet_data_end(tail, self.prefix or b"")
        if end < 0 and len(self.recent) > 1:
            return False
        self._note_merges(tail if end < 0 else tail[end:])
        return True

    def feed_tail(self, window: bytes) -> None:
        """Second pass, for a part with a long tail: only what follows the rows matters."""
        if not self.past_rows:
            end = _sheet_data_end(window, self.prefix or b"")
            if end < 0:
                return
            self.past_rows, window = True, window[end:]
        self._note_merges(window)

    def _check_formulas(self, body: bytes) -> None:
        needle = b"</" + (self.prefix or b"") + b"f>"
        at = body.find(needle)
        if at >= 0:
            raise FileRefused(
                f"The sheet ‘{self.sheet}’ of {self.name} has formulas (the first is in "
                f"{_cell_before(body, at)}). Formulas can change or break when the file "
                "moves: select the sheet, copy it and use Paste Special › Values, then send "
                "it again.",
                code="formulas",
            )

    def _check_long_cells(self, body: bytes) -> None:
        for start in range(0, len(body), _BLOCK):
            if body.find(b"<", start, start + _BLOCK) < 0:
                text_end = body.find(b"<", start)
                if _run_before(body, text_end) > EXCEL_CELL_CHARS:
                    raise cell_too_large(self.name, self.sheet, _cell_before(body, start))
        for marker in self.long_markers:
            at = body.find(marker)
            while at >= 0:
                tag = _cell_tag_before(body, at)
                if tag is not None and b't="s"' in tag:
                    raise cell_too_large(self.name, self.sheet, _cell_ref(tag))
                at = body.find(marker, at + 1)

    def _note_merges(self, window: bytes) -> None:
        for found in _MERGE.finditer(window):
            top = int(found.group(2))
            if top <= HEADER_SEARCH_ROWS:
                self.merges.add((found.group(0).split(b'"')[1].decode("ascii"), top))


def _windows(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's bytes in chunks, each with the tail of the previous chunk in front."""
    previous = b""
    with archive.open(part) as handle:
        while chunk := handle.read(CHUNK):
            window = previous + chunk
            yield window
            previous = window[-_KEEP:]


def _count_items(done: bytes, seen: int, found: set[int]) -> int:
    """Note the over-long strings among whole ``<si>`` items; returns the items counted."""
    if not done:
        return seen
    pieces = done.split(b"<si")
    if max(map(len, pieces)) > EXCEL_CELL_CHARS:
        for offset, piece in enumerate(pieces[1:]):
            if len(piece) > EXCEL_CELL_CHARS and _text_length(piece) > EXCEL_CELL_CHARS:
                found.add(seen + offset)
    return seen + len(pieces) - 1


def _text_length(item: bytes) -> int:
    if len(item) > _HUGE_ITEM:
        return len(item)
    text = b"".join(_TEXT.findall(item)).decode("utf-8", "replace")
    return len(html.unescape(text))


def _run_before(body: bytes, end: int) -> int:
    """Characters of the text ending at ``end`` (-1: the end of ``body``) since its tag."""
    stop = len(body) if end < 0 else end
    start = body.rfind(b">", 0, stop) + 1
    return len(html.unescape(body[start:stop].decode("utf-8", "replace")))


def _sheet_data_end(window: bytes, prefix: bytes) -> int:
    """The index just after ``</sheetData>`` in ``window``, or -1."""
    needle = b"</" + prefix + b"sheetData>"
    at = window.rfind(needle)
    return at + len(needle) if at >= 0 else -1


def _cell_tag_before(body: bytes, at: int) -> bytes | None:
    start = max(body.rfind(b"<c ", 0, at), body.rfind(b":c ", 0, at))
    if start < 0:
        return None
    found = _CELL_TAG.match(body, body.rfind(b"<", 0, start + 1))
    return found.group(0) if found else None


def _cell_before(body: bytes, at: int) -> str:
    tag = _cell_tag_before(body, at)
    return "a cell" if tag is None else _cell_ref(tag)


def _cell_ref(tag: bytes) -> str:
    """``cell D12`` from a ``<c r="D12" …>`` tag."""
    found = _CELL_REF.search(tag)
    if found is None:
        return "a cell"
    return "cell " + (found.group(1) + found.group(2)).decode("ascii")
