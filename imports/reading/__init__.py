"""Reading and checking partner spreadsheets against the canonical templates.

``read_partner_file`` refuses a file that is wrong as a whole (``FileRefused``, with a
stable ``code``), otherwise returns a ``ReadResult``: the good rows as a typed frame and a
``Rejection`` for every problem of every bad row. ``write_error_report`` and
``refusal_report`` write the workbook the sender gets back; ``load_mapping`` reads a
sender's column-mapping file. See ``docs/partner-templates.md``.

How a file is read: ``sniff`` (what the bytes really are; ``ole`` for old and encrypted
Office files) → ``package`` and ``scan`` (an .xlsx checked from its zip directory and one
streaming pass, before any cell is parsed; ``extent`` bounds the rows and columns the
parser will hold) → ``xlsx`` or ``csvfile`` (every cell as text, once, with fastexcel) →
``headers`` (which row and columns) → ``validate`` with ``controls``, ``convert``, ``dates``
and ``rules`` (vectorised checks; ``findings`` holds the column-wise results) → ``result``.
``report`` writes the sender's workbook through ``workflow.exports``; ``mapping`` reads
mapping files. Every limit is in ``limits``.
"""

from __future__ import annotations

from imports.reading.errors import FileRefused, MappingInvalid
from imports.reading.mapping import load_mapping
from imports.reading.reader import file_checksum, read_partner_file
from imports.reading.report import refusal_report, write_error_report
from imports.reading.result import ReadResult, Rejection, SenderRows

__all__ = [
    "FileRefused",
    "MappingInvalid",
    "ReadResult",
    "Rejection",
    "SenderRows",
    "file_checksum",
    "load_mapping",
    "read_partner_file",
    "refusal_report",
    "write_error_report",
]
