"""The README's Python sessions are executable documentation: they run as written, with the results they show.

Each ```python block of the README is a doctest session. It runs in a fresh folder holding what
`make demo` leaves in the project: ``exports/`` (a copy of the example corpus built for this test
session, never the project's own ``exports/``) and ``examples/``. A session must print exactly what
the README shows (``...`` only where the README writes it), and must leave ``exports/`` as it was.
"""
from __future__ import annotations

import doctest
import hashlib
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def readme_sessions() -> list[tuple[int, str]]:
    """(line number, text) of every ```python block of the README."""
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in _BLOCK.finditer(text)]


SESSIONS = readme_sessions()


@pytest.fixture(scope="module")
def project(example_build, tmp_path_factory) -> Path:
    """A folder laid out as the project after `make demo`: exports/ and examples/."""
    _, built = example_build
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(built, folder / "exports", ignore=shutil.ignore_patterns(".*"))
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    return folder


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_readme_has_python_sessions_and_each_is_a_doctest():
    assert len(SESSIONS) >= 2
    for line, text in SESSIONS:
        examples = doctest.DocTestParser().get_examples(text)
        assert len(examples) >= 3, f"README.md:{line}: a ```python block that is no >>> session"


@pytest.mark.slow
@pytest.mark.parametrize("line, text", SESSIONS, ids=[f"README.md:{line}" for line, _ in SESSIONS])
def test_a_readme_session_runs_as_written(line, text, project, monkeypatch):
    monkeypatch.chdir(project)
    before = _digests(project / "exports")
    test = doctest.DocTestParser().get_doctest(text, {}, f"README.md:{line}", str(README), line)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    assert _digests(project / "exports") == before, "the session changed exports/"


def test_no_readme_session_builds_into_exports():
    for line, text in SESSIONS:
        assert not re.search(r"""kg\.build\([^)]*out\s*=\s*["']exports/?["']""", text), f"README.md:{line}"
