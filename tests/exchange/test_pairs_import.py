"""import_pairs on small hand-counted CSVs, with a fake resolver (both backends)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from citydip.errors import InputError, UnknownCodeError
from citydip.exchange.dataset_info import dataset_names, delete_dataset, describe_datasets
from citydip.exchange.pairs import import_pairs
from citydip.store.datasets import Dataset, DatasetName, DatasetTie, find_dataset, tie_pairs
from citydip.store.places import Place, PlaceName
from citydip.store.relationships import Relationship

COLUMNS = "city1,country1,city2,country2"


@dataclasses.dataclass(frozen=True, slots=True)
class Cand:
    key: str
    name: str
    country: str
    admin1: str | None
    population: int
    lat: float
    lon: float
    geonames_id: int
    level: str = "city"


@dataclasses.dataclass(frozen=True, slots=True)
class Res:
    status: str
    place: Cand | None
    country: str | None
    candidates: tuple[Cand, ...] = ()


def cand(gid: int, name: str, cc: str) -> Cand:
    return Cand(f"gn{gid}", name, cc, None, 1000 * gid, 40.0 + gid / 100, 20.0, gid)


BERAT = cand(11, "Berat", "AL")
FERMO = cand(12, "Fermo", "IT")
BERAT_FR = cand(13, "Bérat", "FR")
TOKYO = cand(14, "Tokyo", "JP")
SPRING_IL = cand(15, "Springfield", "US")
SPRING_MA = cand(16, "Springfield", "US")
COUNTRIES = {"Albania": "AL", "Italy": "IT", "France": "FR", "Japan": "JP", "United States": "US"}
PLACES = {
    ("Berat", "AL"): BERAT,
    ("Fermo", "IT"): FERMO,
    ("Bérat", "FR"): BERAT_FR,
    ("Tokyo", "JP"): TOKYO,
    ("Shibuya", "JP"): TOKYO,  # districts the resolver places at their city
    ("Setagaya", "JP"): TOKYO,
}


class FakeResolver:
    """Resolves the names above; Springfield (US) is ambiguous; other countries unknown."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def resolve(self, city: str, label: str) -> Res:
        self.calls.append((city, label))
        cc = COUNTRIES.get(label)
        if cc is None:
            return Res("unknown_country", None, None)
        if city == "Springfield":
            return Res("ambiguous", SPRING_IL, cc, (SPRING_IL, SPRING_MA))
        place = PLACES.get((city, cc))
        return Res("resolved", place, cc) if place else Res("unresolved", None, cc)


SMALL = """city1,country1,city2,country2
Berat,Albania,Fermo,Italy
Fermo,Italy,Berat,Albania
Berat,Albania,Fermo,Italy
Berat,Albania,Bérat,France
Shibuya,Japan,Setagaya,Japan
,Albania,Fermo,Italy
Springfield,United States,Berat,Albania
Atlantis,Italy,Berat,Albania
Paris,Narnia,Berat,Albania
Bérat,France,Fermo,Italy
"""


