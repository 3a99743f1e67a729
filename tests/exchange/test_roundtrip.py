"""Export → import into an empty registry → export gives identical output; import is idempotent.

On the gold corpus and on Hypothesis-generated answers, on SQLite and PostgreSQL. Every
export format is compared as text: JSON, JSON Lines, GeoJSON, GraphML and each CSV table.

On PostgreSQL `empty_registry()` re-empties one second database on each call, so a registry
is always exported before the next one is made.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from citydip.exchange import formats
from citydip.exchange.export import export_answers
from citydip.exchange.importer import import_files, write_answers
from citydip.schema import Answer, PlaceRef
from citydip.store import queries
from citydip.store.engine import Registry
from citydip.taxonomy import load_taxonomy

BIG = 10**8


def exports(registry: Registry, folder: Path) -> dict[str, str]:
    """Every export format of a registry, as text (CSV: one entry per table file)."""
    out: dict[str, str] = {}
    with registry.session() as s:
        for name, writer in formats.STREAM_WRITERS.items():
            buf = io.StringIO()
            writer(s, buf)
            out[name] = buf.getvalue()
        for path in formats.write_csv(s, folder):
            out[f"csv/{path.name}"] = path.read_text(encoding="utf-8")
    return out


def counts(registry: Registry) -> dict[str, int]:
    with registry.session() as s:
        return queries.counts(s)


def import_ok(registry: Registry, paths: list[Path], stamp) -> Any:
    summary = import_files(registry, paths, stamp, BIG)
    assert not summary.failed, summary.failed[0].error
    return summary.totals


def assert_same(first: dict[str, str], second: dict[str, str]) -> None:
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], f"{name} differs after the round trip"


# -- the gold corpus ---------------------------------------------------------------------
def test_gold_corpus_round_trip_is_identical(registry, empty_registry, all_gold, tmp_path, stamp):
    import_ok(registry, all_gold, stamp)
    first = exports(registry, tmp_path / "csv1")
    assert {"json", "jsonl", "geojson", "graphml"} <= set(first)
    assert {
        "csv/places.csv",
        "csv/relationships.csv",
        "csv/agreements.csv",
        "csv/engagements.csv",
        "csv/memberships.csv",
        "csv/documents.csv",
        "csv/evidence.csv",
    } <= set(first)
    assert '"Tokyo"' in first["json"] and "tokyo-jp" in first["graphml"]
    before = counts(registry)
    assert before["relationships"] and before["agreements"] and before["engagements"]

    dump = tmp_path / "dump.json"
    dump.write_text(first["json"], encoding="utf-8")

    # the registry's own export, imported into it again, adds nothing
    again = import_ok(registry, [dump], stamp)
    assert again.records == 0 and again.places == 0 and again.documents == 0
    assert counts(registry) == before
    assert_same(first, exports(registry, tmp_path / "csv1-again"))

    other = empty_registry()
    import_ok(other, [dump], stamp)
    assert counts(other) == before
    second = exports(other, tmp_path / "csv2")
    assert_same(first, second)

    # and importing the export a second time into the new registry adds nothing either
    twice = import_ok(other, [dump], stamp)
    assert twice.records == 0 and twice.places == 0 and twice.documents == 0
    assert_same(first, exports(other, tmp_path / "csv3"))


def test_gold_corpus_jsonl_export_round_trips(registry, empty_registry, all_gold, tmp_path, stamp):
    import_ok(registry, all_gold, stamp)
    first = exports(registry, tmp_path / "csv1")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(first["jsonl"], encoding="utf-8")
    other = empty_registry()
    import_ok(other, [dump], stamp)
    assert_same(first, exports(other, tmp_path / "csv2"))


# -- cases Hypothesis found (kept as plain examples) --------------------------------------
def check_answers(empty_registry, tmp_path: Path, stamp, answers: list[dict]) -> dict[str, int]:
    """Write `answers`; writing them again adds nothing; export → import → export is equal."""
    work = _folder(tmp_path)
    validated = _validated(answers)
    r1 = empty_registry()
    write_answers(r1, validated, stamp)
    before = counts(r1)
    first = exports(r1, work / "csv1")
    stats = write_answers(r1, validated, stamp)
    assert stats.records == 0 and stats.places == 0 and stats.documents == 0
    assert counts(r1) == before
    assert_same(first, exports(r1, work / "csv1-again"))
    r1.close()
    dump = work / "dump.json"
    dump.write_text(first["json"], encoding="utf-8")
    r2 = empty_registry()
    import_ok(r2, [dump], stamp)
    assert counts(r2) == before
    assert_same(first, exports(r2, work / "csv2"))
    r2.close()
    return before


SEOUL = {"name": "Seoul", "country": "KR"}
TOKYO = {"name": "Tokyo", "country": "JP"}
BUSAN = {"name": "Busan", "country": "KR"}
AMES = {"name": "Ames", "country": "US"}


def test_a_document_keeps_the_home_of_its_first_answer(empty_registry, tmp_path, stamp):
    # The second answer for d1 gives no home: its records are keyed against d1's home, the
    # one the export shows them under (it was keyed against the registry's home).
    answers = [
        {"doc_id": "d1", "home": {"name": "서울특별시", "country": "KR"}, "records": []},
        {
            "doc_id": "d1",
            "records": [{"kind": "agreement", "type": "mou", "parties": [SEOUL]}],
        },
    ]
    assert check_answers(empty_registry, tmp_path, stamp, answers)["agreements"] == 1


def test_the_same_parties_seen_from_two_homes_are_two_records(empty_registry, tmp_path, stamp):
    # Busan's MOU with Tokyo is not Seoul's MOU with Tokyo (they had one key, and the
    # export showed Busan as a party under Seoul's document: a third record on import).
    mou = {"kind": "agreement", "type": "mou"}
    answers = [
        {"doc_id": "d1", "home": BUSAN, "records": [{**mou, "parties": [BUSAN, TOKYO]}]},
        {"doc_id": "d2", "home": SEOUL, "records": [{**mou, "parties": [TOKYO]}]},
        {"doc_id": "d3", "home": SEOUL, "records": [{**mou, "parties": [SEOUL, TOKYO]}]},
    ]
    assert check_answers(empty_registry, tmp_path, stamp, answers)["agreements"] == 2


def test_a_person_of_a_place_written_two_ways_is_one_person(empty_registry, tmp_path, stamp):
    # "서울특별시" is the name of one place and, later, an alias of Seoul: the person is of
    # the place whose own name it is, whatever order the names were met in.
    answers = [
        {
            "records": [
                {
                    "kind": "engagement",
                    "type": "official_visit",
                    "parties": [{"name": "서울특별시", "country": "KR"}, SEOUL],
                    "people": [{"name": "Park Won-soon", "of": "서울특별시"}],
                },
                {
                    "kind": "relationship",
                    "type": "sister",
                    "parties": [TOKYO, {**SEOUL, "aliases": ["서울특별시"]}],
                },
            ]
        }
    ]
    assert check_answers(empty_registry, tmp_path, stamp, answers)["people"] == 1


def test_a_bundle_after_the_documents_is_read_first(empty_registry, tmp_path, stamp):
    # "Springfield, US" resolved to the Springfield of unknown country until the bundle
    # created Springfield, US; importing the same batch again then gave a new tie.
    def tie(type_: str, other: dict) -> dict:
        return {"records": [{"kind": "relationship", "type": type_, "parties": [AMES, other]}]}

    answers = [
        tie("partnership", {"name": "Springfield"}),
        tie("sister", {"name": "Springfield", "country": "US"}),
        {"places": [{"name": "Springfield", "country": "US"}]},
    ]
    assert check_answers(empty_registry, tmp_path, stamp, answers)["places"] == 3


def test_spans_with_one_start_are_exported_in_one_order(empty_registry, tmp_path, stamp):
    # the evidence table was ordered by start only: ties came in the order rows were written
    spans = [{"start": 10, "end": 90}, {"start": 10, "end": 20}, {"start": 0, "end": 5}]
    answers = [
        {
            "doc_id": "d1",
            "records": [
                {"kind": "agreement", "type": "mou", "parties": [TOKYO], "evidence": spans}
            ],
        }
    ]
    check_answers(empty_registry, tmp_path, stamp, answers)


def test_evidence_is_sentences_or_the_whole_document_never_both(empty_registry, tmp_path, stamp):
    # one tie stated twice in a document, once without a span (the whole document) and once
    # with one: the export gave only the span, so the import lost the span-less row
    tie = {"kind": "relationship", "type": "sister", "parties": [SEOUL, TOKYO]}
    answers = [
        {
            "text": "Text of the release.",
            "records": [tie, {**tie, "evidence": {"start": 0, "end": 0}}],
        }
    ]
    check_answers(empty_registry, tmp_path, stamp, answers)
    later = [
        {"text": "Text of the release.", "records": [{**tie, "evidence": [{"start": 0, "end": 4}]}]}
    ]
    check_answers(empty_registry, tmp_path, stamp, [answers[0] | {"records": [tie]}, *later])


def test_a_place_with_lat_but_no_lon_is_refused():
    # it broke the GraphML export (None is no GraphML value) and made GeoJSON [null, lat]
    with pytest.raises(ValidationError, match="lat and lon go together"):
        PlaceRef.model_validate({"name": "Tokyo", "country": "JP", "lat": 35.6})


# -- generated answers -----------------------------------------------------------------
TAX = load_taxonomy()

# The pool of places. `group` names the place an entry means: entries of one group may
# (depending on the order they are met in) resolve to one Place, entries of different
# groups never do. A tie of a place with itself is invalid input (the writer rejects it),
# so a relationship takes its two parties from two different groups.
POOL: list[tuple[str, dict[str, Any]]] = [
    ("seoul", {"name": "Seoul", "country": "KR"}),
    ("seoul", {"name": "Seoul", "country": "KR", "aliases": ["서울특별시", "Seoul City Hall"]}),
    ("seoul", {"name": "서울특별시", "country": "KR"}),
    ("tokyo", {"name": "Tokyo", "country": "JP", "aliases": ["Tokyo Metropolis", "도쿄"]}),
    ("tokyo", {"name": "도쿄", "country": "JP"}),
    ("tokyo", {"name": "Tokyo Metropolitan Government", "country": "jp", "level": "city"}),
    ("hokkaido", {"name": "Hokkaido", "country": "JP", "level": "region"}),
    ("hokkaido", {"name": "홋카이도", "country": "JP", "aliases": ["Hokkaido Prefecture"]}),
    ("hokkaido", {"name": "Hokkaido Prefecture", "country": "JP", "level": "region"}),
    # the same name in two countries: two places
    ("paris-fr", {"name": "Paris", "country": "FR"}),
    ("paris-fr", {"name": "파리", "country": "FR", "aliases": ["Paris"]}),
    ("paris-us", {"name": "Paris", "country": "US"}),
    # a city and its country share an alias
    ("panama", {"name": "Panama City", "country": "PA", "aliases": ["파나마"]}),
    ("panama", {"name": "Panama", "country": "PA", "level": "country", "aliases": ["파나마"]}),
    ("beijing", {"name": "베이징", "country": "CN", "aliases": ["Beijing", "Peking"]}),
    ("beijing", {"name": "Beijing", "country": "CN"}),
    ("beijing", {"name": "Peking", "country": "cn"}),
    ("busan", {"name": "부산광역시", "country": "KR", "aliases": ["Busan Metropolitan City"]}),
    ("busan", {"name": "Busan", "country": "KR"}),
    ("gyeonggi", {"name": "Gyeonggi", "country": "KR", "level": "region", "aliases": ["경기도"]}),
    ("hanoi", {"name": "Hà Nội", "country": "VN", "aliases": ["Hanoi", "하노이"]}),
    # a place whose country is not known, and one where it is
    ("springfield", {"name": "Springfield"}),
    ("springfield", {"name": "Springfield", "country": "US"}),
    # organizations (networks): with and without a seat
    (
        "metropolis",
        {"name": "Metropolis", "level": "organization", "aliases": ["세계대도시협의회"]},
    ),
    ("metropolis", {"name": "Metropolis", "country": "ES", "level": "organization"}),
    (
        "uclg",
        {"name": "UCLG", "country": "ES", "level": "organization", "aliases": ["세계지방정부연합"]},
    ),
    ("mayors", {"name": "Mayors for Peace", "country": "JP", "level": "organization"}),
    ("c40", {"name": "C40", "level": "organization", "aliases": ["C40 Cities"]}),
]
NETWORKS = [  # membership networks: (group, name, aliases)
    ("metropolis", "Metropolis", ["세계대도시협의회"]),
    ("metropolis", "세계대도시협의회", []),
    ("uclg", "UCLG", ["United Cities and Local Governments"]),
    ("mayors", "Mayors for Peace", ["평화시장회의"]),
    ("c40", "C40 Cities", []),
    ("iclei", "ICLEI", ["ICLEI – Local Governments for Sustainability"]),
]
PERSON_NAMES = ["Park Won-soon", "박원순", "Oh Se-hoon", "오세훈", "Yuriko Koike", "Anne Hidalgo"]
PERSON_OF = [None, "Seoul", "서울특별시", "Tokyo", "도쿄", "Paris", "Hokkaido", "Nowhere Town"]

codes = {name: st.sampled_from(TAX.codes(name)) for name in TAX.lists}

# Free text: any Unicode a JSON file can hold (a lone surrogate cannot be UTF-8; PostgreSQL
# refuses NUL in text), short enough for every column.
free_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12
)
# A name must hold something besides white space (schema: min_length 1 after cleaning).
name_text = st.one_of(
    st.sampled_from(["Exchange officials", "공무원 교류", "Joint  research\n", " TOPIS export"]),
    free_text.filter(lambda s: s.split()),
)
opt_text = st.one_of(st.none(), free_text)

years = st.integers(1, 9999).map(lambda y: f"{y:04d}")
partial_date = st.one_of(
    years,
    st.tuples(st.integers(1000, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.dates(dt.date(1000, 1, 1)).map(dt.date.isoformat),
)
opt_date = st.one_of(st.none(), partial_date)


@st.composite
def place_ref(draw, group: str | None = None, not_group: str | None = None) -> dict[str, Any]:
    choices = [
        p
        for g, p in POOL
        if (group is None or g == group) and (not_group is None or g != not_group)
    ]
    ref = dict(draw(st.sampled_from(choices)))
    if draw(st.integers(0, 3)) == 0:  # sometimes with coordinates (any valid ones)
        ref["lat"] = draw(st.floats(-90, 90, allow_nan=False))
        ref["lon"] = draw(st.floats(-180, 180, allow_nan=False))
    if draw(st.integers(0, 7)) == 0:
        ref["geonames_id"] = draw(st.integers(1, 10**7))
    return ref


# Timestamps as a review gives them: aware (any offset) or naive (taken as UTC). Years kept
# clear of 1 and 9999 so that moving to UTC cannot leave datetime's range (invalid input).
timestamps = st.datetimes(
    dt.datetime(1900, 1, 1),
    dt.datetime(2200, 1, 1),
    # offsets in whole minutes, as ISO 8601 writes them (zoneinfo's historical local mean
    # times have seconds, which no interchange file carries)
    timezones=st.one_of(
        st.none(),
        st.just(dt.UTC),
        st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
    ),
).map(lambda d: d.isoformat())


@st.composite
def review(draw) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    out: dict[str, Any] = {"state": draw(st.sampled_from(["proposed", "accepted", "rejected"]))}
    for key, strategy in (
        ("created_by", st.sampled_from(["ana", "민지", "importer"])),
        ("created_at", timestamps),
        ("updated_by", st.sampled_from(["ana", "민지"])),
        ("updated_at", timestamps),
    ):
        if draw(st.booleans()):
            out[key] = draw(strategy)
    return out


@st.composite
def spans(draw) -> Any:
    def one() -> dict[str, Any]:
        start = draw(st.integers(0, 2000))
        span: dict[str, Any] = {"start": start, "end": start + draw(st.integers(0, 300))}
        quote = draw(opt_text)
        if quote is not None:
            span["quote"] = quote
        return span

    shape = draw(st.integers(0, 3))
    if shape == 0:
        return None  # no evidence
    if shape == 1:
        return one()  # one span as an object, as gold files write it
    return [one() for _ in range(draw(st.integers(0, 3)))]


def _base(draw, kind: str) -> dict[str, Any]:
    rec: dict[str, Any] = {"kind": kind}
    ev = draw(spans())
    if ev is not None:
        rec["evidence"] = ev
    r = draw(review())
    if r is not None:
        rec["review"] = r
    return rec


@st.composite
def event_entry(draw) -> dict[str, Any]:
    e: dict[str, Any] = {"type": draw(codes["relationship_events"])}
    if draw(st.booleans()):
        e["date"] = draw(opt_date)
    else:
        e["start"], e["end"] = draw(opt_date), draw(opt_date)
    return e


@st.composite
def relationship(draw) -> dict[str, Any]:
    rec = _base(draw, "relationship")
    a = draw(st.sampled_from(sorted({g for g, _ in POOL})))
    rec.update(
        type=draw(codes["relationship_types"]),
        parties=draw(st.permutations([draw(place_ref(a)), draw(place_ref(not_group=a))])),
        since=draw(opt_date),
        events=draw(st.lists(event_entry(), max_size=3)),
    )
    return rec


def _dated_pair(draw) -> tuple[str | None, str | None]:
    start, end = draw(opt_date), draw(opt_date)
    if start and end and end[: len(start)] < start[: len(end)]:
        start, end = end, start  # an end before its start is invalid input
    return start, end


@st.composite
def commitment(draw) -> dict[str, Any]:
    c: dict[str, Any] = {"text": draw(name_text)}
    if draw(st.booleans()):
        c["area"] = draw(codes["cooperation_areas"])
    if draw(st.booleans()):
        c["due"] = draw(partial_date)
    if draw(st.booleans()):
        c["status"] = draw(st.sampled_from(["open", "done", "dropped"]))
    r = draw(review())
    if r is not None:
        c["review"] = r
    return c


def _titled(draw, rec: dict[str, Any]) -> None:
    for key in ("title", "summary"):
        if draw(st.booleans()):
            rec[key] = draw(opt_text)


@st.composite
def agreement(draw) -> dict[str, Any]:
    rec = _base(draw, "agreement")
    rec.update(
        type=draw(codes["agreement_types"]),
        date=draw(opt_date),
        parties=draw(st.lists(place_ref(), min_size=1, max_size=3)),
        areas=draw(st.lists(codes["cooperation_areas"], max_size=3)),
        status=draw(st.sampled_from(["happened", "planned", "cancelled"])),
        commitments=draw(st.lists(commitment(), max_size=3)),
    )
    _titled(draw, rec)
    return rec


@st.composite
def person_ref(draw) -> dict[str, Any]:
    p: dict[str, Any] = {"name": draw(st.sampled_from(PERSON_NAMES))}
    if draw(st.booleans()):
        p["title"] = draw(st.sampled_from(["Mayor", "시장", "Governor", "Vice Mayor"]))
    p["of"] = draw(st.sampled_from(PERSON_OF))
    return p


@st.composite
def engagement(draw) -> dict[str, Any]:
    rec = _base(draw, "engagement")
    start, end = _dated_pair(draw)
    rec.update(
        type=draw(codes["engagement_types"]),
        start=start,
        end=end,
        parties=draw(st.lists(place_ref(), max_size=3)),
        location=draw(st.one_of(st.none(), place_ref())),
        people=draw(st.lists(person_ref(), max_size=3)),
        areas=draw(st.lists(codes["cooperation_areas"], max_size=3)),
        status=draw(st.sampled_from(["happened", "planned", "cancelled"])),
    )
    _titled(draw, rec)
    return rec


@st.composite
def membership(draw) -> dict[str, Any]:
    rec = _base(draw, "membership")
    _, network, aliases = draw(st.sampled_from(NETWORKS))
    rec.update(
        network=network,
        member=draw(place_ref()),
        role=draw(st.sampled_from(["member", "founder", "chair", "board", "host"])),
        since=draw(opt_date),
    )
    if aliases and draw(st.booleans()):
        rec["network_aliases"] = aliases
    return rec


record = st.one_of(relationship(), agreement(), engagement(), membership())
HOMES = [
    None,
    {"name": "Seoul", "country": "KR"},
    {"name": "서울특별시", "country": "KR"},
    {"name": "Tokyo", "country": "JP"},
    {"name": "Busan", "country": "KR"},
]


@st.composite
def document(draw) -> dict[str, Any]:
    """One document's answer (or, with doc_id null, records tied to no document)."""
    answer: dict[str, Any] = {
        "doc_id": draw(st.sampled_from([None, "d1", "d2", "ko-003", "seed-x"])),
        "home": draw(st.sampled_from(HOMES)),
        "records": draw(st.lists(record, max_size=5)),
    }
    for key, strategy in (
        ("lang", st.sampled_from(["en", "ko"])),
        ("published", partial_date),
        ("title", free_text),
        ("source", st.sampled_from(["https://example.org/a", "https://news.seoul.go.kr/1"])),
        ("text", st.sampled_from(["Text of the release.", "서울시 보도자료 본문", "x"])),
    ):
        if draw(st.booleans()):
            answer[key] = draw(strategy)
    return answer


