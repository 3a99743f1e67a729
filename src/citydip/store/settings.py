"""Registry settings kept in the database itself (such as the home city)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from citydip.store.base import Base


class RegistrySetting(Base):
    __tablename__ = "registry_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(1000))
