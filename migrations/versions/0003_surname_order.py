"""surname indexes in the search list's order: surname key, first name, id

The search reads a surname prefix as a range of these indexes and stops at the limit; with the
first name in the index, the people read are the first ones in the order the list shows them,
however many share the surname (a hundred Ивановы at a large congress).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEYS = ("last_key", "last_latin")


def upgrade() -> None:
    for key in KEYS:
        op.drop_index(f"ix_attendees_{key}", table_name="attendees")
        op.create_index(f"ix_attendees_{key}", "attendees", [key, "first_name", "id"])


def downgrade() -> None:
    for key in KEYS:
        op.drop_index(f"ix_attendees_{key}", table_name="attendees")
        op.create_index(f"ix_attendees_{key}", "attendees", [key])
