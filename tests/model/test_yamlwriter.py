"""The YAML that init and new write reads back as the data it was written from."""
from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given, strategies as st

from jobdocs.model.models import Competency, ProjectConfig
from jobdocs.model.yamlwriter import YamlWriter, scalar

TRAPS = ["Pack, label and ship", "Goal: keep it right", "yes", "No", "on", "1.10", "08", "#1f4e79", "*star", "&anchor",
         "@home", "`code`", "- item", "? why", "say \"you\"", "it's", "tab\there", "line\nbreak", " padded ", "",
         "null", "~", "2026-02-30", "TODO: write it", "100%", "a # not a comment", "{zh: x}", "[a, b]", "50：50"]


@pytest.mark.parametrize("text", TRAPS)
def test_a_tricky_text_reads_back_unchanged(text):
    assert yaml.safe_load(f"key: {scalar(text)}") == {"key": text}


@given(st.text(max_size=30))
def test_any_text_reads_back_unchanged(text):
    assert yaml.safe_load(f"key: {scalar(text)}") == {"key": text}


def test_plain_text_stays_plain():
    assert scalar("Customer Service Assistant") == "Customer Service Assistant"
    assert scalar("客服专员") == "客服专员"
    assert (scalar(True), scalar(3), scalar(datetime.date(2026, 12, 1))) == ("true", "3", "2026-12-01")


def test_fields_are_written_in_model_order_with_their_help_once():
    writer = YamlWriter(show_absent=False)
    data = {"name": {"zh": "顾客沟通", "en": "Customer communication"}, "id": "customer-communication",
            "rubric": {1: {"en": "None"}, 5: {"en": "Full"}}}
    writer.value(list[Competency], "competencies", [data, {"id": "b", "name": "B"}], 0)
    text = writer.text()
    assert yaml.safe_load(text) == {"competencies": [
        {"id": "customer-communication", "name": {"zh": "顾客沟通", "en": "Customer communication"},
         "rubric": {1: {"en": "None"}, 5: {"en": "Full"}}}, {"id": "b", "name": "B"}]}
    assert text.startswith("competencies:\n  # Unique within the role;")
    assert text.count("# The competency's name.") == 1


def test_absent_fields_can_be_shown_commented_out():
    writer = YamlWriter(show_absent=True)
    writer.fields(ProjectConfig, {"languages": ["zh", "en"]})
    assert "languages: [zh, en]\n" in writer.text() and "\n# page_size:\n" in writer.text()


def test_an_empty_mapping_stays_a_mapping_and_an_empty_section_lists_its_fields():
    writer = YamlWriter(show_absent=True)
    writer.value(dict[str, str], "codes", {}, 0)
    writer.fields(ProjectConfig, {"posting": {}})
    assert writer.text().startswith("codes: {}\n")
    assert "posting:\n  # The day the job ads are published" in writer.text()
