"""Pathway tiers in the database: placing a household, stepping it up or down with its
guards reading the store, its strand (derived, or a manager's override), migrating to a
new pathway version, and enforcement overlays. The definitions and the tier machine are
pure (``workflow.pathway``)."""
