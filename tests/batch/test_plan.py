from __future__ import annotations

import pytest

from jobdocs.errors import InputError
from jobdocs.batch.plan import expected_cost, parse_shard, plan, shard
from jobdocs.model.project import load_project

from tests.conftest import REPO


def test_shards_partition_the_work_and_balance_its_cost():
    project = load_project(REPO)
    targets = plan(project)
    slices = [shard(project, targets, index, 3) for index in (1, 2, 3)]
    assert sorted(t for s in slices for t in s) == sorted(targets)
    costs = [sum(expected_cost(project, t) for t in s) for s in slices]
    assert max(costs) / min(costs) < 1.1
    assert slices[0] == shard(project, targets, 1, 3)  # the same on every machine


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_bad_shard_specs_are_usage_errors(text):
    with pytest.raises(InputError):
        parse_shard(text)


def test_the_careers_site_adds_an_index_per_language_and_one_sitemap():
    project = load_project(REPO)
    site = [t.relative_path for t in plan(project, kinds=["job-ad"], formats=["html"]) if t.is_site]
    assert site == ["index.zh.html", "index.en.html", "sitemap.xml"]
    assert [t.relative_path for t in plan(project, formats=["html"], languages=["en"]) if t.is_site] == [
        "index.en.html", "sitemap.xml"]
    assert not any(t.is_site for t in plan(project, formats=["pdf"]))
    assert not any(t.is_site for t in plan(project, kinds=["interview-guide"], formats=["html"]))
