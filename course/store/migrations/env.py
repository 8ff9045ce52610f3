"""Alembic's entry: migrations run on the connection ``Store.upgrade`` hands over."""
from alembic import context

from course.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
