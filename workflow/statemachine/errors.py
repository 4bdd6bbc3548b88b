"""Why a state machine refused a move."""

from __future__ import annotations

from collections.abc import Sequence

from workflow.errors import WorkflowError


class TransitionRefused(WorkflowError):
    """A trigger was refused: the subject is in the wrong state or a guard said no.

    ``detail`` is one plain-English sentence listing every reason; ``reasons`` has them
    one by one (for the API and the web pages). The subject was left untouched.
    ``subject_id`` is the id of the household, batch or claim (``household_id`` is the
    same, by the name the lifecycle's callers know it).
    """

    code = "transition_refused"

    def __init__(
        self,
        detail: str,
        *,
        reasons: Sequence[str] = (),
        trigger: str | None = None,
        subject_id: int | None = None,
        state: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.reasons = tuple(reasons)
        self.trigger = trigger
        self.subject_id = subject_id
        self.state = state

    @property
    def household_id(self) -> int | None:
        return self.subject_id


class SubjectsChanged(WorkflowError):
    """Subjects moved by someone else between reading them and recording new moves."""

    code = "subjects_changed"
