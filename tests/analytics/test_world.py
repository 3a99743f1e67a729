"""The world network on a hand-drawn dataset, both backends; every figure worked by hand.

The dataset "hand" (14 places, 18 ties; Seoul–Busan was listed twice: rows 2):

    Seoul, Busan, Daegu, Incheon (KR)   all six ties among them (a K4)
    Lyon, Paris (FR), Kyoto, Osaka (JP) all six ties among them (a K4)
    Incheon — Lyon                       the one bridge between the two
    Hanoi — Hue (VN)                     a pair
    Lima — Quito — Bogota — Cusco — Lima a square (Lima, Cusco PE; Quito EC; Bogota CO)

The registry (home Seoul) has its own ties: Seoul–Tokyo and Seoul–Busan (accepted) and
Seoul–Hanoi (proposed). Tokyo has no tie in the dataset.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction

import networkx as nx
import pytest

from citydip.analytics import world as world_mod
from citydip.analytics import world_countries as wc
from citydip.analytics import world_pairs as wp
from citydip.analytics import world_place as wpl
from citydip.errors import InputError, NotFoundError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.datasets import Dataset, DatasetTie
from citydip.store.engine import Registry
from citydip.store.names import norm_name
from citydip.store.places import Place, PlaceName
from citydip.store.resolve import Stamp

from .conftest import T0, review

KEY = "hand"
# name → country, in the order the places are added (registry places first)
COUNTRY = {
    "Seoul": "KR", "Tokyo": "JP", "Busan": "KR", "Hanoi": "VN",
    "Daegu": "KR", "Incheon": "KR", "Lyon": "FR", "Paris": "FR", "Kyoto": "JP", "Osaka": "JP",
    "Hue": "VN", "Lima": "PE", "Quito": "EC", "Bogota": "CO", "Cusco": "PE",
}  # fmt: skip
KR = ("Seoul", "Busan", "Daegu", "Incheon")
FJ = ("Lyon", "Paris", "Kyoto", "Osaka")
SQUARE = ("Lima", "Quito", "Bogota", "Cusco")


def _clique(names: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]


TIES = [
    *_clique(KR),
    *_clique(FJ),
    ("Incheon", "Lyon"),
    ("Hanoi", "Hue"),
    ("Lima", "Quito"),
    ("Quito", "Bogota"),
    ("Bogota", "Cusco"),
    ("Cusco", "Lima"),
]
ROWS = {("Seoul", "Busan"): 2}


def _tie(a: str, b: str, review_state: str, minutes: int) -> dict[str, object]:
    return {
        "kind": "relationship",
        "type": "sister",
        "parties": [{"name": a, "country": COUNTRY[a]}, {"name": b, "country": COUNTRY[b]}],
        "review": review(review_state, minutes),
    }


@dataclass(frozen=True)
class Hand:
    ids: dict[str, int]

    def names(self, ids: object) -> set[str]:
        back = {v: k for k, v in self.ids.items()}
        return {back[i] for i in ids}  # type: ignore[attr-defined]


def add_hand(registry: Registry, key: str = KEY) -> Hand:
    records = [
        _tie("Seoul", "Tokyo", "accepted", 1),
        _tie("Seoul", "Busan", "accepted", 2),
        _tie("Seoul", "Hanoi", "proposed", 3),
    ]
    write_answers(
        registry, [Answer.model_validate({"records": records})], Stamp("tester", T0, "accepted")
    )
    with registry.session() as s:
        ids = {p.name: p.id for p in s.query(Place).all()}
        for name, code in COUNTRY.items():
            if name not in ids:
                place = Place(key=f"{name.lower()}-{code.lower()}", name=name, country=code)
                place.names.append(PlaceName(name=name, norm=norm_name(name)))
                s.add(place)
                s.flush()
                ids[name] = place.id
        dataset = Dataset(key=key, name="Hand-drawn", source="test_world.py", tie_type="sister",
                          rows=19, report={})  # fmt: skip
        s.add(dataset)
        s.flush()
        for line, (a, b) in enumerate(TIES, start=2):
            lo, hi = sorted((ids[a], ids[b]))
            s.add(DatasetTie(dataset_id=dataset.id, a_id=lo, b_id=hi, type="sister",
                             rows=ROWS.get((a, b), 1), line=line))  # fmt: skip
    return Hand(ids)


@pytest.fixture
def hand(registry: Registry) -> Hand:
    return add_hand(registry)


def _world(registry: Registry) -> world_mod.WorldGraph:
    with registry.session() as s:
        return world_mod.load(s, KEY)


# -- the dataset and the graph ---------------------------------------------------------------


def test_no_dataset_says_how_to_import_one(registry: Registry) -> None:
    with registry.session() as s, pytest.raises(NotFoundError, match="citydip import-pairs"):
        world_mod.load(s)


def test_the_only_dataset_is_the_default_and_several_need_a_key(
    registry: Registry, hand: Hand
) -> None:
    with registry.session() as s:
        assert world_mod.load(s).dataset.key == KEY
        s.add(Dataset(key="other", name="Other", source="x", tie_type="sister", report={}))
    with registry.session() as s:
        with pytest.raises(InputError, match=r"several datasets \(hand, other\)"):
            world_mod.load(s)
        with pytest.raises(NotFoundError, match="the datasets: hand, other"):
            world_mod.load(s, "nope")
        assert world_mod.load(s, "other").nodes == 0


def test_graph_nodes_edges_and_weights(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    graph = world.graph
    assert world.nodes == 14 and world.ties == 18
    assert "Tokyo" not in {d["name"] for _, d in graph.nodes(data=True)}
    seoul = graph.nodes[hand.ids["Seoul"]]
    assert (seoul["name"], seoul["country"], seoul["key"]) == ("Seoul", "KR", "seoul-kr")
    edge = graph[hand.ids["Seoul"]][hand.ids["Busan"]]
    assert (edge["weight"], edge["ties"], edge["types"]) == (2, 1, "sister")
    assert graph[hand.ids["Incheon"]][hand.ids["Lyon"]]["weight"] == 1


def test_loaded_graph_is_cached_until_the_registry_changes(registry: Registry, hand: Hand) -> None:
    first = _world(registry)
    assert _world(registry) is first
    with registry.session() as s:
        s.add(Place(key="nowhere-xx", name="Nowhere", country=None))
    assert _world(registry) is not first


# -- summary and rankings --------------------------------------------------------------------


def test_summary(registry: Registry, hand: Hand) -> None:
    found = world_mod.summary(_world(registry))
    assert (found.nodes, found.ties, found.countries) == (14, 18, 7)
    assert found.density == pytest.approx(2 * 18 / (14 * 13))
    assert found.average_degree == pytest.approx(36 / 14)
    assert found.max_degree == 4  # Incheon, Lyon
    # degrees sorted: 1 1 2 2 2 2 3 3 3 3 3 3 4 4, the median (3 + 3) / 2
    assert found.median_degree == 3.0
    comp = found.components
    assert (comp.count, comp.largest, comp.pairs) == (3, 8, 1)
    assert found.component_sizes == ((8, 1), (4, 1), (2, 1))
    assert {p.name for p in comp.groups[1].members} == set(SQUARE)
    # clustering: the six K4 places off the bridge 1, Incheon and Lyon 3/6; the rest 0
    assert found.average_clustering == pytest.approx(7 / 14)
    # corners of triangles 6*3 + 2*3 = 24; pairs of partners 6*3 + 2*6 + 4*1 = 34
    assert found.transitivity == pytest.approx(24 / 34)
    assert found.triangles == 8


def test_degree_ranking_and_a_country(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    found = world_mod.ranking(world, "degree", top=4)
    assert [(r.rank, r.place.name, r.value) for r in found.places] == [
        (1, "Incheon", 4), (1, "Lyon", 4), (3, "Seoul", 3), (3, "Busan", 3),
    ]  # fmt: skip
    korea = world_mod.ranking(world, "degree", top=10, country="kr")
    assert [(r.rank, r.place.name) for r in korea.places] == [
        (1, "Incheon"), (3, "Seoul"), (3, "Busan"), (3, "Daegu"),
    ]  # fmt: skip
    weighted = world_mod.ranking(world, "weighted_degree", top=5)
    assert [(r.rank, r.place.name, r.value) for r in weighted.places] == [
        (1, "Incheon", 4), (1, "Lyon", 4), (1, "Seoul", 4), (1, "Busan", 4), (5, "Daegu", 3),
    ]  # fmt: skip


def test_betweenness_is_exact_here_and_counts_the_bridge(registry: Registry, hand: Hand) -> None:
    found = world_mod.ranking(_world(registry), "betweenness", top=6)
    assert found.exact and found.sources == 14 and "exact" in found.method
    pairs = Fraction(13 * 12, 2)  # networkx's normalisation: the other pairs, n = 14
    # Incheon: 3 other KR places x 4 across the bridge; Lyon the same; each square corner
    # half of the one opposite pair without it
    expected = {"Incheon": 12 / pairs, "Lyon": 12 / pairs}
    expected.update({name: Fraction(1, 2) / pairs for name in SQUARE})
    got = {r.place.name: r.value for r in found.places}
    assert got == pytest.approx({k: float(v) for k, v in expected.items()})
    assert [r.rank for r in found.places] == [1, 1, 3, 3, 3, 3]


def test_sampled_betweenness_says_from_how_many(registry: Registry, hand: Hand) -> None:
    found = world_mod.ranking(_world(registry), "betweenness", top=3, sources=5)
    assert not found.exact and found.sources == 5 and "from 5 source places" in found.method
    with pytest.raises(InputError):
        world_mod.ranking(_world(registry), "betweenness", sources=0)


def test_weighted_betweenness_takes_the_short_heavy_ties() -> None:
    # a square A-B-C-D-A where A-B and B-C were listed twice (length 1/2 each): A to C goes
    # by B (1 against 2); B to D is 1.5 either way (half each to A and C)
    graph = nx.Graph()
    for node, name in enumerate("ABCD", start=1):
        graph.add_node(node, name=name, country="XX", level="city", region="", key=name)
    for a, b, w in ((1, 2, 2), (2, 3, 2), (3, 4, 1), (4, 1, 1)):
        graph.add_edge(a, b, weight=w, ties=1, engagements=0, memberships=0, types="sister")
    from citydip.analytics import graph_centrality as gcen

    data = gcen.arrays(graph)
    ref = world_mod.DatasetRef(1, "sq", "Square", "", None, "sister", 4, "2026-01-01")
    world = world_mod.WorldGraph(ref, graph, data)
    got = world_mod.metric(world, "weighted_betweenness")
    assert got == pytest.approx({1: 1 / 6, 2: 1 / 3, 3: 1 / 6, 4: 0.0})
    assert world_mod.metric(world, "betweenness") == pytest.approx(
        dict.fromkeys((1, 2, 3, 4), 1 / 6)
    )


def test_pagerank_and_eigenvector(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    ranks = world_mod.metric(world, "pagerank")
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks == pytest.approx(nx.pagerank(world.graph, weight="weight"), abs=1e-6)
    eig = world_mod.metric(world, "eigenvector")
    outside = [hand.ids[n] for n in ("Hanoi", "Hue", *SQUARE)]
    assert all(eig[n] == 0.0 for n in outside)  # only the largest component has values
    largest = world.graph.subgraph(n for n in eig if n not in outside)
    ref = nx.eigenvector_centrality_numpy(largest, weight="weight")
    assert {n: eig[n] for n in ref} == pytest.approx(ref)
    ids = hand.ids
    assert eig[ids["Seoul"]] == pytest.approx(eig[ids["Busan"]])  # the heavier tie's ends
    assert eig[ids["Seoul"]] > eig[ids["Daegu"]]


def test_eigenvector_of_a_clique_is_even() -> None:
    # K4 and a pair apart: in a regular graph every place has 1/sqrt(4); the pair is outside
    graph = nx.complete_graph(4)
    graph.add_edge(10, 11)
    from citydip.analytics import graph_centrality as gcen

    found = gcen.eigenvector(gcen.arrays(graph))
    assert found == pytest.approx({0: 0.5, 1: 0.5, 2: 0.5, 3: 0.5, 10: 0.0, 11: 0.0})


def test_unknown_metric(registry: Registry, hand: Hand) -> None:
    with pytest.raises(InputError, match="rank by one of"):
        world_mod.ranking(_world(registry), "fame")


# -- communities -----------------------------------------------------------------------------


def test_communities_are_the_two_cliques_the_square_and_the_pair(
    registry: Registry, hand: Hand
) -> None:
    found = world_mod.communities(_world(registry))
    com = found.communities
    assert com.count == 4 and found.sizes == ((4, 3), (2, 1))
    assert found.in_largest_component == 2
    groups = [{p.name for p in g.members} for g in com.groups]
    # equal sizes by their smallest place id: Seoul's clique, then Lyon's, then the square
    assert groups == [set(KR), set(FJ), set(SQUARE), {"Hanoi", "Hue"}]
    assert com.groups[0].countries == (("KR", 4),)
    assert com.groups[1].countries == (("FR", 2), ("JP", 2))
    assert [g.edges for g in com.groups] == [6, 6, 4, 1]
    # modularity by hand: total weight 19 (18 ties, Seoul–Busan 2)
    m = 19
    q = (7 / m - (2 * 7 + 1) ** 2 / (2 * m) ** 2) + (6 / m - (2 * 6 + 1) ** 2 / (2 * m) ** 2)
    q += (4 / m - 8**2 / (2 * m) ** 2) + (1 / m - 2**2 / (2 * m) ** 2)
    assert com.modularity == pytest.approx(q)


# -- two places ------------------------------------------------------------------------------


def test_chains_across_the_bridge(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    with registry.session() as s:
        found = wp.chains(s, world, "Seoul,KR", "Kyoto,JP")
    assert found.found and found.hops == 3 and found.count == 1
    assert [[p.name for p in path] for path in found.paths] == [
        ["Seoul", "Incheon", "Lyon", "Kyoto"]
    ]


def test_every_shortest_chain_up_to_the_limit(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    with registry.session() as s:
        both = wp.chains(s, world, "Lima,PE", "Bogota,CO")
        one = wp.chains(s, world, "Lima,PE", "Bogota,CO", limit=1)
    assert both.hops == 2 and both.count == 2
    assert [[p.name for p in path] for path in both.paths] == [
        ["Lima", "Quito", "Bogota"],  # Quito's id is lower than Cusco's
        ["Lima", "Cusco", "Bogota"],
    ]
    assert one.count == 2 and len(one.paths) == 1


def test_no_chain_between_components_or_outside_the_data(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    with registry.session() as s:
        apart = wp.chains(s, world, "Seoul,KR", "Hanoi,VN")
        outside = wp.chains(s, world, "Seoul,KR", "Tokyo,JP")
        assert (apart.found, apart.hops, apart.count, apart.paths) == (False, None, 0, ())
        assert not outside.found
        with pytest.raises(InputError, match="two different"):
            wp.chains(s, world, "Seoul,KR", "seoul-kr")
        with pytest.raises(NotFoundError):
            wp.chains(s, world, "Seoul,KR", "Atlantis,XX")


def test_shared_partners(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    with registry.session() as s:
        close = wp.shared(s, world, "Seoul,KR", "Daegu,KR")
        far = wp.shared(s, world, "Seoul,KR", "Lyon,FR")
    assert {p.place.name for p in close.partners} == {"Busan", "Incheon"}
    assert close.partners[0].place.name == "Busan"  # weight 2 + 1 before Incheon's 1 + 1
    assert close.direct is not None and close.direct.weight == 1
    assert (close.only_a, close.only_b, close.jaccard) == (0, 0, 1.0)
    assert [p.place.name for p in far.partners] == ["Incheon"]
    assert far.direct is None
    # Seoul: Busan, Daegu besides Incheon; Lyon: Paris, Kyoto, Osaka
    assert (far.only_a, far.only_b) == (2, 3) and far.jaccard == pytest.approx(1 / 6)


# -- countries -------------------------------------------------------------------------------


def test_country_matrix(registry: Registry, hand: Hand) -> None:
    found = wc.matrix(_world(registry))
    assert [(p.a, p.b, p.ties) for p in found.pairs] == [
        ("KR", "KR", 6), ("FR", "JP", 4),
        ("CO", "EC", 1), ("CO", "PE", 1), ("EC", "PE", 1), ("FR", "FR", 1), ("FR", "KR", 1),
        ("JP", "JP", 1), ("PE", "PE", 1), ("VN", "VN", 1),
    ]  # fmt: skip
    assert (found.ties, found.domestic, found.international) == (18, 10, 8)
    # a country's ties: KR 6 + 1, FR 1 + 4 + 1, JP 4 + 1, PE 1 + 1 + 1, CO 2, EC 2, VN 1
    assert found.countries == ("KR", "FR", "JP", "PE", "CO", "EC", "VN")
    assert found.cell("JP", "FR") == 4 and found.cell("KR", "JP") == 0
    assert found.square(["KR", "FR", "JP"]) == [[6, 1, 0], [1, 1, 4], [0, 4, 1]]


def test_country_ranking(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    by_ties = wc.ranking(world)
    assert by_ties.countries == 7
    assert [(r.rank, r.code, r.ties) for r in by_ties.rows] == [
        (1, "KR", 7), (2, "FR", 6), (3, "JP", 5), (4, "PE", 3), (5, "CO", 2), (5, "EC", 2),
        (7, "VN", 1),
    ]  # fmt: skip
    kr, fr = by_ties.rows[0], by_ties.rows[1]
    assert (kr.places, kr.domestic, kr.international, kr.partners, kr.top_partner) == (
        4, 6, 1, 1, "FR",
    )  # fmt: skip
    assert kr.top_place.name == "Incheon" and kr.average_degree == pytest.approx(13 / 4)
    assert (fr.partners, fr.top_partner, fr.top_place.name, fr.average_degree) == (
        2, "JP", "Lyon", 3.5,
    )  # fmt: skip
    by_partners = wc.ranking(world, "partners", top=4)
    assert [(r.rank, r.code, r.partners) for r in by_partners.rows] == [
        (1, "CO", 2), (1, "EC", 2), (1, "FR", 2), (1, "PE", 2),
    ]  # fmt: skip
    vn = wc.ranking(world, "international").rows[-1]
    assert (vn.code, vn.international, vn.top_partner) == ("VN", 0, None)
    with pytest.raises(InputError):
        wc.ranking(world, "gdp")


# -- one city --------------------------------------------------------------------------------


def test_seoul_in_the_world_network(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    with registry.session() as s:
        found = wpl.profile(s, world, "Seoul,KR")
    assert found.in_dataset and found.nodes == 14
    assert (found.degree, found.degree_rank) == (3, 3)  # Incheon and Lyon have 4
    assert found.degree_percentile == pytest.approx(100 * 6 / 14)  # Hanoi, Hue, the square
    assert found.betweenness == 0.0 and found.betweenness_rank == 7  # after 2 + 4 above 0
    assert (found.component, found.component_size) == (1, 8)
    assert (found.community, found.community_size) == (1, 4)
    assert found.community_countries == (("KR", 4),)
    assert found.by_country == (("KR", 3),)
    assert [p.name for p in found.partners] == ["Incheon", "Busan", "Daegu"]
    assert found.within_two == 4  # Busan, Daegu, Incheon, and Lyon through Incheon
    comp = found.comparison
    assert comp is not None and comp.review == "accepted"
    assert (comp.registry_partners, comp.dataset_partners) == (2, 3)
    assert [p.name for p in comp.both] == ["Busan"]
    assert [p.name for p in comp.only_dataset] == ["Daegu", "Incheon"]
    assert [p.name for p in comp.only_registry] == ["Tokyo"]


def test_the_registry_comparison_follows_the_review_scope(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    with registry.session() as s:
        every = wpl.profile(s, world, "Seoul,KR", review="all").comparison
        lyon = wpl.profile(s, world, "Lyon,FR")
    assert every is not None
    assert [p.name for p in every.only_registry] == ["Hanoi", "Tokyo"]  # Hanoi: proposed
    assert lyon.comparison is None  # no tie of Lyon in the registry
    assert lyon.betweenness_rank == 1
    assert lyon.by_country == (("JP", 2), ("FR", 1), ("KR", 1))  # Kyoto, Osaka; Paris; Incheon


def test_a_place_with_no_tie_in_the_dataset(registry: Registry, hand: Hand) -> None:
    world = _world(registry)
    with registry.session() as s:
        found = wpl.profile(s, world, "tokyo-jp")
    assert not found.in_dataset and found.degree == 0 and found.degree_rank is None
    assert found.comparison is not None
    assert [p.name for p in found.comparison.only_registry] == ["Seoul"]
    assert found.comparison.dataset_partners == 0


# -- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", world_mod.FORMATS)
def test_export_reads_back(registry: Registry, hand: Hand, fmt: str) -> None:
    world = _world(registry)
    out = io.BytesIO()
    world_mod.write(world, out, fmt)
    out.seek(0)
    back = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert back.number_of_nodes() == 14 and back.number_of_edges() == 18
    seoul = back.nodes[str(hand.ids["Seoul"])]
    assert seoul["label"] == "Seoul" and seoul["country"] == "KR"
    busan = str(hand.ids["Busan"])
    assert float(back[str(hand.ids["Seoul"])][busan]["weight"]) == 2.0
    with pytest.raises(InputError):
        world_mod.write(world, io.BytesIO(), "dot")


@pytest.mark.parametrize("fmt", world_mod.FORMATS)
def test_export_escapes_names_and_keeps_every_attribute(fmt: str) -> None:
    from citydip.analytics import world_export

    graph = nx.Graph()
    graph.add_node(1, name='Saint-"Ouen" & <Sud>', country="FR", level="city", region="Europe",
                   key="saint-ouen-fr")  # fmt: skip
    graph.add_node(2, name="Gwangju", country=None, level="city", region="", key="gwangju-kr")
    graph.add_edge(1, 2, weight=2, ties=1, engagements=0, memberships=0, types="sister")
    out = io.BytesIO()
    world_export.write(graph, out, fmt, name="t")
    out.seek(0)
    back = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    one = back.nodes["1"]
    assert one["label"] == 'Saint-"Ouen" & <Sud>'
    assert (one["place_key"], one["country"], one["level"], one["region"]) == (
        "saint-ouen-fr", "FR", "city", "Europe",
    )  # fmt: skip
    assert back.nodes["2"]["country"] == ""  # no country: empty, as GEXF has no null
    edge = back["1"]["2"]
    assert (float(edge["weight"]), int(edge["ties"]), edge["types"]) == (2.0, 1, "sister")
