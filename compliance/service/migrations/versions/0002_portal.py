"""The vendor portal: requests, their history and uploads, failed attempts, service keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

Migrations are frozen: they name plain SQLAlchemy types, never the models of the day.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "requests",
        sa.Column("id", SERIAL, nullable=False),
        sa.Column("profile_id", sa.String(length=200), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("link_sha256", sa.String(length=64), nullable=False),
        ts("link_expires"),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("submission", sa.JSON(), nullable=True),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("waivers", sa.JSON(), nullable=True),
        sa.Column("pack_sha256", sa.String(length=64), nullable=True),
        sa.Column("pack", sa.JSON(), nullable=True),
        sa.Column("pack_state", sa.String(length=10), nullable=True),
        ts("pack_claimed_at", nullable=True),
        sa.Column("signed_sha256", sa.String(length=64), nullable=True),
        ts("signed_at", nullable=True),
        ts("created_at"),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        ts("updated_at"),
        ts("closed_at", nullable=True),
        sa.ForeignKeyConstraint(["pack_sha256"], ["blobs.sha256"], name=op.f("fk_requests_pack_sha256_blobs")),
        sa.ForeignKeyConstraint(["signed_sha256"], ["blobs.sha256"], name=op.f("fk_requests_signed_sha256_blobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("link_sha256", name=op.f("uq_requests_link_sha256")),
    )
    op.create_index(op.f("ix_requests_profile_id"), "requests", ["profile_id"])
    op.create_table(
        "request_events",
        sa.Column("id", SERIAL, nullable=False),
        sa.Column("request_id", SERIAL, nullable=False),
        ts("at"),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"], name=op.f("fk_request_events_request_id_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_events")),
    )
    op.create_index(op.f("ix_request_events_request_id"), "request_events", ["request_id"])
    op.create_table(
        "request_files",
        sa.Column("id", SERIAL, nullable=False),
        sa.Column("request_id", SERIAL, nullable=False),
        sa.Column("rule_id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("path", sa.String(length=400), nullable=False),
        sa.Column("blob_sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        ts("uploaded_at"),
        sa.ForeignKeyConstraint(["blob_sha256"], ["blobs.sha256"], name=op.f("fk_request_files_blob_sha256_blobs")),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"], name=op.f("fk_request_files_request_id_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_files")),
    )
    op.create_index(op.f("ix_request_files_request_id"), "request_files", ["request_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", SERIAL, nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        ts("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index(op.f("ix_login_failures_at"), "login_failures", ["at"])
    op.create_index("ix_login_failures_ip_at", "login_failures", ["ip", "at"])
    op.create_table(
        "service_keys",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        ts("created_at"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_service_keys")),
    )


def downgrade() -> None:
    op.drop_table("service_keys")
    op.drop_index("ix_login_failures_ip_at", table_name="login_failures")
    op.drop_index(op.f("ix_login_failures_at"), table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index(op.f("ix_request_files_request_id"), table_name="request_files")
    op.drop_table("request_files")
    op.drop_index(op.f("ix_request_events_request_id"), table_name="request_events")
    op.drop_table("request_events")
    op.drop_index(op.f("ix_requests_profile_id"), table_name="requests")
    op.drop_table("requests")
