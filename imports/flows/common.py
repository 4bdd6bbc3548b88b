"""What every flow module shares: building the container from the environment."""

from __future__ import annotations

from workflow.bootstrap import Container, build
from workflow.settings import get_settings


def container() -> Container:
    """The engine's wiring, from the settings in this process's environment (flow
    parameters never carry the database URL: it may hold a password)."""
    return build(get_settings())
