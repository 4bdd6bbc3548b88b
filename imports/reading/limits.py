"""The limits the reader enforces, in one place."""

from __future__ import annotations

# Excel's own limits.
EXCEL_LAST_ROW = 1_048_576
EXCEL_CELL_CHARS = 32_767

# The cell parser (calamine, inside fastexcel) holds a sheet densely: a slot of about 35
# bytes (measured: 32.8 million slots took 1.2 GB) for every cell of the rectangle from A1 to
# the lowest row and the widest column that any row or cell of the sheet names, filled or
# not, whatever the sheet's <dimension> declares. The scan measures that rectangle, the
# sheet's real extent (imports/reading/extent.py), before any cell is parsed, and refuses it:
#
# - wider than MAX_COLUMNS. The widest template has 17 columns and a sender's own extra
#   columns are welcome, but a cell past column ALL (1,000) is a stray, not data: the header
#   search, the checks and the error report would all carry every column up to it;
# - holding more than MAX_SHEET_CELLS cells: 50 million slots are about 1.7 GB, the most one
#   sheet may ask of the parser. A full sheet of a 20-column return (1,048,575 rows) is 21
#   million; a declared <dimension> past it is refused too;
# - past SPARSE_FLOOR cells (about 35 MB of slots), holding more cells than the sheet part
#   has bytes of XML. A real cell takes 20 to 40 bytes of XML, so a sheet asking for more
#   slots than it has bytes is mostly empty space around a few far-out cells: a 2 KB sheet
#   with a cell at XFD2000 asks for 32.8 million. So the parser never holds more than about
#   35 bytes per byte of the sheet's own XML.
MAX_COLUMNS = 1_000
MAX_SHEET_CELLS = 50_000_000
SPARSE_FLOOR = 1_000_000

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
