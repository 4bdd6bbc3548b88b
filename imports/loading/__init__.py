"""Loading partner files into the database: ``import_file`` (one file; the folder helpers
are in :mod:`imports.loading.folder`)."""

from imports.loading.outcome import ImportOutcome
from imports.loading.service import import_file

__all__ = ["ImportOutcome", "import_file"]
