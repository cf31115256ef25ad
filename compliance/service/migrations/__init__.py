"""Alembic migrations of the service database (applied by ``compliance serve`` on start)."""
