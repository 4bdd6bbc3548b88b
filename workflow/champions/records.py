"""What the allocation engine is told about keyworkers and families. Pure: no database.

The caller (a service reading the keyworker register, the episodes and the pathway
definition) builds these; the engine never reads anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

DEFAULT_CAPACITY = 12.0  # weighted units, docs/product-model.md §5


@dataclass(frozen=True, slots=True)
class Worker:
    """A keyworker who might become a family's champion.

    ``capacity`` and ``load`` are in weighted units (a tier's caseload weight per family);
    ``load`` is what the worker already carries. Decimals from the register are accepted
    and kept as floats. Workers who have left (``active`` false)
    or are absent are never suggested or allocated.
    """

    staff_ref: str
    name: str
    team: str
    locality: str | None = None
    specialisms: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    capacity: Decimal | float = DEFAULT_CAPACITY
    load: float = 0.0
    active: bool = True
    absent: bool = False

    def __post_init__(self) -> None:
        # The register keeps units as decimals; the engine works in floats.
        object.__setattr__(self, "capacity", float(self.capacity))
        object.__setattr__(self, "load", float(self.load))

    @property
    def available(self) -> bool:
        return self.active and not self.absent


@dataclass(frozen=True, slots=True)
class Family:
    """A household waiting for a champion.

    - ``weight``: the caseload weight of the household's tier (bronze 0.25 … intensive 2).
    - ``needs``: the specialisms its problems call for (``gangs``, ``domestic_abuse``,
      ``youth_justice``, ``substance_misuse``, ``mental_health``, ``send``, ``early_years``).
    - ``languages``: languages the family would rather be worked with in (English need not
      be listed: it never counts as a match).
    - ``continuity``: staff references of workers already working with a member of the
      family (a youth offending or gang exit worker).
    - ``team``: a team the family must stay within, if any (a hard rule).
    - ``previous_team``: the team of the family's last champion, preferred (not required)
      when a caseload is moved; set by ``rebalance``.
    """

    household_ref: str
    weight: float = 1.0
    locality: str | None = None
    needs: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    continuity: frozenset[str] = frozenset()
    team: str | None = None
    previous_team: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", float(self.weight))
