"""Loading partner files into the database: ``import_file`` and ``import_folder``."""

from imports.loading.outcome import ImportOutcome
from imports.loading.service import file_checksum, import_file

__all__ = ["ImportOutcome", "file_checksum", "import_file"]
