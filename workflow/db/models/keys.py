"""Secrets of one deployment, kept with its data so every process derives the same values.

``subject_ref``: the key of the hash that names a partner-feed subject (see
``workflow.matching.subjects``). Without it, anyone who read a subject reference could
test a guess of a person's name, date of birth and postcode against it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, utcnow


class DeploymentKey(Base):
    __tablename__ = "deployment_keys"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))  # hex, 32 random bytes
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
