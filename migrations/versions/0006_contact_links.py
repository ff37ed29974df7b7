"""contact links: two attendees who share a phone or an e-mail but are two people

An import keeps them apart when their names do not agree (an office phone, a team's e-mail) and
records the pair here, so the desk can show each the other.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "attendee_id",
            sa.Integer(),
            sa.ForeignKey("attendees.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "other_id",
            sa.Integer(),
            sa.ForeignKey("attendees.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("attendee_id", "other_id", "kind", name="uq_contact_link"),
        sa.CheckConstraint("attendee_id < other_id", name="contact_link_order"),
    )
    op.create_index("ix_contact_links_other_id", "contact_links", ["other_id"])


def downgrade() -> None:
    op.drop_index("ix_contact_links_other_id", table_name="contact_links")
    op.drop_table("contact_links")
