"""Repository URLs, also among LaTeX leftovers: never a brace or a backslash in a repository key."""
from __future__ import annotations

import pytest

from kg.extract.repos import find_repo_urls, normalize_repo_url
from kg.extract.pipeline import extract_paper
from kg.model import Paper


@pytest.mark.parametrize("text, norms", [
    ("Code: https://github.com/owner/name{https://github.com/owner/name}.",
     ["github.com/owner/name", "github.com/owner/name"]),
    ("Code at \\url{https://github.com/owner/name}.", ["github.com/owner/name"]),
    ("Code at \\url{github.com/owner/name}", ["github.com/owner/name"]),
    ("See \\href{https://github.com/owner/name}{our code}.", ["github.com/owner/name"]),
    ("See \\href{https://github.com/owner/name}{https://github.com/owner/name}.",
     ["github.com/owner/name", "github.com/owner/name"]),
    ("Code: https://github.com/owner/my\\_repo.", ["github.com/owner/my_repo"]),
    ("Code: https://github.com/owner/name\\footnote{x}", ["github.com/owner/name"]),
    ("Data: https://huggingface.co/datasets/org/set{https://huggingface.co/datasets/org/set}",
     ["huggingface.co/datasets/org/set", "huggingface.co/datasets/org/set"]),
    ("Plain: github.com/owner/name.", ["github.com/owner/name"]),
])
def test_urls_among_latex_leftovers(text, norms):
    assert [m.norm for m in find_repo_urls(text)] == norms


@pytest.mark.parametrize("text", [
    "https://github.com/owner/name{https://github.com/owner/name}",
    "\\url{https://github.com/owner/name}",
    "\\href{https://github.com/owner/name}{https://github.com/owner/name}",
    "github.com/owner/na\\me", "github.com/{owner}/name", "github.com/owner/name}",
])
def test_no_brace_or_backslash_gets_into_a_key(text):
    for m in find_repo_urls(text):
        assert not set("{}\\") & set(m.norm), m
        assert text[m.start:m.end] == m.text
    norm = normalize_repo_url(text.removeprefix("\\url{").removeprefix("\\href{"))
    assert norm is None or not set("{}\\") & set(norm)


def test_a_glued_href_gives_one_repository_with_two_mentions():
    abstract = "Our code is at https://github.com/owner/name{https://github.com/owner/name}."
    paper = extract_paper(Paper("p", "T", abstract))
    (repo,) = [e for e in paper.entities if e.type == "repository"]
    assert repo.norm == "github.com/owner/name" and len(repo.mentions) == 1
