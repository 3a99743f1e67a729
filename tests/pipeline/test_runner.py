"""The pipeline on small texts in both languages: each record kind, dates, people, merging."""

from __future__ import annotations

from typing import Any

import pytest

from citydip.gazetteer.matcher import load_gazetteer
from citydip.pipeline.runner import Extractor
from citydip.types import Document, Home

SEOUL = Home("Seoul", "KR")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_gazetteer())


def run(extractor: Extractor, text: str, published: str | None = None, **kw: Any) -> list[Any]:
    doc = Document(text=text, doc_id="t", published=published, home=kw.get("home", SEOUL))
    return extractor.run(doc).answer.records


def kinds(records: list[Any]) -> list[tuple[str, str]]:
    return [(r.kind, getattr(r, "type", None) or r.role) for r in records]


def names(places: list[Any]) -> list[str]:
    return [p.name for p in places]


def test_a_tie_with_its_year_and_evidence(extractor: Extractor) -> None:
    text = "Intro line.\nAfter signing a sisterhood agreement in 1988, Seoul and Tokyo cooperated."
    records = run(extractor, text, "2015-02-03")
    tie = next(r for r in records if r.kind == "relationship")
    assert tie.type == "sister" and tie.since == "1988"
    assert names(tie.parties) == ["Seoul", "Tokyo"]
    span = tie.evidence[0]
    assert text[span.start : span.end] == span.quote and span.quote.startswith("After signing")
    agreement = next(r for r in records if r.kind == "agreement")
    assert agreement.type == "sister_city_agreement" and agreement.date == "1988"


def test_a_meeting_with_people_date_location_and_areas(extractor: Extractor) -> None:
    text = (
        "On February 3, Park Won Soon, mayor of Seoul, and Yoichi Masuzoe, governor of Tokyo, "
        "met at the Tokyo Metropolitan Government Building and agreed to cooperate on city "
        "safety, tourism and culture."
    )
    meeting = next(r for r in run(extractor, text, "2015-02-03") if r.type == "meeting")
    assert meeting.start == "2015-02-03"
    assert names(meeting.parties) == ["Tokyo"]
    assert meeting.location is not None and meeting.location.name == "Tokyo"
    assert {(p.name, p.title, p.of) for p in meeting.people} == {
        ("Park Won Soon", "Mayor", "Seoul"),
        ("Yoichi Masuzoe", "Governor", "Tokyo"),
    }
    assert meeting.areas == ["safety", "tourism", "culture"]


def test_never_more_precise_than_the_text(extractor: Extractor) -> None:
    text = "Tokyo Governor Masuzoe visited Seoul last July."
    visit = run(extractor, text, "2015-02-03")[0]
    assert (visit.kind, visit.type, visit.start) == ("engagement", "official_visit", "2014-07")
    undated = run(extractor, text, None)[0]
    assert undated.start is None


def test_mentions_of_one_visit_become_one_record(extractor: Extractor) -> None:
    text = (
        "Mayor Park visited Hanoi on March 3. "
        "During the visit to Hanoi, he toured the metro construction site."
    )
    visits = [r for r in run(extractor, text, "2016-03-05") if r.type == "official_visit"]
    assert len(visits) == 1 and len(visits[0].evidence) == 2


def test_a_planned_tie_is_an_agreement_not_yet_a_tie(extractor: Extractor) -> None:
    text = "Seoul will sign a friendship city agreement with Kyiv next month."
    records = run(extractor, text, "2023-09-25")
    assert kinds(records) == [("agreement", "friendship_agreement")]
    assert records[0].status == "planned"


def test_membership_of_a_city_network(extractor: Extractor) -> None:
    text = "Seoul has been a member of Metropolis since 1987 and hosted the C40 summit."
    found = {(r.network, r.role) for r in run(extractor, text, "2023") if r.kind == "membership"}
    assert ("Metropolis", "member") in found


def test_korean_friendship_agreement_and_people(extractor: Extractor) -> None:
    text = (
        "박원순 서울시장과 호세 블란돈 파나마시장이 우호도시협약을 체결했다. "
        "박원순 시장은 10월 19일 오전 호세 블란돈 파나마시티시장과 면담을 가졌다."
    )
    records = run(extractor, text, "2017-10-20")
    assert ("relationship", "friendship") in kinds(records)
    assert ("agreement", "friendship_agreement") in kinds(records)
    meeting = next(r for r in records if r.type == "meeting")
    assert meeting.start == "2017-10-19"
    assert names(meeting.parties) == ["Panama City"]
    assert ("박원순", "시장", "Seoul") in {(p.name, p.title, p.of) for p in meeting.people}


