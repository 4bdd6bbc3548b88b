"""What keyworkers and managers record about a family's work: case records (``records``)
and managers' approvals (``approvals``)."""