def write(tmp_path: Path, text: str, name: str = "pairs.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_small_file_counts_by_hand(registry, tmp_path):
    resolver = FakeResolver()
    report = import_pairs(registry, write(tmp_path, SMALL), COLUMNS, resolver=resolver, user="t")
    assert report.rows == 10
    # Berat–Fermo (lines 2, 3 mirrored, 4 again), Berat–Bérat (5), Bérat–Fermo (11)
    assert report.ties == 3
    assert (report.duplicates, report.mirrors, report.self_ties) == (1, 1, 1)
    assert report.empty_rows == 1 and report.empty_lines == [7]
    assert report.unresolved_rows == 3  # Springfield, Atlantis, Paris (Narnia)
    # 8 distinct names: Berat, Fermo, Bérat, Shibuya, Setagaya resolve
    assert report.distinct_names == 8
    assert report.names == {"resolved": 5, "ambiguous": 1, "unresolved": 1, "unknown_country": 1}
    # 19 non-empty cells: Berat 7, Fermo 5, Bérat 2, Shibuya 1, Setagaya 1 resolved
    assert report.mentions == {
        "resolved": 16,
        "ambiguous": 1,
        "unresolved": 1,
        "unknown_country": 1,
    }
    assert report.mention_rate == pytest.approx(16 / 19)
    assert report.name_rate == pytest.approx(5 / 8)
    assert (report.places_created, report.places_reused) == (3, 0)  # Tokyo: only a self-tie
    assert len(resolver.calls) == len(set(resolver.calls)) == 8  # each name resolved once
    problems = {(p.city, p.status, p.rows, p.line) for p in report.problems}
    assert problems == {
        ("Springfield", "ambiguous", 1, 8),
        ("Atlantis", "unresolved", 1, 9),
        ("Paris", "unknown_country", 1, 10),
    }

    with registry.session() as session:
        ds = find_dataset(session, "pairs")
        assert ds is not None and ds.rows == 10 and ds.imported_by == "t"
        assert ds.report["ties"] == 3 and ds.report["mention_rate"] == round(16 / 19, 6)
        key_of = dict(session.execute(select(Place.id, Place.key)).all())
        ties = {
            (key_of[a], key_of[b], t.rows, t.line, t.type)
            for t in session.scalars(select(DatasetTie))
            for a, b in [(t.a_id, t.b_id)]
        }
        assert all(a < b for a, b in tie_pairs(session, ds.id))
        by_pair = {frozenset((a, b)): (rows, line, typ) for a, b, rows, line, typ in ties}
        assert by_pair == {
            frozenset(("berat-al", "fermo-it")): (3, 2, "sister"),
            frozenset(("berat-al", "bérat-fr")): (1, 5, "sister"),  # keys keep accents
            frozenset(("bérat-fr", "fermo-it")): (1, 11, "sister"),
        }
        berat = session.scalars(select(Place).where(Place.key == "berat-al")).one()
        assert (berat.geonames_id, berat.country, berat.review_state) == (11, "AL", "proposed")
        names = {
            n.norm for n in session.scalars(select(PlaceName).where(PlaceName.place_id == berat.id))
        }
        assert names == {"berat"}
        spring = session.scalars(select(DatasetName).where(DatasetName.city == "Springfield")).one()
        assert spring.country == "US" and spring.place_id is None  # its guess has no place
        assert [c["geonames_id"] for c in spring.candidates] == [15, 16]


def test_import_leaves_the_registry_records_alone(registry, tmp_path):
    with registry.session() as session:
        before = session.scalar(select(func.count()).select_from(Relationship))
    import_pairs(registry, write(tmp_path, SMALL), COLUMNS, resolver=FakeResolver())
    with registry.session() as session:
        assert session.scalar(select(func.count()).select_from(Relationship)) == before == 0


def _add_place(registry, key, name, cc, gid):
    with registry.session() as session:
        session.execute(
            insert(Place), [{"key": key, "name": name, "country": cc, "geonames_id": gid}]
        )


def test_places_reused_by_geonames_id_or_key_else_new_key(registry, tmp_path):
    _add_place(registry, "fermo-old", "Fermo", "IT", 12)  # same GeoNames id: reused
    _add_place(registry, "tokyo-jp", "Tokyo", "JP", None)  # same key, no id: reused
    _add_place(registry, "berat-al", "Berat", "AL", 999)  # the key of another GeoNames place
    text = "a,b,c,d\nBerat,Albania,Fermo,Italy\nTokyo,Japan,Fermo,Italy\n"
    report = import_pairs(registry, write(tmp_path, text), "a,b,c,d", resolver=FakeResolver())
    assert (report.places_created, report.places_reused) == (1, 2)
    with registry.session() as session:
        keys = dict(session.execute(select(Place.id, Place.key)).all())
        pairs = {
            frozenset((keys[a], keys[b]))
            for a, b in session.execute(select(DatasetTie.a_id, DatasetTie.b_id))
        }
        assert pairs == {
            frozenset(("berat-al-11", "fermo-old")),
            frozenset(("tokyo-jp", "fermo-old")),
        }
        assert (
            session.scalar(select(func.count()).select_from(Place).where(Place.key == "fermo-it"))
            == 0
        )


def test_two_candidates_for_one_registry_place_are_a_self_tie(registry, tmp_path):
    _add_place(registry, "tokyo-jp", "Tokyo", "JP", 14)
    # the resolver sees two places (Tokyo, gn14; Tokyo-to with the same id) — one here
    other = dataclasses.replace(TOKYO, key="region:JP-13", level="city")

    class Twice(FakeResolver):
        def resolve(self, city, label):
            return (
                Res("resolved", other, "JP") if city == "Tokyo-to" else super().resolve(city, label)
            )

    text = "a,b,c,d\nTokyo,Japan,Tokyo-to,Japan\n"
    report = import_pairs(registry, write(tmp_path, text), "a,b,c,d", resolver=Twice())
    assert (report.ties, report.self_ties, report.places_created) == (0, 1, 0)


def test_columns_by_role_and_header_case(registry, tmp_path):
    text = "From;Country A;To;Country B\nBerat;Albania;Fermo;Italy\n"
    report = import_pairs(
        registry,
        write(tmp_path, text),
        "city2=to,country2=Country B,city1=From,country1=Country A",
        resolver=FakeResolver(),
        tie_type="friendship",
        key="mine",
    )
    assert report.ties == 1 and report.key == "mine"
    with registry.session() as session:
        assert session.scalars(select(DatasetTie.type)).all() == ["friendship"]


def test_missing_column_names_file_and_headers(registry, tmp_path):
    path = write(tmp_path, "city1,country1,town2,country2\nBerat,Albania,Fermo,Italy\n")
    with pytest.raises(InputError) as err:
        import_pairs(registry, path, COLUMNS, resolver=FakeResolver())
    msg = str(err.value)
    assert str(path) in msg and "'city2'" in msg and "'town2'" in msg and ":1:" in msg
    _nothing_written(registry)


def test_unknown_tie_type_is_refused(registry, tmp_path):
    with pytest.raises(UnknownCodeError, match="sister"):
        import_pairs(registry, write(tmp_path, SMALL), COLUMNS, tie_type="twin")


def test_bad_columns_spec(registry, tmp_path):
    with pytest.raises(InputError, match="city2, country2"):
        import_pairs(registry, write(tmp_path, SMALL), "city1,country1", resolver=FakeResolver())
    with pytest.raises(InputError, match="unknown role 'town'"):
        import_pairs(registry, write(tmp_path, SMALL), "town=x,a,b,c", resolver=FakeResolver())


def test_short_row_names_line_and_column(registry, tmp_path):
    path = write(
        tmp_path, "city1,country1,city2,country2\nBerat,Albania,Fermo,Italy\nFermo,Italy\n"
    )
    with pytest.raises(InputError, match=r"pairs.csv:3: field 'city2': the row has 2 fields"):
        import_pairs(registry, path, COLUMNS, resolver=FakeResolver())
    _nothing_written(registry)


def test_cp1252_file_is_detected(registry, tmp_path):
    text = "city1,country1,city2,country2\n" + "Berat,Albania,Bérat,France\n" * 3
    report = import_pairs(
        registry, write(tmp_path, text, encoding="cp1252"), COLUMNS, resolver=FakeResolver()
    )
    assert report.encoding == "cp1252" and report.ties == 1 and report.duplicates == 2


def test_utf8_bom_is_skipped(registry, tmp_path):
    path = write(tmp_path, SMALL, encoding="utf-8-sig")
    assert import_pairs(registry, path, COLUMNS, resolver=FakeResolver()).ties == 3


def test_bad_byte_after_the_sample_names_its_line(registry, tmp_path):
    rows = "Berat,Albania,Fermo,Italy\n" * 5000  # 130 KB of UTF-8, past the sniffed sample
    data = ("city1,country1,city2,country2\n" + rows).encode() + b"Fermo,Italy,B\xe9rat,France\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    with pytest.raises(
        InputError, match=r"mixed.csv:5002: field 'city2': not utf-8 text \(byte 0xe9\)"
    ):
        import_pairs(registry, path, COLUMNS, resolver=FakeResolver())
    _nothing_written(registry)