def test_korean_relative_dates_and_aid(extractor: Extractor) -> None:
    text = "서울시가 강진 피해를 입은 튀르키예에 30만 달러를 지원한다고 7일 밝혔다."
    aid = next(r for r in run(extractor, text, "2023-02-07") if r.type == "aid")
    assert names(aid.parties) == ["Türkiye"] and aid.areas == []


def test_korean_words_are_not_places(extractor: Extractor) -> None:
    text = "시는 코로나19 등으로 중단했던 한중 교류를 위해 지난 17일 예산을 마련했다."
    assert run(extractor, text, "2023-02-20") == []


def test_a_tie_between_two_other_cities(extractor: Extractor) -> None:
    text = "Since Chicago became a sister city of Shanghai in 1985, the two sides cooperated."
    tie = run(extractor, text, "2004-10-20", home=Home("Beijing", "CN"))[0]
    assert (tie.type, tie.since, names(tie.parties)) == ("sister", "1985", ["Chicago", "Shanghai"])


def test_an_unknown_home_is_the_city_named_most(extractor: Extractor) -> None:
    doc = Document(text="Busan Mayor met the mayor of Miami. Busan and Miami are sister cities.")
    answer = extractor.run(doc).answer
    assert answer.home is not None and answer.home.name == "Busan"
    assert answer.lang == "en"


def test_cities_listed_as_members_of_a_network(extractor: Extractor) -> None:
    text = "Seoul, Bangkok and Jakarta are members of Metropolis."
    records = run(extractor, text, "2021-07-21")
    members = {(r.member.name, r.network, r.role) for r in records if r.kind == "membership"}
    assert members == {(c, "Metropolis", "member") for c in ("Seoul", "Bangkok", "Jakarta")}


def test_a_date_label_is_not_the_date_of_the_sentence_after_it(extractor: Extractor) -> None:
    text = " date 2024-04-16 Mayor Park of Busan met the Kyoto Prefectural Assembly on Monday."
    records = run(extractor, text, "2024-04-16", home=Home("Busan", "KR"))
    meeting = next(r for r in records if r.type == "meeting")
    assert meeting.start == "2024-04-15"  # the Monday before the Tuesday it was published


def test_an_anniversary_of_a_signing_dates_the_agreement(extractor: Extractor) -> None:
    text = (
        "Commemorating the fifth anniversary of the signing of the friendship treaty between "
        "Seoul and Hokkaido, Park was officially invited to Hokkaido."
    )
    agreement = next(r for r in run(extractor, text, "2015-02") if r.kind == "agreement")
    assert (agreement.type, agreement.date) == ("friendship_agreement", "2010")


def test_an_anniversary_of_a_tie_is_no_new_agreement(extractor: Extractor) -> None:
    text = "대전시는 '대전-선양 자매결연' 10주년을 기념해 선양시 공연단과 친선대회를 펼친다."
    records = run(extractor, text, "2023-08-10", home=Home("Daejeon", "KR"))
    assert not [r for r in records if r.kind == "agreement"]


def test_a_tie_signed_on_a_day_is_dated_by_the_signing(extractor: Extractor) -> None:
    text = (
        "진주시와 중국 서안시는 1996년부터 교류를 시작해 2011년 3월 30일 우호교류 도시로 "
        "조인하여 그동안 50여회 교류를 하고 있다."
    )
    records = run(extractor, text, "2015-03-15", home=Home("Jinju", "KR"))
    agreement = next(r for r in records if r.kind == "agreement")
    assert (agreement.type, agreement.date) == ("friendship_agreement", "2011-03-30")


def test_sister_or_friendship_cities_in_general_are_no_agreement(extractor: Extractor) -> None:
    text = "대구시는 현재 미국, 중국, 일본에 있는 도시들과 자매·우호도시 관계를 맺고 있다."
    assert run(extractor, text, "2015-01-27", home=Home("Daegu", "KR")) == []


def test_a_generic_agreement_is_the_specific_one_named_before(extractor: Extractor) -> None:
    text = (
        "On 18 September 2014, Gorizia and Klagenfurt signed a Friendship Agreement.\n"
        "The agreement, signed by the delegates of both cities, promotes cultural dialogue."
    )
    records = run(extractor, text, "2014-09-20", home=Home("Gorizia", "IT"))
    agreements = [r for r in records if r.kind == "agreement"]
    assert [(a.type, a.date) for a in agreements] == [("friendship_agreement", "2014-09-18")]
    assert len(agreements[0].evidence) == 2


