"""several desks on one hub: the desks, actions by nonce, offline duplicates, badge aliases,
and on PostgreSQL a change log kept by triggers (with a notification per change)

Desks register under a unique name; every action a desk sends carries a random nonce so that
a retry or an offline replay is applied once; a second admission made offline is kept apart
for review; a merged duplicate's badge code keeps working; a desk's replica pulls only what
changed since its last pull, in the order of `change_log.seq`, and hears of changes at once
through LISTEN kiosk_changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The tables a desk's replica keeps (kiosk.hub.replica), and their key columns.
REPLICATED = {
    "attendees": "id",
    "checkins": "id",
    "payments": "id",
    "badge_prints": "id",
    "registration_groups": "id",
    "contact_links": "id",
    "badge_aliases": "code",
    "event_info": "key",
}


def upgrade() -> None:
    with op.batch_alter_table("checkins") as batch:
        batch.add_column(
            sa.Column("offline", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("payments") as batch:
        batch.add_column(
            sa.Column("offline", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("refund_due", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("attendees") as batch:
        batch.add_column(sa.Column("review", sa.String(30), nullable=False, server_default=""))
    op.create_table(
        "desks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False, unique=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_action_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "applied_actions",
        sa.Column("nonce", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("desk", sa.String(60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
    )
    op.create_table(
        "offline_duplicates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "attendee_id",
            sa.Integer(),
            sa.ForeignKey("attendees.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("desk", sa.String(60), nullable=False),
        sa.Column("operator", sa.String(60), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nonce", sa.String(36), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_offline_duplicates_attendee_id", "offline_duplicates", ["attendee_id"])
    op.create_table(
        "badge_aliases",
        sa.Column("code", sa.String(20), primary_key=True),
        sa.Column(
            "attendee_id",
            sa.Integer(),
            sa.ForeignKey("attendees.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_badge_aliases_attendee_id", "badge_aliases", ["attendee_id"])
    op.create_table(
        "change_log",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_key", sa.String(60), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()


def _postgresql_triggers() -> None:
    # Each changed row is logged with the transaction that changed it: a puller reads up to
    # the oldest transaction still running (pg_snapshot_xmin), so none is skipped.
    op.execute(
        """
        CREATE FUNCTION kiosk_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            row_data jsonb;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                row_data := to_jsonb(OLD);
            ELSE
                row_data := to_jsonb(NEW);
            END IF;
            INSERT INTO change_log (table_name, row_key, deleted, txid)
            VALUES (
                TG_TABLE_NAME,
                row_data ->> TG_ARGV[0],
                TG_OP = 'DELETE',
                pg_current_xact_id()::text::bigint
            );
            RETURN NULL;
        END $$;
        """
    )
    # One notification per statement and table, delivered at commit: desks refresh then.
    op.execute(
        """
        CREATE FUNCTION kiosk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('kiosk_changes', TG_TABLE_NAME);
            RETURN NULL;
        END $$;
        """
    )
    for table, key in REPLICATED.items():
        op.execute(
            f"CREATE TRIGGER kiosk_log_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION kiosk_log_change('{key}')"
        )
        op.execute(
            f"CREATE TRIGGER kiosk_notify_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION kiosk_notify_change()"
        )
    op.create_index("ix_change_log_txid", "change_log", ["txid"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in REPLICATED:
            op.execute(f"DROP TRIGGER IF EXISTS kiosk_notify_{table} ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS kiosk_log_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS kiosk_notify_change()")
        op.execute("DROP FUNCTION IF EXISTS kiosk_log_change()")
        op.drop_index("ix_change_log_txid", table_name="change_log")
    op.drop_table("change_log")
    op.drop_index("ix_badge_aliases_attendee_id", table_name="badge_aliases")
    op.drop_table("badge_aliases")
    op.drop_index("ix_offline_duplicates_attendee_id", table_name="offline_duplicates")
    op.drop_table("offline_duplicates")
    op.drop_table("applied_actions")
    op.drop_table("desks")
    # Plain DROP COLUMN (SQLite 3.35+ has it): a batch would rebuild the attendees table,
    # which the other tables' foreign keys and the search index's triggers refer to.
    op.drop_column("attendees", "review")
    for table, columns in (
        ("payments", ("refund_due", "uploaded_at", "offline")),
        ("checkins", ("uploaded_at", "offline")),
    ):
        for column in columns:
            op.drop_column(table, column)
