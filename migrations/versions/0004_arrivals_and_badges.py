"""honest arrival times, and what each printed badge showed

A check-in keeps when the person arrived (None for an entry made afterwards without a time),
when it was recorded, and whether it was entered afterwards; a badge print keeps a hash of what
the badge showed, so a badge made before an upgrade or a correction is known to be out of date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("entered_afterwards", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Until now every check-in was recorded at the moment it carries.
    op.execute("UPDATE checkins SET recorded_at = checked_in_at")
    with op.batch_alter_table("checkins") as batch:
        batch.alter_column("recorded_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.alter_column("checked_in_at", existing_type=sa.DateTime(timezone=True), nullable=True)
    with op.batch_alter_table("badge_prints") as batch:
        batch.add_column(sa.Column("badge_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE checkins SET checked_in_at = recorded_at WHERE checked_in_at IS NULL")
    with op.batch_alter_table("badge_prints") as batch:
        batch.drop_column("badge_hash")
    with op.batch_alter_table("checkins") as batch:
        batch.alter_column(
            "checked_in_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
        batch.drop_column("entered_afterwards")
        batch.drop_column("recorded_at")
