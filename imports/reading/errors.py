"""Errors of the partner-file reader, under the imports error root."""

from __future__ import annotations

from imports.errors import ImportFailed


class FileRefused(ImportFailed):
    """The file is wrong as a whole: nothing from it loads.

    ``code`` is stable for scripts (``not_a_spreadsheet``, ``encrypted``, ``zip_bomb``,
    ``missing_columns`` ...); ``detail`` tells the sender what to fix. A detail names files,
    sheets, cells and columns, never the personal data inside them.
    """

    code = "file_refused"


class MappingInvalid(ImportFailed):
    """A column-mapping file cannot be used (bad syntax or an unknown canonical column)."""

    code = "bad_mapping"
