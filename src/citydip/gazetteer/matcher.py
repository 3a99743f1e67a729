"""Find place names in text and resolve each to one place.

All names of all places go into one Aho-Corasick automaton (pyahocorasick), so a document
is scanned once, whatever the size of the gazetteer. A hit is kept when it stands as a word
(Latin names: capitalised, not inside a longer word; Korean names: at a word start, followed
by a space, punctuation, a particle or an administrative suffix). Overlapping hits keep the
longest. An ambiguous name ("Victoria", "Georgia", "Panama City") goes to the place that
the rest of the document supports: its country mentioned, a suffix such as "Province" or
"주", its population.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick

from citydip.gazetteer.sources import CJK, HANGUL, Entry, all_entries
from citydip.types import PlaceMention

log = logging.getLogger(__name__)

# Words after a name that make it a city or a region (kept in the mention's span).
_EN_CITY_SUFFIX = re.compile(
    r"^(?:\s+(?:Metropolitan Government|Metropolitan City|Metropolitan Council|"
    r"Special Metropolitan City|Municipal Government|City Government|City Hall|"
    r"Metropolis|City(?!\s+(?:Hall|Council)\b)))"
)
_EN_REGION_SUFFIX = re.compile(
    r"^(?:\s+(?:Provincial Government|Prefectural Government|Province|Prefecture|"
    r"Prefectural(?= [A-Z])|Provincial(?= [A-Z])|State"
    r"(?!\s+(?:of|Council|Department|University)\b)|Oblast|Krai|Region))"
)
_KO_CITY_SUFFIX = re.compile(r"^(?:특별시|광역시|특별자치시|시청|시(?!작|간|설|민단|행|도|장))")
_KO_REGION_SUFFIX = re.compile(
    r"^(?:특별자치도|자치구|자치주|성|현|도(?![시로])|주(?!년|간|요|한))"
)
# Hangul that may follow a name directly: particles and short suffixes.
_KO_FOLLOW = frozenset("시도현성주구군와과의을를은는이가에로으측등및까부만께랑하대정방청간서엔")

# Capitalised English words that GeoNames also knows as (small) places.
_EN_STOP = frozenset(
    """
    mayor governor president minister city state province university hall center centre
    march may june july august january october november december april september february
    monday tuesday wednesday thursday friday saturday sunday
    of the and as an at in on by to for with from about after before during
    union independence progress marina mobile nice reading split bath young sale hope
    liberty victory opportunity deal eagle orange banks commerce industry university
    asia europe africa america oceania world global international national
    metropolitan government seoul-si city-state park forest street river
    summit forum congress assembly conference festival expo
    """.split()
)

# A name that starts the name of a building or venue ("Sejong Hall", "Sejong Arts Center",
# "the Nyanza-Kicukiro Genocide Memorial") does not name the place as a party.
_VENUE_AFTER = re.compile(
    r"(?:-[A-Z][\w'’]+)?(?: [A-Z][\w'’]+){0,2} (?:Hall|Center|Centre|Memorial|Museum|"
    r"Street|Road|Avenue|Park|Square|Library|Hospital|Theat(?:er|re)|Temple|Church|Cathedral|"
    r"Gate|Market|Plaza|Palace|Tower|Bridge|Hotel)\b"
)

_KR_DISTRICT_AFTER = re.compile(r"-(?:gu|dong|ro|gil|eup|myeon|ri)\b")

# Words around a name that show it is used as a place ("the mayor of Gorizia", "Otaru City").
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:of|in|to|from|visit(?:ed|ing|s)?|and|with|between|toward)|[,;:(])\s+(?:the\s+)?$",
    re.I,
)
_PLACE_AFTER = re.compile(r"^(?:['’]s\b|\s*[,;)]|\s+(?:and|Mayor|Governor|City|County)\b)")

# A capitalised word right before or after a small town's name: part of a person's name
# ("Yoichi Masuzoe", "Harumi Takahashi", "Wang Qishan").
_NAME_AFTER = re.compile(
    r" (?!(?:City|Mayor|Governor|Prefecture|Province|County|Metropolitan|Municipal|State|Region|"
    r"Island|Bay|Port|District|Government|And|The)\b)[A-Z][a-z]+\b"
)
_NAME_BEFORE = re.compile(
    r"(?<![.!?] )(?<!^)\b(?!(?:Mayor|Governor|The|In|At|To|From|Of|And|With|Visit|Visited|City|"
    r"Greater|New|North|South|East|West|Central|Metropolitan)\b)[A-Z][a-z]+ $"
)
_PERSON_BEFORE = re.compile(r"\b(?:King|Queen|Emperor|Prince|Princess|Sir|Lady)\s+$")

# How many answers of `by_sound` a gazetteer keeps (then it forgets them all and starts again)
_SOUNDS_KEPT = 10_000

# A city smaller than this is taken from a Latin name only with a sign that it is a place
_SMALL_TOWN = 300_000

# Pseudo-population that orders levels when nothing else decides.
_LEVEL_WEIGHT = {"country": 8.0, "organization": 7.0, "region": 6.2}


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    surface: str
    entries: tuple[int, ...]
    hangul: bool
    suffix: str | None  # "city" | "region" when a suffix said so


def _fold(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Gazetteer:
    """Places by name, with a matcher over text. Built once per process (about a second)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: list[Entry] = list(entries)
        self.by_key = {e.key: i for i, e in enumerate(self.entries)}
        by_name: dict[str, list[int]] = defaultdict(list)
        for i, e in enumerate(self.entries):
            for name in e.names:
                by_name[_fold(name)].append(i)
        self.by_name = {k: tuple(v) for k, v in by_name.items()}
        self.automaton = ahocorasick.Automaton()
        for name, ids in self.by_name.items():
            script = "hangul" if HANGUL.match(name) else "cjk" if CJK.match(name) else "latin"
            if self._matchable(name, ids, script):
                self.automaton.add_word(name, (name, ids, script))
        self.automaton.make_automaton()
        self._sounds: dict[str, list[tuple[str, Counter[str], Entry]]] = {}
        self._by_sound: dict[tuple[str, str], Entry | None] = {}

    # -- lookups ----------------------------------------------------------------------
    def lookup(self, name: str, country: str | None = None) -> list[Entry]:
        """Places of this name (any script), most populous first."""
        found = [self.entries[i] for i in self.by_name.get(_fold(name.strip()), ())]
        if country:
            found = [e for e in found if e.country == country]
        return sorted(found, key=lambda e: -e.population)

    def by_sound(self, hangul: str, country: str) -> Entry | None:
        """The city of `country` whose name sounds like `hangul` ("콘야": Konya), if one
        is close enough; the most populous of equally close ones."""
        asked = (hangul, country)
        if asked not in self._by_sound:  # press releases name the same partners again
            if len(self._by_sound) >= _SOUNDS_KEPT:
                self._by_sound.clear()
            self._by_sound[asked] = self._closest_sound(hangul, country)
        return self._by_sound[asked]

    def _closest_sound(self, hangul: str, country: str) -> Entry | None:
        from citydip.gazetteer.transcription import (
            THRESHOLD,
            closeness,
            letters,
            may_reach,
            romanise,
            sound_key,
        )

        key = sound_key(romanise(hangul))
        key_letters = letters(key)
        best: tuple[float, int, Entry] | None = None
        for sound, sound_letters, e in self._sounds_of(country):
            if not may_reach(key, key_letters, sound, sound_letters):
                continue  # (most cities: too unlike to compute how alike)
            score = closeness(key, sound)
            if score >= THRESHOLD and (best is None or (score, e.population) > best[:2]):
                best = (score, e.population, e)
        return best[2] if best else None

    def _sounds_of(self, country: str) -> list[tuple[str, Counter[str], Entry]]:
        from citydip.gazetteer.transcription import letters, sound_key

        if country not in self._sounds:  # once per country, when first needed
            sounds = []
            for e in self.entries:
                if e.level == "city" and e.country == country:
                    sound = sound_key(e.name)
                    sounds.append((sound, letters(sound), e))
            self._sounds[country] = sounds
        return self._sounds[country]

    def get(self, key: str) -> Entry | None:
        i = self.by_key.get(key)
        return self.entries[i] if i is not None else None

    # -- matching ---------------------------------------------------------------------
    def find(
        self,
        text: str,
        context: Iterable[str] = (),
        word_starts: Container[int] | None = None,
    ) -> list[PlaceMention]:
        """Every place named in `text`, resolved.

        `context` lists country codes known to matter (the home city's country).
        `word_starts`, when given, holds the offsets where a proper noun starts (from a
        morphological analyser): a Hangul name is kept only there, so that 위해 ("for") or
        지난 ("last") are not read as Weihai or Jinan.
        """
        hits = self._hits(text)
        if word_starts is not None:
            hits = [h for h in hits if not h.hangul or h.start in word_starts]
        countries = Counter(
            self.entries[h.entries[0]].country
            for h in hits
            if len(h.entries) == 1 and self.entries[h.entries[0]].level == "country"
        )
        for c in context:
            countries[c] += 1
        out: list[PlaceMention] = []
        for n, hit in enumerate(hits):
            near = self._near(
                text, hits[n - 1] if n else None, hit, hits[n + 1] if n + 1 < len(hits) else None
            )
            # the words around tell a person's name or a place only of a small town's name
            # (`_choose` asks only then)
            small = not hit.hangul and any(
                self.entries[i].level == "city" and self.entries[i].population < _SMALL_TOWN
                for i in hit.entries
            )
            namey = small and bool(
                _NAME_AFTER.match(text, hit.end)
                or _NAME_BEFORE.search(text, max(0, hit.start - 20), hit.start)
            )
            placey = (
                small
                and not namey
                and bool(
                    _PLACE_BEFORE.search(text[max(0, hit.start - 25) : hit.start])
                    or _PLACE_AFTER.match(text[hit.end : hit.end + 12])
                )
            )
            entry = self._choose(hit, countries, near, placey, namey)
            if entry is None:
                continue
            name = entry.name  # the common English name; the text's spelling is an alias
            aliases = (hit.surface,) if hit.surface != name else ()
            out.append(
                PlaceMention(
                    start=hit.start,
                    end=hit.end,
                    text=text[hit.start : hit.end],
                    name=name,
                    country=entry.country,
                    level=entry.level,
                    key=entry.key,
                    latitude=entry.latitude,
                    longitude=entry.longitude,
                    geonames_id=entry.geonames_id,
                    aliases=aliases,
                )
            )
        return out

    def _matchable(self, name: str, ids: tuple[int, ...], script: str) -> bool:
        """Whether `_accept` can take any writing of this (folded) name: not a single
        Hangul syllable, nor a Latin name of three letters or fewer that no entry trusts
        in capitals ("LA", "C40"). The others would only be scanned for and refused."""
        if script != "latin":
            return len(name) >= 2 or script == "cjk"
        if len(name) > 3:
            return True
        # (a trusted name in capitals of the same length: the folding of a text may differ
        # from a name's alone, Greek final sigma, so the letters are not compared)
        return any(s.isupper() and len(s) == len(name) for i in ids for s in self.entries[i].strong)

    def _hits(self, text: str) -> list[_Hit]:
        folded = _fold(text)
        size = len(text)
        raw: list[_Hit] = []
        for end_index, (name, ids, script) in self.automaton.iter(folded):
            end = end_index + 1
            start = end - len(name)
            # what `_accept` refuses first: a Latin name inside a word or not capitalised, a
            # Hangul one after a Hangul syllable
            if script == "latin":
                if (
                    (start and text[start - 1].isalnum())
                    or (end < size and text[end].isalnum())
                    or not text[start].isupper()
                ):
                    continue
            elif script == "hangul" and start and "\uac00" <= text[start - 1] <= "\ud7a3":
                continue
            hit = self._accept(text, start, end, ids)
            if hit is not None:
                raw.append(hit)
        # leftmost-longest, no overlaps
        raw.sort(key=lambda h: (h.start, -(h.end - h.start), h.suffix is not None))
        kept: list[_Hit] = []
        last_end = -1
        for h in raw:
            if h.start >= last_end:
                kept.append(h)
                last_end = h.end
        return kept

    def _accept(self, text: str, start: int, end: int, ids: tuple[int, ...]) -> _Hit | None:
        surface = text[start:end]
        first = surface[0]
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if HANGUL.match(first):
            if HANGUL.match(before):
                return None
            rest = text[end : end + 6]
            suffix = None
            m = _KO_CITY_SUFFIX.match(rest) or None
            if rest.startswith(("시장", "부시장")):
                suffix = "city"  # 파나마시장: the mayor of a city (the title is not the name)
            elif m:
                suffix, end = "city", end + m.end()
            elif (m := _KO_REGION_SUFFIX.match(rest)) is not None:
                suffix, end = "region", end + m.end()
            elif HANGUL.match(after) and after not in _KO_FOLLOW:
                return None
            if len(surface) < 2:
                return None
            return _Hit(start, end, surface, ids, True, suffix)
        if CJK.match(first):
            return _Hit(start, end, surface, ids, False, None)
        # Latin script
        if before.isalnum() or after.isalnum() or before in "@/#" or after == "@":
            return None
        if not first.isupper():
            return None
        if len(surface) <= 3 and not (surface.isupper() and self._strong(surface, ids)):
            return None
        if _PERSON_BEFORE.search(text, max(0, start - 12), start):
            return None  # King Sejong: a person's name
        if surface.isupper() and len(surface) <= 4:
            # an acronym (C40, UCLG, LA) must be written as the gazetteer writes it
            if not self._strong(surface, ids):
                return None
        elif surface.casefold() in _EN_STOP:
            return None
        rest = text[end : end + 40]
        suffix = None
        if (m := _EN_CITY_SUFFIX.match(rest)) is not None:
            suffix, end = "city", end + m.end()
        elif (m := _EN_REGION_SUFFIX.match(rest)) is not None:
            suffix, end = "region", end + m.end()
        elif _VENUE_AFTER.match(text, end, end + 60) and not self._country_only(ids):
            return None
        elif _KR_DISTRICT_AFTER.match(text, end):
            return None  # "Mapo-gu", "Jongno-ro": a district or street of a Korean city
        return _Hit(start, end, surface, ids, False, suffix)

    def _country_only(self, ids: tuple[int, ...]) -> bool:
        return all(self.entries[i].level in ("country", "organization") for i in ids)

    def _strong(self, surface: str, ids: tuple[int, ...]) -> bool:
        return any(surface in self.entries[i].strong for i in ids)

    def _near(
        self, text: str, prev: _Hit | None, hit: _Hit, follow: _Hit | None
    ) -> tuple[set[str], set[str]]:
        """Countries the neighbours name: for any place, the country or region after it
        ("San Jose City in Costa Rica", "Victoria, British Columbia"); for a region, the
        city before it ("Atlanta, Georgia")."""
        near: set[str] = set()
        before: set[str] = set()
        if follow is not None and text[hit.end : follow.start].strip() in {",", "in", "(", ""}:
            near.update(
                c
                for i in follow.entries
                if (c := self.entries[i].country) and self.entries[i].level in ("country", "region")
            )
        if prev is not None and text[prev.end : hit.start].strip() == ",":
            cities = [self.entries[i] for i in prev.entries if self.entries[i].level == "city"]
            if cities:
                top = max(cities, key=lambda e: e.population)
                if top.country:
                    before.add(top.country)
        return near, before

    def _choose(
        self,
        hit: _Hit,
        countries: Counter[str | None],
        around: tuple[set[str], set[str]],
        placey: bool,
        namey: bool = False,
    ) -> Entry | None:
        near, before = around
        best: tuple[float, int] | None = None
        for i in hit.entries:
            e = self.entries[i]
            if hit.suffix == "city" and e.level not in ("city",):
                continue
            if hit.suffix == "region" and e.level not in ("region", "city"):
                continue
            strong = hit.surface in e.strong or hit.hangul
            if e.level == "city":
                if not strong and (e.population < 100_000 or len(hit.surface) < 5):
                    continue  # a minor alternate name of a small town: too often a word
                if (
                    not hit.hangul
                    and e.population < _SMALL_TOWN
                    and not e.capital
                    and not countries.get(e.country)
                    and e.country not in near
                    and not placey
                ):
                    continue  # a small town, unknown country, no sign of a place: a word
                if not hit.hangul and namey and hit.suffix is None and e.population < _SMALL_TOWN:
                    continue  # part of a person's name
                score = math.log10(e.population + 10)
                if e.capital:
                    score += 0.7
            else:
                score = _LEVEL_WEIGHT[e.level]
            if hit.suffix == "region" and e.level == "region":
                score += 5
            if (
                e.country
                and e.level != "country"
                and (e.country in near or (e.level == "region" and e.country in before))
            ):
                score += 10
            elif e.country and countries.get(e.country) and e.level != "country":
                score += 2.5
            if strong:
                score += 1
            if best is None or score > best[0]:
                best = (score, i)
        return self.entries[best[1]] if best else None


@cache
def load_gazetteer() -> Gazetteer:
    """The default gazetteer (built on first use, then shared in the process)."""
    import time

    t = time.perf_counter()
    gazetteer = Gazetteer(all_entries())
    log.debug("gazetteer: %d places in %.2f s", len(gazetteer.entries), time.perf_counter() - t)
    return gazetteer
