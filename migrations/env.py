"""Alembic environment: runs on the connection kiosk.db hands over, or on a URL for authoring."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from kiosk.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    # Authoring new revisions: `alembic -x url=sqlite:///scratch.sqlite3 revision --autogenerate`
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///scratch.sqlite3")
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
