"""run(document) → Extraction: one document through sentences, mentions and record rules.

Pure: no database, no web. The gazetteer is injected (any object with `find` and `lookup`
as `citydip.gazetteer.Gazetteer` has them), so tests can give a small one.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from citydip.pipeline.cues import cues_for
from citydip.pipeline.mentions.dates import find_dates
from citydip.pipeline.mentions.people import find_people_en, find_people_ko, unify
from citydip.pipeline.records import agreements, engagements, memberships, relationships
from citydip.pipeline.records.context import SentenceView
from citydip.pipeline.records.draft import Draft, merge, place_ref
from citydip.pipeline.records.links import link
from citydip.pipeline.sentences import from_spans, split_en
from citydip.pipeline.text import detect_language
from citydip.schema import Answer
from citydip.types import Document, PersonMention, PlaceMention, Sentence

log = logging.getLogger(__name__)


class PlaceFinder(Protocol):
    def find(
        self, text: str, context: Iterable[str] = (), word_starts: Container[int] | None = None
    ) -> list[PlaceMention]: ...

    def lookup(self, name: str, country: str | None = None) -> list[Any]: ...

    def by_sound(self, hangul: str, country: str) -> Any | None: ...


@dataclass
class Extraction:
    """A document's answer (spec/extraction.md) and what extraction noticed on the way."""

    answer: Answer
    sentences: int = 0
    places: int = 0
    warnings: list[str] = field(default_factory=list)


class Extractor:
    """Configured once (gazetteer), then called per document."""

    def __init__(self, gazetteer: PlaceFinder) -> None:
        self.gazetteer = gazetteer

    def __call__(self, document: Document) -> Extraction:
        return self.run(document)

    # -- the stages ---------------------------------------------------------------------
    def run(self, document: Document) -> Extraction:
        text = document.text
        lang = document.lang or detect_language(text)
        if lang == "ko":
            from citydip.pipeline.lang.ko import NOT_PLACES, Analyser

            analysis = Analyser.analyse(text)
            sentences = from_spans(text, analysis.sentences)
            word_starts: Container[int] | None = analysis.noun_starts
            proper: Container[int] = analysis.proper_starts
        else:
            sentences = split_en(text)
            word_starts, proper = None, frozenset()
        context = [document.home.country] if document.home and document.home.country else []
        places = self.gazetteer.find(text, context=context, word_starts=word_starts)
        if lang == "ko":
            places = _unknown_cities(text, places, analysis.proper_starts, self.gazetteer)
            places = [
                p
                for p in places
                if (not _hangul(p.text) and not _latin_name(text, p))
                or (
                    _hangul(p.text)
                    and p.text not in NOT_PLACES
                    and Analyser.place_like(analysis, p.start, p.text)
                    and not _KO_TITLED_NAME.search(text, max(0, p.start - 12), p.start)
                    and not _KO_GLOSSED_NAME.match(text, p.end)
                )
            ]
        home = self._home(document, places, lang)
        focus = _focus(places, home)
        published = document.published
        cues = cues_for(lang)

        drafts: list[Draft] = []
        pending_events: list[tuple[str, dict[str, Any]]] = []
        known_people: dict[str, PersonMention] = {}
        by_sentence = _group(places, sentences)
        last: Draft | None = None
        recent_dates: dict[str, tuple[int, str | None, str | None]] = {}
        recent: PlaceMention | None = None
        previous: PlaceMention | None = None  # the partner of the sentence just before
        network: tuple[int, PlaceMention] | None = None
        for sent, sent_places in zip(sentences, by_sentence, strict=True):
            if lang == "ko":
                people = find_people_ko(sent.text, sent.start, sent_places, proper)
            else:
                people = find_people_en(sent.text, sent.start, sent_places)
            people = unify(people, known_people)
            sent_places = _not_people(sent_places, people)
            v = SentenceView(
                sentence=sent,
                lang=lang,
                cues=cues,
                home=home,
                published=published,
                places=sent_places,
                dates=find_dates(sent.text, lang, published, sent.start),
                people=people,
                focus=recent or focus,
                previous=previous,
                network=network[1] if network and sent.index - network[0] <= 2 else None,
            )
            v.engagement = cues.engagement.find(sent.text)
            v.agreement = cues.agreement.find(sent.text)
            v.relationship = cues.relationship.find(sent.text)
            v.events = cues.events.find(sent.text)
            v.planned = bool(cues.planned.search(sent.text)) or any(d.future for d in v.dates)
            if cues.cancelled.search(sent.text):
                v.planned = False
            made = [
                *relationships.relationships(v),
                *agreements.agreements(v),
                *engagements.engagements(v),
                *memberships.memberships(v),
            ]
            pending_events += relationships.events(v)
            if made:
                if _ANAPHOR.match(sent.text) or _recent(recent_dates, published):
                    _inherit_dates(made, recent_dates, sent.index, published)
                else:
                    _inherit_dates(
                        [d for d in made if d.dated], recent_dates, sent.index, published
                    )
                drafts += made
                last = made[-1]
            elif last is not None and last.kind != "relationship":
                # a sentence that adds no record of its own goes on about the last one: its
                # areas, and (right after a forum or meeting) the cities taking part
                last.areas += [a for a in v.areas if a not in last.areas]
                if (
                    last.kind == "engagement"
                    and last.type in ("conference", "meeting")
                    and last.sentences[-1].index == sent.index - 1
                ):
                    have = last.party_keys()
                    last.parties += [p for p in v.partners(orgs=True) if p.key not in have]
            partners = v.partners()
            if partners:
                recent = partners[0]
            previous = partners[0] if partners else None
            orgs = v.organisations()
            if orgs:
                network = (sent.index, orgs[-1])
        drafts = link(merge(drafts), home)
        _attach_events(drafts, pending_events)
        records = [d.record() for d in drafts]
        answer = Answer(
            doc_id=document.doc_id,
            lang=lang,
            published=published,
            home=place_ref(home) if home else None,
            title=document.title,
            source=document.source,
            text=text,
            records=records,
        )
        return Extraction(answer, sentences=len(sentences), places=len(places))

    def _home(
        self, document: Document, places: Sequence[PlaceMention], lang: str
    ) -> PlaceMention | None:
        """The document's home city: as given, else the city it names most (in Korean, the
        Korean city it names most)."""
        if document.home is not None:
            for p in places:
                if p.level == "city" and _same_name(p, document.home.name, document.home.country):
                    return p
            found = self.gazetteer.lookup(document.home.name, document.home.country)
            if found:
                return _mention(found[0], 0, 0, document.home.name)
            return PlaceMention(
                0,
                0,
                document.home.name,
                document.home.name,
                document.home.country,
                "city",
                f"home:{document.home.name}",
            )
        cities = [p for p in places if p.level == "city"]
        if lang == "ko" and any(p.country == "KR" for p in cities):
            # a Korean release is a Korean city's: its partners abroad may be named as often
            cities = [p for p in cities if p.country == "KR"]
        counts = Counter(p.key for p in cities)
        if not counts:
            return None
        key = counts.most_common(1)[0][0]
        return next(p for p in places if p.key == key)


