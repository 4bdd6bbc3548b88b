"""The limits the reader enforces, in one place."""

from __future__ import annotations

# Excel's own limits.
EXCEL_LAST_ROW = 1_048_576
EXCEL_CELL_CHARS = 32_767

# The parser holds a sheet's used range densely: rows × columns cells, each tens of bytes.
MAX_USED_CELLS = 50_000_000

# Where the header may be: on one of the first rows, under titles and blank rows.
HEADER_SEARCH_ROWS = 20

# Zip-bomb defences, checked from the zip directory before anything is expanded. A full
# sheet (1,048,575 rows of a 20-column return) expands to about 1 GB of XML, so the total
# allows 2 GB; the compression ratio of each large part is what stops a bomb.
MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBER_RATIO = 100
RATIO_CHECKED_ABOVE = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
# A CSV file is read whole: a full sheet's worth of rows as CSV is far below this.
MAX_CSV_BYTES = 500 * 1024 * 1024
# Small XML parts (workbook, relationships) are read whole; they are never this big.
MAX_SMALL_PART_BYTES = 20 * 1024 * 1024

# A cell value shown in a rejection or report is cut to this many characters.
VALUE_CHARS = 100