def test_a_signed_friendship_agreement_makes_the_tie(extractor: Extractor) -> None:
    text = "Seoul signed a friendship agreement with Hokkaido on February 3."
    tie = next(r for r in run(extractor, text, "2015-02-10") if r.kind == "relationship")
    assert (tie.type, tie.since, names(tie.parties)) == (
        "friendship",
        "2015-02-03",
        ["Seoul", "Hokkaido"],
    )
    planned = "Seoul will sign a friendship agreement with Hokkaido next month."
    assert not [r for r in run(extractor, planned, "2015-02-10") if r.kind == "relationship"]


def test_members_named_after_their_network(extractor: Extractor) -> None:
    text = (
        "Mayor Oh spoke at the Metropolis World Congress.\n"
        "He will serve with five other co-presidents from Guangzhou, Montevideo and Tehran."
    )
    members = {
        (r.network, r.member.name, r.role) for r in run(extractor, text) if r.kind == "membership"
    }
    assert {("Metropolis", c, "chair") for c in ("Guangzhou", "Montevideo", "Tehran")} <= members


def test_a_cue_word_is_a_whole_word(extractor: Extractor) -> None:
    # "met" is not the start of "Metropolitan", nor "visit" of "visitation"
    text = "Seoul Metropolitan Government and the Tokyo Metropolitan Government held a visitation."
    assert not [r for r in run(extractor, text) if r.kind == "engagement"]


def test_aid_listed_one_country_at_a_time(extractor: Extractor) -> None:
    text = (
        "서울시는 2018년 10월 인도네시아 지진 당시 10만 달러, 2017년 9월 멕시코 지진 때 5만 "
        "달러, 2008년 5월 중국 사천성 지진 때 30만 달러를 지원한 바 있다."
    )
    aid = [(r.start, r.parties[0].name) for r in run(extractor, text, "2023-02-07")]
    assert aid == [("2018-10", "Indonesia"), ("2017-09", "Mexico"), ("2008-05", "Sichuan")]


def test_korean_one_syllable_cue_is_a_word(extractor: Extractor) -> None:
    text = "서울시는 지난 17일 도쿄도와 건물 안전 협약을 체결하고 선물을 교환했다."
    agreement = next(r for r in run(extractor, text, "2015-02-20") if r.kind == "agreement")
    assert agreement.areas == ["safety"]  # not water: 물 of 건물 and 선물


def test_korean_names_after_a_title_are_people(extractor: Extractor) -> None:
    text = (
        "합천군은 자매도시인 일본 미토요시(시장 야마시타 아키시)에서 성금을 보내왔다. 박원순 "
        "시장은 로렌스 웡(Lawrence Wong) 장관과 만났다."
    )
    records = run(extractor, text, "2020-09-14", home=Home("Hapcheon", "KR"))
    places = {p.name for r in records for p in getattr(r, "parties", [])}
    assert "Aki" not in places and "Lawrence" not in places


def test_an_event_held_in_a_country(extractor: Extractor) -> None:
    text = "The governor will attend the Indonesia Festival held by the embassy in Russia."
    event = next(r for r in run(extractor, text, "2017-08-02", home=Home("Jakarta", "ID")))
    assert event.type == "cultural_event"
    assert event.location is not None and event.location.name == "Russia"


def test_an_honour_is_the_act_not_the_exchanges_it_rewards(extractor: Extractor) -> None:
    text = (
        "서안시는 지난해 10월 상임위원회에서 우호도시 교류에 기여한 공로를 인정하여 "
        "진주시장에게 명예시민 호칭을 수여하였다."
    )
    records = run(extractor, text, "2015-03-15", home=Home("Jinju", "KR"))
    assert [r.type for r in records if r.kind == "engagement"] == ["honor"]


def test_an_honour_given_at_a_meeting_keeps_the_meeting(extractor: Extractor) -> None:
    text = "박원순 시장은 19일 안 이달고 파리시장과 면담하고 명예시민증을 수여하였다."
    types = {r.type for r in run(extractor, text, "2017-10-20") if r.kind == "engagement"}
    assert types == {"meeting", "honor"}


def test_this_year_does_not_date_a_signing_years_ago(extractor: Extractor) -> None:
    text = "시는 1993년 중국 칭다오시와 첫 자매 협정을 체결한 이후 올해로 32년째다."
    agreement = next(r for r in run(extractor, text, "2025-07-16") if r.kind == "agreement")
    assert agreement.date == "1993"


