"""the day a payment was taken for: money taken with a back-dated check-in counts on the day
served, not on the date it was typed in

Older rows keep no day: the reports count them on the venue date of `taken_at`, as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("payments", sa.Column("day", sa.Date(), nullable=True))
    op.create_index("ix_payments_day", "payments", ["day"])


def downgrade() -> None:
    op.drop_index("ix_payments_day", table_name="payments")
    # Plain DROP COLUMN (SQLite 3.35+ has it), as in 0009.
    op.drop_column("payments", "day")
