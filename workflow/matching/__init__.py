"""Reading what matching stored: the review queue and a household's links and flags.

The matching itself (Splink on DuckDB) lives in ``imports.matching``; what a reviewer
reads needs only the database, so the API and the CLI both read it from here.
"""
