"""unindexed people indexed: on SQLite a partial index holds the people still without their
search text (an import's new people until its indexing steps reach them; not the people whose
data was erased, who have none on purpose), so every start finds those an import cut short
left behind without reading the whole table (some 50 ms at 100 000 people, in the write line
a first check-in waits in). Nothing to do on PostgreSQL, whose people get their search text
as they are written.

Until this revision every start also gave the people whose data was erased a search text
again (theirs is emptied on purpose), so «удалено» found them: it is emptied once more.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEX = "ix_attendees_unindexed"
WHERE = "search_text = '' AND forgotten_at IS NULL"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "UPDATE attendees SET search_text = '' WHERE forgotten_at IS NOT NULL AND search_text <> ''"
    )
    op.create_index(INDEX, "attendees", ["id"], sqlite_where=sa.text(WHERE))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index(INDEX, table_name="attendees")
