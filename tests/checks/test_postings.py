from __future__ import annotations

from typing import get_args

import pytest

from jobdocs.checks.postings import (PLACES, SHARED_TOPICS, TOPIC_LANGUAGES, TOPICS, Ground, do_not_ask,
                                     do_not_ask_topics)
from jobdocs.model.jurisdictions import KNOWN


def test_every_place_is_a_known_code_and_forbids_known_grounds():
    assert set(PLACES) <= KNOWN
    for place in PLACES.values():
        assert set(place.forbidden) <= set(get_args(Ground)), place.code
        assert all(requirement.source for requirement in place.required)
        assert set(place.topics) <= set(TOPICS), place.code


def test_every_topic_is_worded_in_every_label_language():
    for topic, wording in TOPICS.items():
        assert set(wording) == set(TOPIC_LANGUAGES), topic
        assert all(text.strip() for text in wording.values())


def test_china_adds_household_registration_and_hepatitis_b():
    items = do_not_ask(["CN"], "zh")
    assert items[:len(SHARED_TOPICS)] == [TOPICS[topic]["zh"] for topic in SHARED_TOPICS]
    assert items[len(SHARED_TOPICS):] == ["户籍或籍贯地域", "乙肝病原携带情况或乙肝检查"]


def test_korea_adds_looks_home_region_and_family():
    added = do_not_ask(["KR"], "ko")[len(SHARED_TOPICS):]
    assert added == ["용모, 키 또는 체중", "출신 지역 또는 출생지", "직계 존비속 및 형제자매의 학력·직업·재산",
                     "본인의 재산 또는 주거 형태"]


def test_a_subdivision_brings_its_country_and_places_are_not_repeated():
    topics = do_not_ask_topics(["US-NYC", "US-CA", "US"])
    assert topics[len(SHARED_TOPICS):] == ["criminal_record", "genetic"]
    assert do_not_ask_topics([]) == list(SHARED_TOPICS)


@pytest.mark.parametrize("language, expected", [("zh-TW", "戶籍或籍貫地域"), ("zh-CN", "户籍或籍贯地域"),
                                                 ("de-AT", "Hukou (Haushaltsregistrierung) oder Herkunftsregion"),
                                                 ("it", "Household registration (hukou) or home region")])
def test_regional_languages_read_their_wording(language, expected):
    assert do_not_ask(["CN"], language)[-2] == expected
