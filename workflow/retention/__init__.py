"""Keeping data no longer than the council's retention policy allows (issue #12): the
policy (``policy``, pure) and the sweep that deletes what is past it (``sweep``)."""
