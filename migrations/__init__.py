"""Alembic migrations of the desk database (applied on start by kiosk.db.upgrade_schema)."""
