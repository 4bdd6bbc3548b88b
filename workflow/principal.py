"""Who is acting: the ``Principal`` every service that reads or changes personal data takes.

A principal is either a member of staff (their staff reference, roles and teams, as sign-in
establishes them) or a named system job (the import flow, a scheduled check, the demo).
The audit trail and every history row record it. What a principal may see is decided by
the access policy from these facts alone; a service never trusts a bare name.

    Principal.staff("S0042", StaffRole.KEYWORKER, teams=("North",))
    Principal.system("import-flow")

Pure: no database, no framework.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from workflow.domain.vocabulary import StaffRole


class SystemJob(StrEnum):
    """The named jobs that act without a person signed in."""

    SYSTEM = "system"  # scheduled checks and housekeeping
    CLI = "cli"  # the command line, run by whoever has the server's shell
    DEMO = "demo"  # tfe demo, on its own synthetic borough
    IMPORT = "import"  # the import flows' follow-up work (re-screening, matching)
    API = "api"  # the web app's own background work


REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.@'-]{0,79}")
JOB = re.compile(r"[a-z][a-z0-9-]{0,39}")


@dataclass(frozen=True, slots=True)
class Principal:
    """The person or system job a use case acts for.

    ``ref`` is what the audit trail's ``actor`` column holds: a staff reference, or the
    job's name for a system job. ``job`` is set only for system jobs.
    """

    ref: str
    roles: frozenset[StaffRole] = field(default_factory=frozenset)
    teams: frozenset[str] = field(default_factory=frozenset)
    job: str | None = None
    name: str | None = None  # shown on pages ("Signed in as ..."); never logged

    def __post_init__(self) -> None:
        pattern = JOB if self.job is not None else REF
        if not pattern.fullmatch(self.ref):
            raise ValueError(f"not a staff reference or job name: {self.ref[:40]!r}")

    @classmethod
    def staff(
        cls,
        ref: str,
        *roles: StaffRole | str,
        teams: Iterable[str] = (),
        name: str | None = None,
    ) -> Principal:
        return cls(
            ref=ref,
            roles=frozenset(StaffRole(role) for role in roles),
            teams=frozenset(teams),
            name=name,
        )

    @classmethod
    def system(cls, job: str) -> Principal:
        """A named system job (``import-flow``, ``overdue-tasks``, ``demo`` ...)."""
        return cls(ref=job, job=job)

    @classmethod
    def acting(cls, ref: str) -> Principal:
        """The principal a flow parameter or stored ``submitted_by`` names: one of the
        system jobs, or else the member of staff with that reference (the roles were
        checked when they asked for the work)."""
        if ref in SystemJob.__members__.values():
            return cls.system(ref)
        return cls.staff(ref)

    @property
    def is_system(self) -> bool:
        return self.job is not None

    def has(self, *roles: StaffRole) -> bool:
        """Whether the principal holds any of ``roles`` (a system job holds none)."""
        return not self.roles.isdisjoint(roles)

    @property
    def role_names(self) -> str:
        """The roles as the audit trail stores them: ``keyworker,manager``, or ``system``."""
        if self.is_system:
            return "system"
        return ",".join(sorted(role.value for role in self.roles))

    def __str__(self) -> str:
        return self.ref


SYSTEM = Principal.system(SystemJob.SYSTEM)
