"""Alembic environment: the engine comes from :func:`compliance.service.db.migrate`."""

from alembic import context

from compliance.service.models import Base

config = context.config


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # the alembic command line, with sqlalchemy.url set
        from compliance.service.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # ALTER by copy-and-move on SQLite
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations (SQL scripts) are not supported; run `compliance serve` or `compliance tokens list`")
run_migrations_online()
