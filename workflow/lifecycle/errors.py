"""Why the lifecycle refused to move a household."""

from __future__ import annotations

from collections.abc import Sequence

from workflow.errors import WorkflowError


class TransitionRefused(WorkflowError):
    """A trigger was refused: the episode is in the wrong state or a guard said no.

    ``detail`` is one plain-English sentence listing every reason; ``reasons`` has them
    one by one (for the API and the web pages). The episode was left untouched.
    """

    code = "transition_refused"

    def __init__(
        self,
        detail: str,
        *,
        reasons: Sequence[str] = (),
        trigger: str | None = None,
        household_id: int | None = None,
        state: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.reasons = tuple(reasons)
        self.trigger = trigger
        self.household_id = household_id
        self.state = state


class EpisodesChanged(WorkflowError):
    """Episodes moved by someone else between reading them and recording new moves."""

    code = "episodes_changed"
