"""Export → import into an empty registry → export gives identical output.

On the gold corpus and on Hypothesis-generated answers, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydip.errors import InputError
from citydip.exchange import formats
from citydip.exchange.export import export_answers
from citydip.exchange.importer import import_files, write_answers
from citydip.schema import Answer
from citydip.store import queries
from citydip.taxonomy import load_taxonomy

BIG = 10**8


def exports(registry, folder: Path) -> dict[str, str]:
    """Every export format of a registry, as text."""
    out: dict[str, str] = {}
    with registry.session() as s:
        for name, writer in formats.STREAM_WRITERS.items():
            buf = io.StringIO()
            writer(s, buf)
            out[name] = buf.getvalue()
        for path in formats.write_csv(s, folder):
            out[path.name] = path.read_text(encoding="utf-8")
    return out


def round_trip(registry, empty_registry, tmp_path: Path, stamp) -> tuple[dict, dict]:
    first = exports(registry, tmp_path / "csv1")
    dump = tmp_path / "dump.json"
    dump.write_text(first["json"], encoding="utf-8")
    other = empty_registry()
    summary = import_files(other, [dump], stamp, BIG)
    assert not summary.failed, summary.failed[0].error
    return first, exports(other, tmp_path / "csv2")


def test_gold_corpus_round_trip_is_identical(registry, empty_registry, all_gold, tmp_path, stamp):
    assert not import_files(registry, all_gold, stamp, BIG).failed
    first, second = round_trip(registry, empty_registry, tmp_path, stamp)
    assert set(first) >= {
        "json",
        "jsonl",
        "geojson",
        "graphml",
        "places.csv",
        "relationships.csv",
        "engagements.csv",
    }
    for name in first:
        assert first[name] == second[name], name
    assert '"Tokyo"' in first["json"]


# -- generated answers -----------------------------------------------------------------
TAX = load_taxonomy()
PLACES = [
    {"name": "Tokyo", "country": "JP", "aliases": ["Tokyo Metropolitan Government", "도쿄"]},
    {"name": "도쿄", "country": "JP"},
    {"name": "Hokkaido", "country": "JP", "level": "region", "aliases": ["홋카이도"]},
    {"name": "Paris", "country": "FR", "lat": 48.85, "lon": 2.35},
    {"name": "Paris", "country": "US"},
    {"name": "Panama City", "country": "PA", "aliases": ["파나마"]},
    {"name": "Panama", "country": "PA", "level": "country", "aliases": ["파나마"]},
    {"name": "Metropolis", "level": "organization"},
    {"name": "Metropolis", "country": "ES", "level": "organization"},
    {"name": "베이징", "country": "CN", "aliases": ["Beijing", "Peking"]},
    {"name": "Seoul", "country": "KR", "aliases": ["서울특별시"]},
]
place = st.sampled_from(PLACES)
date = st.one_of(
    st.none(),
    st.integers(1950, 2030).map(str),
    st.tuples(st.integers(1950, 2030), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat()),
)
areas = st.lists(st.sampled_from(TAX.codes("cooperation_areas")), max_size=3)
review = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "state": st.sampled_from(["proposed", "accepted", "rejected"]),
            "created_by": st.sampled_from(["ana", "min-ji"]),
        }
    ),
)
span = st.integers(0, 500).map(lambda s: {"start": s, "end": s + 20, "quote": f"q{s}"})
event = st.builds(
    lambda t, d: {"type": t, "date": d}, st.sampled_from(TAX.codes("relationship_events")), date
)
person = st.builds(
    lambda n, t, o: {"name": n, "title": t, "of": o},
    st.sampled_from(["Park Won Soon", "박원순", "Yoichi Masuzoe"]),
    st.sampled_from([None, "Mayor", "Governor"]),
    st.sampled_from([None, "Seoul", "Tokyo", "Nowhere"]),
)

relationship = st.builds(
    lambda t, a, b, since, ev, r: {
        "kind": "relationship",
        "type": t,
        "parties": [a, b],
        "since": since,
        "events": ev,
        "review": r,
    },
    st.sampled_from(TAX.codes("relationship_types")),
    place,
    place,
    date,
    st.lists(event, max_size=3),
    review,
)
agreement = st.builds(
    lambda t, d, ps, a, status, c, ev: {
        "kind": "agreement",
        "type": t,
        "date": d,
        "parties": ps,
        "areas": a,
        "status": status,
        "commitments": c,
        "evidence": ev,
    },
    st.sampled_from(TAX.codes("agreement_types")),
    date,
    st.lists(place, min_size=1, max_size=2),
    areas,
    st.sampled_from(["happened", "planned"]),
    st.lists(
        st.builds(
            lambda t, s: {"text": t, "status": s},
            st.sampled_from(["Exchange officials", "Joint research"]),
            st.sampled_from(["open", "done", "dropped"]),
        ),
        max_size=2,
    ),
    st.lists(span, max_size=2),
)
engagement = st.builds(
    lambda t, s, ps, loc, pe, a, ev: {
        "kind": "engagement",
        "type": t,
        "start": s,
        "parties": ps,
        "location": loc,
        "people": pe,
        "areas": a,
        "evidence": ev,
    },
    st.sampled_from(TAX.codes("engagement_types")),
    date,
    st.lists(place, max_size=2),
    st.one_of(st.none(), place),
    st.lists(person, max_size=2),
    areas,
    st.lists(span, max_size=1),
)
membership = st.builds(
    lambda n, m, role, since: {
        "kind": "membership",
        "network": n,
        "member": m,
        "role": role,
        "since": since,
    },
    st.sampled_from(["Metropolis", "Mayors for Peace", "C40"]),
    place,
    st.sampled_from(["member", "founder", "chair"]),
    date,
)
record = st.one_of(relationship, agreement, engagement, membership)
answer = st.builds(
    lambda doc, home, recs, text: {"doc_id": doc, "home": home, "records": recs, "text": text},
    st.sampled_from([None, "d1", "d2", "d3"]),
    st.sampled_from([None, {"name": "Seoul", "country": "KR"}]),
    st.lists(record, max_size=5),
    st.sampled_from([None, "Text of the release."]),
)
bundle = st.builds(
    lambda ps, plans: {"places": ps, "plans": plans},
    st.lists(place, max_size=3),
    st.lists(
        st.builds(
            lambda t, o, pr: {"title": t, "of": o, "projects": pr},
            st.sampled_from(["Ten-project plan", "Smart city plan"]),
            st.one_of(st.none(), place),
            st.lists(
                st.builds(
                    lambda t, a: {"title": t, "area": a},
                    st.sampled_from(["TOPIS export", "Youth camp"]),
                    st.sampled_from(TAX.codes("cooperation_areas")),
                ),
                max_size=2,
            ),
        ),
        max_size=1,
    ),
)
answers = st.tuples(bundle, st.lists(answer, min_size=1, max_size=4))


def _validated(generated) -> list[Answer]:
    head, docs = generated
    return [Answer.model_validate(head)] + [Answer.model_validate(d) for d in docs]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=answers)
def test_generated_round_trip_is_identical(generated, empty_registry, tmp_path_factory, stamp):
    tmp = tmp_path_factory.mktemp("rt")
    first_registry = empty_registry()
    try:
        write_answers(first_registry, _validated(generated), stamp)
    except InputError as exc:  # a tie whose two parties resolve to one place: rejected whole
        assert "same place" in str(exc)
        with first_registry.session() as s:
            assert queries.counts(s)["relationships"] == 0
            assert queries.counts(s)["places"] == 1  # the home city only
        first_registry.close()
        return
    first = exports(first_registry, tmp / "csv1")
    dump = tmp / "dump.json"
    dump.write_text(first["json"], encoding="utf-8")
    second_registry = empty_registry()
    assert not import_files(second_registry, [dump], stamp, BIG).failed
    second = exports(second_registry, tmp / "csv2")
    for name in first:
        assert first[name] == second[name], name
    first_registry.close()
    second_registry.close()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(generated=answers)
def test_generated_import_twice_adds_nothing(generated, empty_registry, stamp):
    reg = empty_registry()
    try:
        write_answers(reg, _validated(generated), stamp)
    except InputError:
        reg.close()
        return
    with reg.session() as s:
        before = queries.counts(s)
        export_before = json.dumps(export_answers(s))
    stats = write_answers(reg, _validated(generated), stamp)
    assert stats.records == 0 and stats.places == 0
    with reg.session() as s:
        assert queries.counts(s) == before
        assert json.dumps(export_answers(s)) == export_before
    reg.close()
