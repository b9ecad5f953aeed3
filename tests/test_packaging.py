"""The package metadata installs without warnings (`make demo` installs it on every fresh clone)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_license_is_an_spdx_expression_not_a_deprecated_table():
    # setuptools >= 77 warns "`project.license` as a TOML table is deprecated" on every install
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    assert isinstance(project["license"], str) and project["license"] == "MIT"


def test_build_backend_understands_spdx_licenses():
    requires = tomllib.loads(PYPROJECT.read_text())["build-system"]["requires"]
    setuptools = next(r for r in requires if r.startswith("setuptools"))
    minimum = re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", setuptools)
    assert minimum and int(minimum.group(1)) >= 77, setuptools  # PEP 639 support came in setuptools 77
