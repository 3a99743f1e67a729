"""The geocoding check on tiny CSVs written here, with a hand-made world gazetteer."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from citydip.errors import InputError
from citydip.exchange.geocheck import compare, summary, write_disagreements
from citydip.gazetteer.world import Candidate, WorldGazetteer


def place(name: str, cc: str, pop: int, lat: float, lon: float, admin1: str, gid: int) -> Candidate:
    return Candidate(f"gn{gid}", name, cc, admin1, pop, lat, lon, gid)


SIRACUSA = place("Siracusa", "IT", 121605, 37.08, 15.29, "15", 1)
SYRACUSE_NY = place("Syracuse", "US", 142327, 43.05, -76.15, "NY", 2)
SEOUL = place("Seoul", "KR", 10349312, 37.57, 126.98, "11", 3)
BUSAN = place("Busan", "KR", 3285147, 35.10, 129.03, "10", 4)
PORTLAND_OR = place("Portland", "US", 652503, 45.52, -122.68, "OR", 5)
PORTLAND_ME = place("Portland", "US", 66881, 43.66, -70.26, "ME", 6)
SPRINGFIELD_MO = place("Springfield", "US", 169176, 37.22, -93.30, "MO", 7)
SPRINGFIELD_IL = place("Springfield", "US", 116250, 39.80, -89.64, "IL", 8)
OSAKA = place("Osaka", "JP", 2592413, 34.69, 135.50, "32", 9)
GAZETTEER = WorldGazetteer.of(
    [
        SIRACUSA,
        SYRACUSE_NY,
        SEOUL,
        BUSAN,
        PORTLAND_OR,
        PORTLAND_ME,
        SPRINGFIELD_MO,
        SPRINGFIELD_IL,
        OSAKA,
    ],
    {SIRACUSA.key: ["Syracuse"]},
)
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


def law_of_cosines_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """An independent great-circle formula to check the haversine against."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_share_within_25_km_and_the_verdicts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        # line 2: Syracuse (Italy) put in New York; Seoul 0.1° off (11 km): agrees
        "Syracuse,Italy,43.05,-76.15,Seoul,South Korea,37.67,126.98\n"
        # line 3: Portland put on the smaller one, Maine; Busan exact
        "Portland,United States,43.66,-70.26,Busan,South Korea,35.10,129.03\n"
        # line 4: Springfield (a guess between two) put on Illinois'; Seoul again
        "Springfield,United States,39.80,-89.64,Seoul,South Korea,37.57,126.98\n"
        # line 5: no coordinates for Osaka; nothing known of Atlantis
        "Osaka,Japan,,,Atlantis,Narnia,10,10\n",
    )
    check = compare(path, GAZETTEER)
    assert check.rows == 4
    assert check.names == 7  # Syracuse, Seoul, Portland, Busan, Springfield, Osaka, Atlantis
    assert check.statuses == {"resolved": 5, "ambiguous": 1, "unknown_country": 1}
    # both sides place: Syracuse, Seoul, Portland, Busan, Springfield (not Osaka, Atlantis)
    assert check.compared == 5
    assert check.within == 2  # Seoul, Busan
    assert check.share == pytest.approx(2 / 5)
    # Springfield is a guess: without it, 2 of the 4 names citydip resolved agree
    assert (check.compared_resolved, check.within_resolved) == (4, 2)
    assert check.share_resolved == pytest.approx(2 / 4)
    by_city = {d.city: d for d in check.disagreements}
    assert set(by_city) == {"Syracuse", "Portland", "Springfield"}
    syracuse = by_city["Syracuse"]
    assert syracuse.distance_km == pytest.approx(law_of_cosines_km(43.05, -76.15, 37.08, 15.29))
    assert (syracuse.verdict, syracuse.place, syracuse.near) == ("citydip", SIRACUSA, SYRACUSE_NY)
    assert "in US" in syracuse.reason and "not in Italy" in syracuse.reason
    assert (syracuse.line, syracuse.rows) == (2, 1)
    portland = by_city["Portland"]
    assert (portland.verdict, portland.place, portland.near) == (
        "citydip",
        PORTLAND_OR,
        PORTLAND_ME,
    )
    assert "652,503" in portland.reason and "66,881" in portland.reason
    springfield = by_city["Springfield"]
    assert (springfield.status, springfield.verdict) == ("ambiguous", "other")
    # farthest first
    assert [d.city for d in check.disagreements] == ["Syracuse", "Portland", "Springfield"]
    assert check.verdicts == {"citydip": 2, "other": 1}


def test_disagreements_to_csv_and_json(tmp_path: Path) -> None:
    path = write(tmp_path, "Syracuse,Italy,43.05,-76.15,Seoul,South Korea,37.57,126.98\n")
    check = compare(path, GAZETTEER)
    out = tmp_path / "out.csv"
    assert write_disagreements(check, out) == 1
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert (row["city"], row["verdict"], row["citydip_key"]) == ("Syracuse", "citydip", "gn1")
    assert (row["their_nearest_place"], row["their_nearest_country"]) == ("Syracuse", "US")
    data = summary(check, limit=0)
    assert (data["compared"], data["within"], data["disagreements"], data["shown"]) == (2, 1, 1, [])


def test_other_column_names(tmp_path: Path) -> None:
    path = write(tmp_path, "Seoul,South Korea,37.57,126.98\n", header="name,nation,y,x\n")
    check = compare(path, GAZETTEER, ["name", "nation", "y", "x"])
    assert (check.names, check.compared, check.within) == (1, 1, 1)


def test_a_missing_column_names_it_and_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Seoul,South Korea,37.57\n", header="city1,country1,lat1\n")
    with pytest.raises(InputError) as err:
        compare(path, GAZETTEER, ["city1", "country1", "lat1", "lng1"])
    assert err.value.field == "lng1"
    assert str(path) in str(err.value) and "lng1" in str(err.value)


def test_a_bad_latitude_names_the_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Seoul,South Korea,37.57,126.98,Busan,South Korea,35.10,129.03\n"
        "Seoul,South Korea,north,126.98,Busan,South Korea,35.10,129.03\n",
    )
    with pytest.raises(InputError) as err:
        compare(path, GAZETTEER)
    assert (err.value.line, err.value.field) == (3, "lat1")
    assert f"{path}:3" in str(err.value) and "north" in str(err.value)


def test_a_latitude_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "Seoul,South Korea,37.57,126.98,Busan,South Korea,95,129.03\n")
    with pytest.raises(InputError) as err:
        compare(path, GAZETTEER)
    assert (err.value.line, err.value.field) == (2, "lat2")


def test_columns_must_come_in_fours(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    with pytest.raises(InputError, match="fours"):
        compare(path, GAZETTEER, ["city1", "country1", "lat1"])


def test_an_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "", header="")
    with pytest.raises(InputError, match="empty"):
        compare(path, GAZETTEER)