# A sentence that goes on from the one before ("Whilst there, ...", "이 자리에서")
_ANAPHOR = re.compile(
    r"(?:[\"“']?\s*)(?:whilst there|while there|there,|during (?:the|his|her|this|that) "
    r"(?:visit|trip|meeting|stay)|at the (?:meeting|event|ceremony)|on the same day|"
    r"afterwards|after that|then,|이 자리에서|이날|이어|또한 이 자리)",
    re.I,
)
# "(시장 야마시타 아키)": a title and a name before a "place" make it part of the name
_KO_TITLED_NAME = re.compile(r"(?:시장|지사|대사|총영사|의장|위원장)\s+[가-힣]{2,4}\s+$")
# "로렌스 웡(Lawrence Wong)": a Latin gloss of a Korean text that goes on with a capitalised
# word is a person's name
_KO_LATIN_NAME = re.compile(r" [A-Z][a-z]+\)")
# "로렌스 웡(Lawrence Wong)": a Korean "place" that begins a name glossed in Latin letters
_KO_GLOSSED_NAME = re.compile(r"\s?[가-힣]{1,4}\((?:[A-Z][a-z]+[ -]){1,3}[A-Z][a-z]+\)")
_KO_WORD = re.compile(
    r"([가-힣]{2,8}?)(?=(?:에서|에게|으로|로|와|과|의|에|은|는|을|를|이|가|도)?(?:[\s,·)(]|$))"
)
_KO_AFTER_COUNTRY = re.compile(
    r" ([가-힣]{2,6}?)(시(?!장)|시티)?(?=[\s,·)(와과의에은는이가을를]|$)"
)


def _unknown_cities(
    text: str, places: list[PlaceMention], proper: Container[int], gazetteer: PlaceFinder
) -> list[PlaceMention]:
    """A proper noun right after a country ("콜롬비아 메데진", "튀르키예 콘야시") is a city of
    that country even when the gazetteer lacks its Korean name: the city of that country
    whose name sounds like it (Medellín, Konya), else a city under the name written."""
    known = {p.start for p in places}
    out = list(places)
    for p in places:
        if p.level != "country" or not p.country:
            continue
        m = _KO_AFTER_COUNTRY.match(text, p.end)
        if m is None or m.start(1) in known or m.start(1) not in proper:
            continue
        name = m.group(1) + ("시티" if m.group(2) == "시티" else "")
        # the whole word first: "브라가에서" is 브라가 (Braga), not 브라 with the particle 가
        whole = _KO_WORD.match(text, m.start(1))
        e = None
        if whole is not None and whole.group(1) != name and not whole.group(1).endswith("시"):
            e = gazetteer.by_sound(whole.group(1), p.country)
            if e is not None:
                name, m = whole.group(1), whole
        e = e or gazetteer.by_sound(name, p.country)
        if e is not None:
            out.append(_mention(e, m.start(1), m.end(), text[m.start(1) : m.end()], (name,)))
            continue
        out.append(
            PlaceMention(
                m.start(1),
                m.end(),
                text[m.start(1) : m.end()],
                name,
                p.country,
                "city",
                f"unlisted:{p.country}:{name}",
            )
        )
    return sorted(out, key=lambda x: x.start)


