"""Settings, read from ``TFE_``-prefixed environment variables (or a ``.env`` file).

Nothing is read at import time: call :func:`get_settings` from a composition root
(the CLI, the web app's lifespan, a Prefect flow) and pass the result on.

- ``TFE_DATA_DIR``: where the engine keeps its files (default ``./data``);
- ``TFE_DATABASE_URL``: the database (default: the SQLite file ``DATA_DIR/tfe.db``);
  ``postgresql://user@host/db`` for PostgreSQL.
- ``TFE_RULES_DIR``: the council's own rule files and local changes to the shipped ones
  (default ``DATA_DIR/rules``);
- ``TFE_RULESET``: the rule set screening uses unless told otherwise
  (default ``supporting-families-2022``);
- ``TFE_PATHWAY_DIR``, ``TFE_PATHWAY``: the council's pathway definitions (default
  ``DATA_DIR/pathway``) and the version new households start on (default: the newest);
- ``TFE_RETENTION_FILE``: the council's retention periods (default
  ``DATA_DIR/retention.toml``; without it, the defaults in docs/retention.md).
- ``TFE_COOKIE_SECURE``: send the session cookie over HTTPS only (default true; browsers
  also accept it from ``http://localhost`` and ``http://127.0.0.1``);
  ``TFE_SIGN_IN_DELAY``: wait after repeated wrong passwords (default true);
- ``TFE_INTELLIGENCE_ROLES``: the roles that may see police intelligence in detail
  (gangs-matrix scores and bands, nominal references, IOM status), comma-separated
  (default ``manager,senior_manager``); everyone else sees "gang-affected family: yes";
- ``TFE_OIDC_ISSUER``, ``TFE_OIDC_CLIENT_ID``, ``TFE_OIDC_CLIENT_SECRET``: sign-in with the
  council's own OpenID Connect identity provider (off unless all three are set).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The engine's settings. Build with :func:`get_settings`, or directly in tests."""

    model_config = SettingsConfigDict(
        env_prefix="TFE_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    data_dir: Path = Path("data")
    database_url: str | None = None
    sql_echo: bool = False
    rules_dir: Path | None = None
    ruleset: str = "supporting-families-2022"
    retention_file: Path | None = None
    pathway_dir: Path | None = None
    pathway: str | None = None  # the version new households start on, e.g. "pathway-v2"
    localities_file: Path | None = None
    cookie_secure: bool = True
    sign_in_delay: bool = True
    intelligence_roles: str = "manager,senior_manager"
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_label: str = "Sign in with your council account"

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is None:
            return None
        scheme = value.split(":", 1)[0].split("+", 1)[0]
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise ValueError(
                f"TFE_DATABASE_URL must start with sqlite:// or postgresql://, not {scheme}://"
            )
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @property
    def effective_database_url(self) -> str:
        """The URL to connect to: the configured one, or the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tfe.db').as_posix()}"

    @property
    def effective_rules_dir(self) -> Path:
        """Where the council's rule files and local changes live."""
        return self.rules_dir if self.rules_dir is not None else self.data_dir / "rules"

    @property
    def effective_pathway_dir(self) -> Path:
        """Where the council's own pathway definitions live (default ``DATA_DIR/pathway``)."""
        return self.pathway_dir if self.pathway_dir is not None else self.data_dir / "pathway"

    @property
    def effective_retention_file(self) -> Path:
        """The council's retention periods (default ``DATA_DIR/retention.toml``)."""
        if self.retention_file is not None:
            return self.retention_file
        return self.data_dir / "retention.toml"

    @property
    def effective_localities_file(self) -> Path:
        """Which locality each postcode district is in (default ``DATA_DIR/localities.csv``)."""
        if self.localities_file is not None:
            return self.localities_file
        return self.data_dir / "localities.csv"

    @property
    def reports_dir(self) -> Path:
        """Where error reports for senders and the engine's workbooks are written."""
        return self.data_dir / "reports"

    @property
    def model_dir(self) -> Path:
        """Where matching keeps its trained model files."""
        return self.data_dir / "matching"

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded files wait for their import."""
        return self.data_dir / "uploads"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
