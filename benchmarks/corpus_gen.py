"""Generated documents that resemble the shared corpus, for the scale benchmarks.

Each generated document is one of the corpus documents (dev/en, dev/ko and the seeds) with
its partner cities swapped for others of the same country (consistently within the
document, in English and in Korean; a city alone in its country in `CITIES` stays) and its
years shifted, so that documents differ in text *and* in the records they
give: a hundred thousand copies of 28 texts would otherwise merge into the same few hundred
records, which is not what a real corpus does to the writer. The mix of languages is the
corpus's own (18 English, 10 Korean: 64 % English). Deterministic: document n is the same
in every run.

    from corpus_gen import generate
    files = generate(Path("../shared/corpus"), 10_000, Path("/tmp/docs"))
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

# Cities the gazetteer resolves by both names (each checked: "Seoul signed a sister-city
# agreement with X" and "서울시는 … X시와 자매결연을 맺었다" give X with this country), by
# country: a city is swapped for another of its country, so that "Tianjin, China" never
# becomes "Paris, China"; a city alone in its country here is left as it is.
CITIES: tuple[tuple[str, str, str], ...] = (
    ("Tokyo", "도쿄", "JP"), ("Osaka", "오사카", "JP"), ("Sapporo", "삿포로", "JP"),
    ("Fukuoka", "후쿠오카", "JP"), ("Nagoya", "나고야", "JP"), ("Yokohama", "요코하마", "JP"),
    ("Kyoto", "교토", "JP"), ("Kobe", "고베", "JP"),
    ("Beijing", "베이징", "CN"), ("Shanghai", "상하이", "CN"), ("Qingdao", "칭다오", "CN"),
    ("Tianjin", "톈진", "CN"), ("Chengdu", "청두", "CN"), ("Guangzhou", "광저우", "CN"),
    ("Shenyang", "선양", "CN"), ("Dalian", "다롄", "CN"), ("Harbin", "하얼빈", "CN"),
    ("Chicago", "시카고", "US"), ("Seattle", "시애틀", "US"), ("Houston", "휴스턴", "US"),
    ("Los Angeles", "로스앤젤레스", "US"), ("San Francisco", "샌프란시스코", "US"),
    ("Boston", "보스턴", "US"),
    ("Toronto", "토론토", "CA"), ("Montreal", "몬트리올", "CA"), ("Vancouver", "밴쿠버", "CA"),
    ("Paris", "파리", "FR"), ("Lyon", "리옹", "FR"), ("Marseille", "마르세유", "FR"),
    ("Berlin", "베를린", "DE"), ("Frankfurt", "프랑크푸르트", "DE"), ("Munich", "뮌헨", "DE"),
    ("Hamburg", "함부르크", "DE"),
    ("Rome", "로마", "IT"), ("Milan", "밀라노", "IT"), ("Naples", "나폴리", "IT"),
    ("Florence", "피렌체", "IT"),
    ("Madrid", "마드리드", "ES"), ("Barcelona", "바르셀로나", "ES"),
    ("Moscow", "모스크바", "RU"), ("Vladivostok", "블라디보스토크", "RU"),
    ("Saint Petersburg", "상트페테르부르크", "RU"), ("Novosibirsk", "노보시비르스크", "RU"),
    ("Jakarta", "자카르타", "ID"), ("Surabaya", "수라바야", "ID"), ("Bandung", "반둥", "ID"),
    ("Hanoi", "하노이", "VN"), ("Ho Chi Minh City", "호찌민", "VN"), ("Da Nang", "다낭", "VN"),
    ("Bangkok", "방콕", "TH"), ("Chiang Mai", "치앙마이", "TH"),
    ("Istanbul", "이스탄불", "TR"), ("Ankara", "앙카라", "TR"),
    ("Tashkent", "타슈켄트", "UZ"), ("Samarkand", "사마르칸트", "UZ"),
    ("Taipei", "타이베이", "TW"), ("Kaohsiung", "가오슝", "TW"),
    ("Manila", "마닐라", "PH"), ("Athens", "아테네", "GR"), ("Cairo", "카이로", "EG"),
    ("Bogotá", "보고타", "CO"), ("Nairobi", "나이로비", "KE"), ("Ulaanbaatar", "울란바토르", "MN"),
    ("Prague", "프라하", "CZ"), ("Warsaw", "바르샤바", "PL"), ("Budapest", "부다페스트", "HU"),
    ("Almaty", "알마티", "KZ"), ("Kathmandu", "카트만두", "NP"), ("Yangon", "양곤", "MM"),
    ("Phnom Penh", "프놈펜", "KH"), ("Vientiane", "비엔티안", "LA"),
    ("Kuala Lumpur", "쿠알라룸푸르", "MY"), ("Lisbon", "리스본", "PT"),
    ("Brussels", "브뤼셀", "BE"), ("Amsterdam", "암스테르담", "NL"),
    ("Stockholm", "스톡홀름", "SE"), ("Helsinki", "헬싱키", "FI"), ("Oslo", "오슬로", "NO"),
    ("Copenhagen", "코펜하겐", "DK"), ("Dubai", "두바이", "AE"), ("Kyiv", "키이우", "UA"),
    ("Baku", "바쿠", "AZ"), ("Tbilisi", "트빌리시", "GE"),
)  # fmt: skip
HANJA = r"(?:\([\u4e00-\u9fff]+\))?"  # 톈진(天津): the Chinese name goes with the Korean one
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-2]\d)(?!\d)")


@dataclass(frozen=True)
class Source:
    stem: str
    text: str
    meta: dict[str, object] | None
    names: tuple[str, ...]  # the CITIES names (either script) its text holds


def sources(corpus: Path) -> list[Source]:
    """The corpus documents a generated one is made from (English first, then Korean)."""
    paths = sorted((corpus / "dev" / "en").glob("*.txt")) + sorted((corpus / "seeds").glob("*.txt"))
    paths += sorted((corpus / "dev" / "ko").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no corpus documents under {corpus}")
    out = []
    for path in paths:
        text = path.read_text("utf-8")
        meta_path = path.with_name(path.stem + ".meta.json")
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else None
        names = tuple(n for en, ko, _ in CITIES for n in (en, ko) if _pattern([n]).search(text))
        out.append(Source(path.stem, text, meta, names))
    return out


def _pattern(names: list[str]) -> re.Pattern[str]:
    # English names as words; Korean ones where a word starts (particles and 시 attach after
    # them: 도쿄와, 도쿄시), with the Chinese name that may follow in brackets
    alts = [
        rf"(?<![가-힣]){re.escape(n)}{HANJA}" if not n.isascii() else rf"\b{re.escape(n)}\b"
        for n in sorted(names, key=len, reverse=True)
    ]
    return re.compile("|".join(f"({a})" for a in alts))


def variant(src: Source, n: int) -> tuple[str, dict[str, object] | None]:
    """Document n: `src` with its cities swapped for others of their country and its years
    shifted (the same for the same n in every run)."""
    rng = random.Random(n)
    swap: dict[str, str] = {}
    taken = set(src.names)
    for name in src.names:
        city = next(c for c in CITIES if name in c[:2])
        if city[0] in swap or city[1] in swap:
            continue
        choices = [c for c in CITIES if c[2] == city[2] and not taken & {c[0], c[1]}]
        new = rng.choice(choices) if choices else city
        taken.update(new[:2])
        swap[city[0]], swap[city[1]] = new[0], new[1]
    shift = rng.randint(-12, 3)

    def rewrite(text: str) -> str:
        if swap:
            pattern = _pattern(list(swap))
            text = pattern.sub(lambda m: swap[_base(m.group(0))], text)
        return YEAR.sub(lambda m: str(min(2026, int(m.group(0)) + shift)), text)

    text = rewrite(src.text) + f"\n\n({n})\n"  # distinct even where nothing is swapped
    meta = dict(src.meta) if src.meta else None
    if meta:
        for key in ("published", "title"):
            if isinstance(meta.get(key), str):
                meta[key] = rewrite(str(meta[key]))
    return text, meta


def _base(found: str) -> str:
    """The city name in a match (without the Chinese name in brackets after it)."""
    return found.split("(", 1)[0]


def generate(corpus: Path, count: int, out: Path, start: int = 0) -> list[Path]:
    """`count` documents (numbers start … start+count-1) written under `out`, 1,000 to a
    folder, each with its meta file where its source has one."""
    srcs = sources(corpus)
    files = []
    for n in range(start, start + count):
        src = srcs[n % len(srcs)]
        text, meta = variant(src, n)
        folder = out / f"{n // 1000:04d}"
        if n % 1000 == 0 or n == start:
            folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{src.stem}-{n:07d}.txt"
        target.write_text(text, "utf-8")
        if meta is not None:
            meta["doc_id"] = target.stem
            target.with_name(target.stem + ".meta.json").write_text(
                json.dumps(meta, ensure_ascii=False), "utf-8"
            )
        files.append(target)
    return files
