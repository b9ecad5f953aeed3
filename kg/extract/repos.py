"""``kg_repos``: code repositories named by URL (GitHub, GitLab, Bitbucket, Hugging Face).

The algorithm is two plain functions, :func:`find_repo_urls` and :func:`normalize_repo_url`; the
component only wraps them. A project page (``owner.github.io``) is not a repository, and neither is
a host with no owner/name.

Abstracts copied from LaTeX keep its leftovers: ``\\url{https://github.com/a/b}``,
``\\href{https://github.com/a/b}{code}``, and listing pages that strip ``\\href`` leave
``https://github.com/a/b{https://github.com/a/b}``. A URL therefore ends at ``{``, ``}`` or a
backslash, except for LaTeX's escaped ``\\_``, ``\\%``, ``\\#``, ``\\&`` and ``\\~``, which the key
unescapes (``owner/my\\_repo`` is ``owner/my_repo``): no brace or backslash ever gets into a key.

Examples
--------
>>> normalize_repo_url("https://www.GitHub.com/Owner/Name.git/tree/main).")
'github.com/owner/name'
>>> normalize_repo_url("github.com/owner/name.git.git")  # normalising twice changes nothing
'github.com/owner/name'
>>> normalize_repo_url("huggingface.co/datasets/org/set")
'huggingface.co/datasets/org/set'
>>> normalize_repo_url("https://owner.github.io/project") is None
True
>>> [(m.text, m.norm) for m in find_repo_urls("Code: github.com/jeffwillette/umbc.")]
[('github.com/jeffwillette/umbc', 'github.com/jeffwillette/umbc')]
>>> [m.norm for m in find_repo_urls("Code: https://github.com/a/b{https://github.com/a/b}.")]
['github.com/a/b', 'github.com/a/b']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.prefilter import may_contain
from kg.extract.spans import add_entity
from kg.extract.tokens import doc_tokens

__all__ = ["RepoMatch", "RepoComponent", "find_repo_urls", "make_repos", "normalize_repo_url"]

_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "hf.co")
_HF_KINDS = ("datasets", "spaces", "models")
# A URL-ish run: optional scheme and www., a known host, then a path up to white space, a closer, a
# brace or a backslash (LaTeX), where a LaTeX-escaped special ("my\_repo") goes on.
_URL = re.compile(
    r"(?:https?://)?(?:www\.)?(?:" + "|".join(re.escape(h) for h in _HOSTS)
    + r")/(?:[^\s<>\"'\])}{\\]|\\[_%#&~])*",
    re.IGNORECASE,
)
_LATEX_ESCAPE = re.compile(r"\\([_%#&~])")
_LATEX_END = re.compile(r"[{}\\]")
_TRAILING = ".,;:!?'\"`*"
_HOST_PATHS = tuple(h + "/" for h in _HOSTS)  # what a URL must contain


@dataclass(frozen=True)
class RepoMatch:
    """A repository URL in a text: exact surface, offsets, canonical key."""

    text: str
    start: int
    end: int
    norm: str


def normalize_repo_url(url: str) -> str | None:
    """``host/owner/name`` (lower-case; Hugging Face keeps ``datasets/``/``spaces/``), or None.

    LaTeX-escaped specials are unescaped, and the URL ends at any other brace or backslash.

    >>> normalize_repo_url("github.com/Owner/my\\\\_repo}{code}"), normalize_repo_url("github.com/a/b{x}")
    ('github.com/owner/my_repo', 'github.com/a/b')
    """
    s = _LATEX_END.split(_LATEX_ESCAPE.sub(r"\1", url), maxsplit=1)[0]
    s = s.strip().rstrip(_TRAILING).lower()
    s = re.sub(r"^[a-z][a-z0-9+.-]*://", "", s)
    s = s.removeprefix("www.")
    host, _, path = s.partition("/")
    if host == "hf.co":
        host = "huggingface.co"
    if host not in _HOSTS:
        return None
    parts = [p.strip() for p in path.split("/") if p.strip()]  # "a/\r/b": white space is no segment
    if host == "huggingface.co" and parts and parts[0] in _HF_KINDS:
        kind, parts = parts[0], parts[1:]
        prefix = [] if kind == "models" else [kind]
    else:
        prefix = []
    if len(parts) < 2:
        return None
    owner, name = parts[0], parts[1]
    name = name.split("#")[0].split("?")[0]
    while (bare := name.rstrip(_TRAILING).removesuffix(".git").strip()) != name:  # "r.git.git", "r.git )."
        name = bare
    owner = owner.split("#")[0].split("?")[0]
    if not owner or not name:
        return None
    return "/".join([host, *prefix, owner, name])


def find_repo_urls(text: str) -> list[RepoMatch]:
    """Every repository URL in ``text``; the surface excludes trailing sentence punctuation."""
    out: list[RepoMatch] = []
    if not _may_name_host(text):
        return out
    for m in _URL.finditer(text):
        surface = m.group(0)
        # Drop sentence-final punctuation and an unbalanced closing bracket the URL swallowed.
        while surface and (surface[-1] in _TRAILING or (surface[-1] in ")]" and surface.count("(") < surface.count(")"))):
            surface = surface[:-1]
        norm = normalize_repo_url(surface)
        if norm:
            out.append(RepoMatch(surface, m.start(), m.start() + len(surface), norm))
    return out


def _may_name_host(text: str) -> bool:
    """Whether ``text`` can hold a repository URL: a host name followed by "/", in any case.

    A substring test on the lower-cased text is thirty times cheaper than the URL pattern, which
    tries its optional scheme at every character; most abstracts name no repository at all.
    """
    return may_contain(_HOST_PATHS, text)


class RepoComponent:
    """Writes ``repository`` spans to ``doc.spans["kg_repos"]`` with ``span._.kg["norm"]``."""

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        key = self.spans_key
        doc.spans.setdefault(key, [])
        for m in find_repo_urls(doc_tokens(doc).text):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            add_entity(doc, key, span, "repository", chars=(m.start, m.end), norm=m.norm)
        return doc


@Language.factory("kg_repos", assigns=["doc.spans"], default_config={"spans_key": "kg_repos", "reads": []})
def make_repos(nlp: Language, name: str, spans_key: str, reads: list[str]) -> RepoComponent:
    """spaCy factory: ``nlp.add_pipe("kg_repos")``."""
    return RepoComponent(nlp, name, spans_key)