def test_a_network_named_before_is_not_every_later_role(extractor: Extractor) -> None:
    text = (
        "Representatives of the UNDP are in attendance.\n"
        "Seoul, which won the award in 2018, is hosting the forum with Singapore."
    )
    assert not [r for r in run(extractor, text) if r.kind == "membership"]


def test_a_metropolitan_body_is_its_own_member(extractor: Extractor) -> None:
    text = "Oh leads Metropolis along with co-presidents from the Barcelona Metropolitan Area."
    members = {r.member.name for r in run(extractor, text) if r.kind == "membership"}
    assert "Barcelona Metropolitan Area" in members and "Barcelona" not in members


def test_a_city_prize_is_an_honour_from_its_city(extractor: Extractor) -> None:
    text = "Seoul won the Lee Kuan Yew World City Prize in 2018."
    honor = next(r for r in run(extractor, text, "2023-09-25") if r.kind == "engagement")
    assert (honor.type, honor.start, names(honor.parties)) == ("honor", "2018", ["Singapore"])


def test_the_sentence_after_a_forum_lists_who_takes_part(extractor: Extractor) -> None:
    text = (
        "The World Cities Summit Mayors Forum took place in Seoul on Monday.\n"
        "Mayors from Dublin and Odense, and the United Nations Development Program, attend."
    )
    forum = next(r for r in run(extractor, text, "2023-09-25") if r.type == "conference")
    assert {"Dublin", "Odense", "UNDP"} <= set(names(forum.parties))


def test_an_agreement_named_again_is_the_one_signed(extractor: Extractor) -> None:
    text = (
        "Seoul Mayor Oh met the Mayor of Hanoi on March 12 and signed a memorandum of "
        "understanding on smart city cooperation.\n"
        "Under the MOU, Seoul will share its TOPIS traffic management system and train 30 "
        "Hanoi officials in June."
    )
    records = run(extractor, text, "2024-03-13")
    assert [(r.type, r.date) for r in records if r.kind == "agreement"] == [("mou", "2024-03-12")]
    planned = {r.type: r.start for r in records if r.kind == "engagement" and r.status == "planned"}
    assert planned == {"policy_sharing": "2024-06", "training_program": "2024-06"}


def test_a_long_foreign_name_the_analyser_does_not_know(extractor: Extractor) -> None:
    text = "서울시는 오는 9월 울란바타르 공무원 20명을 초청해 교통 정책 연수를 실시할 예정이다."
    training = next(r for r in run(extractor, text, "2024-05-20"))
    assert (training.type, training.start, names(training.parties)) == (
        "training_program",
        "2024-09",
        ["Ulaanbaatar"],
    )


def test_a_visitor_named_in_the_sentence_before(extractor: Extractor) -> None:
    text = (
        "The mayor of Washington DC, Anthony Williams, said his city wants more trade with "
        "Beijing.\n"
        "He was in Beijing at the invitation of the municipal government, meeting with He Luli, "
        "vice chairwoman of the Standing Committee of China's National People's Congress."
    )
    records = run(extractor, text, "2004-10-20", home=Home("Beijing", "CN"))
    found = {(r.type, tuple(names(r.parties))) for r in records if r.kind == "engagement"}
    assert ("official_visit", ("Washington",)) in found
    assert not [t for t, _ in found if t == "conference"]  # a People's Congress is no congress


def test_building_for_a_partner_is_aid_and_know_how_is_shared(extractor: Extractor) -> None:
    text = (
        "Seoul City plants a forest in the Mongolian capital of Ulan Bator.\n"
        "Tokyo will transfer its know-how on technology and management to Seoul."
    )
    found = {(r.type, names(r.parties)[0]) for r in run(extractor, text, "2011-05-01")}
    assert {("aid", "Ulaanbaatar"), ("policy_sharing", "Tokyo")} <= found


def test_hyphenated_names_split_one_way() -> None:
    from citydip.pipeline.mentions.people import find_people_en

    # a hyphen inside a name, and a long run of hyphenated words (exponential backtracking
    # once made such a document hang)
    chain = "-".join(["Seoul", "Tokyo", "Beijing"] * 8)
    text = f"Mayor Park Won-soon met Governor Jean-Luc Dupont at the {chain} forum."
    people = [(p.name, p.title) for p in find_people_en(text, 0, [])]
    assert people == [("Park Won-soon", "Mayor"), ("Jean-Luc Dupont", "Governor")]


