"""attendees forgotten on request: when, and salted fingerprints to recognise them

`kiosk forget` and `kiosk purge` erase a person's data in place (the row keeps its id, tariff,
payments and check-ins, so counts and totals stay) and keep only keyed one-way fingerprints of
the phone, the e-mail and the name, so a later import recognises and skips the person.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FINGERPRINTS = ("fingerprint_phone", "fingerprint_email", "fingerprint_name")


# Plain ALTER TABLE (SQLite 3.35+ drops columns itself): a batch copy of the table would
# lose the search index's triggers on it.


def upgrade() -> None:
    op.add_column("attendees", sa.Column("forgotten_at", sa.DateTime(timezone=True)))
    for name in FINGERPRINTS:
        op.add_column("attendees", sa.Column(name, sa.String(64)))


def downgrade() -> None:
    for name in reversed(FINGERPRINTS):
        op.drop_column("attendees", name)
    op.drop_column("attendees", "forgotten_at")
