"""A generated world dataset the size of the Wikipedia twin-town lists (18,000 places and
26,000 ties by default), written straight into a registry's tables; for the browser test
that the world views stay usable and for `benchmarks/world_views.py`.

Deterministic: the same sizes and seed give the same rows. Places are grouped in countries
of very unequal size (a few with thousands of places, many with a handful), around a
centre each; the ties prefer well-connected places (a few hubs with hundreds of ties, as
in the real lists) and a third of them stay in one country. Every 200th place has no
coordinates (the real lists have such too).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from itertools import accumulate

import pycountry
from sqlalchemy import Engine, func, insert, select

from citydip.store.datasets import Dataset, DatasetTie
from citydip.store.places import Place

NOW = dt.datetime(2026, 12, 1, 9, 0, 0, tzinfo=dt.UTC)
KEY = "generated-world"


@dataclass(frozen=True)
class WorldSizes:
    places: int = 18_000
    ties: int = 26_000
    countries: int = 150
    seed: int = 20261202


@dataclass(frozen=True)
class Generated:
    dataset_id: int
    first_place: int  # ids first_place .. first_place + places - 1
    countries: list[str]  # by size, the largest first


def generate_world(engine: Engine, sizes: WorldSizes = WorldSizes(), key: str = KEY) -> Generated:
    rng = random.Random(sizes.seed)
    codes = sorted(c.alpha_2 for c in pycountry.countries)[: sizes.countries]
    rng.shuffle(codes)
    centres = {c: (rng.uniform(-45, 62), rng.uniform(-160, 170)) for c in codes}
    weights = list(accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(codes))))
    with engine.begin() as conn:
        first = int(conn.execute(select(func.coalesce(func.max(Place.id), 0))).scalar_one()) + 1
        places = []
        country_of = []
        for n in range(sizes.places):
            code = codes[n] if n < len(codes) else rng.choices(codes, cum_weights=weights)[0]
            lat0, lon0 = centres[code]
            placed = n % 200 != 199
            places.append(
                {
                    "id": first + n,
                    "key": f"gen-{n}-{code.lower()}",
                    "name": f"Gencity {n} {code}",
                    "country": code,
                    "level": "city",
                    "lat": max(-80.0, min(80.0, rng.gauss(lat0, 3.0))) if placed else None,
                    "lon": ((rng.gauss(lon0, 4.0) + 180) % 360 - 180) if placed else None,
                    "review_state": "accepted",
                    "created_by": "generator",
                    "created_at": NOW,
                }
            )
            country_of.append(code)
        conn.execute(insert(Place), places)
        dataset_id = conn.execute(
            insert(Dataset)
            .values(
                key=key,
                name="Generated world twinning",
                source="tests/web/world_data.py",
                licence="generated",
                tie_type="sister",
                rows=sizes.ties,
                imported_at=NOW,
                imported_by="generator",
                report={},
            )
            .returning(Dataset.id)
        ).scalar_one()
        # popularity: a heavy tail, so some places are hubs
        pull = [1 / (rank + 1) ** 0.75 for rank in range(sizes.places)]
        rng.shuffle(pull)
        cum = list(accumulate(pull))
        by_country: dict[str, list[int]] = {}
        for n, code in enumerate(country_of):
            by_country.setdefault(code, []).append(n)
        pairs: set[tuple[int, int]] = set()
        everyone = range(sizes.places)
        order = list(everyone)
        rng.shuffle(order)
        while len(pairs) < sizes.ties:
            # every place gets a first tie, then the hubs draw the rest
            n = len(pairs)
            a = order[n] if n < len(order) else rng.choices(everyone, cum_weights=cum)[0]
            if rng.random() < 0.33:
                home = by_country[country_of[a]]
                b = home[rng.randrange(len(home))]
            else:
                b = rng.choices(everyone, cum_weights=cum)[0]
            if a != b:
                pairs.add((min(a, b), max(a, b)))
        rows = [
            {
                "dataset_id": dataset_id,
                "a_id": first + a,
                "b_id": first + b,
                "type": "sister",
                "rows": 1,
                "line": line + 2,
            }
            for line, (a, b) in enumerate(sorted(pairs))
        ]
        conn.execute(insert(DatasetTie), rows)
    size_of = sorted(by_country, key=lambda c: -len(by_country[c]))
    return Generated(int(dataset_id), first, size_of)