@st.composite
def person_entry(draw) -> dict[str, Any]:
    p: dict[str, Any] = {"name": draw(st.sampled_from(PERSON_NAMES))}
    if draw(st.booleans()):
        p["title"] = draw(st.sampled_from(["Mayor", "시장", "Governor"]))
    if draw(st.booleans()):
        p["of"] = draw(place_ref())
    if draw(st.booleans()):
        p["affiliation"] = draw(st.sampled_from(PERSON_OF[1:]))
    p["term_start"], p["term_end"] = _dated_pair(draw)
    r = draw(review())
    if r is not None:
        p["review"] = r
    return p


@st.composite
def project(draw) -> dict[str, Any]:
    p: dict[str, Any] = {"title": draw(name_text)}
    if draw(st.booleans()):
        p["area"] = draw(codes["cooperation_areas"])
    p["status"] = draw(st.sampled_from(["planned", "in_progress", "done", "stalled", "dropped"]))
    if draw(st.booleans()):
        p["partner"] = draw(place_ref())
    p["due"] = draw(opt_date)
    p["blockers"] = draw(st.lists(free_text, max_size=2))
    r = draw(review())
    if r is not None:
        p["review"] = r
    return p


@st.composite
def plan(draw) -> dict[str, Any]:
    p: dict[str, Any] = {
        "title": draw(st.sampled_from(["Ten-project plan", "10대 협력사업", "Smart city plan"]))
    }
    if draw(st.booleans()):
        p["of"] = draw(place_ref())
    p["start"], p["end"] = _dated_pair(draw)
    p["summary"] = draw(opt_text)
    p["projects"] = draw(st.lists(project(), max_size=3))
    r = draw(review())
    if r is not None:
        p["review"] = r
    return p


