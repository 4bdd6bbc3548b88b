"""Screening households against the programme's rule sets, as part of the lifecycle."""
