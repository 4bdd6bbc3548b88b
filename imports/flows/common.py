"""What every flow module shares: the container and rules from this process's environment
(flow parameters never carry the database URL: it may hold a password), and who a flow acts
for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from eligibility.catalogue import Catalogue
from workflow.bootstrap import Container, build
from workflow.principal import Principal
from workflow.screening.service import load_rules
from workflow.settings import get_settings


@dataclass(frozen=True)
class FlowContext:
    container: Container

    @property
    def reports_dir(self) -> Path:
        return self.container.settings.reports_dir

    @property
    def model_dir(self) -> Path:
        return self.container.settings.model_dir

    def catalogue(self) -> Catalogue:
        return load_rules(self.container.settings)


@contextmanager
def flow_context() -> Iterator[FlowContext]:
    container = build(get_settings())
    try:
        yield FlowContext(container)
    finally:
        container.close()


def acting_for(submitted_by: str) -> Principal:
    """The principal a flow acts for: the staff reference it was given, or a system job."""
    return Principal.acting(submitted_by)
