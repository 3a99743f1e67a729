"""Frozen stage records of the extraction pipeline.

Document → text → sentences → mentions → records. Every stage's output carries character
offsets into its document's text, so every stored record can show the sentence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Home:
    """The city whose office issued (or is the subject of) a document."""

    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A document's text and what is known about it before extraction."""

    text: str
    doc_id: str | None = None
    path: str | None = None
    source: str | None = None  # url or file path it came from
    lang: str | None = None  # "en" | "ko" once decided
    published: str | None = None  # partial ISO date
    home: Home | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date (or date range) written in a sentence, resolved as far as the text allows.

    `value` is a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) or None when the text names a
    date the published date cannot pin down ("yesterday" in an undated document). `until` is
    the end of a range ("from February 1 to 6", "1999 to 2012", "2박3일"). `future` is True
    for dates the text places after the published date ("오는 21일", "next month").
    """

    start: int
    end: int
    text: str
    value: str | None
    until: str | None = None
    future: bool = False
    relative: bool = False


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place (or city network/organisation) named in the text, resolved by the gazetteer."""

    start: int
    end: int
    text: str
    name: str  # the common English name
    country: str | None
    level: str  # city | region | country | organization
    key: str  # gazetteer key, stable within one gazetteer build
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    title: str
    of: str | None  # name of the place the person speaks for


@dataclass(frozen=True, slots=True)
class Warning_:
    """Something extraction noticed but could not use (kept with the answer)."""

    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class SentenceMentions:
    sentence: Sentence
    places: tuple[PlaceMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    people: tuple[PersonMention, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)