def _mention(
    e: Any, start: int, end: int, written: str, aliases: tuple[str, ...] = ()
) -> PlaceMention:
    """A mention of a gazetteer entry (anything with its fields) written at start:end."""
    return PlaceMention(
        start,
        end,
        written,
        e.name,
        e.country,
        e.level,
        e.key,
        e.latitude,
        e.longitude,
        e.geonames_id,
        aliases=aliases,
    )


def _latin_name(text: str, p: PlaceMention) -> bool:
    return text[p.start - 1 : p.start] == "(" and bool(_KO_LATIN_NAME.match(text, p.end))


def _hangul(text: str) -> bool:
    return bool(text) and "\uac00" <= text[0] <= "\ud7a3"


def _same_name(p: PlaceMention, name: str, country: str | None) -> bool:
    if country and p.country != country:
        return False
    folded = name.casefold()
    return folded in (p.name.casefold(), p.text.casefold(), *(a.casefold() for a in p.aliases))


def _focus(places: Sequence[PlaceMention], home: PlaceMention | None) -> PlaceMention | None:
    counts = Counter(
        p.key
        for p in places
        if p.level in ("city", "region") and (home is None or p.key != home.key)
    )
    if not counts:
        return None
    key = counts.most_common(1)[0][0]
    return next(p for p in places if p.key == key)


def _group(
    places: Sequence[PlaceMention], sentences: Sequence[Sentence]
) -> list[list[PlaceMention]]:
    out: list[list[PlaceMention]] = [[] for _ in sentences]
    i = 0
    for p in sorted(places, key=lambda p: p.start):
        while i < len(sentences) and sentences[i].end <= p.start:
            i += 1
        if i < len(sentences) and sentences[i].start <= p.start:
            out[i].append(p)
    return out


def _recent(recent: dict[str, tuple[int, str | None, str | None]], published: str | None) -> bool:
    """Whether the dates met so far are the document's present (undated: always), so that a
    following undated sentence is likely about the same days, not about today."""
    if published is None:
        return True
    if not recent:
        return False
    last = max(recent.values(), key=lambda r: r[0])[1]
    return last is not None and last[:7] >= _month_before(published)


def _month_before(published: str) -> str:
    year, month = int(published[:4]), int(published[5:7] or 1) if len(published) >= 7 else 1
    year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return f"{year:04d}-{month:02d}"


# how many sentences on an undated record still takes the date of one about the same partner
_INHERIT_WITHIN = 3


def _inherit_dates(
    made: list[Draft],
    recent: dict[str, tuple[int, str | None, str | None]],
    index: int,
    published: str | None,
) -> None:
    """A sentence that gives no date ("Whilst there, they signed an MOU") takes the date of
    the sentence before it about the same partner; dated drafts update what is recent."""
    recent_published = str(int(published[:4]) - 1) if published else None
    for d in made:
        if d.kind not in ("agreement", "engagement"):
            continue
        if d.dated:
            if d.start and recent_published and d.start[:4] < recent_published:
                continue  # a past fact ("signed in 1993") dates nothing that follows
            for key in d.party_keys():
                recent[key] = (index, d.start, d.end)
            continue
        for key in d.party_keys():
            seen = recent.get(key)
            if seen is not None and index - seen[0] <= _INHERIT_WITHIN:
                d.start, d.end, d.dated = seen[1], seen[2], True
                break


def _not_people(places: list[PlaceMention], people: Sequence[PersonMention]) -> list[PlaceMention]:
    """Drop 'places' that are a person's name ("Yoichi" Masuzoe, Harumi "Takahashi")."""
    if not people:
        return places
    return [
        p
        for p in places
        if not any(
            h.start <= p.start < h.end and p.text in h.name and p.name != h.of for h in people
        )
    ]


def _attach_events(drafts: list[Draft], events: list[tuple[str, dict[str, Any]]]) -> None:
    ties = [d for d in drafts if d.kind == "relationship"]
    for key, event in events:
        for tie in ties:
            if key in tie.party_keys():
                if event not in tie.events:
                    tie.events.append(event)
                break
