"""Prefect flows: thin wrappers over the plain functions of ``imports`` and ``workflow``.

One module per job: ``importing`` (one partner file, a whole delivery), ``matching``
(police lists and partner rows to the register), ``uploads`` (files uploaded through the
web app, each in a process of its own), ``inbox`` (a watched folder), ``housekeeping``
(imports whose process died). Common rules:

- Parameters and logs carry batch ids, kinds, counts and file paths — never names, dates
  of birth or DataFrames of people. Results are not persisted (``persist_result=False``).
- Reading a file is retried (a network share can hiccup); writing to the database is never
  cached (``NO_CACHE``) and never retried blindly: an import commits whole or not at all,
  and a new run of the same file finishes the job.
- Tasks are coarse (a file), not a task per row.

Run them in-process (ephemeral Prefect), or deploy them to a Prefect server with a worker
(``imports.deployments``, ``docs/prefect.md``).
"""

from imports.flows.claims import build_claim_window, build_due_claim_windows, export_claim_window
from imports.flows.housekeeping import check_stopped_imports, overdue_tasks, retention
from imports.flows.importing import import_delivery, import_partner_file
from imports.flows.inbox import watch_inbox
from imports.flows.matching import match_police_lists
from imports.flows.uploads import import_pending_uploads, import_upload
from imports.loading.folder import kind_from_name

__all__ = [
    "build_claim_window",
    "build_due_claim_windows",
    "export_claim_window",
    "check_stopped_imports",
    "import_delivery",
    "import_partner_file",
    "import_pending_uploads",
    "import_upload",
    "kind_from_name",
    "match_police_lists",
    "overdue_tasks",
    "retention",
    "watch_inbox",
]
