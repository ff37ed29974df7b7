"""edit conflicts indexed: the fields two desks changed to different values, and the
organiser's marks that they were looked at (both entries of the audit log), each found by a
partial index of their own, so the summary lists them without reading the whole log and a
check-in's entry updates no index more

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_audit_log_edit_conflicts", "id", "edit_conflict"),
    ("ix_audit_log_edit_conflict_reviews", "entity_id", "review_edit_conflict"),
)


def upgrade() -> None:
    for name, column, action in INDEXES:
        where = sa.text(f"action = '{action}'")
        op.create_index(name, "audit_log", [column], sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name, _column, _action in INDEXES:
        op.drop_index(name, table_name="audit_log")
