"""A generated registry for the web benchmark: places, ties, engagements and the rest,
written straight into the tables (Core executemany on SQLite, COPY on PostgreSQL).

Deterministic: the same sizes and seed give the same rows. Record ids are handed out in one
stream with the kinds mixed (as an import of many documents leaves them), so the rows of a
kind are spread over the whole table as in a real registry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import accumulate
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import Connection, Engine, Table, func, insert, select

from citydip.services import accounts
from citydip.store.base import Base
from citydip.store.engine import open_registry
from citydip.store.names import content_key, norm_name, place_key
from citydip.store.settings import RegistrySetting

GENERATOR_VERSION = 1
MARKER = "bench_data"  # registry_settings row written last: the registry is complete
BENCH_USER = "bench"
BENCH_PASSWORD = "bench-password-1"  # a throwaway registry on this machine only
NOW = dt.datetime(2026, 11, 1, 9, 0, 0, tzinfo=dt.UTC)
CHUNK = 50_000


@dataclass(frozen=True)
class Sizes:
    places: int
    ties: int
    engagements: int
    agreements: int
    memberships: int
    documents: int
    people: int
    seed: int = 20261202

    @property
    def records(self) -> int:
        return self.ties + self.engagements + self.agreements + self.memberships


FULL = Sizes(30_000, 50_000, 1_000_000, 5_000, 3_000, 3_000, 20_000)
QUICK = Sizes(3_000, 5_000, 100_000, 500, 300, 300, 2_000)

# country, weight, lat, lon (rough centre): partners are spread like a Korean city's
COUNTRIES = [
    ("JP", 12, 36.2, 138.3), ("CN", 14, 35.9, 104.2), ("US", 10, 39.8, -98.6),
    ("VN", 5, 14.1, 108.3), ("FR", 4, 46.2, 2.2), ("DE", 4, 51.2, 10.5),
    ("RU", 3, 56.0, 40.0), ("MN", 2, 46.9, 103.8), ("ID", 3, -2.5, 118.0),
    ("PH", 3, 12.9, 121.8), ("TH", 3, 15.9, 101.0), ("IN", 3, 21.0, 78.0),
    ("BR", 2, -14.2, -51.9), ("MX", 2, 23.6, -102.5), ("TR", 2, 39.0, 35.2),
    ("GB", 3, 52.4, -1.5), ("IT", 3, 42.5, 12.6), ("ES", 3, 40.4, -3.7),
    ("AU", 2, -25.3, 133.8), ("CA", 2, 56.1, -106.3), ("UZ", 2, 41.4, 64.6),
    ("KZ", 2, 48.0, 66.9), ("MY", 2, 4.2, 102.0), ("PL", 1, 52.0, 19.1),
    ("HU", 1, 47.2, 19.5), ("CZ", 1, 49.8, 15.5), ("NL", 1, 52.1, 5.3),
    ("EG", 1, 26.8, 30.8), ("KE", 1, -0.0, 37.9), ("NG", 1, 9.1, 8.7),
    ("AR", 1, -38.4, -63.6), ("CL", 1, -35.7, -71.5), ("PE", 1, -9.2, -75.0),
    ("NZ", 1, -40.9, 174.9), ("SE", 1, 60.1, 18.6), ("FI", 1, 61.9, 25.7),
    ("AE", 1, 23.4, 53.8), ("SA", 1, 23.9, 45.1), ("KH", 1, 12.6, 104.9),
    ("LA", 1, 19.9, 102.5), ("KR", 6, 36.3, 127.9),
]  # fmt: skip
SYLLABLES = (
    "se seo sel ka to mi ra shi na be lo san ver dam ber ling po ta ny va ha ri go "
    "ma chi ku ro an el ne bu do"
).split()
HANGUL = list("가나다마바사아자차카타파하서부인광대울전제수원성남북동산천강")
NETWORKS = [
    "C40 Cities", "Metropolis", "UCLG", "ICLEI", "Mayors for Peace", "CityNet",
    "Eurocities", "World Cities Summit Mayors Forum", "Asian Network of Major Cities 21",
    "Global Covenant of Mayors", "UNESCO Creative Cities Network", "WeGO",
    "Association of North East Asia Regional Governments", "Healthy Cities", "OWHC",
    "Global Parliament of Mayors", "Smart City Expo Network", "UN-Habitat Partners",
    "Resilient Cities Network", "Cities Alliance",
]  # fmt: skip
TIE_TYPES = [("sister", 5), ("friendship", 4), ("partnership", 1)]
TIE_EVENTS = ["upgraded", "renewed", "anniversary", "strained", "normalized", "terminated"]
ENGAGEMENT_TYPES = [
    ("meeting", 30), ("official_visit", 22), ("conference", 10), ("cultural_event", 8),
    ("citizen_exchange", 7), ("training_program", 6), ("study_tour", 5),
    ("policy_sharing", 4), ("personnel_exchange", 3), ("aid", 3), ("honor", 2),
]  # fmt: skip
AGREEMENT_TYPES = [
    ("mou", 5), ("cooperation_agreement", 3), ("friendship_agreement", 2),
    ("sister_city_agreement", 2), ("joint_declaration", 1), ("letter_of_intent", 1),
    ("other_agreement", 1),
]  # fmt: skip
AREAS = [
    ("economy", 8), ("culture", 7), ("tourism", 5), ("education_youth", 5),
    ("environment", 4), ("smart_city", 4), ("transport", 3), ("urban_planning", 3),
    ("health_welfare", 3), ("safety", 2), ("water", 2), ("sports", 2), ("energy", 2),
    ("governance", 2), ("social_economy", 1), ("peace", 1),
]  # fmt: skip
TITLES = ["Mayor", "Vice Mayor", "Governor", "Ambassador", "Director General", "Consul General"]
WORDS = {
    "meeting": "Meeting with",
    "official_visit": "Visit to",
    "conference": "Forum with",
    "cultural_event": "Culture week of",
    "citizen_exchange": "Youth exchange with",
    "training_program": "Training for officials of",
    "study_tour": "Study tour from",
    "policy_sharing": "Policy sharing with",
    "personnel_exchange": "Staff exchange with",
    "aid": "Relief for",
    "honor": "Honorary citizenship for",
}
SENTENCES = [
    "The mayor met the delegation of {p} at City Hall on {d}.",
    "Both cities agreed to expand exchanges in {a} and to meet again next year.",
    "The two sides signed a memorandum of understanding with {p}.",
    "A delegation led by the vice mayor visited {p} for three days.",
    "Officials from {p} toured the traffic information centre and the waterworks.",
    "The city will host the forum, which {p} attends as a founding member.",
]


def _weighted(options: Sequence[tuple[str, int]]) -> tuple[list[str], list[float]]:
    return [o for o, _ in options], list(accumulate(float(w) for _, w in options))


class Picker:
    """Weighted choices by bisection on cumulative weights (fast for millions of picks)."""

    def __init__(self, rng: random.Random, items: Sequence[Any], weights: Sequence[float]):
        self.rng, self.items = rng, list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self) -> Any:
        return self.items[bisect_right(self.cum, self.rng.random() * self.total)]

    def distinct(self, n: int) -> list[Any]:
        out: list[Any] = []
        while len(out) < n:
            item = self()
            if item not in out:
                out.append(item)
        return out


def _kw(rng: random.Random, options: Sequence[tuple[str, int]]) -> Picker:
    items, cum = _weighted(options)
    weights = [cum[0]] + [b - a for a, b in zip(cum, cum[1:], strict=False)]
    return Picker(rng, items, weights)


def _date(rng: random.Random, first: int = 1990, last: int = 2026) -> str:
    year = rng.randint(first, last)
    r = rng.random()
    if r < 0.08:
        return str(year)
    if r < 0.2:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _review(rng: random.Random) -> str:
    r = rng.random()
    return "accepted" if r < 0.97 else "proposed" if r < 0.995 else "rejected"


@dataclass
class Place:
    id: int
    key: str
    name: str
    country: str | None
    level: str
    lat: float | None
    lon: float | None
    names: list[str]


class Generator:
    """Rows for every table, made in id order from one seeded random stream."""

    def __init__(self, sizes: Sizes):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.places = self._places()
        rng = self.rng
        cities = [p.id for p in self.places if p.level != "organization" and p.id != 1]
        rng.shuffle(cities)  # popularity by a Zipf-like law over a random order
        self.partner = Picker(rng, cities, [1 / (r + 10) ** 0.9 for r in range(len(cities))])
        self.networks = [p.id for p in self.places if p.level == "organization"]
        self.by_id = {p.id: p for p in self.places}
        self.eng_type = _kw(rng, ENGAGEMENT_TYPES)
        self.agr_type = _kw(rng, AGREEMENT_TYPES)
        self.tie_type = _kw(rng, TIE_TYPES)
        self.area = _kw(rng, AREAS)
        self.person_count = sizes.people
        # which kind each record id is: mixed, as many imported documents leave them
        kinds = (
            ["relationship"] * sizes.ties
            + ["agreement"] * sizes.agreements
            + ["membership"] * sizes.memberships
            + ["engagement"] * sizes.engagements
        )
        rng.shuffle(kinds)
        self.kinds = kinds
        self.doc_lengths: list[list[tuple[int, int]]] = []
        self.event_id = 0
        self.commitment_id = 0
        self.evidence_id = 0
        self.tie_pairs: set[tuple[int, int]] = set()
        self.memberships: set[tuple[int, int]] = set()
        self.home_partners = iter(rng.sample(cities, min(len(cities), sizes.ties // 10)))

    # -- places, people, documents ------------------------------------------------------
    def _places(self) -> list[Place]:
        rng, n = self.rng, self.sizes.places
        seoul = Place(1, "seoul-kr", "Seoul", "KR", "city", 37.5665, 126.978, ["Seoul", "서울"])
        places = [seoul]
        keys = {seoul.key}
        for name in NETWORKS:
            key = place_key(name, None, "organization")
            places.append(
                Place(len(places) + 1, key, name, None, "organization", None, None, [name])
            )
            keys.add(key)
        country = _kw(rng, [(c, w) for c, w, _, _ in COUNTRIES])
        centre = {c: (lat, lon) for c, _, lat, lon in COUNTRIES}
        while len(places) < n:
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            cc = country()
            level = "region" if rng.random() < 0.05 else "city"
            key = place_key(name, cc, level)
            if key in keys:
                continue
            keys.add(key)
            lat, lon = centre[cc]
            names = [name]
            if rng.random() < 0.25:
                names.append("".join(rng.choice(HANGUL) for _ in range(rng.randint(2, 3))))
            if rng.random() < 0.1:
                names.append(f"Greater {name}" if level == "region" else f"{name} City")
            places.append(
                Place(
                    len(places) + 1,
                    key,
                    name,
                    cc,
                    level,
                    round(lat + rng.uniform(-4, 4), 4) if rng.random() < 0.95 else None,
                    round(lon + rng.uniform(-6, 6), 4),
                    names,
                )
            )
        return places

    def place_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        places, names = [], []
        for p in self.places:
            places.append(
                {
                    "id": p.id,
                    "key": p.key,
                    "name": p.name,
                    "country": p.country,
                    "level": p.level,
                    "lat": p.lat if p.lat is not None else None,
                    "lon": p.lon if p.lat is not None else None,
                    "geonames_id": None,
                    **_audit("accepted"),
                }
            )
            seen: set[str] = set()
            for name in p.names:
                norm = norm_name(name)
                if norm in seen:
                    continue
                seen.add(norm)
                names.append({"place_id": p.id, "name": name, "norm": norm})
        for i, row in enumerate(names, 1):
            row["id"] = i
        return places, names

    def people_rows(self) -> list[dict[str, Any]]:
        rng, rows = self.rng, []
        first = "Min Ji Hyun Tanaka Li Anna Paul Marie Omar Chen Sato Maria Ivan Nguyen".split()
        last = "Kim Park Lee Suzuki Wang Smith Dubois Muller Rossi Garcia Tran Sokolov".split()
        for i in range(1, self.person_count + 1):
            place = 1 if i <= 50 else self.partner()
            name = f"{rng.choice(first)} {rng.choice(last)} {i}"
            rows.append(
                {
                    "id": i,
                    "key": f"{norm_name(name).replace(' ', '-')}-{self.by_id[place].key}",
                    "name": name,
                    "title": rng.choice(TITLES),
                    "place_id": place,
                    "affiliation": None,
                    "term_start": None,
                    "term_end": None,
                    **_audit("accepted"),
                }
            )
        return rows

    def document_rows(self) -> list[dict[str, Any]]:
        rng, rows = self.rng, []
        for i in range(1, self.sizes.documents + 1):
            spans, parts, at = [], [], 0
            for _ in range(rng.randint(6, 14)):
                p = self.by_id[self.partner()]
                sentence = rng.choice(SENTENCES).format(p=p.name, d=_date(rng), a=self.area())
                spans.append((at, at + len(sentence)))
                parts.append(sentence)
                at += len(sentence) + 1
            body = " ".join(parts)
            self.doc_lengths.append(spans)
            rows.append(
                {
                    "id": i,
                    "doc_id": f"bench-{i:06d}",
                    "source": f"https://example.org/press/{i}",
                    "title": f"Press release {i}",
                    "published": _date(rng, 2000, 2026),
                    "lang": "ko" if rng.random() < 0.4 else "en",
                    "sha256": hashlib.sha256(body.encode()).hexdigest(),
                    "text": body,
                    "home_id": 1,
                    "created_at": NOW,
                }
            )
        return rows

    # -- records ------------------------------------------------------------------------
    def record_chunks(self) -> Iterator[dict[str, list[dict[str, Any]]]]:
        """The records in id order, a chunk of rows for every table at a time."""
        for start in range(0, len(self.kinds), CHUNK):
            out: dict[str, list[dict[str, Any]]] = {
                t: []
                for t in (
                    "records",
                    "record_parties",
                    "record_areas",
                    "relationship_events",
                    "engagement_people",
                    "commitments",
                    "evidence",
                )
            }
            for rid in range(start + 1, min(start + CHUNK, len(self.kinds)) + 1):
                make: Callable[[int, dict[str, list[dict[str, Any]]]], None] = getattr(
                    self, "_" + self.kinds[rid - 1]
                )
                make(rid, out)
            yield out

    def _base(self, rid: int, kind: str, type_: str | None) -> dict[str, Any]:
        return {
            "id": rid,
            "key": content_key("bench", rid),
            "kind": kind,
            "type": type_,
            "title": None,
            "summary": None,
            **_audit(_review(self.rng)),
            "date": None,
            "status": None,
            "start": None,
            "end": None,
            "location_id": None,
            "since": None,
            "network_id": None,
            "member_id": None,
            "role": None,
            "version": 1,
        }

    def _parties(self, rid: int, ids: list[int], out: dict[str, list[dict[str, Any]]]) -> None:
        out["record_parties"].extend(
            {"record_id": rid, "position": n, "place_id": pid} for n, pid in enumerate(ids)
        )

    def _areas(self, rid: int, n: int, out: dict[str, list[dict[str, Any]]]) -> None:
        out["record_areas"].extend(
            {"record_id": rid, "area": a, "position": i}
            for i, a in enumerate(self.area.distinct(n))
        )

    def _evidence(self, rid: int, out: dict[str, list[dict[str, Any]]]) -> None:
        if not self.doc_lengths:
            return
        doc = self.rng.randrange(len(self.doc_lengths))
        s, e = self.rng.choice(self.doc_lengths[doc])
        self.evidence_id += 1
        out["evidence"].append(
            {
                "id": self.evidence_id,
                "record_id": rid,
                "document_id": doc + 1,
                "start": s,
                "end": e,
                "quote": None,
            }
        )

    def _relationship(self, rid: int, out: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        while True:
            a = next(self.home_partners, None) if rng.random() < 0.1 else None
            pair = (1, a) if a is not None else tuple(sorted(self.partner.distinct(2)))
            if pair not in self.tie_pairs:
                self.tie_pairs.add(pair)  # type: ignore[arg-type]
                break
        row = self._base(rid, "relationship", self.tie_type())
        since = _date(rng, 1960, 2026)
        row["since"] = since
        out["records"].append(row)
        self._parties(rid, list(pair), out)
        events = [("established", since)]
        if rng.random() < 0.3 and int(since[:4]) < 2026:
            later = min(int(since[:4]) + rng.randint(1, 20), 2026)
            events.append((rng.choice(TIE_EVENTS), str(later)))
        for n, (etype, date) in enumerate(events):
            self.event_id += 1
            out["relationship_events"].append(
                {
                    "id": self.event_id,
                    "relationship_id": rid,
                    "position": n,
                    "type": etype,
                    "date": date,
                    "start": None,
                    "end": None,
                }
            )
        if rng.random() < 0.1:
            self._evidence(rid, out)

    def _agreement(self, rid: int, out: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        row = self._base(rid, "agreement", self.agr_type())
        parties = self.partner.distinct(rng.choice((1, 1, 1, 2)))
        row.update(
            date=_date(rng, 1995, 2026),
            status="happened" if rng.random() < 0.85 else "planned",
            title=f"Agreement with {self.by_id[parties[0]].name}",
        )
        out["records"].append(row)
        self._parties(rid, parties, out)
        self._areas(rid, rng.randint(1, 3), out)
        if rng.random() < 0.3:
            for n in range(rng.randint(1, 3)):
                self.commitment_id += 1
                out["commitments"].append(
                    {
                        "id": self.commitment_id,
                        "agreement_id": rid,
                        "position": n,
                        "text": f"Exchange {self.area()} officials every year",
                        "area": self.area(),
                        "due": str(rng.randint(2020, 2030)),
                        "status": rng.choice(("open", "open", "done", "dropped")),
                        **_audit("accepted"),
                    }
                )
        self._evidence(rid, out)

    def _membership(self, rid: int, out: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        while True:
            pair = (rng.choice(self.networks), 1 if rng.random() < 0.003 else self.partner())
            if pair not in self.memberships:
                self.memberships.add(pair)
                break
        row = self._base(rid, "membership", None)
        row.update(
            network_id=pair[0],
            member_id=pair[1],
            role=rng.choice(("member",) * 8 + ("founder", "board")),
            since=str(rng.randint(1982, 2026)),
        )
        out["records"].append(row)

    def _engagement(self, rid: int, out: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        etype = self.eng_type()
        parties = self.partner.distinct(rng.choice((1, 1, 1, 1, 2, 2, 3)))
        r = rng.random()
        location = (
            1 if r < 0.45 else parties[0] if r < 0.85 else self.partner() if r < 0.95 else None
        )
        start = _date(rng)
        status = (
            "happened" if rng.random() < 0.9 else "planned" if rng.random() < 0.8 else "cancelled"
        )
        row = self._base(rid, "engagement", etype)
        row.update(
            start=start,
            end=start if len(start) < 10 or rng.random() < 0.8 else start[:8] + "28",
            status=status,
            location_id=location,
            title=f"{WORDS[etype]} {self.by_id[parties[0]].name}",
        )
        if rng.random() < 0.05:
            row["summary"] = "Talks on " + ", ".join(self.area.distinct(2)) + " cooperation."
        out["records"].append(row)
        self._parties(rid, parties, out)
        self._areas(rid, rng.choice((0, 1, 1, 2, 3)), out)
        if rng.random() < 0.3:
            people = [rng.randint(1, 50)] + (
                [rng.randint(51, self.person_count)] if rng.random() < 0.6 else []
            )
            out["engagement_people"].extend(
                {"engagement_id": rid, "position": n, "person_id": pid, "title": "Mayor"}
                for n, pid in enumerate(people)
            )
        if rng.random() < 0.02:
            self._evidence(rid, out)


def _audit(state: str) -> dict[str, Any]:
    return {
        "review_state": state,
        "created_by": "bench",
        "created_at": NOW,
        "updated_by": None,
        "updated_at": None,
    }


# -- writing -------------------------------------------------------------------------------
class Writer:
    """Writes rows into a table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self.tables: dict[str, Table] = dict(Base.metadata.tables)

    def write(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        t = self.tables[table]
        if not self.pg:
            self.conn.execute(insert(t), rows)
            return
        cols = [c.name for c in t.columns if c.name in rows[0]]
        quoted = ", ".join(f'"{c}"' for c in cols)
        dbapi = self.conn.connection.driver_connection
        assert dbapi is not None
        with dbapi.cursor() as cur, cur.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in cols])


