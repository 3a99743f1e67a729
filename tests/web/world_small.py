"""A hand-made world dataset of nine places and eleven ties, for exact checks by hand.

    place    country  lat, lon          ties (degree)
    Alpha    KR       37.5, 127.0       Beta Gamma Delta Epsilon Zeta Theta   (6)
    Beta     KR       35.1, 129.0       Alpha Gamma                           (2)
    Gamma    JP       35.7, 139.7       Alpha Beta Delta                      (3)
    Delta    JP       34.7, 135.5       Alpha Gamma                           (2)
    Epsilon  FR       48.85, 2.35       Alpha Zeta                            (2)
    Zeta     US       40.7, -74.0       Alpha Epsilon Eta                     (3)
    Eta      US       (no coordinates)  Zeta                                  (1)
    Theta    NZ       -36.85, 174.76    Alpha Iota                            (2)
    Iota     FJ       -17.7, -179.0     Theta                                 (1)

Theta and Iota lie on either side of the 180th meridian.
"""

from __future__ import annotations

from dataclasses import dataclass

from citydip.store.datasets import Dataset, DatasetTie
from citydip.store.engine import Registry
from citydip.store.places import Place

KEY = "small-world"
PLACES = (
    ("Alpha", "KR", 37.5, 127.0),
    ("Beta", "KR", 35.1, 129.0),
    ("Gamma", "JP", 35.7, 139.7),
    ("Delta", "JP", 34.7, 135.5),
    ("Epsilon", "FR", 48.85, 2.35),
    ("Zeta", "US", 40.7, -74.0),
    ("Eta", "US", None, None),
    ("Theta", "NZ", -36.85, 174.76),
    ("Iota", "FJ", -17.7, -179.0),
)
TIES = (
    ("Alpha", "Gamma"),
    ("Alpha", "Delta"),
    ("Alpha", "Epsilon"),
    ("Alpha", "Zeta"),
    ("Beta", "Gamma"),
    ("Alpha", "Beta"),
    ("Gamma", "Delta"),
    ("Zeta", "Eta"),
    ("Epsilon", "Zeta"),
    ("Theta", "Iota"),
    ("Alpha", "Theta"),
)


@dataclass(frozen=True)
class Small:
    key: str
    ids: dict[str, int]  # place name → id
    names: dict[int, str]  # id → name


def add_small_world(registry: Registry, key: str = KEY, name: str = "Small world") -> Small:
    with registry.session() as session:
        places = {
            n: Place(
                key=f"{key}-{n.lower()}-{c.lower()}",
                name=n,
                country=c,
                lat=lat,
                lon=lon,
                review_state="accepted",
            )  # fmt: skip
            for n, c, lat, lon in PLACES
        }
        session.add_all(places.values())
        dataset = Dataset(key=key, name=name, source="tests/web/world_small.py", licence="CC0",
                          tie_type="sister", rows=len(TIES), report={})  # fmt: skip
        session.add(dataset)
        session.flush()
        for line, (a, b) in enumerate(TIES, start=2):
            lo, hi = sorted((places[a].id, places[b].id))
            session.add(DatasetTie(dataset_id=dataset.id, a_id=lo, b_id=hi, type="sister",
                                   rows=1, line=line))  # fmt: skip
        ids = {n: p.id for n, p in places.items()}
    return Small(key, ids, {i: n for n, i in ids.items()})
