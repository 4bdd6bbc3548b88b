"""What became of one imported file, as the CLI, the API and flows report it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ImportOutcome:
    """The result of importing one file.

    ``status`` is ``accepted`` (good rows loaded; rejected rows are in the report),
    ``unchanged`` (the same file was already imported: nothing changed) or ``rejected``
    (the file as a whole was wrong: nothing loaded; ``detail`` says what to fix).
    """

    kind: str
    file_name: str
    status: str
    batch_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_incomplete: int = 0  # kept as partial identities (police lists): see ``notes``
    rows_unlinked: int = 0
    rows_replaced: int = 0
    extra_columns: tuple[str, ...] = ()
    report_path: str | None = None
    detail: str | None = None
    code: str | None = None
    seconds: float = 0.0
    superseded_batch_id: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def accepted(self) -> bool:
        return self.status in ("accepted", "unchanged")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"accepted": self.accepted}
