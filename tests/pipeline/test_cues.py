"""Cue sets: codes found in a sentence, and cue words inside names of standing bodies."""

from __future__ import annotations

from citydip.pipeline.cues import cues_for


def test_a_cue_word_inside_a_body_s_name_is_no_cue() -> None:
    engagement = cues_for("en").engagement
    text = "She met the Standing Committee of the National People's Congress at a forum."
    found = [(c.code, text[c.start : c.end]) for c in engagement.find(text)]
    assert found == [("meeting", "met"), ("conference", "forum")]
    assert [c.code for c in engagement.find("the World Congress of Cities")] == ["conference"]


def test_korean_bodies_and_one_syllable_cues() -> None:
    cues = cues_for("ko")
    assert [c.code for c in cues.engagement.find("시의회 의장이 포럼에 참석했다")] == ["conference"]
    assert cues.areas.codes("건물과 선물") == [] and cues.areas.codes("물 관리와 안전") == [
        "water",
        "safety",
    ]
