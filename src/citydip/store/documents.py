"""Document (a press release or article) and Evidence (a record's character span in it)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Base, Date, UTCDateTime, utcnow
from citydip.store.places import Place


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(200), unique=True)
    source: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(1000))
    published: Mapped[str | None] = mapped_column(Date, index=True)
    lang: Mapped[str | None] = mapped_column(String(3))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    home_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    home: Mapped[Place | None] = relationship()


class Evidence(Base):
    """Links a record to a document it came from, with the sentence's span where known."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(lazy="joined")
