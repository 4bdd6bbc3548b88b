"""Keyworker tasks: what is due for a family, for whom, by when (docs/product-model.md §6).

Tasks are made by the pathway's task rules when a household enters a state or tier, by a
partner import bringing a new concern for a family with a champion, by a re-screening
flagging a family for its manager, or by anyone (ad hoc). A task is open until it is done
(recording the matching case record completes it) or cancelled. ``dedupe_key`` keeps one
open task of a rule per episode (a partial unique index), so a rule firing twice, or two
processes at once, make one task.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow


class KeyworkerTask(Base):
    __tablename__ = "keyworker_tasks"
    __table_args__ = (
        Index("ix_keyworker_tasks_assignee_open", "assignee_staff_id", "status", "due_on"),
        Index("ix_keyworker_tasks_team_open", "team_id", "status", "due_on"),
        Index(
            "uq_keyworker_tasks_one_open",
            "episode_id",
            "dedupe_key",
            unique=True,
            sqlite_where=text("status = 'open' AND dedupe_key IS NOT NULL"),
            postgresql_where=text("status = 'open' AND dedupe_key IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"))
    task: Mapped[str] = mapped_column(String(40))  # the rule's task id, or "ad_hoc"
    title: Mapped[str] = mapped_column(String(200))
    assignee_role: Mapped[str] = mapped_column(String(20))  # champion | manager
    assignee_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    due_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | done | cancelled
    overdue_since: Mapped[dt.date | None]
    source: Mapped[str] = mapped_column(String(20))  # rule | concern | flag | ad_hoc
    completed_by_kind: Mapped[str | None] = mapped_column(String(30))  # the record that does it
    dedupe_key: Mapped[str | None] = mapped_column(String(60))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    done_by: Mapped[str | None] = mapped_column(String(80))
    done_at: Mapped[dt.datetime | None]
    done_record_id: Mapped[int | None] = mapped_column(ForeignKey("case_records.id"))
    cancelled_reason: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
