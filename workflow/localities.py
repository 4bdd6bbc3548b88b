"""Which locality a household is in, from its postcode district, by the council's map.

Households arrive with postcodes, keyworkers with localities. The council says which
postcode districts (the outward code, ``QX3``) or sectors (``QX3 7``) make up each
locality in a CSV file, ``DATA_DIR/localities.csv`` (``TFE_LOCALITIES_FILE``)::

    postcode area,locality
    QX1,Northbrook
    QX3 7,Riverside

A sector wins over its district. Without the file no household has a locality, and
allocation simply gives no points for one. The file is checked on load: a row without
both columns, an area that is not a postcode district or sector, or one given twice is
refused, naming the row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from workflow.errors import WorkflowError

AREA = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?( [0-9])?$")
MAX_BYTES = 1_000_000


class LocalitiesInvalid(WorkflowError):
    code = "localities_invalid"


@dataclass(frozen=True)
class LocalityMap:
    areas: dict[str, str] = field(default_factory=dict)
    source: str = "none"

    def of(self, postcode: str | None) -> str | None:
        if not postcode or not self.areas:
            return None
        code = " ".join(str(postcode).upper().split())
        if " " not in code and len(code) > 4:  # "QX37LB": the inward code is always 3
            code = f"{code[:-3]} {code[-3:]}"
        outward, _, inward = code.partition(" ")
        if inward:
            found = self.areas.get(f"{outward} {inward[0]}")
            if found is not None:
                return found
        return self.areas.get(outward)


def load_localities(path: Path) -> LocalityMap:
    if not path.is_file():
        return LocalityMap()
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise LocalitiesInvalid(f"{path.name} is over 1 MB: it should be a short list of areas.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LocalitiesInvalid(f"{path.name} is not UTF-8 text: save it as CSV UTF-8.") from None
    areas: dict[str, str] = {}
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None or [h.strip().casefold() for h in header[:2]] != [
        "postcode area",
        "locality",
    ]:
        raise LocalitiesInvalid(
            f"{path.name} row 1 should be the headings ‘postcode area,locality’."
        )
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise LocalitiesInvalid(
                f"{path.name} row {number}: give a postcode area and a locality."
            )
        area = " ".join(row[0].upper().split())
        if not AREA.match(area):
            raise LocalitiesInvalid(
                f"{path.name} row {number}: ‘{row[0][:20]}’ is not a postcode district (QX3) "
                "or sector (QX3 7)."
            )
        if area in areas:
            raise LocalitiesInvalid(f"{path.name} row {number}: {area} is given twice.")
        areas[area] = row[1].strip()[:100]
    return LocalityMap(areas, str(path))
