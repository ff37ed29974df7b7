"""refunds given: a double payment flagged to give back (taken without the hub from someone
who had meanwhile paid, or paid on both records of one person merged) is marked when the
money is given back — when, at which desk, by whom

The payment stays flagged (`refund_due`: never counted as paid); `refunded_at` says it is
settled. Older rows have none: still to give back, as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("payments", sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "payments",
        sa.Column("refunded_desk", sa.String(length=60), nullable=False, server_default=""),
    )
    op.add_column(
        "payments",
        sa.Column("refunded_by", sa.String(length=60), nullable=False, server_default=""),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+ has it), as in 0009 and 0010.
    for column in ("refunded_by", "refunded_desk", "refunded_at"):
        op.drop_column("payments", column)
