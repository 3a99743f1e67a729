"""Korean: cues as data, and the morphological analyser (kiwipiepy) for sentences and nouns.

Cue patterns are regular expressions; a space in a cue matches any run of spaces or none,
since Korean writes compounds both ways (우호도시 협약 / 우호도시협약).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

ENGAGEMENT = {
    "official_visit": [r"방문", r"순방", r"대표단", r"방한", r"내한", r"출장", r"초청으로"],
    "meeting": [r"면담", r"회담", r"접견", r"만나", r"만났", r"만남", r"환담", r"간담회", r"예방"],
    "conference": [
        r"포럼",
        r"총회",
        r"정상회의",
        r"회의(?!실)",
        r"컨퍼런스",
        r"콘퍼런스",
        r"서밋",
        r"박람회",
        r"엑스포",
        r"심포지엄",
    ],
    "training_program": [r"연수", r"교육 과정", r"초청 연수", r"아카데미", r"교육(?:을|프로그램)"],
    "study_tour": [r"시찰", r"견학", r"벤치마킹", r"현장 방문", r"둘러보", r"둘러봤", r"둘러볼"],
    "personnel_exchange": [
        r"공무원 파견",
        r"인적 교류",
        r"직원 교류",
        r"파견 근무",
        r"직원 파견",
        r"공무원 (?:\S+ )?(?:\d+명[이을]? )?\S*(?:에 )?파견",
        r"공무원 상호 파견",
    ],
    "citizen_exchange": [
        r"청소년 교류",
        r"학생 교류",
        r"시민 교류",
        r"민간 교류",
        r"체육 교류",
        r"문화 교류",
        r"홈스테이",
    ],
    "cultural_event": [
        r"전시회?",
        r"축제",
        r"공연",
        r"페스티벌",
        r"문화 행사",
        r"음악회",
        r"제막식",
    ],
    "aid": [
        r"지원금",
        r"기부",
        r"구호",
        r"성금",
        r"기증",
        r"후원금",
        r"지원(?:했|하였|키로|한다|한 바|해 왔|해왔)",
        r"(?:달러|만원|억원|만 원|억 원)(?:를|을)? ?(?:지원|전달|기탁)",
        r"원조",
        r"방역 물품",
        r"마스크",
    ],
    "honor": [
        r"명예 ?시민",
        r"훈장",
        r"메달",
        r"명예 ?시장",
        r"수여",
        r"감사패",
        r"공로패",
        r"상을 ?(?:수상|받)",
        r"수상(?:했|하였|한|자|의)",
    ],
    "policy_sharing": [
        r"정책 공유",
        r"정책 수출",
        r"노하우 전수",
        r"자문",
        r"노하우",
        r"전수",
        r"정책 ?자문",
        r"컨설팅",
        r"공유(?:하기로|할|했)",
    ],
}

AGREEMENT = {
    "sister_city_agreement": [
        r"자매 ?결연 ?(?:협정|협약|의향서)?",
        r"자매 ?(?:도시 ?)?(?:협정|협약)",
        r"자매 결연",
    ],
    "friendship_agreement": [
        r"우호 ?도시 ?(?:협약|협정|결연)",
        r"우호 ?교류 ?(?:협약|협정|의향서)",
        r"우호 ?협력 ?도시 ?(?:협약|협정)",
        r"우호 ?결연",
        r"우호 ?협력 ?(?:협약|협정)",
    ],
    "cooperation_agreement": [r"교류 ?협력 ?(?:협약|협정)", r"협력 ?(?:협정|협약)", r"교류 ?협약"],
    "mou": [r"양해 ?각서", r"업무 ?협약", r"MOU", r"MoU", r"협력 ?각서"],
    "letter_of_intent": [r"의향서"],
    "joint_declaration": [r"공동 ?선언", r"공동 ?성명", r"공동 ?선언문"],
    "other_agreement": [r"협약", r"협정"],
}

# Cooperation areas: words Korean press releases use besides the taxonomy's.
AREAS = {
    "safety": [r"안전", r"재난", r"소방", r"방재", r"지진", r"재해"],
    "environment": [r"환경", r"기후", r"대기질?", r"미세먼지", r"탄소", r"녹색", r"숲", r"산림"],
    "energy": [r"에너지", r"신재생"],
    "transport": [r"교통", r"지하철", r"모빌리티", r"버스", r"철도"],
    "urban_planning": [r"도시재생", r"도시계획", r"도시개발", r"주택", r"도시 계획", r"인프라"],
    "smart_city": [r"스마트 ?시티", r"전자정부", r"디지털", r"스마트", r"정보통신", r"ICT"],
    "water": [r"상수도", r"하천", r"수자원", r"물관리"],
    "health_welfare": [r"복지", r"보건", r"저출산", r"감염병", r"의료", r"건강", r"포용적 ?성장"],
    "economy": [r"경제", r"투자", r"무역", r"교역", r"금융", r"일자리", r"산업", r"기업", r"수출"],
    "tourism": [r"관광"],
    "culture": [r"문화", r"예술", r"박물관", r"공연", r"전시"],
    "sports": [r"체육", r"스포츠", r"올림픽", r"태권도", r"우슈"],
    "education_youth": [r"교육", r"청소년", r"학생", r"대학"],
    "social_economy": [r"사회적 ?경제", r"사회적 ?기업"],
    "peace": [r"평화", r"통일", r"남북"],
    "governance": [r"행정", r"거버넌스"],
}

RELATIONSHIP = {
    "sister": [r"자매 ?도시", r"자매 ?결연", r"자매 ?관계", r"자매 ?(?:협정|협약)"],
    "friendship": [
        r"우호 ?도시",
        r"우호 ?교류 ?도시",
        r"우호 ?협력 ?도시",
        r"우호 ?결연",
    ],
    "partnership": [r"협력 ?도시", r"전략적 동반", r"파트너 ?도시", r"동반자 관계"],
}

EVENTS = {
    "strained": [r"경색", r"중단", r"냉각"],
    "normalized": [r"정상화", r"복원", r"재개"],
    "upgraded": [r"격상"],
    "renewed": [r"갱신"],
    "terminated": [r"해지", r"파기"],
}

# 상설 기관의 이름: 행사가 아니다 ("인민대표회의 상임위원회", "시의회")
BODIES = r"인민대표(?:대)?회의|상임위원회|(?:시|도|구|군)?의회|국회"

SIGNED = r"체결|결연|맺|서명|조인"
SIGNED_PAST = r"(?:체결|서명|조인)(?:했|하였|한 뒤|한 후)|맺었|맺은 뒤"
PLANNED = (
    r"예정|계획이다|할 계획|방침|추진할|추진된다|추진한다|하기로|키로|오는 |나설 |열릴|참석할|"
    r"방문할|체결할|결연한다|체결한다|기로 했|기로 하|기로 합의"
)

# Words the analyser may tag as proper nouns that GeoNames also spells as a place:
# pairs of countries (한중 = Korea–China, not Hanzhong), and the like.
NOT_PLACES = frozenset("한중 한일 한미 한러 남북 북미 북중 중미 코로나 브랜드 시엔".split())
CANCELLED = r"취소|무산|연기"

ROLES = {
    "chair": [r"의장", r"회장 ?도시", r"회장", r"공동 ?의장"],
    "founder": [r"창립", r"설립 ?회원"],
    "board": [r"집행 ?위원", r"이사"],
    "host": [r"개최", r"유치"],
    "member": [r"회원", r"가입"],
}

TITLES = r"시장|부시장|도지사|지사|성장|주지사|대사|총영사|총리|대통령|의장|사무총장|당서기|서기"

# Proper-noun tags from kiwipiepy: a Hangul place name must start one of these tokens.
NOUN_TAGS = frozenset({"NNP", "NNG", "SL", "SH"})


@dataclass(frozen=True, slots=True)
class Analysis:
    """Sentences (start, end) and where nouns start, for one Korean text."""

    sentences: list[tuple[int, int]]
    noun_starts: frozenset[int]
    proper_starts: frozenset[int]
    nouns: dict[int, tuple[str, int]]  # start → (tag, length) of each noun token


class Analyser:
    """One kiwipiepy Kiwi per process, created on first use (≈ 1–2 s, 0.5 GB)."""

    _lock = threading.Lock()
    _kiwi: Any = None

    @classmethod
    def kiwi(cls) -> Any:
        with cls._lock:
            if cls._kiwi is None:
                from kiwipiepy import Kiwi

                cls._kiwi = Kiwi()
            return cls._kiwi

    @classmethod
    def analyse(cls, text: str) -> Analysis:
        sentences: list[tuple[int, int]] = []
        nouns: dict[int, tuple[str, int]] = {}
        # (sentences within sentences, return_sub_sents, are not used)
        for sent in cls.kiwi().split_into_sents(text, return_tokens=True, return_sub_sents=False):
            sentences.append((sent.start, sent.end))
            for tok in sent.tokens:
                if tok.tag in NOUN_TAGS:
                    nouns[tok.start] = (tok.tag, tok.len)
        proper = frozenset(s for s, (tag, _) in nouns.items() if tag == "NNP")
        return Analysis(sentences, frozenset(nouns), proper, nouns)

    @staticmethod
    def place_like(analysis: Analysis, start: int, name: str) -> bool:
        """A Hangul place name is kept where the analyser sees a proper noun, or a common
        noun longer than the name (서울시장 = 서울 + 시장): not 코로나(19), 브랜드, 한중. A name
        of four syllables or more is kept as a common noun too: the analyser does not know
        울란바타르 or 블라디보스토크, and no Korean word is spelt like them."""
        tag, length = analysis.nouns.get(start, ("", 0))
        return (
            tag in ("NNP", "SL", "SH")
            or (tag == "NNG" and length > len(name))
            or (tag == "NNG" and len(name) >= 4)
        )
