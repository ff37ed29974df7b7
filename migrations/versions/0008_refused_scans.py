"""refused scans: the check-ins the door refused, for the organiser's list of failed check-ins

Who (an attendee id, or the scanned text of an unknown code, cut short), why (the outcome), at
which desk, by whom and when.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refused_scans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column(
            "attendee_id",
            sa.Integer(),
            sa.ForeignKey("attendees.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("scanned", sa.String(length=20), nullable=False),
        sa.Column("desk", sa.String(length=60), nullable=False),
        sa.Column("operator", sa.String(length=60), nullable=False),
    )
    op.create_index("ix_refused_scans_day", "refused_scans", ["day"])
    op.create_index("ix_refused_scans_attendee_id", "refused_scans", ["attendee_id"])


def downgrade() -> None:
    op.drop_index("ix_refused_scans_attendee_id", table_name="refused_scans")
    op.drop_index("ix_refused_scans_day", table_name="refused_scans")
    op.drop_table("refused_scans")
