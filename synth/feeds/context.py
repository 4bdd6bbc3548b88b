"""What every feed builder is given: the borough, its problems, and shared intermediate tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.problems import Problems
from synth.streams import stream


@dataclass
class Context:
    """The borough and its problems, plus a cache of tables two feeds share."""

    borough: Borough
    problems: Problems
    cache: dict[str, Any] = field(default_factory=dict)

    def rng(self, name: str) -> np.random.Generator:
        """The random stream for one named stage of this borough."""
        return stream(self.borough.seed, name)

    def episodes(self, *problems: str) -> pd.DataFrame:
        """Episodes of the given problems, in a stable order."""
        e = self.problems.episodes
        return e[e["problem"].isin(problems)].reset_index(drop=True)

    def shared(self, name: str, build: Callable[[Context], Any]) -> Any:
        """A table built once and reused by every feed that needs it."""
        if name not in self.cache:
            self.cache[name] = build(self)
        return self.cache[name]
