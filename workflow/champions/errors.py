"""What the allocation engine refuses, each with a stable code and a plain-English detail."""

from __future__ import annotations

from workflow.errors import WorkflowError


class AllocationError(WorkflowError):
    """Root of the allocation engine's errors."""

    code = "allocation_error"


class AllocationInputInvalid(AllocationError):
    """The workers, families or weights handed to the engine cannot be used as they are."""

    code = "allocation_input_invalid"