def is_complete(engine: Engine, sizes: Sizes) -> bool:
    """True if the registry was generated (to the end) with these sizes and this version."""
    try:
        with engine.connect() as conn:
            value = conn.scalar(select(RegistrySetting.value).where(RegistrySetting.key == MARKER))
    except Exception:  # noqa: BLE001 - no table yet: not generated
        return False
    return value == _marker(sizes)


def _marker(sizes: Sizes) -> str:
    return json.dumps({"version": GENERATOR_VERSION, **asdict(sizes)}, sort_keys=True)


def generate(url: str, sizes: Sizes, console: Console) -> None:
    """Fill the (empty, freshly migrated) registry at `url` with generated rows."""
    registry = open_registry(url)
    engine = registry.engine
    gen = Generator(sizes)
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console) as progress, engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-1000000")
        else:
            conn.exec_driver_sql("SET synchronous_commit = off")
        w = Writer(conn)
        places, names = gen.place_rows()
        task = progress.add_task("places", total=len(places))
        w.write("places", places)
        w.write("place_names", names)
        progress.update(task, completed=len(places))
        conn.execute(insert(RegistrySetting), [{"key": "home", "value": "seoul-kr"}])
        people = gen.people_rows()
        w.write("people", people)
        docs = gen.document_rows()
        w.write("documents", docs)
        progress.add_task(
            "people + documents", total=len(people) + len(docs), completed=len(people) + len(docs)
        )
    counts: dict[str, int] = {}
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("records", total=sizes.records)
        for chunk in gen.record_chunks():
            with engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("PRAGMA synchronous=OFF")
                else:
                    conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
                w = Writer(conn)
                for table, rows in chunk.items():
                    w.write(table, rows)
                    counts[table] = counts.get(table, 0) + len(rows)
            progress.advance(task, len(chunk["records"]))
    console.print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()), highlight=False)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("places", "place_names", "people", "documents", "records",
                          "relationship_events", "commitments", "evidence"):  # fmt: skip
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    with registry.session() as session:
        if accounts.get_user(session, BENCH_USER) is None:
            accounts.add_user(session, BENCH_USER, BENCH_PASSWORD, "admin")
    console.print("ANALYZE ...")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with engine.begin() as conn:
        conn.execute(insert(RegistrySetting), [{"key": MARKER, "value": _marker(sizes)}])
        total = conn.scalar(select(func.count()).select_from(Base.metadata.tables["records"]))
    console.print(f"generated {total:,} records at {registry.url}")
    registry.close()
