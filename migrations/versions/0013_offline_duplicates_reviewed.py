"""offline duplicates reviewed: an admission set aside as an offline duplicate is marked when
the organiser has looked at it — when (`reviewed_at`, there since 0009 and never set until
now), at which desk, by whom

Reviewed ones leave the list to review and are listed apart. Older rows have none: still to
review, as before.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "offline_duplicates",
        sa.Column("reviewed_desk", sa.String(length=60), nullable=False, server_default=""),
    )
    op.add_column(
        "offline_duplicates",
        sa.Column("reviewed_by", sa.String(length=60), nullable=False, server_default=""),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ has it), as in 0009, 0010 and 0012.
    for column in ("reviewed_by", "reviewed_desk"):
        op.drop_column("offline_duplicates", column)
