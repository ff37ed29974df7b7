"""Search columns by the import's new rules: a person's other phones (the rest of a cell with
two numbers, kept in `extra`) are in their search text, and «shh» in a Latin surname key reads
as щ (GOST 7.79-B)

Every stored search text and key is recomputed, so that people imported before are found by
their second phone too; the FTS5 index follows the column through its triggers (pg_trgm
indexes the column itself). The downgrade leaves them: the previous version finds by the same
columns, and a longer search text only lets it find a person by one more phone.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:00:00
"""

from __future__ import annotations

import logging

from alembic import op

from kiosk.search_index import rebuild_search_columns

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)


def upgrade() -> None:
    changed = rebuild_search_columns(op.get_bind())
    log.info("search columns of %d attendees recomputed (other phones, GOST 7.79-B)", changed)


def downgrade() -> None:
    pass