def test_binary_file_is_not_a_csv(registry, tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputError, match="binary file .*not a CSV"):
        import_pairs(registry, path, COLUMNS, resolver=FakeResolver())


def test_json_file_is_not_a_pairs_csv(registry, tmp_path):
    path = write(tmp_path, '{"doc_id": "x", "records": []}\n', name="pairs.json")
    with pytest.raises(InputError, match="no column 'city1'"):
        import_pairs(registry, path, COLUMNS, resolver=FakeResolver())


def test_empty_file(registry, tmp_path):
    with pytest.raises(InputError, match="empty file"):
        import_pairs(registry, write(tmp_path, ""), COLUMNS, resolver=FakeResolver())


def test_missing_file(registry, tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        import_pairs(registry, tmp_path / "nope.csv", COLUMNS, resolver=FakeResolver())


def test_reimport_needs_replace(registry, tmp_path):
    path = write(tmp_path, SMALL)
    import_pairs(registry, path, COLUMNS, resolver=FakeResolver())
    with pytest.raises(InputError, match="already imported.*--replace"):
        import_pairs(registry, path, COLUMNS, resolver=FakeResolver())
    path.write_text("city1,country1,city2,country2\nBerat,Albania,Fermo,Italy\n", "utf-8")
    report = import_pairs(registry, path, COLUMNS, resolver=FakeResolver(), replace=True)
    assert report.replaced and report.ties == 1
    assert report.places_reused == 2 and report.places_created == 0
    with registry.session() as session:
        assert session.scalar(select(func.count()).select_from(Dataset)) == 1
        assert session.scalar(select(func.count()).select_from(DatasetTie)) == 1
        assert session.scalar(select(func.count()).select_from(DatasetName)) == 0


def test_list_and_delete(registry, tmp_path):
    import_pairs(
        registry, write(tmp_path, SMALL), COLUMNS, resolver=FakeResolver(), licence="CC BY-SA 4.0"
    )
    with registry.session() as session:
        [info] = describe_datasets(session)
        assert (info.key, info.ties, info.places, info.names) == ("pairs", 3, 3, 3)
        assert info.licence == "CC BY-SA 4.0" and info.mention_rate == round(16 / 19, 6)
        assert [n.city for n in dataset_names(session, "pairs")] == [
            "Springfield",
            "Atlantis",
            "Paris",
        ]
    assert delete_dataset(registry, "pairs").ties == 3
    with registry.session() as session:
        assert describe_datasets(session) == []
        assert session.scalar(select(func.count()).select_from(DatasetTie)) == 0
        assert (
            session.scalar(select(func.count()).select_from(Place).where(Place.key == "berat-al"))
            == 1
        )


def test_failing_resolver_writes_nothing(registry, tmp_path):
    class Broken(FakeResolver):
        def resolve(self, city, label):
            if city == "Bérat":
                raise RuntimeError("gazetteer gone")
            return super().resolve(city, label)

    with pytest.raises(RuntimeError):
        import_pairs(registry, write(tmp_path, SMALL), COLUMNS, resolver=Broken())
    _nothing_written(registry)


def _nothing_written(registry) -> None:
    with registry.session() as session:
        assert session.scalar(select(func.count()).select_from(Dataset)) == 0
        assert session.scalar(select(func.count()).select_from(DatasetTie)) == 0
        assert (
            session.scalar(select(func.count()).select_from(Place).where(Place.key != "seoul-kr"))
            == 0
        )


def test_same_key_taken_while_reading_is_one_clear_error(registry, tmp_path):
    other = write(tmp_path, "city1,country1,city2,country2\nBerat,Albania,Fermo,Italy\n", "o.csv")

    class Racing(FakeResolver):
        """Another writer imports the same key while this import is still reading."""

        def resolve(self, city, label):
            if not self.calls:
                import_pairs(registry, other, COLUMNS, resolver=FakeResolver(), key="pairs")
            return super().resolve(city, label)

    # checked again in the writing transaction (a truly simultaneous writer meets the unique
    # key instead: "the database refused the import: ...")
    with pytest.raises(InputError, match="'pairs' is already imported"):
        import_pairs(registry, write(tmp_path, SMALL), COLUMNS, resolver=Racing())
    with registry.session() as session:  # the other import stands, nothing of this one
        assert session.scalar(select(func.count()).select_from(DatasetTie)) == 1


def test_places_only_a_dataset_names_stay_out_of_the_registrys_places(
    registry, tmp_path, seed_gold, stamp
):
    from citydip.analytics.dashboard import stats
    from citydip.exchange.importer import import_files
    from citydip.store import listing, queries

    import_files(registry, seed_gold, stamp, max_bytes=10_000_000)
    _add_place(registry, "fermo-old", "Fermo", "IT", 12)  # by hand, then named by the dataset
    with registry.session() as session:
        session.execute(
            Place.__table__.update().where(Place.key == "fermo-old").values(review_state="accepted")
        )
    with registry.session() as session:
        before = [p.key for p in queries.list_places(session)]
        counted = stats(session).places
        paged = listing.page_places(session, per_page=200).total
    assert "fermo-old" in before and counted == paged == len(before)

    import_pairs(registry, write(tmp_path, SMALL), COLUMNS, resolver=FakeResolver())
    with registry.session() as session:
        every = session.scalar(select(func.count()).select_from(Place))
        assert every == len(before) + 2  # Berat and Bérat are new; Fermo is the one by hand
        assert [p.key for p in queries.list_places(session)] == before
        assert stats(session).places == counted
        assert listing.page_places(session, per_page=200).total == paged
        assert listing.page_places(session, q="berat").total == 0
