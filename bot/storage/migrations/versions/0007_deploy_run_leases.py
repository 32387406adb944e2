"""deploy runs are leased while they run, so a restart or another replica finishes them

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deploy_runs") as batch:
        batch.add_column(sa.Column("applied", sa.JSON))
        batch.add_column(sa.Column("applied_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("deadline_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("lease_owner", sa.String(64)))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("deploy_runs") as batch:
        for column in ("lease_until", "lease_owner", "deadline_at", "applied_at", "applied"):
            batch.drop_column(column)
