"""Reading a pathway definition file: its TOML, and where in it each setting is written.

Problems are reported with the file and line, all at once (as rule files are, see
``eligibility.loading``). ``Lines`` finds a setting's line from the file's text: the
``[[tiers]]`` block it is in (by position) and the ``key =`` line inside it, else the
block's header. A file too large to be a pathway, or nested too deep for the parser, is
refused before it is read in full.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow.pathway.errors import PathwayInvalid, Problem

MAX_FILE_BYTES = 256 * 1024  # the shipped definition is about 6 KB
HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
NEXT_KEY = re.compile(r"^\s*[\"']?[A-Za-z0-9_-]+[\"']?\s*=")
TOML_PLACE = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


class Lines:
    """Where a file's tables and settings are: ``line("tiers", 2, "weight")`` is the line of
    ``weight =`` in the third ``[[tiers]]`` block (``None`` when it is not written there)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._blocks: dict[tuple[str, int | None], tuple[int, int]] = {}
        headers: list[tuple[str, int | None, int]] = []  # (table, index, line number)
        counts: dict[str, int] = {}
        for number, line in enumerate(self.lines, start=1):
            match = HEADER.match(line)
            if match and not line.lstrip().startswith("#"):
                name = match[2].strip().strip("\"'")
                index = None
                if match[1] == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                headers.append((name, index, number))
        ends = [number for _, _, number in headers[1:]] + [len(self.lines) + 1]
        first = headers[0][2] if headers else len(self.lines) + 1
        self._blocks[("", None)] = (0, first)
        for (name, index, number), end in zip(headers, ends, strict=True):
            self._blocks.setdefault((name, index), (number, end))

    def line(
        self,
        table: str = "",
        index: int | None = None,
        key: str | None = None,
        value: str | None = None,
    ) -> int | None:
        """The line of ``key`` in the block (of ``"value"`` in it, when a list spreads over
        several lines), else the block's header line (None at the top)."""
        block = self._blocks.get((table, index))
        if block is None:
            return self._top_key(table) if key is None else self._top_key(key)
        start, end = block
        if key is not None:
            pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
            for number in range(max(start, 1), end):
                if pattern.match(self.lines[number - 1]):
                    return self._value(number, end, value)
        return start or None

    def _value(self, number: int, end: int, value: str | None) -> int:
        """The first line from ``number`` that holds ``"value"`` (``number`` if none does)."""
        if value is not None:
            for later in range(number, end):
                line = self.lines[later - 1]
                if later > number and NEXT_KEY.match(line):
                    break  # the list ended before it
                if f'"{value}"' in line or f"'{value}'" in line:
                    return later
        return number

    def _top_key(self, key: str) -> int | None:
        """The line of ``key = ...`` outside any table (``tiers = [...]``, written inline)."""
        start, end = self._blocks[("", None)]
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(1, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return None


def read_definition(path: Path) -> tuple[dict[str, Any], str]:
    """The file's content and text.

    Raises:
        PathwayInvalid: it cannot be read, is too large, or is not valid TOML (with the line).
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"is {size:,} bytes: a pathway definition is at most 256 KB"
            raise PathwayInvalid([Problem(path.name, message)])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise PathwayInvalid([Problem(path.name, f"cannot be read: {reason}")]) from None
    return parse_definition(text, path.name), text


def parse_definition(text: str, name: str) -> dict[str, Any]:
    """The TOML content of ``text`` (the file called ``name``)."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise PathwayInvalid([Problem(name, "nests lists or tables too deep to be read")]) from None
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        message = getattr(error, "msg", str(error))
        place = TOML_PLACE.search(message)  # Python before 3.14 puts the line in the text
        if line is None and place:
            line = int(place["line"])
            message = f"{message[: place.start()]} (column {place['column']})"
        raise PathwayInvalid([Problem(name, f"is not valid TOML: {message}", line)]) from None


@dataclass(frozen=True, slots=True)
class At:
    """A place in the file: how a message names it ("tier ‘bronze’") and its block."""

    where: str
    table: str = ""
    index: int | None = None


TOP = At("the file")


class Found:
    """The problems found in one file, each with the line it is on where that is known."""

    def __init__(self, name: str, lines: Lines | None = None) -> None:
        self.name = name
        self.lines = lines
        self.problems: list[Problem] = []

    def add(
        self, message: str, at: At = TOP, key: str | None = None, value: str | None = None
    ) -> None:
        """A problem at ``key`` of the block ``at`` (at its item ``value``, for a list)."""
        line = None
        if self.lines is not None and len(self.problems) < PathwayInvalid.SHOWN:
            line = self.lines.line(at.table, at.index, key, value)
        self.problems.append(Problem(self.name, message, line))

    def unknown_keys(self, spec: dict[str, Any], known: set[str], at: At = TOP) -> None:
        for key in sorted(set(spec) - known):
            self.add(f"{at.where} has an unknown setting ‘{key}’", at, key)
