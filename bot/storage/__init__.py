"""Storage: SQLAlchemy models, the async database handle and the Alembic migrations."""

from bot.storage.database import Database
from bot.storage.models import AuditEntry, Base, CommandRecord

__all__ = ["AuditEntry", "Base", "CommandRecord", "Database"]
