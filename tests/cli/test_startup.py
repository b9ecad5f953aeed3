"""`kg --help` and small builds start at once: nothing heavy is imported before it is needed
(issue 17, item 5). No timings here: what is imported is what costs; benchmarks/bench.py measures."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("spacy", "networkx", "rdflib", "numpy", "pyoxigraph", "jinja2")


def _imported_after(code: str, cwd: Path | None = None) -> list[str]:
    probe = f"import sys\n{code}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=cwd)
    return json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"'))


def test_the_parser_of_every_command_imports_nothing_heavy():
    assert _imported_after("from kg.cli.main import make_parser\nmake_parser().format_help()") == []


def test_kg_help_imports_nothing_heavy():
    code = "from kg.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _imported_after(code) == []


def test_a_build_whose_papers_are_all_in_the_cache_does_not_import_spacy(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "p1", "title": "UMBC", "abstract": "See github.com/a/b."})
                                       + "\n")
    build = ("from kg.workflow import build\n"
             "build(['in.jsonl'], 'out', outputs=('records', 'json', 'report'), workers=2)")
    assert "spacy" in _imported_after(build, cwd=tmp_path)  # the first build extracts
    assert "spacy" not in _imported_after(build, cwd=tmp_path)  # the second takes the paper from the cache
