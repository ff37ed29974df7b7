"""offline duplicates replicated: on PostgreSQL the hub logs every change of an offline
duplicate (set aside, reviewed, moved by a merge, taken back by an undo) in `change_log` and
notifies the desks, as it does for the other tables since 0009, so a desk's replica pulls them
with the rest and lists them when the hub is out of reach

The rows set aside before this revision were never logged: a replica pulls the whole table once
when it first keeps it (kiosk.offline.replica, its format 2). Nothing to do on SQLite.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLE = "offline_duplicates"
KEY = "id"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The functions of 0009: one row of change_log per changed row, one notification per
    # statement, delivered at commit.
    op.execute(
        f"CREATE TRIGGER kiosk_log_{TABLE} AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION kiosk_log_change('{KEY}')"
    )
    op.execute(
        f"CREATE TRIGGER kiosk_notify_{TABLE} AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION kiosk_notify_change()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP TRIGGER IF EXISTS kiosk_notify_{TABLE} ON {TABLE}")
    op.execute(f"DROP TRIGGER IF EXISTS kiosk_log_{TABLE} ON {TABLE}")
