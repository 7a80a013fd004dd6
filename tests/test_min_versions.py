"""`make test-min` installs exactly the lowest versions pyproject.toml declares."""
from __future__ import annotations

import re

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import REPO

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")


def test_the_min_constraints_pin_every_declared_lower_bound_and_nothing_else():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {}
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(text)
        [bound] = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        declared[requirement.name.lower()] = Version(bound)
    pinned = {}
    for line in (REPO / "ci" / "min-constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip()).groups()
            pinned[name.lower()] = Version(version)
    assert pinned == declared
