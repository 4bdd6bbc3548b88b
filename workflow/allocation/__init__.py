"""Champions in the database: who champions which family, each worker's caseload against
capacity (``caseloads``), assigning and ending (``assignments``), suggestions and
optimised proposals over a backlog (``proposals``). The scoring and the solver themselves
are pure (``workflow.champions``)."""