def test_a_meeting_where_something_was_decided_took_place(extractor: Extractor) -> None:
    text = (
        "유정복 인천시장은 지난 11일 다케우치 가즈히사 기타큐슈 시장과 면담을 갖고 환경 분야 "
        "협력을 강화하기로 했다."
    )
    meeting = next(r for r in run(extractor, text, "2024-11-12", home=Home("Incheon", "KR")))
    assert (meeting.type, meeting.start, meeting.status) == ("meeting", "2024-11-11", "happened")
    planned = "유정복 인천시장은 다음 달 기타큐슈를 방문하기로 했다."
    visit = next(r for r in run(extractor, planned, "2024-11-12", home=Home("Incheon", "KR")))
    assert visit.status == "planned"


def test_a_record_a_few_sentences_on_takes_the_day_of_the_visit(extractor: Extractor) -> None:
    text = (
        "A delegation from Shanghai visited Busan City Hall on August 25.\n"
        "Busan Mayor Park welcomed the delegation.\n"
        "The two cities also signed a memorandum of understanding on marine protection."
    )
    records = run(extractor, text, "2023-08-28", home=Home("Busan", "KR"))
    assert next(r for r in records if r.kind == "agreement").date == "2023-08-25"


def test_an_event_word_is_not_a_town() -> None:
    from citydip.gazetteer.matcher import load_gazetteer

    text = "Busan is a member of the Asian-Pacific City Summit and hosts the Port Forum."
    assert [m.name for m in load_gazetteer().find(text)] == ["Busan"]


def test_a_tie_is_dated_by_its_since_not_the_visit(extractor: Extractor) -> None:
    text = (
        "From March 7 to 9, Mayor Oh visited Rotterdam, Seoul's partner city for water "
        "management since 2019."
    )
    tie = next(r for r in run(extractor, text, "2024-03-11") if r.kind == "relationship")
    assert (tie.type, tie.since) == ("partnership", "2019")


def test_an_agreement_signed_for_next_year_was_signed(extractor: Extractor) -> None:
    text = (
        "On October 14, Busan and Ho Chi Minh City also signed a letter of intent to launch "
        "a youth exchange program next year."
    )
    loi = next(r for r in run(extractor, text, "2025-10-15", home=Home("Busan", "KR")))
    assert (loi.type, loi.date, loi.status) == ("letter_of_intent", "2025-10-14", "happened")


def test_a_meeting_is_not_the_agreement_it_plans(extractor: Extractor) -> None:
    text = (
        "On October 23, Mayor Kang met Mayor Dijksma of Utrecht, and the two agreed to sign a "
        "friendship city agreement next year."
    )
    records = run(extractor, text, "2024-10-25", home=Home("Gwangju", "KR"))
    meeting = next(r for r in records if r.kind == "engagement" and r.type == "meeting")
    agreement = next(r for r in records if r.kind == "agreement")
    assert (meeting.start, meeting.status) == ("2024-10-23", "happened")
    assert (agreement.date, agreement.status) == ("2025", "planned")


def test_more_ways_to_say_a_study_tour_an_exchange_and_sharing(extractor: Extractor) -> None:
    text = (
        "The delegation stayed in Rotterdam from June 2 to 5 and inspected the Maeslantkering.\n"
        "Seoul and Rotterdam will exchange officials and Seoul will share its disaster "
        "mitigation experience."
    )
    types = {r.type for r in run(extractor, text, "2024-06-06") if r.kind == "engagement"}
    assert {"official_visit", "study_tour", "personnel_exchange", "policy_sharing"} <= types
    ko = "인천시 공무원 2명이 하이퐁시에 파견돼 도시계획을 배우고 항만을 둘러볼 예정이다."
    types = {r.type for r in run(extractor, ko, "2024-06-06", home=Home("Incheon", "KR"))}
    assert {"personnel_exchange", "study_tour"} <= types


def test_an_agreement_signed_at_this_occasion_is_new(extractor: Extractor) -> None:
    text = "서울시와 도쿄도는 지난 3일 이 자리에서 업무협약을 체결했다."
    mou = next(r for r in run(extractor, text, "2015-02-10"))
    assert (mou.type, mou.date, mou.status) == ("mou", "2015-02-03", "happened")


def test_visiting_students_are_no_visit_and_a_match_is_an_exchange(extractor: Extractor) -> None:
    text = (
        "Busan hosted visiting students from Mumbai for a cricket match between students of "
        "the two cities, and a Vietnamese culture night with Da Nang."
    )
    types = {r.type for r in run(extractor, text, "2025-10-15", home=Home("Busan", "KR"))}
    assert "official_visit" not in types
    assert {"citizen_exchange", "cultural_event"} <= types
