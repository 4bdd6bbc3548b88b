"""What matching stored, and a data officer's decisions on it.

The matching itself (Splink on DuckDB) lives in ``imports.linkage``. Everything that
needs only the database lives here, so the API and the CLI share it: the review queue
and a household's links (``review``), setting and undoing links (``links``), accepting,
rejecting and undoing with immediate effect (``decisions``), and the household flags
rebuilt from the links (``flags``).
"""