@st.composite
def bundle(draw) -> dict[str, Any]:
    """A registry bundle: doc_id null, with places, people and plans (and records)."""
    return {
        "doc_id": None,
        "home": draw(st.sampled_from([None, {"name": "Seoul", "country": "KR"}])),
        "places": draw(st.lists(place_ref(), max_size=4)),
        "people": draw(st.lists(person_entry(), max_size=2)),
        "plans": draw(st.lists(plan(), max_size=2)),
        "records": draw(st.lists(record, max_size=2)),
    }


@st.composite
def answer_files(draw) -> list[dict[str, Any]]:
    docs = draw(st.lists(document(), min_size=1, max_size=4))
    if draw(st.booleans()):
        docs.insert(draw(st.integers(0, len(docs))), draw(bundle()))
    return docs


def _validated(generated: list[dict[str, Any]]) -> list[Answer]:
    # every generated answer is valid input: validation must pass
    return [Answer.model_validate(a) for a in generated]


def _examples(db_url: str, sqlite: int, postgres: int) -> settings:
    return settings(
        max_examples=sqlite if db_url.startswith("sqlite") else postgres,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def _folder(tmp_path: Path) -> Path:
    return tmp_path / uuid.uuid4().hex[:10]


def test_generated_round_trip_is_identical(
    db_url: str, empty_registry: Callable[[], Registry], tmp_path: Path, stamp
):
    @_examples(db_url, sqlite=40, postgres=12)
    @given(generated=answer_files())
    def check(generated: list[dict[str, Any]]) -> None:
        event(f"{sum(len(a['records']) for a in generated)} records")
        work = _folder(tmp_path)
        r1 = empty_registry()
        write_answers(r1, _validated(generated), stamp)
        first = exports(r1, work / "csv1")
        r1.close()
        dump = work / "dump.json"
        dump.write_text(first["json"], encoding="utf-8")

        r2 = empty_registry()
        import_ok(r2, [dump], stamp)
        second = exports(r2, work / "csv2")
        r2.close()
        assert_same(first, second)

    check()


def test_generated_import_twice_adds_nothing(
    db_url: str, empty_registry: Callable[[], Registry], tmp_path: Path, stamp
):
    @_examples(db_url, sqlite=30, postgres=10)
    @given(generated=answer_files())
    def check(generated: list[dict[str, Any]]) -> None:
        work = _folder(tmp_path)
        reg = empty_registry()
        write_answers(reg, _validated(generated), stamp)
        before = counts(reg)
        first = exports(reg, work / "csv1")

        stats = write_answers(reg, _validated(generated), stamp)
        assert stats.records == 0 and stats.places == 0 and stats.documents == 0
        assert counts(reg) == before
        assert_same(first, exports(reg, work / "csv2"))

        # the registry's own export adds nothing to it either
        with reg.session() as s:
            own = [Answer.model_validate(a) for a in export_answers(s)]
        stats = write_answers(reg, own, stamp)
        assert stats.records == 0 and stats.places == 0 and stats.documents == 0
        assert counts(reg) == before
        assert_same(first, exports(reg, work / "csv3"))
        reg.close()

    check()
