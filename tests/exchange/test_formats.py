"""The export formats, read back by the tools they are for: networkx (GraphML), a GeoJSON
reader's expectations, csv.DictReader, and citydip's own importer (JSON, JSON Lines)."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import networkx as nx
import pytest

from citydip.exchange import formats
from citydip.exchange.export import export_answers
from citydip.exchange.importer import import_files, write_answers
from citydip.schema import Answer
from citydip.store import queries

BIG = 10**8
SEOUL, TOKYO = "seoul-kr", "tokyo-jp"
CSV_TABLES = {
    "places",
    "people",
    "relationships",
    "agreements",
    "commitments",
    "engagements",
    "memberships",
    "documents",
    "evidence",
    "plans",
    "projects",
}


@pytest.fixture
def seeded(registry, seed_gold, stamp):
    summary = import_files(registry, seed_gold, stamp, BIG)
    assert not summary.failed, summary.failed[0].error
    return registry


def _text(registry, writer) -> str:
    buf = io.StringIO()
    with registry.session() as s:
        writer(s, buf)
    return buf.getvalue()


# -- GraphML -----------------------------------------------------------------------------
def test_graphml_opens_in_networkx_with_the_seoul_tokyo_sister_tie(seeded, tmp_path):
    path = tmp_path / "registry.graphml"
    with seeded.session() as s:
        formats.write_graphml(s, path)
        n_places = queries.counts(s)["places"]
        n_ties = queries.counts(s)["relationships"]
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == n_places
    assert g.nodes[SEOUL]["name"] == "Seoul" and g.nodes[SEOUL]["country"] == "KR"
    assert g.nodes[TOKYO]["name"] == "Tokyo" and g.nodes[TOKYO]["level"] == "city"
    assert g.has_edge(SEOUL, TOKYO)
    data = g.get_edge_data(SEOUL, TOKYO)
    edges = list(data.values()) if g.is_multigraph() else [data]
    sister = [e for e in edges if e["kind"] == "relationship" and e["type"] == "sister"]
    assert len(sister) == 1
    assert sister[0]["since"] == "1988" and sister[0]["status"] == "active"
    ties = [e for _, _, e in g.edges(data=True) if e["kind"] == "relationship"]
    assert len(ties) == n_ties


def test_graphml_carries_coordinates_and_memberships(registry, stamp, tmp_path):
    answer = Answer.model_validate(
        {
            "doc_id": None,
            "places": [{"name": "Tokyo", "country": "JP", "lat": 35.68, "lon": 139.69}],
            "records": [
                {
                    "kind": "membership",
                    "network": "Metropolis",
                    "member": {"name": "Tokyo", "country": "JP"},
                    "role": "founder",
                    "since": "1985",
                }
            ],
        }
    )
    write_answers(registry, [answer], stamp)
    path = tmp_path / "g.graphml"
    with registry.session() as s:
        formats.write_graphml(s, path)
    g = nx.read_graphml(path)
    assert g.nodes[TOKYO]["lat"] == pytest.approx(35.68)
    assert g.nodes[TOKYO]["lon"] == pytest.approx(139.69)
    assert "lat" not in g.nodes[SEOUL]
    assert g.nodes["metropolis-organization"]["level"] == "organization"
    data = g.get_edge_data(TOKYO, "metropolis-organization")
    (edge,) = data.values() if g.is_multigraph() else [data]
    assert edge["kind"] == "membership" and edge["type"] == "founder" and edge["since"] == "1985"


# -- GeoJSON -----------------------------------------------------------------------------
def _check_position(pos: list) -> None:
    assert len(pos) == 2 and all(isinstance(v, float | int) and math.isfinite(v) for v in pos)
    lon, lat = pos
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_a_feature_collection_of_places_and_ties(seeded, stamp):
    # give Seoul and Tokyo coordinates (a bundle enriches the places the seeds created)
    coords = Answer.model_validate(
        {
            "doc_id": None,
            "places": [
                {"name": "Seoul", "country": "KR", "lat": 37.5665, "lon": 126.978},
                {"name": "Tokyo", "country": "JP", "lat": 35.6762, "lon": 139.6503},
            ],
        }
    )
    stats = write_answers(seeded, [coords], stamp)
    assert stats.places == 0  # the same places, now with coordinates
    doc = json.loads(_text(seeded, formats.write_geojson))
    assert doc["type"] == "FeatureCollection"
    with seeded.session() as s:
        counts = queries.counts(s)
    features = doc["features"]
    kinds = [f["properties"]["kind"] for f in features]
    assert kinds.count("place") == counts["places"]
    assert kinds.count("relationship") == counts["relationships"]
    ids = [f["id"] for f in features]
    assert len(set(ids)) == len(ids)
    for f in features:
        assert f["type"] == "Feature"
        geom = f["geometry"]
        if geom is None:
            continue
        assert geom["type"] in ("Point", "LineString")
        if geom["type"] == "Point":
            assert f["properties"]["kind"] == "place"
            _check_position(geom["coordinates"])
        else:
            assert f["properties"]["kind"] == "relationship"
            assert len(geom["coordinates"]) == 2
            for pos in geom["coordinates"]:
                _check_position(pos)

    by_id = {f["id"]: f for f in features}
    assert by_id[SEOUL]["geometry"] == {"type": "Point", "coordinates": [126.978, 37.5665]}
    assert by_id[TOKYO]["geometry"] == {"type": "Point", "coordinates": [139.6503, 35.6762]}
    assert by_id["hokkaido-jp-region"]["geometry"] is None  # no coordinates known

    (tie,) = [
        f
        for f in features
        if f["properties"]["kind"] == "relationship"
        and {f["properties"]["a"], f["properties"]["b"]} == {SEOUL, TOKYO}
        and f["properties"]["type"] == "sister"
    ]
    assert tie["properties"]["since"] == "1988"
    assert tie["geometry"]["type"] == "LineString"
    assert sorted(map(tuple, tie["geometry"]["coordinates"])) == [
        (126.978, 37.5665),
        (139.6503, 35.6762),
    ]
    others = [
        f for f in features if f["properties"]["kind"] == "relationship" and f["id"] != tie["id"]
    ]
    assert others and all(f["geometry"] is None for f in others)  # an end without coordinates


# -- CSV ---------------------------------------------------------------------------------
def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_csv_writes_one_file_per_kind_with_headers(seeded, tmp_path):
    folder = tmp_path / "csv"
    with seeded.session() as s:
        paths = formats.write_csv(s, folder)
        counts = queries.counts(s)
    assert {p.stem for p in paths} == CSV_TABLES
    assert all(p.parent == folder and p.suffix == ".csv" for p in paths)
    tables = {p.stem: _read_csv(p) for p in paths}

    header, places = tables["places"]
    assert header[:4] == ["key", "name", "country", "level"]
    assert len(places) == counts["places"]
    place_keys = {r["key"] for r in places}
    assert {SEOUL, TOKYO} <= place_keys

    header, ties = tables["relationships"]
    assert header[:4] == ["key", "type", "place_a", "place_b"]
    assert len(ties) == counts["relationships"]
    (sister,) = [
        r for r in ties if {r["place_a"], r["place_b"]} == {SEOUL, TOKYO} and r["type"] == "sister"
    ]
    assert sister["since"] == "1988" and sister["status"] == "active"
    assert "strained 1999–2012" in sister["events"]

    header, agreements = tables["agreements"]
    assert "parties" in header and len(agreements) == counts["agreements"]
    header, engagements = tables["engagements"]
    assert {"parties", "location", "direction", "mode", "people"} <= set(header)
    assert len(engagements) == counts["engagements"]
    header, documents = tables["documents"]
    assert header[0] == "doc_id" and len(documents) == counts["documents"]

    # every key a table refers to is a row of the table it names
    for r in ties:
        assert {r["place_a"], r["place_b"]} <= place_keys
    for r in agreements + engagements:
        assert set(filter(None, r["parties"].split("; "))) <= place_keys
    for r in engagements:
        assert r["location"] in place_keys | {""}
    record_keys = {
        r["key"] for name in ("relationships", "agreements", "engagements") for r in tables[name][1]
    }
    _, evidence = tables["evidence"]
    assert evidence
    assert {r["record"] for r in evidence} <= record_keys
    assert {r["document"] for r in evidence} <= {r["doc_id"] for r in documents}


def test_csv_empty_table_still_has_its_header(registry, tmp_path):
    with registry.session() as s:
        paths = formats.write_csv(s, tmp_path / "csv")
    for path in paths:
        header, rows = _read_csv(path)
        assert header == list(formats.CSV_COLUMNS[path.stem]), path.name


def test_csv_header_is_the_rows_own_columns(registry, seed_gold, stamp, tmp_path):
    from citydip.exchange.importer import import_files

    import_files(registry, seed_gold, stamp, max_bytes=10_000_000)
    with registry.session() as s:
        tables = formats.csv_tables(s)
        paths = formats.write_csv(s, tmp_path / "csv")
    for path in paths:
        header, rows = _read_csv(path)
        for row in tables[path.stem]:
            assert list(row) == header, path.name


# -- JSON and JSON Lines ------------------------------------------------------------------
def test_jsonl_has_one_answer_a_line_and_reimports(seeded, empty_registry, tmp_path, stamp):
    text = _text(seeded, formats.write_jsonl)
    with seeded.session() as s:
        answers = export_answers(s)
        before = queries.counts(s)
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == len(answers)
    parsed = [json.loads(line) for line in lines]
    assert parsed == answers
    assert parsed[0]["doc_id"] is None  # the registry bundle comes first
    assert [a["doc_id"] for a in parsed[1:]] == sorted(a["doc_id"] for a in parsed[1:])
    assert "seed-004" in {a["doc_id"] for a in parsed}
    for a in parsed:
        Answer.model_validate(a)

    path = tmp_path / "registry.jsonl"
    path.write_text(text, encoding="utf-8")
    other = empty_registry()
    summary = import_files(other, [path], stamp, BIG)
    assert not summary.failed, summary.failed[0].error
    with other.session() as s:
        assert queries.counts(s) == before
    assert _text(other, formats.write_jsonl) == text
    assert _text(other, formats.write_json) == _text(seeded, formats.write_json)


def test_json_is_one_array_with_one_answer_a_line(seeded):
    text = _text(seeded, formats.write_json)
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    body = [line.removesuffix(",") for line in lines[1:-1]]
    assert [json.loads(line) for line in body] == json.loads(text)
    assert "Tokyo" in text and "\\u" not in text  # written as UTF-8, not escaped
